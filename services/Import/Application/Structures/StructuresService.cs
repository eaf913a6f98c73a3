using Microsoft.EntityFrameworkCore;
using Sacoche.Common.Results;
using Sacoche.Import.Domain;
using Sacoche.Import.Infrastructure;

namespace Sacoche.Import.Application.Structures;

/// <summary>Classes and groups with their members and teachers.</summary>
public sealed class StructuresService(ImportDbContext db)
{
    private static string KindName(StructureKind kind) => kind == StructureKind.Class ? "class" : "group";

    public async Task<IReadOnlyList<StructureSummary>> ListAsync(CancellationToken ct)
    {
        var structures = await db.Structures.AsNoTracking().OrderBy(s => s.Kind).ThenBy(s => s.Code).ToListAsync(ct);
        var classCounts = await db.People.Where(p => p.ExitDate == null && p.ClassCode != null && p.Profile == Profiles.Student)
            .GroupBy(p => p.ClassCode!).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var groupCounts = await (from m in db.Memberships
                                 join p in db.People on m.PersonId equals p.Id
                                 where p.ExitDate == null
                                 group m by m.GroupCode into g
                                 select new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var teachers = await TeachersAsync(null, ct);
        return structures.Select(s => new StructureSummary(
            KindName(s.Kind), s.Code, s.Label, s.ClassCodes, s.Imported,
            (s.Kind == StructureKind.Class ? classCounts : groupCounts).GetValueOrDefault(s.Code),
            ByTeacher(teachers.Where(t => t.Kind == s.Kind && t.StructureCode == s.Code)))).ToList();
    }

    public async Task<Result<StructureDetails>> GetAsync(string code, CancellationToken ct)
    {
        var s = await db.Structures.AsNoTracking().Where(x => x.Code == code).OrderBy(x => x.Kind).FirstOrDefaultAsync(ct);
        if (s is null)
        {
            return Error.NotFound($"La classe ou le groupe « {code} » n'existe pas.");
        }

        var members = s.Kind == StructureKind.Class
            ? await db.People.Where(p => p.ExitDate == null && p.ClassCode == code && p.Profile == Profiles.Student)
                .OrderBy(p => p.LastName).ThenBy(p => p.FirstName)
                .Select(p => new StructureMember(p.Id, p.Profile, p.LastName, p.FirstName, p.BirthDate, p.ClassCode)).ToListAsync(ct)
            : await (from m in db.Memberships
                     join p in db.People on m.PersonId equals p.Id
                     where m.GroupCode == code && p.ExitDate == null
                     orderby p.LastName, p.FirstName
                     select new StructureMember(p.Id, p.Profile, p.LastName, p.FirstName, p.BirthDate, p.ClassCode)).ToListAsync(ct);
        var teachers = ByTeacher((await TeachersAsync(code, ct)).Where(t => t.Kind == s.Kind));
        return new StructureDetails(KindName(s.Kind), s.Code, s.Label, s.ClassCodes, s.Imported, members.Count, members, teachers);
    }

    private static List<StructureTeacher> ByTeacher(IEnumerable<TeacherRow> rows) => rows
        .GroupBy(t => t.TeacherId)
        .Select(g => new StructureTeacher(g.Key, g.First().LastName, g.First().FirstName, g.Select(t => t.SubjectCode).Where(c => c.Length > 0).Distinct().ToList()))
        .ToList();

    private sealed record TeacherRow(Guid TeacherId, StructureKind Kind, string StructureCode, string SubjectCode, string LastName, string FirstName);

    private Task<List<TeacherRow>> TeachersAsync(string? code, CancellationToken ct)
        => (from t in db.TeacherServices
            join p in db.People on t.TeacherId equals p.Id
            where p.ExitDate == null && (code == null || t.StructureCode == code)
            orderby p.LastName, p.FirstName
            select new TeacherRow(t.TeacherId, t.Kind, t.StructureCode, t.SubjectCode, p.LastName, p.FirstName)).ToListAsync(ct);
}
