using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Sacoche.Common.Results;
using Sacoche.Competences.Application.Reports;
using Sacoche.Competences.Domain;
using Sacoche.Competences.Infrastructure;
using Sacoche.ServiceDefaults.Security;

namespace Sacoche.Competences.Application.CycleBilans;

/// <summary>
/// The end-of-cycle bilan of a student (cycle 3 in 6e, cycle 4 in 3e): the 8 degrees of the common core (positionnement over
/// computed, from <see cref="CommonCoreService"/>), a synthesis, the « enseignement de complément », a lock (docs/domain/common-core.md).
/// </summary>
public sealed class CycleBilanService(CompetencesDbContext db, Access access, ReportAccess reports, CommonCoreService commonCore, TimeProvider clock)
{
    public const int MaxSynthesis = 1500;

    private sealed record Target(RosterUser Student, RosterClass? Class);

    public async Task<Result<CycleBilanResponse>> GetAsync(Guid studentId, int? cycle, CancellationToken ct)
    {
        var target = await ReadableAsync(studentId, ct);
        if (!target.IsSuccess)
        {
            return target.Error!;
        }
        var checkedCycle = await CycleOfAsync(target.Value, cycle, ct);
        if (!checkedCycle.IsSuccess)
        {
            return checkedCycle.Error!;
        }
        var row = await db.CycleBilans.AsNoTracking().FirstOrDefaultAsync(b => b.StudentId == studentId && b.Cycle == checkedCycle.Value, ct);
        return await ResponseAsync(target.Value, checkedCycle.Value, row, ct);
    }

