using Microsoft.EntityFrameworkCore;
using Sacoche.Import.Infrastructure;

namespace Sacoche.Import.Apis;

/// <summary>The directory as imported, for the establishment's administrator.</summary>
public static class PeopleApi
{
    public static RouteGroupBuilder MapPeopleApi(this RouteGroupBuilder group)
    {
        group.MapGet("/people", ListAsync);
        group.MapGet("/people/{id:guid}", GetAsync);
        return group;
    }

    private static async Task<IResult> ListAsync(ImportDbContext db, string? profile, string? @class, string? q, int? page, int? pageSize, bool? includeRetired, CancellationToken ct)
    {
        var query = db.People.AsNoTracking();
        if (includeRetired != true)
        {
            query = query.Where(p => p.ExitDate == null);
        }

        if (!string.IsNullOrWhiteSpace(profile))
        {
            var wanted = profile.Trim().ToUpperInvariant();
            query = query.Where(p => p.Profile == wanted);
        }

        if (!string.IsNullOrWhiteSpace(@class))
        {
            var code = @class.Trim();
            query = query.Where(p => p.ClassCode == code);
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            var pattern = "%" + q.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            query = query.Where(p => EF.Functions.ILike(p.LastName + " " + p.FirstName, pattern) || EF.Functions.ILike(p.FirstName + " " + p.LastName, pattern));
        }

        var p = ImportApi.Page(page);
        var size = ImportApi.PageSize(pageSize);
        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(x => x.LastName).ThenBy(x => x.FirstName).ThenBy(x => x.Id).Skip((p - 1) * size).Take(size)
            .Select(x => new { x.Id, x.Profile, x.LastName, x.FirstName, x.BirthDate, x.ClassCode, x.ExitDate, x.EntId, x.Version })
            .ToListAsync(ct);
        return TypedResults.Ok(new { total, page = p, pageSize = size, items });
    }

    private static async Task<IResult> GetAsync(Guid id, ImportDbContext db, CancellationToken ct)
    {
        var person = await db.People.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (person is null)
        {
            return ImportApi.NotFound("Cette personne n'existe pas dans l'annuaire de l'établissement.");
        }

        var groups = await db.Memberships.Where(m => m.PersonId == id).OrderBy(m => m.GroupCode).Select(m => m.GroupCode).ToListAsync(ct);
        var children = await (from l in db.GuardianLinks
                              where l.GuardianId == id
                              join s in db.People on l.StudentId equals (Guid?)s.Id into students
                              from s in students.DefaultIfEmpty()
                              orderby l.LegalRank, l.StudentKey
                              select new { studentKey = l.StudentKey, studentId = l.StudentId, l.LegalRank, lastName = s == null ? null : s.LastName, firstName = s == null ? null : s.FirstName, classCode = s == null ? null : s.ClassCode })
                             .ToListAsync(ct);
        var guardians = await (from l in db.GuardianLinks
                               where l.StudentId == id
                               join g in db.People on l.GuardianId equals g.Id
                               orderby l.LegalRank
                               select new { guardianId = g.Id, l.LegalRank, g.LastName, g.FirstName, g.Email })
                              .ToListAsync(ct);
        var services = await db.TeacherServices.Where(s => s.TeacherId == id).OrderBy(s => s.StructureCode).ThenBy(s => s.SubjectCode)
            .Select(s => new { kind = s.Kind == Domain.StructureKind.Class ? "class" : "group", s.StructureCode, subjectCode = s.SubjectCode == "" ? null : s.SubjectCode })
            .ToListAsync(ct);
        return TypedResults.Ok(new
        {
            person.Id,
            person.Profile,
            person.LastName,
            person.FirstName,
            person.BirthDate,
            person.Gender,
            person.Email,
            person.SiecleId,
            person.Elenoet,
            person.Ine,
            person.StsId,
            person.Reference,
            person.ClassCode,
            groupCodes = groups,
            person.ExitDate,
            person.EntId,
            person.Version,
            principalOfClasses = person.PrincipalOfClasses is null ? [] : ImportJson.Deserialize<List<string>>(person.PrincipalOfClasses),
            children,
            guardians,
            services,
        });
    }
}
