using Microsoft.EntityFrameworkCore;

namespace Sacoche.Competences.Infrastructure;

/// <summary>One row of the student report query: an entry with its evaluation, item and referential.</summary>
public sealed record StudentReportRow(
    string SubjectCode, long ReferentialId, string Method, int Limit, string Retroactivity, string LevelCode, string SynthesisMode,
    long ItemId, string ItemName, int Coef, string DomainCode, string DomainName, int ThemeOrder, string ThemeName, int ItemOrder,
    DateOnly Date, long EvaluationId, string Description, string Code);

/// <summary>The student report's query.</summary>
public static class StudentReportQueries
{
    /// <summary>
    /// The student's entries with everything the report shows, in ONE query (entries ⋈ evaluations ⋈ items ⋈ themes ⋈ domains ⋈ referentials),
    /// in report order; optionally one subject, up to a date, and only evaluations already visible (students and parents).
    /// </summary>
    public static async Task<List<StudentReportRow>> RowsAsync(CompetencesDbContext db, Guid studentId, string? subject, DateOnly? to, DateOnly? visibleUntil,
        CancellationToken ct)
    {
        var query =
            from e in db.Entries
            // Joins on the full keys (establishment_id first): primary key lookups, and co-located rows once sharded.
            join ev in db.Evaluations on new { e.EstablishmentId, Id = e.EvaluationId } equals new { ev.EstablishmentId, ev.Id }
            join i in db.Items on new { e.EstablishmentId, Id = e.ItemId } equals new { i.EstablishmentId, i.Id }
            join th in db.Themes on new { i.EstablishmentId, Id = i.ThemeId } equals new { th.EstablishmentId, th.Id }
            join d in db.Domains on new { th.EstablishmentId, Id = th.DomainId } equals new { d.EstablishmentId, d.Id }
            join r in db.Referentials on new { i.EstablishmentId, Id = i.ReferentialId } equals new { r.EstablishmentId, r.Id }
            where e.StudentId == studentId
            select new { e, ev, i, th, d, r };
        if (!string.IsNullOrEmpty(subject))
        {
            query = query.Where(x => x.r.SubjectCode == subject);
        }
        if (to is { } upper)
        {
            query = query.Where(x => x.ev.Date <= upper);
        }
        if (visibleUntil is { } today)
        {
            query = query.Where(x => x.ev.VisibleDate <= today);
        }
        return await query
            .OrderBy(x => x.r.SubjectCode).ThenBy(x => x.r.LevelCode).ThenBy(x => x.d.Order).ThenBy(x => x.th.Order).ThenBy(x => x.i.Order)
            .ThenBy(x => x.i.Id).ThenBy(x => x.ev.Date).ThenBy(x => x.ev.Id)
            .Select(x => new StudentReportRow(x.r.SubjectCode, x.r.Id, x.r.Method, x.r.Limit, x.r.Retroactivity, x.r.LevelCode, x.r.SynthesisMode,
                x.i.Id, x.i.Name, x.i.Coefficient, x.d.Code, x.d.Name, x.th.Order, x.th.Name, x.i.Order,
                x.ev.Date, x.ev.Id, x.ev.Description, x.e.Code))
            .AsNoTracking().ToListAsync(ct);
    }
}
