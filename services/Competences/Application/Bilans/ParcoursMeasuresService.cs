using Microsoft.EntityFrameworkCore;
using Sacoche.Common.Results;
using Sacoche.Competences.Domain;
using Sacoche.Competences.Infrastructure;
using Sacoche.ServiceDefaults.Security;

namespace Sacoche.Competences.Application.Bilans;

/// <summary>
/// What the LSU carries beside the subject lines: the parcours éducatifs of a class for a period and the accompaniment measures of
/// its students (docs/domain/bilans.md). Both are read by whoever opens the class's sheet.
/// </summary>
public sealed class ParcoursMeasuresService(CompetencesDbContext db, Access access, BilanAccess rights, TimeProvider clock)
{
    public const int MaxDescription = 600;
    public const int MaxComplement = 600;

    public async Task<Result<BilanParcoursResponse>> ParcoursAsync(string classCode, long periodId, CancellationToken ct)
    {
        var found = await rights.SheetAsync(classCode, periodId, ct);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }
        var (cls, period) = found.Value;
        return await ParcoursOfAsync(cls, period.Id, period.Name, ct);
    }

    /// <summary>Replaces the class's parcours for the period: the administrator, the direction and the class's principal teacher.</summary>
    public async Task<Result<BilanParcoursResponse>> WriteParcoursAsync(string classCode, long periodId, BilanParcoursWrite? body, CancellationToken ct)
    {
        var found = await rights.SheetAsync(classCode, periodId, ct);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }
        var (cls, period) = found.Value;
        if (!rights.CanWriteGeneral(cls))
        {
            return Error.Forbidden($"Les parcours de {cls.Name} sont saisis par son professeur principal ou la direction.");
        }
        if (body?.Parcours is not { } entries)
        {
            return Error.Invalid("parcours", "Indiquez la liste des parcours de la classe (parcours : [] pour n'en garder aucun).");
        }
        var errors = new FieldErrors();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var rows = new List<BilanParcours>();
        var now = clock.GetUtcNow();
        for (int i = 0; i < entries.Count; i++)
        {
            string field = $"parcours[{i}]";
            var entry = entries[i];
            var code = LsuCodes.Find(LsuCodes.Parcours, entry?.Code?.Trim());
            if (code is null)
            {
                errors.Add($"{field}.code", $"Parcours « {entry?.Code} » inconnu : {LsuCodes.Enumerate(LsuCodes.Parcours)}.");
                continue;
            }
            if (!seen.Add(code.Code))
            {
                errors.Add($"{field}.code", $"Le {code.Label} est donné deux fois.");
                continue;
            }
            string description = entry!.Description?.Trim() ?? "";
            if (description.Length == 0)
            {
                errors.Add($"{field}.description", $"Décrivez le projet du {code.Label}.");
            }
            else if (description.Length > MaxDescription)
            {
                errors.Add($"{field}.description", $"Le projet du {code.Label} est trop long ({description.Length} caractères, {MaxDescription} au plus).");
            }
            rows.Add(new BilanParcours
            {
                EstablishmentId = access.EstablishmentId,
                PeriodId = period.Id,
                ClassCode = cls.Code,
                Code = code.Code,
                Description = description,
                ChangedBy = access.UserId,
                ChangedAt = now,
            });
        }
        if (errors.Any)
        {
            return errors.ToError();
        }
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await db.BilanParcours.Where(p => p.PeriodId == period.Id && p.ClassCode == cls.Code).ExecuteDeleteAsync(ct);
            db.BilanParcours.AddRange(rows);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        db.ChangeTracker.Clear();
        return await ParcoursOfAsync(cls, period.Id, period.Name, ct);
    }

    public async Task<Result<BilanMeasuresResponse>> MeasuresAsync(string classCode, long periodId, CancellationToken ct)
    {
        var found = await rights.SheetAsync(classCode, periodId, ct);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }
        var (cls, period) = found.Value;
        var students = await db.Users.AsNoTracking().Where(u => u.Profile == Profiles.Student && u.ClassCode == cls.Code)
            .OrderBy(u => u.LastName).ThenBy(u => u.FirstName).ThenBy(u => u.UserId)
            .Select(u => new { u.UserId, u.LastName, u.FirstName }).ToListAsync(ct);
        var ids = students.Select(s => s.UserId).ToArray();
        var measures = (await db.StudentMeasures.AsNoTracking().Where(m => ids.Contains(m.StudentId)).ToListAsync(ct)).ToLookup(m => m.StudentId);
        return new BilanMeasuresResponse(cls.Code, cls.Name, period.Id, period.Name, CanWriteMeasures(cls),
            [.. students.Select(s => new StudentMeasures(s.UserId, s.LastName, s.FirstName, Items(measures[s.UserId])))]);
    }

    /// <summary>Replaces a student's measures: the administrator, the direction, the CPE and the principal teacher of his class.</summary>
    public async Task<Result<StudentMeasures>> WriteMeasuresAsync(Guid studentId, StudentMeasuresWrite? body, CancellationToken ct)
    {
        var student = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserId == studentId && u.Profile == Profiles.Student, ct);
        if (student is null)
        {
            return Error.NotFound("Cet élève n'existe pas dans cet établissement.");
        }
        var cls = student.ClassCode is { } code ? await db.Classes.AsNoTracking().FirstOrDefaultAsync(c => c.Code == code, ct) : null;
        if (!(access.IsWholeEstablishment || access.Profile == Profiles.Cpe || (cls is not null && rights.IsPrincipal(cls))))
        {
            return Error.Forbidden("Les mesures d'accompagnement sont saisies par le professeur principal de la classe de l'élève, le CPE ou la direction.");
        }
        if (body?.Measures is not { } entries)
        {
            return Error.Invalid("measures", "Indiquez la liste des mesures de l'élève (measures : [] pour n'en garder aucune).");
        }
        var errors = new FieldErrors();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var rows = new List<StudentMeasure>();
        var now = clock.GetUtcNow();
        for (int i = 0; i < entries.Count; i++)
        {
            string field = $"measures[{i}]";
            var entry = entries[i];
            var measure = LsuCodes.Find(LsuCodes.Measures, entry?.Code?.Trim());
            if (measure is null)
            {
                errors.Add($"{field}.code", $"Mesure « {entry?.Code} » inconnue : {LsuCodes.Enumerate(LsuCodes.Measures)}.");
                continue;
            }
            if (!seen.Add(measure.Code))
            {
                errors.Add($"{field}.code", $"La mesure {measure.Code} est donnée deux fois.");
                continue;
            }
            string? complement = entry!.Complement?.Trim() is { Length: > 0 } text ? text : null;
            if (complement is not null && measure.Code != LsuCodes.Ppre)
            {
                errors.Add($"{field}.complement", $"Seul le PPRE porte un complément ({measure.Code} n'en a pas).");
            }
            else if (complement is { Length: > MaxComplement })
            {
                errors.Add($"{field}.complement", $"Le complément du PPRE est trop long ({complement.Length} caractères, {MaxComplement} au plus).");
            }
            rows.Add(new StudentMeasure
            {
                EstablishmentId = access.EstablishmentId,
                StudentId = studentId,
                Code = measure.Code,
                Complement = complement,
                ChangedBy = access.UserId,
                ChangedAt = now,
            });
        }
        if (errors.Any)
        {
            return errors.ToError();
        }
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await db.StudentMeasures.Where(m => m.StudentId == studentId).ExecuteDeleteAsync(ct);
            db.StudentMeasures.AddRange(rows);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        return new StudentMeasures(student.UserId, student.LastName, student.FirstName, Items(rows));
    }

    private bool CanWriteMeasures(RosterClass cls) => access.IsWholeEstablishment || access.Profile == Profiles.Cpe || rights.IsPrincipal(cls);

    private static List<StudentMeasureItem> Items(IEnumerable<StudentMeasure> rows)
    {
        var byCode = rows.ToDictionary(m => m.Code, StringComparer.Ordinal);
        return [.. LsuCodes.Measures.Where(m => byCode.ContainsKey(m.Code)).Select(m => new StudentMeasureItem(m.Code, m.Label, byCode[m.Code].Complement))];
    }

    private async Task<BilanParcoursResponse> ParcoursOfAsync(RosterClass cls, long periodId, string periodName, CancellationToken ct)
    {
        var rows = await db.BilanParcours.AsNoTracking().Where(p => p.PeriodId == periodId && p.ClassCode == cls.Code).ToDictionaryAsync(p => p.Code, StringComparer.Ordinal, ct);
        return new BilanParcoursResponse(cls.Code, cls.Name, periodId, periodName, rights.CanWriteGeneral(cls),
            [.. LsuCodes.Parcours.Where(p => rows.ContainsKey(p.Code)).Select(p =>
            {
                var row = rows[p.Code];
                return new BilanParcoursItem(p.Code, p.Label, row.Description, row.ChangedBy, row.ChangedAt);
            })]);
    }
}
