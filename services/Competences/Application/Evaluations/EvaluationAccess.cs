using Microsoft.EntityFrameworkCore;
using Sacoche.Common.Results;
using Sacoche.Competences.Infrastructure;
using Sacoche.ServiceDefaults.Security;

namespace Sacoche.Competences.Application.Evaluations;

/// <summary>
/// The one check of the evaluation features (evaluations and their entries): the evaluation exists in the
/// caller's establishment (the DbContext's tenant filter: another establishment's id is not found) and the
/// caller holds the right the use case needs.
/// </summary>
public sealed class EvaluationAccess(CompetencesDbContext db, Access access)
{
    /// <summary>The evaluation if the caller holds at least <paramref name="needed"/> on it; else not-found or forbidden.</summary>
    public async Task<Result<Evaluation>> FindAsync(long id, EvaluationRight needed, CancellationToken ct, bool tracking = false)
    {
        var query = tracking ? db.Evaluations : db.Evaluations.AsNoTracking();
        var evaluation = await query.FirstOrDefaultAsync(e => e.Id == id, ct);
        if (evaluation is null)
        {
            return Error.NotFound($"L'évaluation n° {id} n'existe pas dans cet établissement.");
        }
        if (await access.RightOnAsync(evaluation, ct) < needed)
        {
            string what = needed switch
            {
                EvaluationRight.View => "consulter",
                EvaluationRight.Enter => "saisir les codes de",
                EvaluationRight.Modify => "modifier",
                _ => "supprimer",
            };
            return Error.Forbidden($"Vous n'avez pas le droit de {what} cette évaluation.");
        }
        return evaluation;
    }

    /// <summary>Evaluations are for the establishment's staff.</summary>
    public Result RequireStaff(string detail) => access.IsStaff ? Result.Success : Error.Forbidden(detail);

    /// <summary>Students of an evaluation: its class or group from the roster, or its selection.</summary>
    public async Task<List<RosterUser>> StudentsAsync(Evaluation evaluation, CancellationToken ct)
    {
        var students = db.Users.AsNoTracking().Where(u => u.Profile == Profiles.Student);
        if (evaluation.ClassCode is { } classCode)
        {
            students = students.Where(u => u.ClassCode == classCode);
        }
        else if (evaluation.GroupCode is { } groupCode)
        {
            students = students.Where(u => u.GroupCodes.Contains(groupCode));
        }
        else
        {
            var id = evaluation.Id;
            students = students.Where(u => db.EvaluationStudents.Any(s => s.EvaluationId == id && s.StudentId == u.UserId));
        }
        return await students.OrderBy(u => u.LastName).ThenBy(u => u.FirstName).ToListAsync(ct);
    }
}
