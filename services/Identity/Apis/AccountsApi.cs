using System.Text;
using Microsoft.EntityFrameworkCore;
using Sacoche.Identity.Domain;
using Sacoche.Identity.Domain.Cas;
using Sacoche.Identity.Infrastructure;
using Sacoche.ServiceDefaults.Security;

namespace Sacoche.Identity.Apis;

public sealed record AccountView(Guid Id, string Profile, string LastName, string FirstName, string Login, string? EntId, DateOnly? ExitDate, bool CredentialsDelivered);
public sealed record SetEntIdRequest(string? EntId);
public sealed record PasswordReset(Guid Id, string Login, string Password);

public static class AccountsApi
{
    public static RouteGroupBuilder MapAccountsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/me", async (CurrentUser user, IdentityDbContext db, CancellationToken ct) =>
        {
            var establishment = user.EstablishmentId is { } b ? await db.Establishments.AsNoTracking().FirstOrDefaultAsync(e => e.BaseId == b, ct) : null;
            return Results.Ok(new
            {
                sub = user.UserId?.ToString() ?? "", @base = user.EstablishmentId, profile = user.Profile, name = user.Name,
                establishmentName = establishment?.Name, uai = establishment?.Uai,
                mode = establishment is null ? null : establishment.Mode == ConnectionMode.Cas ? "cas" : "normal",
            });
        });
        api.MapGet("/accounts", ListAsync);
        api.MapPut("/accounts/{id:guid}/ent-id", SetEntIdAsync);
        api.MapPost("/accounts/{id:guid}/password", ResetPasswordAsync);
        api.MapGet("/credentials/new", NewCredentialsAsync);
        return api;
    }

    private static IQueryable<Account> Scoped(IdentityDbContext db, CurrentUser user) =>
        db.Accounts.Where(a => a.EstablishmentId == user.EstablishmentId);

    private static async Task<IResult> ListAsync(string? profile, string? q, int? page, int? pageSize, CurrentUser user, IdentityDbContext db, CancellationToken ct)
    {
        if (!user.IsAdmin) { return Problems.Forbidden(); }
        var query = Scoped(db, user).AsNoTracking();
        if (!string.IsNullOrWhiteSpace(profile)) { query = query.Where(a => a.Profile == profile.ToUpperInvariant()); }
        if (!string.IsNullOrWhiteSpace(q))
        {
            var pattern = "%" + q.Trim().Replace("%", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal) + "%";
            query = query.Where(a => EF.Functions.ILike(a.LastName, pattern) || EF.Functions.ILike(a.FirstName, pattern)
                || EF.Functions.ILike(a.Login, pattern) || (a.EntId != null && EF.Functions.ILike(a.EntId, pattern)));
        }
        var size = Math.Clamp(pageSize ?? 100, 1, 1000);
        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(a => a.LastName).ThenBy(a => a.FirstName).Skip((Math.Max(page ?? 1, 1) - 1) * size).Take(size)
            .Select(a => new AccountView(a.Id, a.Profile, a.LastName, a.FirstName, a.Login, a.EntId, a.ExitDate, a.CredentialsDelivered))
            .ToListAsync(ct);
        return Results.Ok(new { total, items });
    }

    private static async Task<IResult> SetEntIdAsync(Guid id, SetEntIdRequest request, CurrentUser user, IdentityDbContext db, CancellationToken ct)
    {
        if (!user.IsAdmin) { return Problems.Forbidden(); }
        var account = await Scoped(db, user).FirstOrDefaultAsync(a => a.Id == id, ct);
        if (account is null) { return Problems.NotFound("Utilisateur introuvable dans cet établissement."); }
        var entId = string.IsNullOrWhiteSpace(request.EntId) ? null : request.EntId.Trim();
        if (entId is { Length: > 100 }) { return Problems.Invalid("L'identifiant ENT ne peut dépasser 100 caractères."); }
        var normalized = entId is null ? null : IdEntComparer.Normalize(entId);
        if (normalized is not null && await Scoped(db, user).AnyAsync(a => a.EntIdNormalized == normalized && a.Id != id, ct))
        {
            return Problems.Of(409, "ent-id-taken", "Identifiant ENT déjà utilisé", $"L'identifiant ENT « {entId} » est déjà attribué à un autre utilisateur de l'établissement.");
        }
        account.EntId = entId;
        account.EntIdNormalized = normalized;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // Given to another account at the same moment: the unique index decided.
            return Problems.Of(409, "ent-id-taken", "Identifiant ENT déjà utilisé", $"L'identifiant ENT « {entId} » est déjà attribué à un autre utilisateur de l'établissement.");
        }
        return Results.Ok(new AccountView(account.Id, account.Profile, account.LastName, account.FirstName, account.Login, account.EntId, account.ExitDate, account.CredentialsDelivered));
    }

    private static async Task<IResult> ResetPasswordAsync(Guid id, CurrentUser user, IdentityDbContext db, AccountService accounts, CancellationToken ct)
    {
        if (!user.IsAdmin) { return Problems.Forbidden(); }
        var account = await Scoped(db, user).FirstOrDefaultAsync(a => a.Id == id, ct);
        if (account is null) { return Problems.NotFound("Utilisateur introuvable dans cet établissement."); }
        var password = Credentials.NewPassword();
        // Hashed in the background like every new password; usable at once through the pending copy.
        account.PasswordHash = null;
        account.PendingPassword = accounts.ProtectPassword(password);
        account.CredentialsDelivered = true;
        // Whoever knew the old password (or holds a session opened with it) is out.
        SessionRevocation.RevokeAccount(db, account, accounts.Now, "password-reset");
        await db.SaveChangesAsync(ct);
        return Results.Ok(new PasswordReset(account.Id, account.Login, password));
    }

    /// <summary>
    /// New accounts' credentials as CSV (UTF-8 with BOM, « ; »), delivered once: a second call
    /// returns only accounts created since.
    /// </summary>
    private static async Task<IResult> NewCredentialsAsync(CurrentUser user, IdentityDbContext db, AccountService accounts, CancellationToken ct)
    {
        if (!user.IsAdmin) { return Problems.Forbidden(); }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var pending = await Scoped(db, user).Where(a => !a.CredentialsDelivered && a.PendingPassword != null)
            .OrderBy(a => a.Profile).ThenBy(a => a.LastName).ThenBy(a => a.FirstName).ToListAsync(ct);
        var csv = new StringBuilder("Profil;Nom;Prénom;Identifiant;Mot de passe\r\n");
        foreach (var a in pending)
        {
            csv.Append(Cell(a.Profile)).Append(';').Append(Cell(a.LastName)).Append(';').Append(Cell(a.FirstName)).Append(';')
               .Append(Cell(a.Login)).Append(';').Append(Cell(accounts.UnprotectPassword(a.PendingPassword!))).Append("\r\n");
            a.CredentialsDelivered = true;
            if (a.PasswordHash is not null)
            {
                a.PendingPassword = null;
            }
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray();
        return Results.File(bytes, "text/csv; charset=utf-8", $"identifiants-nouveaux-{DateTime.UtcNow:yyyyMMdd-HHmm}.csv");
    }

    // Passwords come from a formula-free alphabet (Credentials); names and logins are neutralised.
    private static string Cell(string value) => Sacoche.ServiceDefaults.Csv.CsvCells.Escape(value);
}
