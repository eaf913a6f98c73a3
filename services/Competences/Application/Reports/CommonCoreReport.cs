using Sacoche.Competences.Domain;
using Sacoche.Competences.Infrastructure;

namespace Sacoche.Competences.Application.Reports;

public sealed record CommonCoreItemScore(long ItemId, string SubjectCode, string DisplayRef, string Name, int Score, string State);

/// <summary>The teacher's positionnement as stored: the degree set, and the computed values at that time.</summary>
public sealed record PositioningInfo(int Degree, string Label, int? ComputedDegreeThen, int? ComputedPercentThen, Guid SetBy, DateTimeOffset SetAt);

/// <summary>
/// One component for one student: computed percentage and degree (always shown), the teacher's
/// positionnement (when set) and the effective degree (positionnement first) with its brevet points.
/// </summary>
public sealed record CommonCoreComponentResult(string Component, string Label, int LinkedItems, int? Percent,
    int? ComputedDegree, string? ComputedLabel, PositioningInfo? Positioning, int? EffectiveDegree, string? EffectiveLabel, int BrevetPoints,
    IReadOnlyList<CommonCoreItemScore> Items);

public sealed record CommonCoreSheet(Guid StudentId, string LastName, string FirstName, string? ClassCode, int Cycle, string CycleLabel,
    MasteryThresholdsDto Thresholds, IReadOnlyList<CommonCoreComponentResult> Components, int BrevetPoints, bool Complete);

public sealed record CommonCoreComponentHeader(string Component, string Label, int LinkedItems);

public sealed record CommonCoreCell(int? Percent, int? ComputedDegree, int? PositionedDegree, int? EffectiveDegree, int BrevetPoints);

public sealed record CommonCoreClassRow(Guid StudentId, string LastName, string FirstName, string? ClassCode, IReadOnlyList<CommonCoreCell> Cells, int BrevetPoints, bool Complete);

/// <summary>Students × the eight components. <see cref="CommonCoreClassRow.Cells"/> follow <see cref="Components"/>.</summary>
public sealed record CommonCoreClassView(string? Code, string? Name, int Cycle, string CycleLabel, MasteryThresholdsDto Thresholds,
    IReadOnlyList<CommonCoreComponentHeader> Components, IReadOnlyList<CommonCoreClassRow> Students);

/// <summary>Mastery of the common core, computed on read from entries (each item scored with its referential's method, all dates).</summary>
public static class CommonCoreBuilder
{
    /// <summary>Linked item ids per component for a cycle, in official component order.</summary>
    public static Dictionary<CommonCoreComponent, List<ItemInfo>> LinksOf(IReadOnlyDictionary<long, ItemInfo> items, int cycle)
    {
        var links = CommonCore.Components.ToDictionary(c => c.Component, _ => new List<ItemInfo>());
        string prefix = $"{cycle}:";
        foreach (var item in items.Values)
        {
            foreach (var link in item.Socle)
            {
                if (link.StartsWith(prefix, StringComparison.Ordinal) && CommonCore.TryParse(link[prefix.Length..], out var component))
                {
                    links[component].Add(item);
                }
            }
        }
        foreach (var list in links.Values)
        {
            list.Sort((a, b) => (a.SubjectCode, a.LevelCode, a.DomainOrder, a.ThemeOrder, a.ItemOrder).CompareTo((b.SubjectCode, b.LevelCode, b.DomainOrder, b.ThemeOrder, b.ItemOrder)));
        }
        return links;
    }

    public static MasteryThresholdsDto ThresholdsDto(MasteryThresholds t) => new(t.FragileFrom, t.SatisfactoryFrom, t.VeryGoodFrom);

