using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sacoche.Common.Results;
using Sacoche.Contracts;
using Sacoche.Identity.Application.SignIn;
using Sacoche.Identity.Domain;
using Sacoche.Identity.Domain.Cas;
using Sacoche.Identity.Extensions;
using Sacoche.Identity.Infrastructure;
using Sacoche.People.Ent;
using Sacoche.ServiceDefaults.Messaging;
using Sacoche.ServiceDefaults.Security;

namespace Sacoche.Identity.Application.Establishments;

/// <summary>
/// Establishments and how their users sign in. Who may call what (the operator, or an establishment's
/// administrator for their own) is checked by the endpoints' filters; only what depends on the request
/// (who may reactivate) is checked here.
/// </summary>
public sealed class EstablishmentsService(IdentityDbContext db, IPasswordHasher<Account> hasher, EntConnectors catalog,
    IOptions<IdentityServiceOptions> options, TimeProvider clock, CurrentUser user)
{
    public const string NotFound = "Établissement introuvable.";
    private const string NameRule = "Le nom de l'établissement est obligatoire (200 caractères au plus).";

    public async Task<Result<IReadOnlyList<EstablishmentView>>> ListAsync(CancellationToken ct) =>
        await db.Establishments.AsNoTracking().OrderBy(e => e.BaseId).Select(e => EstablishmentView.Of(e)).ToListAsync(ct);

    public async Task<Result<EstablishmentView>> GetAsync(int baseId, CancellationToken ct) =>
        await db.Establishments.FindAsync([baseId], ct) is { } e ? EstablishmentView.Of(e) : Error.NotFound(NotFound);

    /// <summary>Opens an establishment with its administrator account (login « admin », a new password) and tells the other services.</summary>
    public async Task<Result<EstablishmentCreated>> CreateAsync(CreateEstablishmentRequest request, CancellationToken ct)
    {
        var uai = request.Uai?.Trim().ToUpperInvariant();
        if (!Establishment.IsValidUai(uai))
        {
            return Error.Invalid("uai", "Le numéro UAI doit comporter 7 chiffres suivis d'une lettre (exemple : 0341234A).");
        }
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200)
        {
            return Error.Invalid("name", NameRule);
        }
        if (await db.Establishments.AnyAsync(e => e.Uai == uai, ct))
        {
            return Error.Of(ErrorCodes.UaiTaken, $"Un établissement avec l'UAI {uai} existe déjà.");
        }
        var now = clock.GetUtcNow();
        var establishment = new Establishment
        {
            Uai = uai!,
            Name = request.Name.Trim(),
            ContactName = request.ContactName?.Trim(),
            ContactEmail = request.ContactEmail?.Trim(),
            CreatedAt = now,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Establishments.Add(establishment);
        await db.SaveChangesAsync(ct);

        var password = Credentials.NewPassword(12);
        var admin = new Account
        {
            EstablishmentId = establishment.BaseId,
            Id = Guid.CreateVersion7(),
            Profile = Profiles.Admin,
            LastName = request.ContactName?.Trim() is { Length: > 0 } contact ? contact : "Administrateur",
            FirstName = "",
            Login = "admin",
            CreatedAt = now,
            CredentialsDelivered = true,
        };
        admin.PasswordHash = hasher.HashPassword(admin, password);
        db.Accounts.Add(admin);
        db.AddOutboxMessage(new EstablishmentRegistered(establishment.BaseId, establishment.Uai, establishment.Name, now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new EstablishmentCreated(establishment.BaseId, establishment.Uai, establishment.Name, admin.Login, password);
    }

    /// <summary>Name, contacts, login template; <c>active</c> only by the operator (deactivating ends the open sessions).</summary>
    public async Task<Result<EstablishmentView>> UpdateAsync(int baseId, UpdateEstablishmentRequest request, CancellationToken ct)
    {
        var e = await db.Establishments.FindAsync([baseId], ct);
        if (e is null) { return Error.NotFound(NotFound); }
        if (request.Name is { } name)
        {
            if (string.IsNullOrWhiteSpace(name) || name.Length > 200) { return Error.Invalid("name", NameRule); }
            e.Name = name.Trim();
        }
        if (request.LoginTemplate is { } template)
        {
            if (!template.Contains('n', StringComparison.Ordinal) || template.Length > 30)
            {
                return Error.Invalid("loginTemplate", "Le modèle d'identifiant doit contenir au moins une lettre « n » (nom) et 30 caractères au plus.");
            }
            e.LoginTemplate = template;
        }
        e.ContactName = request.ContactName ?? e.ContactName;
        e.ContactEmail = request.ContactEmail ?? e.ContactEmail;
        if (request.Active is { } active)
        {
            if (!user.IsWebmaster) { return Error.Forbidden(); }
            if (e.Active && !active)
            {
                SessionRevocation.RevokeEstablishment(db, e.BaseId, clock.GetUtcNow(), "establishment-deactivated");
            }
            e.Active = active;
        }
        await db.SaveChangesAsync(ct);
        return EstablishmentView.Of(e);
    }

    /// <summary>Deactivation: data kept, sign-in refused, open sessions ended.</summary>
    public async Task<Result> DeactivateAsync(int baseId, CancellationToken ct)
    {
        var e = await db.Establishments.FindAsync([baseId], ct);
        if (e is null) { return Error.NotFound(NotFound); }
        if (e.Active)
        {
            e.Active = false;
            SessionRevocation.RevokeEstablishment(db, baseId, clock.GetUtcNow(), "establishment-deactivated");
        }
        await db.SaveChangesAsync(ct);
        return Result.Success;
    }

    public async Task<Result<ConnectionSettings>> GetConnectionAsync(int baseId, CancellationToken ct) =>
        await db.Establishments.FindAsync([baseId], ct) is { } e ? ConnectionSettings.Of(e) : Error.NotFound(NotFound);

    /// <summary>« normal » or « cas »; a catalog connector fills host/port/root, explicit values override it.</summary>
    public async Task<Result<ConnectionSettings>> UpdateConnectionAsync(int baseId, ConnectionSettings request, CancellationToken ct)
    {
        var e = await db.Establishments.FindAsync([baseId], ct);
        if (e is null) { return Error.NotFound(NotFound); }
        var mode = request.Mode?.Trim().ToLowerInvariant();
        if (mode is not ("normal" or "cas"))
        {
            return Error.Invalid("mode", "Le mode de connexion doit être « normal » (identifiants Sacoche) ou « cas » (ENT).");
        }
        if (mode == "normal")
        {
            e.Mode = ConnectionMode.Normal;
            await db.SaveChangesAsync(ct);
            return ConnectionSettings.Of(e);
        }

        EntConnector? connector = null;
        var connectorName = string.IsNullOrWhiteSpace(request.Connector) ? "perso" : request.Connector.Trim();
        if (connectorName != "perso" && !catalog.TryGet(connectorName, out connector))
        {
            return Error.Invalid("connector", $"Connecteur ENT « {connectorName} » inconnu : choisissez-le dans la liste ou « perso » pour une configuration manuelle.");
        }
        var host = request.CasHost?.Trim() is { Length: > 0 } h ? h : connector?.Host;
        if (host is not null && host.StartsWith("*.", StringComparison.Ordinal))
        {
            return Error.Invalid("casHost", $"Ce connecteur utilise un sous-domaine propre à chaque établissement : indiquez l'adresse complète du serveur CAS (modèle {host}).");
        }
        var allowHttp = options.Value.Cas.AllowHttp;
        if (request.VerifyTls == false && !allowHttp)
        {
            return new Error(ErrorCodes.Validation,
                "La vérification du certificat du serveur CAS ne peut pas être désactivée sur cette installation (réservé aux installations de test : Identity:Cas:AllowHttp).",
                new Dictionary<string, string[]> { ["verifyTls"] = ["La vérification du certificat TLS est obligatoire."] });
        }
        var scheme = string.Equals(request.CasScheme, "http", StringComparison.OrdinalIgnoreCase) ? CasUrlScheme.Http : CasUrlScheme.Https;
        var settings = new CasServerSettings(host, request.CasPort ?? connector?.Port ?? 443, request.CasRoot ?? connector?.Root,
            request.CasLoginUrl ?? connector?.UrlLogin, request.CasValidateUrl ?? connector?.UrlValidate, request.CasLogoutUrl ?? connector?.UrlLogout,
            request.CasProtocol ?? "3.0", request.VerifyTls ?? true, scheme, allowHttp);
        if (request.CasProtocol is not (null or "3.0" or "2.0"))
        {
            return Error.Invalid("casProtocol", "La version du protocole CAS doit être « 3.0 » ou « 2.0 ».");
        }
        if (settings.Validate() is { Count: > 0 } errors)
        {
            // The settings' fields, named as in the request (host → casHost…).
            return new Error(ErrorCodes.Validation, string.Join(" ", errors.Select(x => x.Message)),
                errors.GroupBy(x => RequestField(x.Field)).ToDictionary(g => g.Key, g => g.Select(x => x.Message).ToArray()));
        }
        e.Mode = ConnectionMode.Cas;
        e.CasConnector = connectorName;
        e.CasHost = settings.Host;
        e.CasPort = settings.Port;
        e.CasRoot = settings.Root;
        e.CasLoginUrl = settings.LoginUrlOverride;
        e.CasValidateUrl = settings.ValidateUrlOverride;
        e.CasLogoutUrl = settings.LogoutUrlOverride;
        e.CasProtocol = settings.Protocol;
        e.CasVerifyTls = settings.VerifyTls;
        e.CasScheme = scheme == CasUrlScheme.Http ? "http" : "https";
        await db.SaveChangesAsync(ct);
        return ConnectionSettings.Of(e);
    }

    public Result<IReadOnlyList<EntConnectorView>> Connectors() => catalog.All
        .Select(c => new EntConnectorView(c.Connector, c.Department, c.Label, c.Vendor, c.CsvFormat, c.Host, c.Port, c.Root,
            c.UrlLogin, c.UrlLogout, c.UrlValidate, c.RequiresSchoolSubdomain))
        .ToList();

    private static string RequestField(string field) => field switch
    {
        CasServerSettings.HostField => "casHost",
        CasServerSettings.PortField => "casPort",
        CasServerSettings.RootField => "casRoot",
        CasServerSettings.LoginUrlField => "casLoginUrl",
        CasServerSettings.ValidateUrlField => "casValidateUrl",
        CasServerSettings.LogoutUrlField => "casLogoutUrl",
        CasServerSettings.ProtocolField => "casProtocol",
        CasServerSettings.SchemeField => "casScheme",
        _ => field,
    };
}
