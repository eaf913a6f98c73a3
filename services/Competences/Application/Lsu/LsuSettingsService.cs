using Microsoft.EntityFrameworkCore;
using Sacoche.Common.Results;
using Sacoche.Competences.Infrastructure;
using Sacoche.ServiceDefaults.Security;

namespace Sacoche.Competences.Application.Lsu;

/// <summary>The LSU settings: the « responsable d'établissement » whose name goes into the file (chosen, else the only direction member).</summary>
public sealed class LsuSettingsService(CompetencesDbContext db, Access access, TimeProvider clock)
{
    public const int MaxHeadLength = 100;

    public async Task<Result<LsuSettingsResponse>> GetAsync(CancellationToken ct) => await ReadAsync(ct);

    /// <summary>Names the head (1–100 characters, trimmed), or goes back to the automatic choice (null or empty).</summary>
    public async Task<Result<LsuSettingsResponse>> PutAsync(LsuSettingsRequest? body, CancellationToken ct)
    {
        if (body is null)
        {
            return Error.Invalid("", "Le corps de la requête est vide : headOfEstablishment est attendu (null pour revenir au choix automatique).");
        }
        string? head = string.IsNullOrWhiteSpace(body.HeadOfEstablishment) ? null : body.HeadOfEstablishment.Trim();
        if (head is { Length: > MaxHeadLength })
        {
            return Error.Invalid("headOfEstablishment", $"Le nom du responsable d'établissement est trop long ({head.Length} caractères, {MaxHeadLength} au plus).");
        }
        var row = await db.LsuSettings.FirstOrDefaultAsync(ct);
        if (row is null)
        {
            row = new LsuSettings { EstablishmentId = access.EstablishmentId };
            db.LsuSettings.Add(row);
        }
        row.HeadOfEstablishment = head;
        row.ChangedBy = access.UserId;
        row.ChangedAt = clock.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // Another request created the row at the same time: write over it.
            db.ChangeTracker.Clear();
            await db.LsuSettings.ExecuteUpdateAsync(s => s.SetProperty(r => r.HeadOfEstablishment, head)
                .SetProperty(r => r.ChangedBy, access.UserId).SetProperty(r => r.ChangedAt, clock.GetUtcNow()), ct);
        }
        return await ReadAsync(ct);
    }

    internal async Task<LsuSettingsResponse> ReadAsync(CancellationToken ct)
    {
        var chosen = await db.LsuSettings.AsNoTracking().Select(s => s.HeadOfEstablishment).FirstOrDefaultAsync(ct);
        // Direction members still in post (a retired head is no candidate).
        var today = DateOnly.FromDateTime(clock.GetLocalNow().Date);
        List<string> candidates = [.. (await db.Users.AsNoTracking().Where(u => u.Profile == Profiles.Direction && (u.ExitDate == null || u.ExitDate > today))
                .OrderBy(u => u.LastName).ThenBy(u => u.FirstName).ThenBy(u => u.UserId).Select(u => new { u.LastName, u.FirstName }).ToListAsync(ct))
            .Select(u => Name(u.LastName, u.FirstName)).Distinct(StringComparer.Ordinal)];
        string? effective = chosen ?? (candidates.Count == 1 ? candidates[0] : null);
        return new LsuSettingsResponse(chosen, effective, candidates);
    }

    /// <summary>« NOM Prénom », at most 100 characters (the schema's NomPrenom).</summary>
    internal static string Name(string lastName, string firstName)
    {
        var name = $"{lastName.Trim().ToUpperInvariant()} {firstName.Trim()}".Trim();
        return name.Length > MaxHeadLength ? name[..MaxHeadLength].TrimEnd() : name;
    }
}
