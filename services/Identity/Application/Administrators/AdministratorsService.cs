using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Sacoche.Common.Results;
using Sacoche.Common.Security;
using Sacoche.Identity.Application.Accounts;
using Sacoche.Identity.Application.Audit;
using Sacoche.Identity.Application.SignIn;
using Sacoche.Identity.Domain;
using Sacoche.Identity.Infrastructure;
using Sacoche.ServiceDefaults.Security;

namespace Sacoche.Identity.Application.Administrators;

/// <summary>
/// The administrators of the caller's establishment (administrators only; the endpoints check the
/// profile): list, create, disable and re-enable. The establishment always keeps one active
/// administrator; an administrator may disable himself while another active one remains. Every
/// action is audited.
/// </summary>
public sealed partial class AdministratorsService(IdentityDbContext db, IPasswordHasher<Account> hasher, TimeProvider clock, CurrentUser user)
{
    private const string NotFound = "Administrateur introuvable dans cet établissement.";
    public const int MaxNameLength = 100;
    public const int MaxLoginLength = 100;

    public async Task<Result<IReadOnlyList<AdministratorView>>> ListAsync(CancellationToken ct) =>
        await Scoped().AsNoTracking().OrderBy(a => a.LastName).ThenBy(a => a.FirstName).ThenBy(a => a.Login)
            .Select(a => new AdministratorView(a.Id, a.Login, a.LastName, a.FirstName, a.DisabledAt == null, a.CreatedAt, a.LastSignInAt))
            .ToListAsync(ct);

    /// <summary>A new administrator with a generated password (hashed at once: a rare action), returned once.</summary>
    public async Task<Result<AdministratorCreated>> CreateAsync(CreateAdministratorRequest? request, CancellationToken ct)
    {
        var login = (request?.Login ?? "").Trim().ToLowerInvariant();
        var lastName = (request?.LastName ?? "").Trim();
        var firstName = (request?.FirstName ?? "").Trim();
        var errors = new Dictionary<string, string[]>();
        if (login.Length is 0 or > MaxLoginLength || !LoginPattern().IsMatch(login))
        {
            errors["login"] = [$"L'identifiant est obligatoire ({MaxLoginLength} caractères au plus) : lettres sans accent, chiffres, points, tirets ou soulignés, en commençant par une lettre ou un chiffre."];
        }
        if (lastName.Length is 0 or > MaxNameLength)
        {
            errors["lastName"] = [$"Le nom est obligatoire ({MaxNameLength} caractères au plus)."];
        }
        if (firstName.Length is 0 or > MaxNameLength)
        {
            errors["firstName"] = [$"Le prénom est obligatoire ({MaxNameLength} caractères au plus)."];
        }
        if (errors.Count > 0)
        {
            return Error.Invalid(errors);
        }
        if (user.EstablishmentId is not { } baseId)
        {
            return Error.Forbidden();
        }
        if (await db.Accounts.AnyAsync(a => a.EstablishmentId == baseId && a.Login == login, ct))
        {
            return LoginTaken(login);
        }
        var now = clock.GetUtcNow();
        string password;
        do
        {
            password = Credentials.NewPassword(12);
        }
        while (AccountService.StrengthProblem(password, "", login) is not null);
        var account = new Account
        {
            EstablishmentId = baseId,
            Id = Guid.CreateVersion7(),
            Profile = Profiles.Admin,
            LastName = lastName,
            FirstName = firstName,
            Login = login,
            CreatedAt = now,
            CredentialsDelivered = true,
        };
        account.PasswordHash = hasher.HashPassword(account, password);
        db.Accounts.Add(account);
        AuditService.Record(db, user, now, AuditActions.AdministratorCreated, account);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // Taken at the same moment (an import, another administrator): the unique index decided.
            return LoginTaken(login);
        }
        return new AdministratorCreated(account.Id, account.Login, password);
    }

    /// <summary>
    /// Disables (sign-in refused, sessions ended) or re-enables an administrator. The last active
    /// administrator stays active; the establishment's administrators are serialised by a lock so that
    /// two of them disabling each other at once cannot both succeed.
    /// </summary>
    public async Task<Result<AdministratorView>> UpdateAsync(Guid id, UpdateAdministratorRequest? request, CancellationToken ct)
    {
        if (request?.Active is not { } active)
        {
            return Error.Invalid("active", "Précisez « active » : true pour activer le compte, false pour le désactiver.");
        }
        if (user.EstablishmentId is not { } baseId)
        {
            return Error.NotFound(NotFound);
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await AccountLocks.LockAdministratorsAsync(db, baseId, ct);
        var account = await Scoped().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (account is null)
        {
            return Error.NotFound(NotFound);
        }
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var isActive = account.DisabledAt is null;
        if (isActive && !active)
        {
            var othersActive = await Scoped().Where(a => a.Id != id && a.DisabledAt == null && (a.ExitDate == null || a.ExitDate > today)).AnyAsync(ct);
            if (!othersActive)
            {
                return Error.Of(ErrorCodes.LastAdministrator,
                    $"« {account.Login} » est le dernier administrateur actif de l'établissement : créez ou réactivez d'abord un autre administrateur.");
            }
            account.DisabledAt = now;
            SessionRevocation.RevokeAccount(db, account, now, "account-disabled");
            AuditService.Record(db, user, now, AuditActions.AdministratorDisabled, account);
        }
        else if (!isActive && active)
        {
            account.DisabledAt = null;
            AuditService.Record(db, user, now, AuditActions.AdministratorEnabled, account);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new AdministratorView(account.Id, account.Login, account.LastName, account.FirstName, account.DisabledAt is null, account.CreatedAt, account.LastSignInAt);
    }

    private IQueryable<Account> Scoped() => db.Accounts.Where(a => a.EstablishmentId == user.EstablishmentId && a.Profile == Profiles.Admin);

    private static Error LoginTaken(string login) =>
        Error.Of(ErrorCodes.LoginTaken, $"L'identifiant « {login} » est déjà utilisé par un autre compte de l'établissement.");

    // Logins as the templates make them (Credentials.LoginFromTemplate): lower-case ASCII letters, digits, « . - _ ».
    [GeneratedRegex("^[a-z0-9][a-z0-9._-]*$")]
    private static partial Regex LoginPattern();
}
