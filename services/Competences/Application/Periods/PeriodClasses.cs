using Microsoft.EntityFrameworkCore;
using Sacoche.Competences.Infrastructure;

namespace Sacoche.Competences.Application.Periods;

/// <summary>The classes a period's class list stands for: a group stands for the classes of its members (docs/domain/bilans.md).</summary>
public static class PeriodClasses
{
    /// <summary>Class codes of <paramref name="codes"/>, groups replaced by their members' classes (sorted, distinct).</summary>
    public static string[] Expand(IReadOnlyDictionary<string, string[]> groups, IEnumerable<string> codes) =>
        [.. codes.SelectMany(c => groups.TryGetValue(c, out var members) ? members : [c]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>The same, reading only the groups named in <paramref name="codes"/>.</summary>
    public static async Task<HashSet<string>> ExpandAsync(CompetencesDbContext db, string[] codes, CancellationToken ct)
    {
        var groups = await db.Groups.AsNoTracking().Where(g => codes.Contains(g.Code)).ToDictionaryAsync(g => g.Code, g => g.ClassCodes, StringComparer.Ordinal, ct);
        return [.. Expand(groups, codes)];
    }
}
