using Microsoft.EntityFrameworkCore;
using Sacoche.Common.Results;
using Sacoche.Import.Domain;
using Sacoche.Import.Infrastructure;

namespace Sacoche.Import.Application.People;

/// <summary>The directory as imported, for the establishment's administrator.</summary>
public sealed class PeopleService(ImportDbContext db)
{
    public async Task<PagedList<PersonListItem>> ListAsync(PeopleQuery request, CancellationToken ct)
    {
        var query = db.People.AsNoTracking();
        if (request.IncludeRetired != true)
        {
            query = query.Where(p => p.ExitDate == null);
        }

        if (!string.IsNullOrWhiteSpace(request.Profile))
        {
            var wanted = request.Profile.Trim().ToUpperInvariant();
            query = query.Where(p => p.Profile == wanted);
        }

        if (!string.IsNullOrWhiteSpace(request.Class))
        {
            var code = request.Class.Trim();
            query = query.Where(p => p.ClassCode == code);
        }

        if (!string.IsNullOrWhiteSpace(request.Q))
        {
            var pattern = "%" + request.Q.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            query = query.Where(p => EF.Functions.ILike(p.LastName + " " + p.FirstName, pattern) || EF.Functions.ILike(p.FirstName + " " + p.LastName, pattern));
        }

        var paging = PageRequest.Of(request.Page, request.PageSize);
        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(x => x.LastName).ThenBy(x => x.FirstName).ThenBy(x => x.Id).Skip(paging.Skip).Take(paging.PageSize)
            .Select(x => new PersonListItem(x.Id, x.Profile, x.LastName, x.FirstName, x.BirthDate, x.ClassCode, x.ExitDate, x.EntId, x.Version))
            .ToListAsync(ct);
        return new PagedList<PersonListItem>(items, paging.Page, paging.PageSize, total);
    }

    public async Task<Result<PersonDetails>> GetAsync(Guid id, CancellationToken ct)
    {
        var person = await db.People.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (person is null)
        {
            return Error.NotFound("Cette personne n'existe pas dans l'annuaire de l'établissement.");
        }

        var groups = await db.Memberships.Where(m => m.PersonId == id).OrderBy(m => m.GroupCode).Select(m => m.GroupCode).ToListAsync(ct);
        var children = await (from l in db.GuardianLinks
                              where l.GuardianId == id
                              join s in db.People on l.StudentId equals (Guid?)s.Id into students
                              from s in students.DefaultIfEmpty()
                              orderby l.LegalRank, l.StudentKey
                              select new PersonChild(l.StudentKey, l.StudentId, l.LegalRank, s == null ? null : s.LastName, s == null ? null : s.FirstName, s == null ? null : s.ClassCode))
                             .ToListAsync(ct);
        var guardians = await (from l in db.GuardianLinks
                               where l.StudentId == id
                               join g in db.People on l.GuardianId equals g.Id
                               orderby l.LegalRank
                               select new PersonGuardian(g.Id, l.LegalRank, g.LastName, g.FirstName, g.Email))
                              .ToListAsync(ct);
        var services = await db.TeacherServices.Where(s => s.TeacherId == id).OrderBy(s => s.StructureCode).ThenBy(s => s.SubjectCode)
            .Select(s => new PersonService(s.Kind == StructureKind.Class ? "class" : "group", s.StructureCode, s.SubjectCode == "" ? null : s.SubjectCode))
            .ToListAsync(ct);
        return new PersonDetails(
            person.Id, person.Profile, person.LastName, person.FirstName, person.BirthDate, person.Gender, person.Email, person.SiecleId,
            person.Elenoet, person.Ine, person.StsId, person.Reference, person.ClassCode, groups, person.ExitDate, person.EntId, person.Version,
            person.PrincipalOfClasses is null ? [] : ImportJson.Deserialize<List<string>>(person.PrincipalOfClasses),
            children, guardians, services);
    }
}
