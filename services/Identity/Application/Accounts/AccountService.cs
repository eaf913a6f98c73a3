using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Sacoche.Common.Results;
using Sacoche.Identity.Application.Audit;
using Sacoche.Identity.Application.SignIn;
using Sacoche.Identity.Domain;
using Sacoche.Identity.Domain.Cas;
using Sacoche.Identity.Infrastructure;
using Sacoche.ServiceDefaults.Csv;
using Sacoche.ServiceDefaults.Security;

namespace Sacoche.Identity.Application.Accounts;

/// <summary>
/// The accounts of the caller's establishment (administrators; the endpoints check the profile) and
/// the protection of the passwords not hashed yet.
/// </summary>
public sealed class AccountService(IdentityDbContext db, IDataProtectionProvider protection, IPasswordHasher<Account> hasher, TimeProvider clock, CurrentUser user)
{
    private const string NotFound = "Utilisateur introuvable dans cet établissement.";

    private readonly IDataProtector _protector = protection.CreateProtector(PasswordHasherWorker.Purpose);

    public string ProtectPassword(string password) => _protector.Protect(password);

    public string UnprotectPassword(string protectedPassword) => _protector.Unprotect(protectedPassword);

    public async Task<Result<MeResponse>> MeAsync(CancellationToken ct)
    {
        var establishment = user.EstablishmentId is { } b ? await db.Establishments.AsNoTracking().FirstOrDefaultAsync(e => e.BaseId == b, ct) : null;
        return new MeResponse(user.UserId?.ToString() ?? "", user.EstablishmentId, user.Profile, user.Name, establishment?.Name, establishment?.Uai,
            establishment is null ? null : establishment.Mode == ConnectionMode.Cas ? "cas" : "normal");
    }