    public static CommonCoreSheet Sheet(StudentInfo student, int cycle, ScoringContext scoring, Dictionary<CommonCoreComponent, List<ItemInfo>> links,
        Dictionary<(Guid Student, long Item), int> scores, IReadOnlyDictionary<string, CommonCorePositioning> positionings)
    {
        var components = new List<CommonCoreComponentResult>(8);
        int points = 0;
        bool complete = true;
        var itemStates = new List<AcquisitionState>();
        foreach (var info in CommonCore.Components)
        {
            itemStates.Clear();
            var scored = new List<CommonCoreItemScore>();
            foreach (var item in links[info.Component])
            {
                if (scores.TryGetValue((student.StudentId, item.ItemId), out var score))
                {
                    var state = AcquisitionStates.StateOf(scoring.States, score);
                    itemStates.Add(state);
                    scored.Add(new CommonCoreItemScore(item.ItemId, item.SubjectCode, item.DisplayRef, item.Name, score, state.Sigle));
                }
            }
            var positioning = positionings.GetValueOrDefault(info.Code);
            var mastery = Mastery.Compute(info.Component, itemStates, positioning is null ? null : (MasteryDegree)positioning.Degree, scoring.Thresholds);
            int brevet = mastery.Effective is { } e ? e.BrevetPoints() : 0;
            points += brevet;
            complete &= mastery.Effective is not null;
            components.Add(new CommonCoreComponentResult(info.Code, info.Label, links[info.Component].Count, mastery.Percent,
                (int?)mastery.Computed, mastery.Computed?.Label(),
                positioning is null ? null : new PositioningInfo(positioning.Degree, ((MasteryDegree)positioning.Degree).Label(),
                    positioning.ComputedDegree, positioning.ComputedPercent, positioning.SetBy, positioning.SetAt),
                (int?)mastery.Effective, mastery.Effective?.Label(), brevet, scored));
        }
        return new CommonCoreSheet(student.StudentId, student.LastName, student.FirstName, student.ClassCode, cycle, CommonCore.CycleLabel(cycle),
            ThresholdsDto(scoring.Thresholds), components, points, complete);
    }

    /// <summary>The class (or establishment) view: one row per student, no item details.</summary>
    public static CommonCoreClassView ClassView(string? code, string? name, int cycle, ScoringContext scoring, List<StudentInfo> students,
        Dictionary<CommonCoreComponent, List<ItemInfo>> links, Dictionary<(Guid Student, long Item), int> scores,
        ILookup<Guid, CommonCorePositioning> positionings)
    {
        var rows = new List<CommonCoreClassRow>(students.Count);
        var itemStates = new List<AcquisitionState>();
        foreach (var student in students)
        {
            var mine = positionings[student.StudentId].ToDictionary(p => p.Component, StringComparer.Ordinal);
            var cells = new CommonCoreCell[CommonCore.Components.Count];
            int points = 0;
            bool complete = true;
            for (int c = 0; c < cells.Length; c++)
            {
                var info = CommonCore.Components[c];
                itemStates.Clear();
                foreach (var item in links[info.Component])
                {
                    if (scores.TryGetValue((student.StudentId, item.ItemId), out var score))
                    {
                        itemStates.Add(AcquisitionStates.StateOf(scoring.States, score));
                    }
                }
                var positioning = mine.GetValueOrDefault(info.Code);
                var mastery = Mastery.Compute(info.Component, itemStates, positioning is null ? null : (MasteryDegree)positioning.Degree, scoring.Thresholds);
                int brevet = mastery.Effective is { } e ? e.BrevetPoints() : 0;
                points += brevet;
                complete &= mastery.Effective is not null;
                cells[c] = new CommonCoreCell(mastery.Percent, (int?)mastery.Computed, positioning?.Degree, (int?)mastery.Effective, brevet);
            }
            rows.Add(new CommonCoreClassRow(student.StudentId, student.LastName, student.FirstName, student.ClassCode, cells, points, complete));
        }
        return new CommonCoreClassView(code, name, cycle, CommonCore.CycleLabel(cycle), ThresholdsDto(scoring.Thresholds),
            [.. CommonCore.Components.Select(c => new CommonCoreComponentHeader(c.Code, c.Label, links[c.Component].Count))], rows);
    }
}
