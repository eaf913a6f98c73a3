using Microsoft.EntityFrameworkCore;
using Sacoche.Competences.Application;
using Sacoche.Competences.Infrastructure;
using Sacoche.ServiceDefaults.Security;

namespace Sacoche.Competences.Apis;

public sealed record ChildDto(Guid StudentId, string LastName, string FirstName, string? ClassCode);

public sealed record ClassDto(string Code, string Name, string? LevelCode, int StudentCount);

public sealed record GroupDto(string Code, string Name, int StudentCount);

public sealed record StructuresResponse(IReadOnlyList<ClassDto> Classes, IReadOnlyList<GroupDto> Groups);

public sealed record ColleagueDto(Guid UserId, string LastName, string FirstName, string Profile);

/// <summary>
/// What the UI needs to know of the roster projection: a parent's children, the classes and groups
/// a teacher may evaluate, the colleagues an evaluation can be shared with. Pupils who left
/// (exit date passed) are not listed.
/// </summary>
public static class RosterApi
{
    public static RouteGroupBuilder MapRosterApi(this RouteGroupBuilder api)
    {
        api.MapGet("/me/children", async (Access access, CompetencesDbContext db, CancellationToken ct) =>
        {
            var me = access.UserId;
            if (access.IsStudent)
            {
                // A student is their own only "child": the UI treats both profiles alike.
                return TypedResults.Ok(await db.Users.AsNoTracking().Where(u => u.UserId == me)
                    .Select(u => new ChildDto(u.UserId, u.LastName, u.FirstName, u.ClassCode)).ToListAsync(ct));
            }
            if (!access.IsGuardian)
            {
                return Problems.Forbidden("Seuls les parents et les élèves ont des enfants rattachés à leur compte.");
            }
            var ids = await db.Users.AsNoTracking().Where(u => u.UserId == me).Select(u => u.ChildIds).FirstOrDefaultAsync(ct) ?? [];
            var children = await db.Users.AsNoTracking()
                .Where(u => ids.Contains(u.UserId) && u.Profile == Profiles.Student)
                .OrderBy(u => u.LastName).ThenBy(u => u.FirstName)
                .Select(u => new ChildDto(u.UserId, u.LastName, u.FirstName, u.ClassCode)).ToListAsync(ct);
            return (IResult)TypedResults.Ok(children);
        }).WithSummary("Les enfants rattachés au parent connecté (l'élève lui-même pour un élève).");

        api.MapGet("/me/structures", async (Access access, CompetencesDbContext db, CancellationToken ct) =>
        {
            if (!access.IsStaff)
            {
                return Problems.Forbidden("Les classes et groupes sont réservés aux personnels de l'établissement.");
            }
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            var classes = db.Classes.AsNoTracking();
            var groups = db.Groups.AsNoTracking();
            if (!access.IsWholeEstablishment)
            {
                var (myClasses, myGroups, _) = await access.ServicesAsync(ct);
                classes = classes.Where(c => myClasses.Contains(c.Code));
                groups = groups.Where(g => myGroups.Contains(g.Code));
            }
            var students = db.Users.Where(u => u.Profile == Profiles.Student && (u.ExitDate == null || u.ExitDate > today));
            var classList = await classes.OrderBy(c => c.LevelCode).ThenBy(c => c.Code)
                .Select(c => new ClassDto(c.Code, c.Name, c.LevelCode, students.Count(s => s.ClassCode == c.Code))).ToListAsync(ct);
            var groupList = await groups.OrderBy(g => g.Code)
                .Select(g => new GroupDto(g.Code, g.Name, students.Count(s => s.GroupCodes.Contains(g.Code)))).ToListAsync(ct);
            return (IResult)TypedResults.Ok(new StructuresResponse(classList, groupList));
        }).WithSummary("Les classes et groupes que l'enseignant connecté peut évaluer (tout l'établissement pour l'administration et la direction).");

        api.MapGet("/colleagues", async (Access access, CompetencesDbContext db, CancellationToken ct) =>
        {
            if (!access.IsStaff)
            {
                return Problems.Forbidden("La liste des collègues est réservée aux personnels de l'établissement.");
            }
            var me = access.UserId;
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            // Same rule as the share validation of EvaluationsApi: any profile but students and guardians.
            var colleagues = await db.Users.AsNoTracking()
                .Where(u => u.UserId != me && u.Profile != Profiles.Student && u.Profile != Profiles.Guardian && (u.ExitDate == null || u.ExitDate > today))
                .OrderBy(u => u.LastName).ThenBy(u => u.FirstName)
                .Select(u => new ColleagueDto(u.UserId, u.LastName, u.FirstName, u.Profile)).ToListAsync(ct);
            return (IResult)TypedResults.Ok(colleagues);
        }).WithSummary("Les personnels de l'établissement, pour partager une évaluation.");
        return api;
    }
}
