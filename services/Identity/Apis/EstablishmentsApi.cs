using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sacoche.Contracts;
using Sacoche.Identity.Domain;
using Sacoche.Identity.Domain.Cas;
using Sacoche.Identity.Extensions;
using Sacoche.Identity.Infrastructure;
using Sacoche.People.Ent;
using Sacoche.ServiceDefaults.Messaging;
using Sacoche.ServiceDefaults.Security;

namespace Sacoche.Identity.Apis;

public sealed record CreateEstablishmentRequest(string? Uai, string? Name, string? ContactName, string? ContactEmail);
public sealed record UpdateEstablishmentRequest(string? Name, string? ContactName, string? ContactEmail, bool? Active, string? LoginTemplate);
public sealed record EstablishmentCreated(int BaseId, string Uai, string Name, string AdminLogin, string AdminPassword);
public sealed record EstablishmentView(int BaseId, string Uai, string Name, string? ContactName, string? ContactEmail, bool Active,
    string Mode, string LoginTemplate, DateTimeOffset CreatedAt)
{
    public static EstablishmentView Of(Establishment e) => new(e.BaseId, e.Uai, e.Name, e.ContactName, e.ContactEmail, e.Active,
        e.Mode == ConnectionMode.Cas ? "cas" : "normal", e.LoginTemplate, e.CreatedAt);
}

public sealed record ConnectionSettings(string? Mode, string? Connector, string? CasHost, int? CasPort, string? CasRoot,
    string? CasLoginUrl, string? CasValidateUrl, string? CasLogoutUrl, string? CasProtocol, bool? VerifyTls, string? CasScheme)
{
    public static ConnectionSettings Of(Establishment e) => new(e.Mode == ConnectionMode.Cas ? "cas" : "normal", e.CasConnector,
        e.CasHost, e.CasPort, e.CasRoot, e.CasLoginUrl, e.CasValidateUrl, e.CasLogoutUrl, e.CasProtocol, e.CasVerifyTls, e.CasScheme);
}

