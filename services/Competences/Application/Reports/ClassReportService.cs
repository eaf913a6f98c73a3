using System.Diagnostics;
using Sacoche.Common.Results;
using Sacoche.Competences.Application.Exports;
using Sacoche.Competences.Infrastructure;

namespace Sacoche.Competences.Application.Reports;

/// <summary>The class (or group) table: students × items with scores and states, for the structure's teachers and the direction.</summary>
public sealed class ClassReportService(CompetencesDbContext db, Access access, ReportAccess reports, SettingsStore settingsStore)
{
    /// <param name="preferGroup">The group route: the code names a group; the class route also accepts a group's code.</param>
    public async Task<Result<ReportOutput<ClassReport>>> ReportAsync(string code, bool preferGroup, string? subject, long? periodId, DateOnly? from, DateOnly? to,
        string? format, CancellationToken ct)
    {
        var fmt = ReportExports.ParseFormat(format);
        if (!fmt.IsSuccess)
        {
            return fmt.Error!;
        }
        var found = await reports.StructureAsync(code, preferGroup, ct);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }
        var structure = found.Value;
        var settings = await settingsStore.GetAsync(ct);
        var resolved = await ReportWindow.ResolveAsync(db, periodId, from, to, ct);
        if (!resolved.IsSuccess)
        {
            return resolved.Error!;
        }
        var window = resolved.Value;
        subject = string.IsNullOrWhiteSpace(subject) ? null : subject.Trim();
        var scoring = new ScoringContext(settings);
        string? classCode = structure.IsGroup ? null : structure.Code;
        string? groupCode = structure.IsGroup ? structure.Code : null;

        var clock = Stopwatch.StartNew();
        var students = await ReportData.StudentsAsync(db, classCode, groupCode, ct);
        Guid[] studentIds = [.. students.Select(s => s.StudentId)];
        // With a subject: its items first (one small query), then ONE query for the entries of these students on them.
        Dictionary<long, ItemInfo>? items = subject is null ? null : await ReportData.ItemsAsync(db, scoring, null, socleOnly: false, ct, subject);
        var beforeEntries = clock.Elapsed.TotalMilliseconds;
        var rows = studentIds.Length == 0 || items is { Count: 0 } ? []
            : await EntryQueries.ReportRowsAsync(db, access.EstablishmentId, studentIds, items?.Keys.ToArray(), window.To, null, ct);
        var entriesMs = clock.Elapsed.TotalMilliseconds - beforeEntries;
        items ??= await ReportData.ItemsAsync(db, scoring, [.. rows.Select(r => r.ItemId).Distinct()], socleOnly: false, ct);
        var queried = clock.Elapsed.TotalMilliseconds;
        string? subjectName = subject is null ? null : (await ReportData.SubjectNamesAsync(db, [subject], ct)).GetValueOrDefault(subject, subject);
        var report = ClassReportBuilder.Build(structure.Code, structure.Name, structure.IsGroup, subject, subjectName, window, scoring, students, rows, items);
        var timing = new ReportTiming(queried, clock.Elapsed.TotalMilliseconds - queried, rows.Count, entriesMs);
        return ReportExports.Output(report, fmt.Value, $"{(structure.IsGroup ? "groupe" : "classe")} {structure.Code} {subject}",
            ReportExports.ClassCsv, r => ReportExports.ClassPdf(r, scoring), timing);
    }
}
