using Microsoft.EntityFrameworkCore;
using Sacoche.Competences.Application.Roster;
using Sacoche.ServiceDefaults.Security;

namespace Sacoche.Competences.Infrastructure;

/// <summary>Reads of the roster projection. Pupils who left (exit date before <c>today</c>) are not counted nor listed.</summary>
public static class RosterQueries
{
    /// <summary>The students among the user's children (none when the user is unknown), by name.</summary>
    public static async Task<List<ChildDto>> ChildrenAsync(CompetencesDbContext db, Guid guardianId, CancellationToken ct)
    {
        var ids = await db.Users.AsNoTracking().Where(u => u.UserId == guardianId).Select(u => u.ChildIds).FirstOrDefaultAsync(ct) ?? [];
        return await db.Users.AsNoTracking()
            .Where(u => ids.Contains(u.UserId) && u.Profile == Profiles.Student)
            .OrderBy(u => u.LastName).ThenBy(u => u.FirstName)
            .Select(u => new ChildDto(u.UserId, u.LastName, u.FirstName, u.ClassCode)).ToListAsync(ct);
    }

    /// <summary>The user as a "child" (a student is their own).</summary>
    public static Task<List<ChildDto>> SelfAsync(CompetencesDbContext db, Guid userId, CancellationToken ct) =>
        db.Users.AsNoTracking().Where(u => u.UserId == userId)
            .Select(u => new ChildDto(u.UserId, u.LastName, u.FirstName, u.ClassCode)).ToListAsync(ct);

    /// <summary>Classes and groups with their present students' count; null codes = all of the establishment.</summary>
    public static async Task<StructuresResponse> StructuresAsync(CompetencesDbContext db, IReadOnlySet<string>? classCodes, IReadOnlySet<string>? groupCodes,
        DateOnly today, CancellationToken ct)
    {
        var classes = db.Classes.AsNoTracking();
        var groups = db.Groups.AsNoTracking();
        if (classCodes is not null)
        {
            classes = classes.Where(c => classCodes.Contains(c.Code));
        }
        if (groupCodes is not null)
        {
            groups = groups.Where(g => groupCodes.Contains(g.Code));
        }
        var students = db.Users.Where(u => u.Profile == Profiles.Student && (u.ExitDate == null || u.ExitDate > today));
        var classList = await classes.OrderBy(c => c.LevelCode).ThenBy(c => c.Code)
            .Select(c => new ClassDto(c.Code, c.Name, c.LevelCode, students.Count(s => s.ClassCode == c.Code))).ToListAsync(ct);
        var groupList = await groups.OrderBy(g => g.Code)
            .Select(g => new GroupDto(g.Code, g.Name, students.Count(s => s.GroupCodes.Contains(g.Code)))).ToListAsync(ct);
        return new StructuresResponse(classList, groupList);
    }

    /// <summary>The establishment's present staff but <paramref name="me"/>: any profile but students and guardians (as the share rule of evaluations).</summary>
    public static Task<List<ColleagueDto>> ColleaguesAsync(CompetencesDbContext db, Guid me, DateOnly today, CancellationToken ct) =>
        db.Users.AsNoTracking()
            .Where(u => u.UserId != me && u.Profile != Profiles.Student && u.Profile != Profiles.Guardian && (u.ExitDate == null || u.ExitDate > today))
            .OrderBy(u => u.LastName).ThenBy(u => u.FirstName)
            .Select(u => new ColleagueDto(u.UserId, u.LastName, u.FirstName, u.Profile)).ToListAsync(ct);
}
