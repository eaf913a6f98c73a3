using Microsoft.EntityFrameworkCore;

namespace Sacoche.Competences.Infrastructure;

/// <summary>Subjects (national ones, and the establishment's: imported from STS or created locally, these win on code) and levels.</summary>
public static class SubjectQueries
{
    /// <summary>Whether a subject code is known (national or of the establishment).</summary>
    public static async Task<bool> SubjectExistsAsync(CompetencesDbContext db, string code, CancellationToken ct) =>
        await db.Subjects.AnyAsync(s => s.Code == code, ct) || await db.NationalSubjects.AnyAsync(s => s.Code == code, ct);

    /// <summary>The subject's name (the establishment's wins), or its code when unknown.</summary>
    public static async Task<string> SubjectNameAsync(CompetencesDbContext db, string code, CancellationToken ct) =>
        await db.Subjects.AsNoTracking().Where(s => s.Code == code).Select(s => s.Name).FirstOrDefaultAsync(ct)
        ?? await db.NationalSubjects.AsNoTracking().Where(s => s.Code == code).Select(s => s.Name).FirstOrDefaultAsync(ct)
        ?? code;

    /// <summary>The level's name, or its code when unknown.</summary>
    public static async Task<string> LevelNameAsync(CompetencesDbContext db, string code, CancellationToken ct) =>
        await db.Levels.Where(l => l.Code == code).Select(l => l.Name).FirstOrDefaultAsync(ct) ?? code;

    public static Task<List<NationalSubject>> NationalSubjectsAsync(CompetencesDbContext db, CancellationToken ct) =>
        db.NationalSubjects.AsNoTracking().OrderBy(s => s.Name).ToListAsync(ct);

    public static Task<List<Subject>> LocalSubjectsAsync(CompetencesDbContext db, CancellationToken ct) =>
        db.Subjects.AsNoTracking().OrderBy(s => s.Name).ToListAsync(ct);

    public static Task<List<Level>> LevelsAsync(CompetencesDbContext db, CancellationToken ct) =>
        db.Levels.AsNoTracking().OrderBy(l => l.Order).ToListAsync(ct);

    public static async Task AddSubjectAsync(CompetencesDbContext db, Subject subject, CancellationToken ct)
    {
        db.Subjects.Add(subject);
        await db.SaveChangesAsync(ct);
    }
}
