using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sacoche.Identity.Domain;
using Sacoche.Identity.Domain.Cas;
using Sacoche.Identity.Extensions;
using Sacoche.Identity.Infrastructure;

namespace Sacoche.Identity.Apis;

/// <summary>
/// ENT single sign-on: <c>/?sso&amp;base=N</c> (and the other forms of docs/domain/sso.md) → the establishment's
/// CAS login → <c>/sso/callback</c> → ticket validated server-to-server → session → where the user
/// was going. Single sign-out: the ENT POSTs a logoutRequest to the same callback.
/// </summary>
public static class SsoEndpoints
{
    private static readonly Meter Meter = new("Sacoche.Identity");
    private static readonly Counter<long> SignIns = Meter.CreateCounter<long>("sacoche.signins", description: "Sign-ins by mode and outcome");
    private static readonly Histogram<double> CasLatency = Meter.CreateHistogram<double>("sacoche.cas.validation.duration", "ms");

    internal static void RecordSignIn(string mode, string outcome) => SignIns.Add(1, new("mode", mode), new("outcome", outcome));

    public static IEndpointRouteBuilder MapSsoEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", RootAsync);
        // The same entry under Identity's own path, for when the Web UI serves "/".
        app.MapGet("/sso/start", RootAsync);
        app.MapGet("/sso/callback", CallbackAsync);
        app.MapPost("/sso/callback", SingleLogoutAsync).DisableAntiforgery();
        return app;
    }

    /// <summary>
    /// Entry point. <c>?sso</c> forms start CAS; <c>?base=N</c> pre-selects the local sign-in;
    /// otherwise the welcome page (signed in) or the sign-in page.
    /// </summary>
    private static async Task<IResult> RootAsync(HttpContext http, IdentityDbContext db, IOptions<IdentityServiceOptions> options, CancellationToken ct)
    {
        var query = http.Request.Query;
        var returnUrl = LocalOrNull(query["returnUrl"]);
        if (query.ContainsKey("sso") || http.Request.Path.StartsWithSegments("/sso/start"))
        {
            var key = query["sso"].ToString() is { Length: > 0 } sso ? sso : query["base"].ToString();
            var establishment = await FindEstablishmentAsync(db, query["base"].ToString() is { Length: > 0 } b ? b : query["uai"].ToString() is { Length: > 0 } u ? u : key, ct);
            if (establishment is null)
            {
                return Html.Error("Établissement inconnu", "Aucun établissement ne correspond à cette adresse. Vérifiez le lien « Sacoche » de votre ENT (paramètre base=N ou uai=…).", 404);
            }
            if (establishment.Mode != ConnectionMode.Cas)
            {
                return Html.Error("Connexion impossible", $"Établissement non paramétré pour une authentification externe (base n° {establishment.BaseId}). Connectez-vous avec vos identifiants Sacoche.", 400,
                    $"""<p><a href="/account/login?base={establishment.BaseId}">Se connecter avec un identifiant Sacoche</a></p>""");
            }
            var settings = EstablishmentsApi.CasSettings(establishment, options.Value.Cas.AllowHttp);
            if (!settings.IsValid)
            {
                return Html.Error("Connexion impossible", "Les paramètres CAS de l'établissement sont incomplets : l'administrateur doit les corriger dans Sacoche.", 500);
            }
            return Results.Redirect(settings.LoginUrl(ServiceUrl(options.Value, establishment.BaseId, returnUrl)));
        }
        if (query.ContainsKey("base") && !(http.User.Identity?.IsAuthenticated ?? false))
        {
            return Results.Redirect($"/account/login?base={Uri.EscapeDataString(query["base"].ToString())}" + (returnUrl is null ? "" : "&returnUrl=" + Uri.EscapeDataString(returnUrl)));
        }
        if (http.User.Identity?.IsAuthenticated ?? false)
        {
            return await AccountPages.WelcomeAsync(http, db, options.Value, ct);
        }
        return Results.Redirect("/account/login");
    }

    /// <summary>The service URL given to CAS: rebuilt identically at validation (CAS compares byte for byte).</summary>
    internal static string ServiceUrl(IdentityServiceOptions options, int baseId, string? returnUrl) =>
        options.Issuer.TrimEnd('/') + "/sso/callback?base=" + baseId.ToString(System.Globalization.CultureInfo.InvariantCulture)
        + (returnUrl is null ? "" : "&returnUrl=" + Uri.EscapeDataString(returnUrl));

    private static async Task<IResult> CallbackAsync(HttpContext http, IdentityDbContext db, IHttpClientFactory httpClients,
        IOptions<IdentityServiceOptions> options, TimeProvider clock, ILoggerFactory loggers, CasCallbackLimiter limiter, CancellationToken ct)
    {
        var logger = loggers.CreateLogger("Sacoche.Identity.Sso");
        var ticket = http.Request.Query["ticket"].ToString();
        var returnUrl = LocalOrNull(http.Request.Query["returnUrl"]);
        if (!limiter.TryAcquire(http.Connection.RemoteIpAddress?.ToString(), int.TryParse(http.Request.Query["base"], out var limitedBase) ? limitedBase : 0))
        {
            SignIns.Add(1, new("mode", "cas"), new("outcome", "rate-limited"));
            return Html.Error("Trop de connexions", "Trop de retours de l'ENT en une minute : patientez un instant puis recommencez depuis le lien « Sacoche » de votre ENT.", 429);
        }
        if (!int.TryParse(http.Request.Query["base"], out var baseId) || await db.Establishments.AsNoTracking().FirstOrDefaultAsync(e => e.BaseId == baseId, ct) is not { } establishment)
        {
            return Html.Error("Établissement inconnu", "Le retour de l'ENT ne désigne aucun établissement connu de Sacoche.", 404);
        }
        if (establishment.Mode != ConnectionMode.Cas || !establishment.Active)
        {
            return Html.Error("Connexion impossible", $"Établissement non paramétré pour une authentification externe (base n° {baseId}).", 400);
        }
        if (string.IsNullOrEmpty(ticket))
        {
            return Html.Error("Connexion impossible", "L'ENT n'a pas transmis de ticket d'authentification. Recommencez depuis le lien « Sacoche » de votre ENT.", 400);
        }

        var settings = EstablishmentsApi.CasSettings(establishment, options.Value.Cas.AllowHttp);
        var service = ServiceUrl(options.Value, baseId, returnUrl);
        string body;
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var client = httpClients.CreateClient(settings.VerifyTls ? CasClient.Name : CasClient.NoTlsCheckName);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(options.Value.Cas.ValidationTimeout);
            using var response = await client.GetAsync(settings.ValidateUrl(service, ticket), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (await CasClient.ReadCappedAsync(response.Content, timeout.Token) is not { } text)
            {
                SignIns.Add(1, new("mode", "cas"), new("outcome", "unreadable"));
                return Html.Error("Réponse illisible de l'ENT", "La réponse du serveur d'authentification de l'ENT est trop volumineuse (plus de 1 Mo) : vérifiez l'adresse de validation des tickets.", 502);
            }
            body = text;
            if (response.StatusCode != HttpStatusCode.OK && body.Length == 0)
            {
                throw new HttpRequestException($"HTTP {(int)response.StatusCode}");
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            SignIns.Add(1, new("mode", "cas"), new("outcome", "unreachable"));
            logger.LogWarning("CAS validation failed for base {BaseId}: {Error}", baseId, ex.GetType().Name);
            return Html.Error("Serveur de l'ENT injoignable", $"Le serveur d'authentification de l'ENT ({settings.Host}) n'a pas répondu. Réessayez dans quelques minutes ; si le problème persiste, prévenez l'administrateur de l'établissement.", 502);
        }
        finally
        {
            CasLatency.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        switch (CasServiceResponse.Parse(body))
        {
            case CasServiceResponse.Failure failure:
                SignIns.Add(1, new("mode", "cas"), new("outcome", "cas-error"), new("code", failure.Code));
                return Html.Error("Authentification refusée par l'ENT", $"{failure.FrenchExplanation} (code {failure.Code}). Recommencez depuis le lien « Sacoche » de votre ENT.", 401);
            case CasServiceResponse.Unreadable unreadable:
                SignIns.Add(1, new("mode", "cas"), new("outcome", "unreadable"));
                return Html.Error("Réponse illisible de l'ENT", $"La réponse du serveur d'authentification de l'ENT est illisible : {unreadable.Reason}", 502);
            case CasServiceResponse.Success success:
                var normalized = IdEntComparer.Normalize(success.User);
                var account = await db.Accounts.FirstOrDefaultAsync(a => a.EstablishmentId == baseId && a.EntIdNormalized == normalized, ct);
                if (account is null)
                {
                    SignIns.Add(1, new("mode", "cas"), new("outcome", "unknown-user"));
                    return Html.Error("Identifiant CAS inconnu",
                        $"Identification réussie mais identifiant CAS « {success.User} » inconnu dans Sacoche (base n° {baseId}).", 403,
                        $"""<p>L'administrateur de Sacoche de l'établissement doit renseigner « {Html.E(success.User)} » comme identifiant ENT de votre compte (menu Utilisateurs), ou importer l'extraction CSV des identifiants de l'ENT.</p>""" +
                        (establishment.ContactEmail is { Length: > 0 } mail ? $"""<p>Contact : <a href="mailto:{Html.E(mail)}">{Html.E(establishment.ContactName ?? mail)}</a></p>""" : ""));
                }
                var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
                if (!account.CanSignIn(today))
                {
                    SignIns.Add(1, new("mode", "cas"), new("outcome", "exited"));
                    return Html.Error("Compte désactivé", $"Votre compte Sacoche n'est plus actif depuis le {account.ExitDate:dd/MM/yyyy}. Adressez-vous à l'administrateur de l'établissement.", 403);
                }
                db.CasSessions.Add(new CasSession { Ticket = ticket, EstablishmentId = baseId, AccountId = account.Id, CreatedAt = clock.GetUtcNow() });
                await db.SaveChangesAsync(ct);
                await http.SignInAsync(Extensions.Extensions.CookieScheme, AccountService.SessionPrincipal(account, "cas", clock.GetUtcNow(), ticket));
                SignIns.Add(1, new("mode", "cas"), new("outcome", "success"));
                return Results.Redirect(returnUrl ?? "/");
            default:
                return Html.Error("Réponse illisible de l'ENT", "Réponse inattendue du serveur d'authentification.", 502);
        }
    }

    /// <summary>
    /// The ENT's back-channel single sign-out: ends the sessions of the account that signed in with
    /// that ticket — Identity's, its refresh tokens and the UI's — so that on a shared computer the
    /// next pupil never finds the previous one's session. (Every session of that account ends, not
    /// only the ticket's: the safe side when one cannot tell which browser is which.)
    /// </summary>
    private static async Task<IResult> SingleLogoutAsync(HttpContext http, IdentityDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType)
        {
            return Results.BadRequest();
        }
        var form = await http.Request.ReadFormAsync(ct);
        if (!CasLogoutRequest.TryParseSessionIndex(form["logoutRequest"], out var ticket))
        {
            return Results.BadRequest();
        }
        var session = await db.CasSessions.FirstOrDefaultAsync(s => s.Ticket == ticket && !s.Revoked, ct);
        if (session is null)
        {
            return Results.Ok(); // unknown or already handled: idempotent
        }
        session.Revoked = true;
        if (await db.Accounts.FirstOrDefaultAsync(a => a.EstablishmentId == session.EstablishmentId && a.Id == session.AccountId, ct) is { } account)
        {
            SessionRevocation.RevokeAccount(db, account, clock.GetUtcNow(), "ent-logout");
        }
        await db.SaveChangesAsync(ct);
        return Results.Ok();
    }

    /// <summary>
    /// Identity's cookie, on each request that carries it: the account must still be live (not
    /// revoked since this sign-in, establishment active, not exited, within the absolute lifetime).
    /// </summary>
    public static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var accounts = services.GetRequiredService<AccountService>();
        var options = services.GetRequiredService<IOptions<IdentityServiceOptions>>().Value;
        var live = Guid.TryParse(context.Principal?.FindFirst(OpenIddict.Abstractions.OpenIddictConstants.Claims.Subject)?.Value, out var id)
            && await SessionRevocation.LiveAccountAsync(services.GetRequiredService<IdentityDbContext>(), id, AccountService.AuthTimeOf(context.Principal),
                accounts.Now, accounts.Today, options.SessionAbsoluteLifetime, context.HttpContext.RequestAborted) is not null;
        if (!live)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Extensions.Extensions.CookieScheme);
        }
    }

    internal static async Task<Establishment?> FindEstablishmentAsync(IdentityDbContext db, string key, CancellationToken ct)
    {
        key = key.Trim();
        if (int.TryParse(key, out var baseId))
        {
            return await db.Establishments.AsNoTracking().FirstOrDefaultAsync(e => e.BaseId == baseId && e.Active, ct);
        }
        var uai = key.ToUpperInvariant();
        return Establishment.IsValidUai(uai) ? await db.Establishments.AsNoTracking().FirstOrDefaultAsync(e => e.Uai == uai && e.Active, ct) : null;
    }

    /// <summary>Only same-site relative paths are followed after sign-in: no open redirect.</summary>
    internal static string? LocalOrNull(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Contains("://", StringComparison.Ordinal)
            && url.All(c => !char.IsControl(c))
            ? url
            : null;
}
