using Microsoft.EntityFrameworkCore;
using Sacoche.Common.Results;
using Sacoche.Competences.Domain;
using Sacoche.Competences.Infrastructure;

namespace Sacoche.Competences.Application.Periods;

/// <summary>
/// The periods of the school year (« Trimestre 1 »…): read by every user of the establishment (reports and
/// bulletins take a <c>periodId</c>), managed by the administrator and the direction.
/// </summary>
public sealed class PeriodService(CompetencesDbContext db, Access access, SettingsStore settings, TimeProvider clock)
{
    public const int MaxNameLength = 40;
    public const int MaxPeriods = 60;

    public async Task<List<PeriodResponse>> ListAsync(CancellationToken ct)
    {
        var periods = await db.Periods.AsNoTracking().OrderBy(p => p.Start).ThenBy(p => p.Id).ToListAsync(ct);
        var used = await UsedAsync(ct);
        return [.. periods.Select(p => ToResponse(p, used.Contains(p.Id)))];
    }

    public async Task<Result<PeriodResponse>> GetAsync(long id, CancellationToken ct)
    {
        var period = await db.Periods.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        return period is null ? NotFound(id) : ToResponse(period, (await UsedAsync(ct)).Contains(id));
    }

    public async Task<Result<PeriodResponse>> CreateAsync(PeriodRequest? body, CancellationToken ct)
    {
        if (await db.Periods.CountAsync(ct) >= MaxPeriods)
        {
            return Error.Invalid("", $"L'établissement a déjà {MaxPeriods} périodes : supprimez celles des années passées.");
        }
        var valid = await ValidateAsync(body, null, ct);
        if (!valid.IsSuccess)
        {
            return valid.Error!;
        }
        var period = valid.Value;
        period.EstablishmentId = access.EstablishmentId;
        period.Id = (await db.NextIdsAsync(1, ct))[0];
        period.UpdatedAt = clock.GetUtcNow();
        db.Periods.Add(period);
        await db.SaveChangesAsync(ct);
        return ToResponse(period, false);
    }

    public async Task<Result<PeriodResponse>> UpdateAsync(long id, PeriodRequest? body, CancellationToken ct)
    {
        var period = await db.Periods.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (period is null)
        {
            return NotFound(id);
        }
        var valid = await ValidateAsync(body, id, ct);
        if (!valid.IsSuccess)
        {
            return valid.Error!;
        }
        period.Name = valid.Value.Name;
        period.Start = valid.Value.Start;
        period.End = valid.Value.End;
        period.ClassCodes = valid.Value.ClassCodes;
        period.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return ToResponse(period, (await UsedAsync(ct)).Contains(id));
    }

    public async Task<Result> DeleteAsync(long id, CancellationToken ct)
    {
        var period = await db.Periods.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (period is null)
        {
            return NotFound(id);
        }
        if ((await UsedAsync(ct)).Contains(id))
        {
            return Error.Of(ErrorCodes.PeriodInUse,
                $"La période « {period.Name} » est utilisée par un bilan (statut, saisie ou bulletin archivé) : elle ne peut pas être supprimée.");
        }
        db.Periods.Remove(period);
        await db.SaveChangesAsync(ct);
        return Result.Success;
    }

    private static Error NotFound(long id) => Error.NotFound($"La période n° {id} n'existe pas.");

    private static PeriodResponse ToResponse(Period p, bool inUse) => new(p.Id, p.Name, p.Start, p.End, p.ClassCodes, inUse);

    /// <summary>Periods a bilan refers to: a status other than closed, a line written, an archive.</summary>
    private async Task<HashSet<long>> UsedAsync(CancellationToken ct)
    {
        var ids = await db.BilanStatuses.Where(s => s.Status != "closed").Select(s => s.PeriodId)
            .Union(db.BilanSubjectLines.Select(l => l.PeriodId))
            .Union(db.BilanGeneralLines.Select(l => l.PeriodId))
            .Union(db.BilanAttendanceLines.Select(l => l.PeriodId))
            .Union(db.BilanArchives.Select(a => a.PeriodId))
            .ToListAsync(ct);
        return [.. ids];
    }