    /// <summary>Accounts by name, filtered by profile and by a search on names, login and ENT id (paged as every list, docs/conventions.md).</summary>
    public async Task<Result<PagedList<AccountView>>> ListAsync(string? profile, string? q, int? page, int? pageSize, CancellationToken ct)
    {
        var query = Scoped().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(profile)) { query = query.Where(a => a.Profile == profile.ToUpperInvariant()); }
        if (!string.IsNullOrWhiteSpace(q))
        {
            var pattern = "%" + q.Trim().Replace("%", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal) + "%";
            query = query.Where(a => EF.Functions.ILike(a.LastName, pattern) || EF.Functions.ILike(a.FirstName, pattern)
                || EF.Functions.ILike(a.Login, pattern) || (a.EntId != null && EF.Functions.ILike(a.EntId, pattern)));
        }
        var paging = PageRequest.Of(page, pageSize);
        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(a => a.LastName).ThenBy(a => a.FirstName).Skip(paging.Skip).Take(paging.PageSize)
            .Select(a => new AccountView(a.Id, a.Profile, a.LastName, a.FirstName, a.Login, a.EntId, a.ExitDate, a.CredentialsDelivered, a.LastSignInAt))
            .ToListAsync(ct);
        return new PagedList<AccountView>(items, paging.Page, paging.PageSize, total);
    }

    public async Task<Result<AccountView>> SetEntIdAsync(Guid id, SetEntIdRequest request, CancellationToken ct)
    {
        var account = await Scoped().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (account is null) { return Error.NotFound(NotFound); }
        var entId = string.IsNullOrWhiteSpace(request.EntId) ? null : request.EntId.Trim();
        if (entId is { Length: > 100 }) { return Error.Invalid("entId", "L'identifiant ENT ne peut dépasser 100 caractères."); }
        var normalized = entId is null ? null : IdEntComparer.Normalize(entId);
        if (normalized is not null && await Scoped().AnyAsync(a => a.EntIdNormalized == normalized && a.Id != id, ct))
        {
            return EntIdTaken(entId!);
        }
        var changed = !string.Equals(account.EntId, entId, StringComparison.Ordinal);
        account.EntId = entId;
        account.EntIdNormalized = normalized;
        if (changed)
        {
            AuditService.Record(db, user, clock.GetUtcNow(), AuditActions.EntIdSet, account);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // Given to another account at the same moment: the unique index decided.
            return EntIdTaken(entId!);
        }
        return new AccountView(account.Id, account.Profile, account.LastName, account.FirstName, account.Login, account.EntId, account.ExitDate, account.CredentialsDelivered,
            account.LastSignInAt);
    }

    public async Task<Result<PasswordReset>> ResetPasswordAsync(Guid id, CancellationToken ct)
    {
        var account = await Scoped().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (account is null) { return Error.NotFound(NotFound); }
        var password = Credentials.NewPassword();
        // Hashed in the background like every new password; usable at once through the pending copy.
        account.PasswordHash = null;
        account.PendingPassword = ProtectPassword(password);
        account.CredentialsDelivered = true;
        // Whoever knew the old password (or holds a session opened with it) is out.
        SessionRevocation.RevokeAccount(db, account, clock.GetUtcNow(), "password-reset");
        AuditService.Record(db, user, clock.GetUtcNow(), AuditActions.PasswordReset, account);
        await db.SaveChangesAsync(ct);
        return new PasswordReset(account.Id, account.Login, password);
    }

    public const int MinPasswordLength = 8;
    public const int MaxPasswordLength = 128;

    /// <summary>
    /// The caller changes his own password: the current one is required, the new one follows the strength rule; the
    /// session he is in stays open (nothing is revoked: he proved he knows the password).
    /// </summary>
    public async Task<Result> ChangeOwnPasswordAsync(OwnPasswordChange? body, CancellationToken ct)
    {
        var account = user.UserId is { } me ? await Scoped().FirstOrDefaultAsync(a => a.Id == me, ct) : null;
        if (account is null)
        {
            return Error.Forbidden("Seul un utilisateur d'un établissement peut changer son mot de passe.");
        }
        string current = body?.CurrentPassword ?? "", next = body?.NewPassword ?? "";
        bool knows = account.PasswordHash is { } hash
            ? hasher.VerifyHashedPassword(account, hash, current) != PasswordVerificationResult.Failed
            : account.PendingPassword is { } pending && string.Equals(UnprotectPassword(pending), current, StringComparison.Ordinal);
        if (!knows)
        {
            return Error.Invalid("currentPassword", "Le mot de passe actuel est incorrect.");
        }
        if (StrengthProblem(next, current, account.Login) is { } weak)
        {
            return Error.Invalid("newPassword", weak);
        }
        account.PasswordHash = hasher.HashPassword(account, next);
        account.PendingPassword = null;
        await db.SaveChangesAsync(ct);
        return Result.Success;
    }

    /// <summary>The strength rule of a chosen password, in French (null when it passes).</summary>
    public static string? StrengthProblem(string password, string current, string login)
    {
        if (password.Length < MinPasswordLength)
        {
            return $"Le nouveau mot de passe doit compter au moins {MinPasswordLength} caractères.";
        }
        if (password.Length > MaxPasswordLength)
        {
            return $"Le nouveau mot de passe ne peut dépasser {MaxPasswordLength} caractères.";
        }
        if (!password.Any(char.IsLetter) || !password.Any(c => !char.IsLetter(c)))
        {
            return "Le nouveau mot de passe doit mêler des lettres et au moins un chiffre ou un autre signe.";
        }
        if (string.Equals(password, current, StringComparison.Ordinal))
        {
            return "Le nouveau mot de passe doit être différent de l'actuel.";
        }
        if (password.Contains(login, StringComparison.OrdinalIgnoreCase))
        {
            return "Le nouveau mot de passe ne doit pas contenir votre identifiant.";
        }
        return null;
    }

    /// <summary>
    /// New accounts' credentials as CSV (UTF-8 with BOM, « ; »), delivered once: a second call
    /// returns only accounts created since.
    /// </summary>
    public async Task<Result<CredentialsFile>> NewCredentialsAsync(CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var pending = await Scoped().Where(a => !a.CredentialsDelivered && a.PendingPassword != null)
            .OrderBy(a => a.Profile).ThenBy(a => a.LastName).ThenBy(a => a.FirstName).ToListAsync(ct);
        var csv = new StringBuilder("Profil;Nom;Prénom;Identifiant;Mot de passe\r\n");
        foreach (var a in pending)
        {
            csv.Append(Cell(a.Profile)).Append(';').Append(Cell(a.LastName)).Append(';').Append(Cell(a.FirstName)).Append(';')
               .Append(Cell(a.Login)).Append(';').Append(Cell(UnprotectPassword(a.PendingPassword!))).Append("\r\n");
            a.CredentialsDelivered = true;
            if (a.PasswordHash is not null)
            {
                a.PendingPassword = null;
            }
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray();
        return new CredentialsFile(bytes, string.Create(CultureInfo.InvariantCulture, $"identifiants-nouveaux-{clock.GetUtcNow():yyyyMMdd-HHmm}.csv"));
    }

    private IQueryable<Account> Scoped() => db.Accounts.Where(a => a.EstablishmentId == user.EstablishmentId);

    private static Error EntIdTaken(string entId) =>
        Error.Of(ErrorCodes.EntIdTaken, $"L'identifiant ENT « {entId} » est déjà attribué à un autre utilisateur de l'établissement.");

    // Passwords come from a formula-free alphabet (Credentials); names and logins are neutralised.
    private static string Cell(string value) => CsvCells.Escape(value);
}