    public async Task<Result<CycleBilanResponse>> WriteAsync(Guid studentId, int? cycle, CycleBilanWrite? body, CancellationToken ct)
    {
        var found = await StudentAsync(studentId, ct);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }
        var target = found.Value;
        if (!CanWrite(target))
        {
            return Error.Forbidden("Le bilan de fin de cycle est rédigé par le professeur principal de la classe de l'élève ou la direction.");
        }
        var checkedCycle = await CycleOfAsync(target, cycle, ct);
        if (!checkedCycle.IsSuccess)
        {
            return checkedCycle.Error!;
        }
        int c = checkedCycle.Value;
        if (body is null)
        {
            return Error.Invalid("", "Le corps de la requête est vide : la synthèse, l'enseignement de complément et la version sont attendus.");
        }
        var errors = new FieldErrors();
        string? synthesis = body.Synthesis?.Trim();
        if (synthesis is { Length: > MaxSynthesis })
        {
            errors.Add("synthesis", $"La synthèse est trop longue ({synthesis.Length} caractères, {MaxSynthesis} au plus).");
        }
        string? complementCode = body.ComplementCode?.Trim();
        if (complementCode is { Length: > 0 })
        {
            if (LsuCodes.Find(LsuCodes.Complements, complementCode) is null)
            {
                errors.Add("complementCode", $"Enseignement de complément « {complementCode} » inconnu : {LsuCodes.Enumerate(LsuCodes.Complements)}.");
            }
            else if (complementCode == LsuCodes.NoComplement && body.ComplementLevel is not null)
            {
                errors.Add("complementLevel", "Sans enseignement de complément (AUC), aucun niveau ne se donne.");
            }
            else if (complementCode != LsuCodes.NoComplement && body.ComplementLevel is not (1 or 2))
            {
                errors.Add("complementLevel", "Indiquez le niveau de l'enseignement de complément : 1 (objectif atteint) ou 2 (objectif dépassé).");
            }
        }
        else if (body.ComplementLevel is not null)
        {
            errors.Add("complementLevel", "Un niveau se donne avec un enseignement de complément (complementCode).");
        }
        if (errors.Any)
        {
            return errors.ToError();
        }
        var row = await db.CycleBilans.FirstOrDefaultAsync(b => b.StudentId == studentId && b.Cycle == c, ct);
        if (row?.LockedAt is not null)
        {
            if (body.Lock != false)
            {
                return Error.Of(ErrorCodes.BilanStatus, "Le bilan de fin de cycle est verrouillé : il ne peut plus être modifié. La direction peut le déverrouiller.",
                    new Dictionary<string, object?> { ["bilanStatus"] = "locked" });
            }
            if (!access.IsWholeEstablishment)
            {
                return Error.Forbidden("Seuls la direction et les administrateurs déverrouillent un bilan de fin de cycle.");
            }
        }
        if ((row?.Version ?? 0) != (body.Version ?? 0))
        {
            return await ChangedAsync(target, c, row, body.Version ?? 0, ct);
        }
        if (row is null)
        {
            row = new CycleBilan { EstablishmentId = access.EstablishmentId, StudentId = studentId, Cycle = c };
            db.CycleBilans.Add(row);
        }
        if (synthesis is not null)
        {
            row.Synthesis = synthesis.Length == 0 ? null : synthesis;
        }
        if (complementCode is not null)
        {
            row.ComplementCode = complementCode.Length == 0 ? null : complementCode;
            row.ComplementLevel = complementCode is "" or LsuCodes.NoComplement ? null : body.ComplementLevel;
        }
        var now = clock.GetUtcNow();
        if (body.Lock == true)
        {
            if (row.Synthesis is null)
            {
                db.ChangeTracker.Clear();
                return Error.Invalid("synthesis", "Rédigez la synthèse avant de verrouiller le bilan de fin de cycle.");
            }
            row.LockedAt = now;
        }
        else if (body.Lock == false)
        {
            row.LockedAt = null;
        }
        row.Version++;
        row.ChangedBy = access.UserId;
        row.ChangedAt = now;
        if (!await db.TrySaveVersionedAsync(ct))
        {
            var stored = await db.CycleBilans.AsNoTracking().FirstOrDefaultAsync(b => b.StudentId == studentId && b.Cycle == c, ct);
            return await ChangedAsync(target, c, stored, body.Version ?? 0, ct);
        }
        return await ResponseAsync(target, c, row, ct);
    }

    /// <summary>The class's students with their effective degrees and where their bilan stands (synthesis, lock).</summary>
    public async Task<Result<CycleBilanClassList>> ClassAsync(string? classCode, int? cycle, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(classCode))
        {
            return Error.Invalid("classCode", "Choisissez une classe (paramètre classCode).");
        }
        var cls = await db.Classes.AsNoTracking().FirstOrDefaultAsync(c => c.Code == classCode, ct);
        if (cls is null)
        {
            return Error.NotFound($"La classe « {classCode} » n'existe pas dans cet établissement.");
        }
        if (!IsPrincipal(cls) && !await access.CanReachClassAsync(cls.Code, ct))
        {
            return Error.Forbidden($"Vous n'enseignez pas en {cls.Name} : ses bilans de fin de cycle ne vous sont pas accessibles.");
        }
        var ended = await EndedCycleAsync(cls, ct);
        if (cycle is not { } c || ended != c)
        {
            return Error.Invalid("cycle", ended is { } e
                ? $"La classe {cls.Name} termine le cycle {e} : indiquez cycle={e}."
                : $"La classe {cls.Name} n'est ni en 6e ni en 3e : elle ne termine pas de cycle (bilan de fin de cycle 3 en 6e, 4 en 3e).");
        }
        var (view, _) = await commonCore.ViewAsync(new Structure(cls.Code, cls.Name, false), c, ct);
        var ids = view.Students.Select(s => s.StudentId).ToArray();
        var rows = await db.CycleBilans.AsNoTracking().Where(b => b.Cycle == c && ids.Contains(b.StudentId)).ToDictionaryAsync(b => b.StudentId, ct);
        return new CycleBilanClassList(cls.Code, cls.Name, c, CommonCore.CycleLabel(c), access.IsWholeEstablishment || IsPrincipal(cls),
            [.. view.Components.Select(h => new CycleBilanComponentHeader(h.Component, h.Label))],
            [.. view.Students.Select(s =>
            {
                var row = rows.GetValueOrDefault(s.StudentId);
                return new CycleBilanClassRow(s.StudentId, s.LastName, s.FirstName, [.. s.Cells.Select(x => x.EffectiveDegree ?? 0)],
                    row?.Synthesis is not null, row?.ComplementCode, row?.LockedAt is not null, row?.LockedAt);
            })]);
    }

    /// <summary>The student here (else not-found), readable by the caller: staff who see his common core sheet, and his class's principal teacher.</summary>
    private async Task<Result<Target>> ReadableAsync(Guid studentId, CancellationToken ct)
    {
        var found = await StudentAsync(studentId, ct);
        if (!found.IsSuccess || CanWrite(found.Value))
        {
            return found;
        }
        return (await reports.StudentAsync(studentId, ct)).Error is { } denied ? denied : found;
    }

    private async Task<Result<Target>> StudentAsync(Guid studentId, CancellationToken ct)
    {
        var student = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserId == studentId && u.Profile == Profiles.Student, ct);
        if (student is null)
        {
            return Error.NotFound("Cet élève n'existe pas dans cet établissement.");
        }
        var cls = student.ClassCode is { } code ? await db.Classes.AsNoTracking().FirstOrDefaultAsync(c => c.Code == code, ct) : null;
        return new Target(student, cls);
    }

    private bool IsPrincipal(RosterClass? cls) => access.IsStaff && cls?.PrincipalTeacherId is { } p && p == access.UserId;

    private bool CanWrite(Target target) => access.IsWholeEstablishment || IsPrincipal(target.Class);

    /// <summary>The cycle asked, when the student's class ends it (6e: 3, 3e: 4); else a French validation error.</summary>
    private async Task<Result<int>> CycleOfAsync(Target target, int? cycle, CancellationToken ct)
    {
        var ended = target.Class is null ? null : await EndedCycleAsync(target.Class, ct);
        if (cycle is { } c && ended == c)
        {
            return c;
        }
        string who = $"{target.Student.FirstName} {target.Student.LastName}";
        return Error.Invalid("cycle", ended is { } e
            ? $"{who} est en {target.Class!.Name} : son bilan de fin de cycle est celui du cycle {e} (cycle={e})."
            : $"{who} n'est ni en 6e ni en 3e : il n'a pas de bilan de fin de cycle (cycle 3 en 6e, cycle 4 en 3e).");
    }

    /// <summary>
    /// The cycle the class's level ends. The class's level is a level code (6E) or reference (6e) of the levels table, or a MEF code
    /// matched by a level's mask (100…: 6e, 103…: 3e).
    /// </summary>
    private async Task<int?> EndedCycleAsync(RosterClass cls, CancellationToken ct)
    {
        if (cls.LevelCode is not { Length: > 0 } level)
        {
            return null;
        }
        var levels = await db.Levels.AsNoTracking().Where(l => !l.IsCycle).ToListAsync(ct);
        var match = levels.FirstOrDefault(l => string.Equals(l.Code, level, StringComparison.OrdinalIgnoreCase) || string.Equals(l.Ref, level, StringComparison.OrdinalIgnoreCase))
            ?? levels.FirstOrDefault(l => l.MefMask.Split('|').Any(m => m.Length == level.Length && Regex.IsMatch(level, "^" + m.Replace(".", "[0-9]", StringComparison.Ordinal) + "$")));
        return LsuCodes.EndedCycle(match?.Code);
    }

    private async Task<CycleBilanResponse> ResponseAsync(Target target, int cycle, CycleBilan? row, CancellationToken ct)
    {
        var sheet = await commonCore.StaffSheetAsync(target.Student.UserId, cycle, ct);
        var components = sheet.Components.Select(x => new CycleBilanComponent(x.Component, x.Label,
            x.ComputedDegree ?? 0, DegreeLabel(x.ComputedDegree), x.Positioning?.Degree, x.Positioning?.Label,
            x.EffectiveDegree ?? 0, DegreeLabel(x.EffectiveDegree))).ToList();
        CycleBilanComplement? complement = row?.ComplementCode is { } code
            ? new CycleBilanComplement(code, LsuCodes.Find(LsuCodes.Complements, code)?.Label ?? code, row.ComplementLevel,
                row.ComplementLevel is { } l ? LsuCodes.ComplementLevelLabel(l) : null)
            : null;
        var s = target.Student;
        return new CycleBilanResponse(new CycleBilanStudent(s.UserId, s.LastName, s.FirstName, s.ClassCode, target.Class?.Name), cycle, CommonCore.CycleLabel(cycle),
            components, row?.Synthesis, complement, row?.LockedAt, row?.Version ?? 0, row?.ChangedBy, row?.ChangedAt,
            CanWrite(target), access.IsWholeEstablishment);
    }

    private static string DegreeLabel(int? degree) => degree is { } d and >= 1 and <= 4 ? ((MasteryDegree)d).Label() : "Non évalué";

    private async Task<Error> ChangedAsync(Target target, int cycle, CycleBilan? stored, int yours, CancellationToken ct)
    {
        var current = stored is null ? null : await ResponseAsync(target, cycle, stored, ct);
        return Error.Of(ErrorCodes.EntryChanged, "Ce bilan de fin de cycle a été modifié entre-temps : rien n'a été enregistré. Vérifiez la version actuelle puis recommencez.",
            new Dictionary<string, object?> { ["current"] = current, ["currentVersion"] = stored?.Version ?? 0, ["yourVersion"] = yours });
    }
}