    /// <summary>French errors by field: name, dates within one school year, known classes and groups, no overlap for a common class.</summary>
    private async Task<Result<Period>> ValidateAsync(PeriodRequest? body, long? id, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (body is null)
        {
            return Error.Invalid("", "Le corps de la requête est vide : nom, début, fin et classes sont attendus.");
        }
        string name = body.Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            errors.Add("name", "Le nom de la période est vide (par exemple « Trimestre 1 »).");
        }
        else if (name.Length > MaxNameLength)
        {
            errors.Add("name", $"Le nom de la période est trop long ({name.Length} caractères, {MaxNameLength} au plus).");
        }
        if (body.Start is null)
        {
            errors.Add("start", "La date de début est absente (format aaaa-mm-jj).");
        }
        if (body.End is null)
        {
            errors.Add("end", "La date de fin est absente (format aaaa-mm-jj).");
        }
        string[] codes = [.. (body.ClassCodes ?? []).Select(c => c?.Trim() ?? "").Where(c => c.Length > 0).Distinct(StringComparer.Ordinal)];
        if (codes.Length > 0)
        {
            var known = await db.Classes.Select(c => c.Code).Union(db.Groups.Select(g => g.Code)).ToListAsync(ct);
            var unknown = codes.Except(known, StringComparer.Ordinal).ToList();
            if (unknown.Count > 0)
            {
                errors.Add("classCodes", $"Classe(s) ou groupe(s) inconnu(s) : {string.Join(", ", unknown)}.");
            }
        }
        if (body.Start is { } start && body.End is { } end)
        {
            int switchMonth = (await settings.GetAsync(ct)).SchoolYearSwitchMonth;
            var yearStart = SchoolYear.StartOf(start, switchMonth);
            var yearEnd = SchoolYear.EndOf(start, switchMonth);
            if (end < start)
            {
                errors.Add("end", $"La date de fin ({end:dd/MM/yyyy}) précède la date de début ({start:dd/MM/yyyy}).");
            }
            else if (end > yearEnd)
            {
                errors.Add("end", $"La période doit rester dans l'année scolaire {yearStart.Year}-{yearStart.Year + 1} (du {yearStart:dd/MM/yyyy} au {yearEnd:dd/MM/yyyy}) : la date de fin ({end:dd/MM/yyyy}) en sort.");
            }
            else
            {
                var others = await db.Periods.AsNoTracking().Where(p => p.Id != id && p.Start <= end && p.End >= start).ToListAsync(ct);
                // A group stands for the classes of its members: compare classes, not codes.
                var groups = await db.Groups.AsNoTracking().ToDictionaryAsync(g => g.Code, g => g.ClassCodes, StringComparer.Ordinal, ct);
                string[] Classes(string[] list) => PeriodClasses.Expand(groups, list);
                var mine = Classes(codes);
                foreach (var other in others)
                {
                    // Empty class lists mean every class: they meet everything.
                    var theirs = Classes(other.ClassCodes);
                    var common = codes.Length == 0 ? theirs : other.ClassCodes.Length == 0 ? mine : mine.Intersect(theirs, StringComparer.Ordinal).ToArray();
                    if (codes.Length == 0 || other.ClassCodes.Length == 0 || common.Length > 0)
                    {
                        string which = common.Length == 0 ? "toutes les classes" : $"les classes {string.Join(", ", common)}";
                        errors.Add("start", $"La période chevauche « {other.Name} » (du {other.Start:dd/MM/yyyy} au {other.End:dd/MM/yyyy}) pour {which}.");
                    }
                }
            }
        }
        if (errors.Count > 0)
        {
            return errors.ToError();
        }
        return new Period { Name = name, Start = body.Start!.Value, End = body.End!.Value, ClassCodes = codes };
    }
}
