using Microsoft.EntityFrameworkCore;
using Sacoche.Common.Results;
using Sacoche.Competences.Infrastructure;

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

    /// <summary>Reports on the whole establishment: direction and administrators.</summary>
    public Result WholeEstablishment(string detail) => access.IsWholeEstablishment ? Result.Success : Error.Forbidden(detail);
}
