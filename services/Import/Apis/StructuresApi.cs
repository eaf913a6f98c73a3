using Microsoft.EntityFrameworkCore;
using Sacoche.Import.Domain;
using Sacoche.Import.Infrastructure;

namespace Sacoche.Import.Apis;

/// <summary>Classes and groups with their members and teachers.</summary>
public static class StructuresApi
{
    public static RouteGroupBuilder MapStructuresApi(this RouteGroupBuilder group)
    {
        group.MapGet("/structures", ListAsync);
        group.MapGet("/structures/{code}", GetAsync);
        return group;
    }

    private static string KindName(StructureKind kind) => kind == StructureKind.Class ? "class" : "group";

    private static async Task<IResult> ListAsync(ImportDbContext db, CancellationToken ct)
    {
        var structures = await db.Structures.AsNoTracking().OrderBy(s => s.Kind).ThenBy(s => s.Code).ToListAsync(ct);
        var classCounts = await db.People.Where(p => p.ExitDate == null && p.ClassCode != null && p.Profile == Profiles.Student)
            .GroupBy(p => p.ClassCode!).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var groupCounts = await (from m in db.Memberships
                                 join p in db.People on m.PersonId equals p.Id
                                 where p.ExitDate == null
                                 group m by m.GroupCode into g
                                 select new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var teachers = await Teachers(db, null, ct);
        return TypedResults.Ok(structures.Select(s => new
        {
            kind = KindName(s.Kind),
            s.Code,
            s.Label,
            s.ClassCodes,
            s.Imported,
            memberCount = (s.Kind == StructureKind.Class ? classCounts : groupCounts).GetValueOrDefault(s.Code),
            teachers = teachers.Where(t => t.Kind == s.Kind && t.StructureCode == s.Code)
                .GroupBy(t => t.TeacherId)
                .Select(g => new { id = g.Key, g.First().LastName, g.First().FirstName, subjects = g.Select(t => t.SubjectCode).Where(c => c.Length > 0).Distinct() }),
        }));
    }

    private static async Task<IResult> GetAsync(string code, ImportDbContext db, CancellationToken ct)
    {
        var s = await db.Structures.AsNoTracking().Where(x => x.Code == code).OrderBy(x => x.Kind).FirstOrDefaultAsync(ct);
        if (s is null)
        {
            return ImportApi.NotFound($"La classe ou le groupe « {code} » n'existe pas.");
        }

        var members = s.Kind == StructureKind.Class
            ? await db.People.Where(p => p.ExitDate == null && p.ClassCode == code && p.Profile == Profiles.Student)
                .OrderBy(p => p.LastName).ThenBy(p => p.FirstName)
                .Select(p => new { p.Id, p.Profile, p.LastName, p.FirstName, p.BirthDate, p.ClassCode }).ToListAsync(ct)
            : await (from m in db.Memberships
                     join p in db.People on m.PersonId equals p.Id
                     where m.GroupCode == code && p.ExitDate == null
                     orderby p.LastName, p.FirstName
                     select new { p.Id, p.Profile, p.LastName, p.FirstName, p.BirthDate, p.ClassCode }).ToListAsync(ct);
        var teachers = (await Teachers(db, code, ct)).Where(t => t.Kind == s.Kind)
            .GroupBy(t => t.TeacherId)
            .Select(g => new { id = g.Key, g.First().LastName, g.First().FirstName, subjects = g.Select(t => t.SubjectCode).Where(c => c.Length > 0).Distinct().ToList() });
        return TypedResults.Ok(new { kind = KindName(s.Kind), s.Code, s.Label, s.ClassCodes, s.Imported, memberCount = members.Count, members, teachers });
    }

    private sealed record TeacherRow(Guid TeacherId, StructureKind Kind, string StructureCode, string SubjectCode, string LastName, string FirstName);

    private static Task<List<TeacherRow>> Teachers(ImportDbContext db, string? code, CancellationToken ct)
        => (from t in db.TeacherServices
            join p in db.People on t.TeacherId equals p.Id
            where p.ExitDate == null && (code == null || t.StructureCode == code)
            orderby p.LastName, p.FirstName
            select new TeacherRow(t.TeacherId, t.Kind, t.StructureCode, t.SubjectCode, p.LastName, p.FirstName)).ToListAsync(ct);
}