public static class EstablishmentsApi
{
    public static RouteGroupBuilder MapEstablishmentsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/establishments");
        group.MapPost("/", CreateAsync);
        group.MapGet("/", async (CurrentUser user, IdentityDbContext db, CancellationToken ct) => user.IsWebmaster
            ? Results.Ok(await db.Establishments.AsNoTracking().OrderBy(e => e.BaseId).Select(e => EstablishmentView.Of(e)).ToListAsync(ct))
            : Problems.Forbidden());
        group.MapGet("/{baseId:int}", async (int baseId, CurrentUser user, IdentityDbContext db, CancellationToken ct) =>
            !CanManage(user, baseId) ? Problems.NotFound("Établissement introuvable.")
            : await db.Establishments.FindAsync([baseId], ct) is { } e ? Results.Ok(EstablishmentView.Of(e)) : Problems.NotFound("Établissement introuvable."));
        group.MapPut("/{baseId:int}", UpdateAsync);
        group.MapDelete("/{baseId:int}", async (int baseId, CurrentUser user, IdentityDbContext db, TimeProvider clock, CancellationToken ct) =>
        {
            if (!user.IsWebmaster) { return Problems.Forbidden(); }
            var e = await db.Establishments.FindAsync([baseId], ct);
            if (e is null) { return Problems.NotFound("Établissement introuvable."); }
            if (e.Active)
            {
                e.Active = false; // deactivation: data kept, sign-in refused, open sessions ended
                SessionRevocation.RevokeEstablishment(db, baseId, clock.GetUtcNow(), "establishment-deactivated");
            }
            await db.SaveChangesAsync(ct);
            return Results.NoContent();
        });
        group.MapGet("/{baseId:int}/connection", async (int baseId, CurrentUser user, IdentityDbContext db, CancellationToken ct) =>
            !CanManage(user, baseId) ? Problems.NotFound("Établissement introuvable.")
            : await db.Establishments.FindAsync([baseId], ct) is { } e ? Results.Ok(ConnectionSettings.Of(e)) : Problems.NotFound("Établissement introuvable."));
        group.MapPut("/{baseId:int}/connection", UpdateConnectionAsync);
        api.MapGet("/ent-connectors", (EntConnectors catalog) => Results.Ok(catalog.All.Select(c => new
        {
            c.Connector, c.Department, c.Label, c.Vendor, c.CsvFormat, c.Host, c.Port, c.Root,
            loginUrl = c.UrlLogin, logoutUrl = c.UrlLogout, validateUrl = c.UrlValidate, c.RequiresSchoolSubdomain,
        })));
        return api;
    }

    /// <summary>The operator manages every establishment; an administrator only their own. Others see 404.</summary>
    internal static bool CanManage(CurrentUser user, int baseId) =>
        user.IsWebmaster || (user.IsAdmin && user.EstablishmentId == baseId);

    private static async Task<IResult> CreateAsync(CreateEstablishmentRequest request, CurrentUser user, IdentityDbContext db,
        AccountService accounts, IPasswordHasher<Account> hasher, TimeProvider clock, CancellationToken ct)
    {
        if (!user.IsWebmaster) { return Problems.Forbidden("Seul l'opérateur académique peut ouvrir un établissement."); }
        var uai = request.Uai?.Trim().ToUpperInvariant();
        if (!Establishment.IsValidUai(uai))
        {
            return Problems.Invalid("Le numéro UAI doit comporter 7 chiffres suivis d'une lettre (exemple : 0341234A).");
        }
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200)
        {
            return Problems.Invalid("Le nom de l'établissement est obligatoire (200 caractères au plus).");
        }
        if (await db.Establishments.AnyAsync(e => e.Uai == uai, ct))
        {
            return Problems.Of(409, "uai-taken", "UAI déjà utilisé", $"Un établissement avec l'UAI {uai} existe déjà.");
        }
        var now = clock.GetUtcNow();
        var establishment = new Establishment
        {
            Uai = uai!, Name = request.Name.Trim(), ContactName = request.ContactName?.Trim(), ContactEmail = request.ContactEmail?.Trim(), CreatedAt = now,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Establishments.Add(establishment);
        await db.SaveChangesAsync(ct);

        var password = Credentials.NewPassword(12);
        var admin = new Account
        {
            EstablishmentId = establishment.BaseId, Id = Guid.CreateVersion7(), Profile = Profiles.Admin,
            LastName = request.ContactName?.Trim() is { Length: > 0 } contact ? contact : "Administrateur", FirstName = "",
            Login = "admin", CreatedAt = now, CredentialsDelivered = true,
        };
        admin.PasswordHash = hasher.HashPassword(admin, password);
        db.Accounts.Add(admin);
        db.AddOutboxMessage(new EstablishmentRegistered(establishment.BaseId, establishment.Uai, establishment.Name, now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Results.Created($"/api/identity/establishments/{establishment.BaseId}",
            new EstablishmentCreated(establishment.BaseId, establishment.Uai, establishment.Name, admin.Login, password));
    }

    private static async Task<IResult> UpdateAsync(int baseId, UpdateEstablishmentRequest request, CurrentUser user, IdentityDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!CanManage(user, baseId)) { return Problems.NotFound("Établissement introuvable."); }
        var e = await db.Establishments.FindAsync([baseId], ct);
        if (e is null) { return Problems.NotFound("Établissement introuvable."); }
        if (request.Name is { } name)
        {
            if (string.IsNullOrWhiteSpace(name) || name.Length > 200) { return Problems.Invalid("Le nom de l'établissement est obligatoire (200 caractères au plus)."); }
            e.Name = name.Trim();
        }
        if (request.LoginTemplate is { } template)
        {
            if (!template.Contains('n', StringComparison.Ordinal) || template.Length > 30) { return Problems.Invalid("Le modèle d'identifiant doit contenir au moins une lettre « n » (nom) et 30 caractères au plus."); }
            e.LoginTemplate = template;
        }
        e.ContactName = request.ContactName ?? e.ContactName;
        e.ContactEmail = request.ContactEmail ?? e.ContactEmail;
        if (request.Active is { } active)
        {
            if (!user.IsWebmaster) { return Problems.Forbidden(); }
            if (e.Active && !active)
            {
                SessionRevocation.RevokeEstablishment(db, e.BaseId, clock.GetUtcNow(), "establishment-deactivated");
            }
            e.Active = active;
        }
        await db.SaveChangesAsync(ct);
        return Results.Ok(EstablishmentView.Of(e));
    }

    private static async Task<IResult> UpdateConnectionAsync(int baseId, ConnectionSettings request, CurrentUser user, IdentityDbContext db,
        EntConnectors catalog, IOptions<IdentityServiceOptions> options, CancellationToken ct)
    {
        if (!CanManage(user, baseId)) { return Problems.NotFound("Établissement introuvable."); }
        var e = await db.Establishments.FindAsync([baseId], ct);
        if (e is null) { return Problems.NotFound("Établissement introuvable."); }
        var mode = request.Mode?.Trim().ToLowerInvariant();
        if (mode is not ("normal" or "cas"))
        {
            return Problems.Invalid("Le mode de connexion doit être « normal » (identifiants Sacoche) ou « cas » (ENT).");
        }
        if (mode == "normal")
        {
            e.Mode = ConnectionMode.Normal;
            await db.SaveChangesAsync(ct);
            return Results.Ok(ConnectionSettings.Of(e));
        }

        // A catalog connector fills host/port/root; explicit values override it.
        EntConnector? connector = null;
        var connectorName = string.IsNullOrWhiteSpace(request.Connector) ? "perso" : request.Connector.Trim();
        if (connectorName != "perso" && !catalog.TryGet(connectorName, out connector))
        {
            return Problems.Invalid($"Connecteur ENT « {connectorName} » inconnu : choisissez-le dans la liste ou « perso » pour une configuration manuelle.");
        }
        var host = request.CasHost?.Trim() is { Length: > 0 } h ? h : connector?.Host;
        if (host is not null && host.StartsWith("*.", StringComparison.Ordinal))
        {
            return Problems.Invalid($"Ce connecteur utilise un sous-domaine propre à chaque établissement : indiquez l'adresse complète du serveur CAS (modèle {host}).");
        }
        if (request.VerifyTls == false && !options.Value.Cas.AllowHttp)
        {
            return Problems.Invalid("La vérification du certificat du serveur CAS ne peut pas être désactivée sur cette installation (réservé aux installations de test : Identity:Cas:AllowHttp).",
                new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string> { ["verifyTls"] = "La vérification du certificat TLS est obligatoire." } });
        }
        var scheme = string.Equals(request.CasScheme, "http", StringComparison.OrdinalIgnoreCase) ? CasUrlScheme.Http : CasUrlScheme.Https;
        var settings = new CasServerSettings(host, request.CasPort ?? connector?.Port ?? 443, request.CasRoot ?? connector?.Root,
            request.CasLoginUrl ?? connector?.UrlLogin, request.CasValidateUrl ?? connector?.UrlValidate, request.CasLogoutUrl ?? connector?.UrlLogout,
            request.CasProtocol ?? "3.0", request.VerifyTls ?? true, scheme, options.Value.Cas.AllowHttp);
        var errors = settings.Validate();
        if (request.CasProtocol is not (null or "3.0" or "2.0"))
        {
            return Problems.Invalid("La version du protocole CAS doit être « 3.0 » ou « 2.0 ».");
        }
        if (errors.Count > 0)
        {
            return Problems.Invalid(string.Join(" ", errors.Select(x => x.Message)),
                new Dictionary<string, object?> { ["errors"] = errors.ToDictionary(x => x.Field, x => x.Message) });
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
        return Results.Ok(ConnectionSettings.Of(e));
    }

    internal static CasServerSettings CasSettings(Establishment e, bool allowHttp) => new(e.CasHost, e.CasPort, e.CasRoot, e.CasLoginUrl,
        e.CasValidateUrl, e.CasLogoutUrl, e.CasProtocol, e.CasVerifyTls || !allowHttp, e.CasScheme == "http" ? CasUrlScheme.Http : CasUrlScheme.Https, allowHttp);
}
