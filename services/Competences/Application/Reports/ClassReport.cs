using Sacoche.Competences.Domain;
using Sacoche.Competences.Infrastructure;

namespace Sacoche.Competences.Application.Reports;

public sealed record PeriodInfo(long? PeriodId, string? Name, DateOnly? From, DateOnly? To);

public sealed record StateLegend(int Id, string Sigle, string Legend, string Color, int Min, int Max);

public sealed record StateCount(string Sigle, int Count);

/// <summary>A column of the class table: an item with the class's distribution of states.</summary>
public sealed record ClassReportItem(long ItemId, long ReferentialId, string SubjectCode, string DisplayRef, string Name, string Abbrev, int Coef,
    int? Mean, IReadOnlyList<StateCount> Distribution, int NotAssessed);

public sealed record ClassReportCell(int? Score, string? State);

/// <summary>A row of the class table; <see cref="Cells"/> follow the order of <see cref="ClassReport.Items"/>.</summary>
public sealed record ClassReportStudent(Guid StudentId, string LastName, string FirstName, int? Mean, int? PercentAcquired, decimal? OutOf20,
    IReadOnlyList<ClassReportCell> Cells);

public sealed record ClassReport(string Code, string Name, bool IsGroup, string? SubjectCode, string? SubjectName, PeriodInfo Period,
    IReadOnlyList<StateLegend> States, IReadOnlyList<ClassReportItem> Items, IReadOnlyList<ClassReportStudent> Students);

public static class ClassReportBuilder
{
    /// <summary>Students × items from one pass over the scores; items in referential order.</summary>
    public static ClassReport Build(string code, string name, bool isGroup, string? subject, string? subjectName, ReportWindow window,
        ScoringContext scoring, List<StudentInfo> students, List<EntryRow> rows, IReadOnlyDictionary<long, ItemInfo> items)
    {
        var scores = ReportData.Score(rows, items, window.From);
        // Only items assessed for at least one student of the structure (in the window) make a column.
        var assessed = new HashSet<long>();
        foreach (var key in scores.Keys)
        {
            assessed.Add(key.Item);
        }
        List<ItemInfo> columns = [.. items.Values.Where(i => assessed.Contains(i.ItemId))
            .OrderBy(i => i.SubjectCode, StringComparer.Ordinal).ThenBy(i => i.LevelCode, StringComparer.Ordinal)
            .ThenBy(i => i.DomainOrder).ThenBy(i => i.ThemeOrder).ThenBy(i => i.ItemOrder).ThenBy(i => i.ItemId)];
        var coefs = columns.Select(c => c.Coef).ToArray();
        var states = scoring.States;

        var studentRows = new List<ClassReportStudent>(students.Count);
        var perItem = new int?[columns.Count][];
        for (int c = 0; c < columns.Count; c++)
        {
            perItem[c] = new int?[students.Count];
        }
        for (int s = 0; s < students.Count; s++)
        {
            var student = students[s];
            var cells = new ClassReportCell[columns.Count];
            var studentScores = new int?[columns.Count];
            for (int c = 0; c < columns.Count; c++)
            {
                int? score = scores.TryGetValue((student.StudentId, columns[c].ItemId), out var v) ? v : null;
                studentScores[c] = score;
                perItem[c][s] = score;
                cells[c] = new ClassReportCell(score, scoring.StateOf(score));
            }
            var mean = Aggregates.Mean(studentScores, coefs);
            var percent = Aggregates.PercentAcquired(studentScores, states);
            studentRows.Add(new ClassReportStudent(student.StudentId, student.LastName, student.FirstName, mean, percent,
                percent is { } p ? Aggregates.OutOf20(p) : null, cells));
        }

        var itemRows = new List<ClassReportItem>(columns.Count);
        for (int c = 0; c < columns.Count; c++)
        {
            var col = columns[c];
            var counts = new int[states.Count];
            int notAssessed = 0;
            foreach (var score in perItem[c])
            {
                if (score is not { } value)
                {
                    notAssessed++;
                    continue;
                }
                var state = AcquisitionStates.StateOf(states, value);
                for (int k = 0; k < states.Count; k++)
                {
                    if (ReferenceEquals(states[k], state))
                    {
                        counts[k]++;
                    }
                }
            }
            itemRows.Add(new ClassReportItem(col.ItemId, col.ReferentialId, col.SubjectCode, col.DisplayRef, col.Name, col.Abbreviation, col.Coef,
                Aggregates.Mean(perItem[c]), [.. states.Select((st, k) => new StateCount(st.Sigle, counts[k]))], notAssessed));
        }
        return new ClassReport(code, name, isGroup, subject, subjectName, new PeriodInfo(window.PeriodId, window.PeriodName, window.From, window.To),
            Legend(scoring), itemRows, studentRows);
    }

    public static IReadOnlyList<StateLegend> Legend(ScoringContext scoring) =>
        [.. scoring.States.OrderBy(s => s.Min).Select(s => new StateLegend(s.Id, s.Sigle, s.Legend, s.Color, s.Min, s.Max))];
}
