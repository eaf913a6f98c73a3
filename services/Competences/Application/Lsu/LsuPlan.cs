using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Sacoche.Common.Results;
using Sacoche.Competences.Application.Periods;
using Sacoche.Competences.Domain;
using Sacoche.Competences.Infrastructure;

namespace Sacoche.Competences.Application.Lsu;

/// <summary>
/// A class × period of the export, with the LSU « période » it belongs to: its rank among the periods the class follows in
/// the school year (by start), their count, and the school year's first calendar year (« millésime », as SIECLE writes it).
/// </summary>
internal sealed record LsuPair(RosterClass Class, Period Period, int Index, int Count, string Millesime)
{
    /// <summary>Stable xs:ID of the LSU period: the periods of different classes with the same key are one « période » of the file.</summary>
    public string PeriodRef => $"PER{Millesime}_{Index}_{Count}";
}

/// <summary>What a check or an export covers, resolved: class × period pairs (class order, then period start), the classes whose cycle bilans go in.</summary>
internal sealed record LsuPlan(LsuScope Scope, IReadOnlyList<LsuPair> Pairs, IReadOnlyList<RosterClass> CycleClasses, IReadOnlyList<int> Cycles,
    SettingsDocument Settings);

internal static class LsuPlanner
{
    /// <summary>Query values: repeated or comma-separated.</summary>
    public static IEnumerable<string> Split(IEnumerable<string>? values) =>
        (values ?? []).SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>cycle = true (3 and 4), false or empty (none), 3 or 4 (that cycle).</summary>
    public static bool TryParseCycle(string? cycle, out int[] cycles)
    {
        switch (cycle?.Trim().ToLowerInvariant())
        {
            case null or "" or "false" or "0":
                cycles = [];
                return true;
            case "true":
                cycles = [3, 4];
                return true;
            case "3":
                cycles = [3];
                return true;
            case "4":
                cycles = [4];
                return true;
            default:
                cycles = [];
                return false;
        }
    }

    public static Result<(long[] PeriodIds, string[] ClassCodes, int[] Cycles)> ParseQuery(IEnumerable<string>? periodId, IEnumerable<string>? classCodes, string? cycle)
    {
        var errors = new FieldErrors();
        var ids = new List<long>();
        foreach (var text in Split(periodId))
        {
            if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                ids.Add(id);
            }
            else
            {
                errors.Add("periodId", $"« {text} » n'est pas un numéro de période.");
            }
        }
        if (!TryParseCycle(cycle, out var cycles))
        {
            errors.Add("cycle", $"Bilans de fin de cycle : « {cycle} » n'est pas une valeur possible (true, false, 3 ou 4).");
        }
        if (errors.Any)
        {
            return errors.ToError();
        }
        return ([.. ids.Distinct()], [.. Split(classCodes).Distinct(StringComparer.Ordinal)], cycles);
    }

    public static Result<(long[] PeriodIds, string[] ClassCodes, int[] Cycles)> ParseBody(LsuExportRequest? body)
    {
        if (body is null)
        {
            return Error.Invalid("", "Le corps de la requête est vide : periodIds, classCodes et cycleBilans sont attendus.");
        }
        int[] cycles = body.Cycle switch
        {
            null => body.CycleBilans == true ? [3, 4] : [],
            3 or 4 => [body.Cycle.Value],
            _ => [-1],
        };
        if (cycles is [-1])
        {
            return Error.Invalid("cycle", $"Le cycle {body.Cycle} n'a pas de bilan de fin de cycle au collège (3 ou 4).");
        }
        if (body.CycleBilans == false && body.Cycle is not null)
        {
            return Error.Invalid("cycleBilans", "Un cycle est indiqué alors que les bilans de fin de cycle ne sont pas demandés.");
        }
        return ([.. (body.PeriodIds ?? []).Distinct()], [.. Split(body.ClassCodes).Distinct(StringComparer.Ordinal)], cycles);
    }

    /// <summary>Resolves the periods and classes (another establishment's or unknown ids: not-found) into pairs with their LSU period key.</summary>
    public static async Task<Result<LsuPlan>> ResolveAsync(CompetencesDbContext db, SettingsStore settingsStore, long[] periodIds, string[] classCodes, int[] cycles,
        CancellationToken ct)
    {
        if (periodIds.Length == 0 && cycles.Length == 0)
        {
            return Error.Invalid("periodIds", "Choisissez au moins une période, ou les bilans de fin de cycle.");
        }
        var settings = await settingsStore.GetAsync(ct);
        var allPeriods = await db.Periods.AsNoTracking().ToListAsync(ct);
        foreach (var id in periodIds.Where(id => allPeriods.All(p => p.Id != id)))
        {
            return Error.NotFound($"La période n° {id} n'existe pas dans cet établissement.");
        }
        var classes = await db.Classes.AsNoTracking().OrderBy(c => c.Code).ToListAsync(ct);
        foreach (var code in classCodes.Where(code => classes.All(c => c.Code != code)))
        {
            return Error.NotFound($"La classe « {code} » n'existe pas dans cet établissement.");
        }
        var groups = await db.Groups.AsNoTracking().ToDictionaryAsync(g => g.Code, g => g.ClassCodes, StringComparer.Ordinal, ct);
        var followers = allPeriods.ToDictionary(p => p.Id, p => p.ClassCodes.Length == 0 ? null : PeriodClasses.Expand(groups, p.ClassCodes).ToHashSet(StringComparer.Ordinal));
        bool Follows(RosterClass c, Period p) => followers[p.Id] is not { } set || set.Contains(c.Code);

        var selected = allPeriods.Where(p => periodIds.Contains(p.Id)).OrderBy(p => p.Start).ThenBy(p => p.Id).ToList();
        var chosen = classCodes.Length > 0 ? [.. classes.Where(c => classCodes.Contains(c.Code))]
            : selected.Count > 0 ? classes.Where(c => selected.Any(p => Follows(c, p))).ToList() : classes;
        if (selected.Count > 0)
        {
            var idle = chosen.Where(c => !selected.Any(p => Follows(c, p))).Select(c => c.Code).ToList();
            if (idle.Count > 0 && cycles.Length == 0)
            {
                return Error.Invalid("classCodes", $"{(idle.Count == 1 ? "La classe" : "Les classes")} {string.Join(", ", idle)} ne {(idle.Count == 1 ? "suit" : "suivent")} aucune des périodes choisies.");
            }
        }

        int switchMonth = settings.SchoolYearSwitchMonth;
        var pairs = new List<LsuPair>();
        foreach (var cls in chosen)
        {
            foreach (var period in selected.Where(p => Follows(cls, p)))
            {
                var yearStart = SchoolYear.StartOf(period.Start, switchMonth);
                var year = allPeriods.Where(p => SchoolYear.StartOf(p.Start, switchMonth) == yearStart && Follows(cls, p))
                    .OrderBy(p => p.Start).ThenBy(p => p.Id).Select(p => p.Id).ToList();
                pairs.Add(new LsuPair(cls, period, year.IndexOf(period.Id) + 1, year.Count, yearStart.Year.ToString(CultureInfo.InvariantCulture)));
            }
        }
        var scope = new LsuScope([.. selected.Select(p => p.Id)], [.. chosen.Select(c => c.Code)], cycles.Length > 0, cycles);
        return new LsuPlan(scope, pairs, cycles.Length > 0 ? chosen : [], cycles, settings);
    }
}
