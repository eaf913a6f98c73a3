using Microsoft.EntityFrameworkCore;
using Sacoche.Common.Results;
using Sacoche.Competences.Infrastructure;
using Sacoche.ServiceDefaults.Security;

namespace Sacoche.Competences.Application.Reports;

/// <summary>A class or a group of the roster, as reports address them.</summary>
public sealed record Structure(string Code, string Name, bool IsGroup);

/// <summary>
/// The one check of the report features (student reports, class reports, common core): what the report is
/// about exists in the caller's establishment (the DbContext's tenant filter: another establishment's id is
/// not found), then the caller may read it (<see cref="Access"/>).
/// </summary>
public sealed class ReportAccess(CompetencesDbContext db, Access access)
{
    /// <summary>The student exists here (else not-found) and the caller may read their results (else forbidden).</summary>
    public async Task<Result> StudentAsync(Guid studentId, CancellationToken ct) => await access.CanReachStudentAsync(studentId, ct) switch
    {
        null => Error.NotFound("Cet élève n'existe pas dans cet établissement."),
        false => Error.Forbidden("Vous n'avez pas accès aux résultats de cet élève."),
        _ => Result.Success,
    };

    /// <summary>The class (or group) with that code, if the caller may read its reports.</summary>
    public async Task<Result<Structure>> StructureAsync(string code, bool preferGroup, CancellationToken ct)
    {
        Structure? structure = null;
        if (!preferGroup)
        {
            structure = await db.Classes.AsNoTracking().Where(c => c.Code == code).Select(c => new Structure(c.Code, c.Name, false)).FirstOrDefaultAsync(ct);
        }
        structure ??= await db.Groups.AsNoTracking().Where(g => g.Code == code).Select(g => new Structure(g.Code, g.Name, true)).FirstOrDefaultAsync(ct);
        if (structure is null)
        {
            return Error.NotFound(preferGroup
                ? $"Le groupe « {code} » n'existe pas dans cet établissement."
                : $"La classe ou le groupe « {code} » n'existe pas dans cet établissement.");
        }
        bool allowed = structure.IsGroup ? await access.CanReachGroupAsync(code, ct) : await access.CanReachClassAsync(code, ct);
        if (!allowed)
        {
            return Error.Forbidden(access.IsStaff
                ? "Vous n'enseignez pas dans cette classe ou ce groupe : ses résultats ne vous sont pas accessibles."
                : "Les bilans de classe sont réservés aux enseignants de la classe et à la direction.");
        }
        return structure;
    }

    /// <summary>
    /// The student exists here (else not-found) and the caller may position them on the common core (else forbidden):
    /// the principal teacher of their class, the direction and the administrators.
    /// </summary>
    public async Task<Result> PositioningAsync(Guid studentId, CancellationToken ct)
    {
        var student = await db.Users.AsNoTracking().Where(u => u.UserId == studentId && u.Profile == Profiles.Student)
            .Select(u => new { u.ClassCode }).FirstOrDefaultAsync(ct);
        if (student is null)
        {
            return Error.NotFound("Cet élève n'existe pas dans cet établissement.");
        }
        var me = access.UserId;
        bool allowed = access.IsWholeEstablishment || (access.IsStaff && student.ClassCode is { } classCode
            && await db.Classes.AnyAsync(c => c.Code == classCode && c.PrincipalTeacherId == me, ct));
        return allowed ? Result.Success : Error.Forbidden(
            "Seuls le professeur principal de la classe de l'élève, la direction et les administrateurs peuvent positionner un élève sur le socle commun.");
    }

    /// <summary>Reports on the whole establishment: direction and administrators.</summary>
    public Result WholeEstablishment(string detail) => access.IsWholeEstablishment ? Result.Success : Error.Forbidden(detail);
}
