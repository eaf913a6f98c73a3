using Microsoft.EntityFrameworkCore;
using Sacoche.Competences.Infrastructure;
using Sacoche.ServiceDefaults.Security;

namespace Sacoche.Competences.Apis;

public sealed record SubjectResponse(string Code, string? BcnCode, string Name, string Origin);

public sealed record LevelResponse(string Code, string Name, string Ref, int Order, bool IsCycle, string MefMask);

public sealed record CreateSubjectRequest(string Code, string Name, string? BcnCode);

public static class SubjectsApi
{
    public const int MaxSubjectCodeLength = 10;

    public static RouteGroupBuilder MapSubjectsApi(this RouteGroupBuilder api)
    {
        // National subjects, then the establishment's (imported from STS or created locally; these win on code).
        api.MapGet("/subjects", async (CompetencesDbContext db, CancellationToken ct) =>
        {
            var national = await db.NationalSubjects.AsNoTracking().OrderBy(s => s.Name).ToListAsync(ct);
            var local = await db.Subjects.AsNoTracking().OrderBy(s => s.Name).ToListAsync(ct);
            var byCode = new Dictionary<string, SubjectResponse>(StringComparer.Ordinal);
            foreach (var s in national)
            {
                byCode[s.Code] = new SubjectResponse(s.Code, s.BcnCode, s.Name, "nationale");
            }
            foreach (var s in local)
            {
                byCode[s.Code] = new SubjectResponse(s.Code, s.BcnCode ?? (byCode.TryGetValue(s.Code, out var n) ? n.BcnCode : null), s.Name,
                    s.Imported ? "importée" : "établissement");
            }
            return TypedResults.Ok(byCode.Values.OrderBy(s => s.Name, StringComparer.CurrentCulture).ToList());
        });

        api.MapPost("/subjects", async (CreateSubjectRequest? body, CompetencesDbContext db, CurrentUser user, CancellationToken ct) =>
        {
            if (user.Profile != Profiles.Admin)
            {
                return Problems.Forbidden("Seul un administrateur peut créer une matière spécifique à l'établissement.");
            }
            var code = body?.Code?.Trim().ToUpperInvariant() ?? "";
            var name = body?.Name?.Trim() ?? "";
            var errors = new List<string>();
            if (code.Length is 0 or > MaxSubjectCodeLength || !code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                errors.Add($"Le code de la matière doit comporter de 1 à {MaxSubjectCodeLength} lettres, chiffres, tirets ou soulignés.");
            }
            if (name.Length is 0 or > 100)
            {
                errors.Add("Le nom de la matière doit comporter de 1 à 100 caractères.");
            }
            if (body?.BcnCode is { Length: > 0 } bcn && (bcn.Length != 6 || !bcn.All(char.IsAsciiDigit)))
            {
                errors.Add("Le code BCN doit comporter 6 chiffres.");
            }
            if (errors.Count > 0)
            {
                return Problems.Validation(errors);
            }
            if (await db.Subjects.AnyAsync(s => s.Code == code, ct) || await db.NationalSubjects.AnyAsync(s => s.Code == code, ct))
            {
                return Problems.Conflict("matiere-existante", $"Une matière de code « {code} » existe déjà.");
            }
            var subject = new Subject { EstablishmentId = user.EstablishmentId!.Value, Code = code, Name = name, BcnCode = body!.BcnCode, Imported = false };
            db.Subjects.Add(subject);
            await db.SaveChangesAsync(ct);
            return TypedResults.Created($"/api/competences/subjects/{code}", new SubjectResponse(code, subject.BcnCode, name, "établissement"));
        });

        api.MapGet("/levels", async (CompetencesDbContext db, CancellationToken ct) =>
            TypedResults.Ok(await db.Levels.AsNoTracking().OrderBy(l => l.Order)
                .Select(l => new LevelResponse(l.Code, l.Name, l.Ref, l.Order, l.IsCycle, l.MefMask)).ToListAsync(ct)));
        return api;
    }

    /// <summary>Whether a subject code is known (national or of the establishment).</summary>
    public static async Task<bool> SubjectExistsAsync(CompetencesDbContext db, string code, CancellationToken ct) =>
        await db.Subjects.AnyAsync(s => s.Code == code, ct) || await db.NationalSubjects.AnyAsync(s => s.Code == code, ct);
}
