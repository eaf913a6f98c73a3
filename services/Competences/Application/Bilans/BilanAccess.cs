using Microsoft.EntityFrameworkCore;
using Sacoche.Common.Results;
using Sacoche.Competences.Application.Periods;
using Sacoche.Competences.Domain;
using Sacoche.Competences.Infrastructure;
using Sacoche.ServiceDefaults.Security;

namespace Sacoche.Competences.Application.Bilans;

/// <summary>
/// Who may do what on a class's bilan (docs/bilans.md): the administrator and the direction everything; a teacher the
/// subjects he teaches in the class; the principal teacher reads every subject and writes the general appreciation;
/// the CPE (EDU) reads the sheet and writes attendance. Students and guardians only read archived bulletins.
/// </summary>
public sealed class BilanAccess(CompetencesDbContext db, Access access)
{
    /// <summary>The class and the period, if both exist here (else not-found) and the caller may open the sheet (else forbidden).</summary>
    public async Task<Result<(RosterClass Class, Period Period)>> SheetAsync(string classCode, long periodId, CancellationToken ct)
    {
        var found = await FindAsync(classCode, periodId, ct);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }
        if (!access.IsStaff)
        {
            return Error.Forbidden("Les bilans en cours de saisie sont réservés aux personnels : les élèves et les parents lisent les bulletins archivés.");
        }
        if (!(await SheetOpenerAsync(ct))(found.Value.Class))
        {
            return Error.Forbidden($"Vous n'enseignez pas en {found.Value.Class.Name} : son bilan ne vous est pas accessible.");
        }
        return found;
    }

    /// <summary>The class (not a group) and the period, whoever asks; not-found for another establishment's ids.</summary>
    public async Task<Result<(RosterClass Class, Period Period)>> FindAsync(string classCode, long periodId, CancellationToken ct)
    {
        var cls = await db.Classes.AsNoTracking().FirstOrDefaultAsync(c => c.Code == classCode, ct);
        if (cls is null)
        {
            return Error.NotFound($"La classe « {classCode} » n'existe pas dans cet établissement.");
        }
        var period = await db.Periods.AsNoTracking().FirstOrDefaultAsync(p => p.Id == periodId, ct);
        if (period is null)
        {
            return Error.NotFound($"La période n° {periodId} n'existe pas dans cet établissement.");
        }
        if (period.ClassCodes.Length > 0 && !(await PeriodClasses.ExpandAsync(db, period.ClassCodes, ct)).Contains(cls.Code))
        {
            return Error.NotFound($"La classe {cls.Name} ne suit pas la période « {period.Name} ».");
        }
        return (cls, period);
    }

    /// <summary>Direction, administrator, CPE and the class's principal teacher read every subject's line.</summary>
    public bool ReadsWholeSheet(RosterClass cls) => access.IsWholeEstablishment || access.Profile == Profiles.Cpe || IsPrincipal(cls);

    public bool IsPrincipal(RosterClass cls) => cls.PrincipalTeacherId is { } p && p == access.UserId;

    /// <summary>The general appreciation: the principal teacher and the direction (administrator included).</summary>
    public bool CanWriteGeneral(RosterClass cls) => access.IsWholeEstablishment || IsPrincipal(cls);

    /// <summary>Attendance: the CPE (EDU), the direction and the administrator.</summary>
    public bool CanWriteAttendance => access.IsWholeEstablishment || access.Profile == Profiles.Cpe;

    /// <summary>The subjects the caller writes in this bilan: all for the direction, else the ones he teaches to the class or one of its groups.</summary>
    public Func<ClassBilanSubject, bool> SubjectWriter()
    {
        if (access.IsWholeEstablishment)
        {
            return _ => true;
        }
        if (!access.IsStaff)
        {
            return _ => false;
        }
        var me = access.UserId;
        return s => s.Teachers.Any(t => t.Id == me);
    }

    /// <summary>
    /// Which classes' sheets a staff member opens: every class for the direction, the administrator and the CPE; for a
    /// teacher the classes he teaches, those of his groups' students and those he is the principal teacher of.
    /// </summary>
    public async Task<Func<RosterClass, bool>> SheetOpenerAsync(CancellationToken ct)
    {
        if (!access.IsStaff)
        {
            return _ => false;
        }
        if (access.IsWholeEstablishment || access.Profile == Profiles.Cpe)
        {
            return _ => true;
        }
        var (classes, groups, _) = await access.ServicesAsync(ct);
        var viaGroups = groups.Count == 0 ? []
            : (await db.Groups.AsNoTracking().Where(g => groups.Contains(g.Code)).Select(g => g.ClassCodes).ToListAsync(ct))
                .SelectMany(c => c).ToHashSet(StringComparer.Ordinal);
        return c => classes.Contains(c.Code) || viaGroups.Contains(c.Code) || IsPrincipal(c);
    }
}
