using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sacoche.Identity.Domain;
using Sacoche.Identity.Extensions;
using Sacoche.Identity.Infrastructure;
using Sacoche.ServiceDefaults.Security;

namespace Sacoche.Identity.Apis;

/// <summary>Local sign-in (establishments in « normal » mode), sign-out and the welcome page.</summary>
public static class AccountPages
{
    public static IEndpointRouteBuilder MapAccountPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/account/login", LoginFormAsync);
        app.MapPost("/account/login", LoginAsync).RequireRateLimiting(Extensions.Extensions.LoginRateLimit);
        // Who the Identity session belongs to (401 when none): for scripts and the UI.
        app.MapGet("/account/session", (HttpContext http) => http.User.Identity?.IsAuthenticated == true
            ? Results.Ok(new { name = http.User.Identity.Name, @base = http.User.FindFirst("base")?.Value, profile = http.User.FindFirst("profile")?.Value, method = http.User.FindFirst("amr")?.Value })
            : Results.Unauthorized());
        app.MapGet("/account/logout", LogoutFromLinkAsync);
        app.MapPost("/account/logout", ConfirmedLogoutAsync);
        return app;
    }

    /// <summary>
    /// A navigation started by one of our own pages (the UI's « Se déconnecter » redirects here); the browser
    /// says so in <c>Sec-Fetch-Site</c>. A link on another site, or a browser that does not say, gets a confirmation.
    /// </summary>
    internal static bool FromOurPages(HttpContext http) => http.Request.Headers["Sec-Fetch-Site"].ToString() == "same-origin";

    /// <summary>Signing out on a cross-site link would let any page end a pupil's session: ask first.</summary>
    internal static IResult LogoutConfirmation(HttpContext http, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return Html.Page("Déconnexion", $"""
            <p>Voulez-vous vous déconnecter de Sacoche ?</p>
            <form method="post" action="/account/logout">
              <input type="hidden" name="{tokens.FormFieldName}" value="{Html.E(tokens.RequestToken)}">
              <button type="submit" autofocus>Se déconnecter</button>
            </form>
            <p><a href="/">Rester connecté</a></p>
            """);
    }

    private static Task<IResult> LogoutFromLinkAsync(HttpContext http, IdentityDbContext db, IOptions<IdentityServiceOptions> options, IAntiforgery antiforgery, CancellationToken ct) =>
        FromOurPages(http) ? LogoutAsync(http, db, options, ct) : Task.FromResult(LogoutConfirmation(http, antiforgery));

    private static async Task<IResult> ConfirmedLogoutAsync(HttpContext http, IdentityDbContext db, IOptions<IdentityServiceOptions> options, IAntiforgery antiforgery, CancellationToken ct) =>
        await antiforgery.IsRequestValidAsync(http) ? await LogoutAsync(http, db, options, ct) : LogoutConfirmation(http, antiforgery);

    private static async Task<IResult> LoginFormAsync(HttpContext http, string? @base, string? returnUrl, IdentityDbContext db, IAntiforgery antiforgery, CancellationToken ct)
    {
        var establishment = @base is null ? null : await SsoEndpoints.FindEstablishmentAsync(db, @base, ct);
        if (establishment is null)
        {
            // Unknown or missing base: the establishment picker.
            var list = await db.Establishments.AsNoTracking().Where(e => e.Active).OrderBy(e => e.Name).Select(e => new { e.BaseId, e.Name, e.Uai }).ToListAsync(ct);
            var options = string.Concat(list.Select(e => $"""<option value="{e.BaseId}">{Html.E(e.Name)} ({Html.E(e.Uai)}) – base n° {e.BaseId}</option>"""));
            var notice = @base is null ? "" : """<div class="error" role="alert"><p>Établissement inconnu : choisissez votre établissement dans la liste.</p></div>""";
            return Html.Page("Choisir son établissement", $"""
                {notice}
                <form method="get" action="/account/login">
                  <label for="base">Établissement</label>
                  <select id="base" name="base" required>{options}</select>
                  <input type="hidden" name="returnUrl" value="{Html.E(SsoEndpoints.LocalOrNull(returnUrl))}">
                  <button type="submit">Continuer</button>
                </form>
                """, @base is null ? 200 : 404);
        }
        return Form(http, antiforgery, establishment, SsoEndpoints.LocalOrNull(returnUrl), null);
    }

    private static IResult Form(HttpContext http, IAntiforgery antiforgery, Establishment e, string? returnUrl, string? error, int status = 200)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var errorHtml = error is null ? "" : $"""<div class="error" role="alert"><p>{Html.E(error)}</p></div>""";
        var cas = e.Mode == ConnectionMode.Cas
            ? $"""<p>Cet établissement utilise l'ENT : <a href="/?sso&amp;base={e.BaseId}">se connecter avec l'ENT</a>.</p>"""
            : "";
        return Html.Page($"Connexion – {e.Name}", $"""
            {errorHtml}
            {cas}
            <form method="post" action="/account/login">
              <input type="hidden" name="{tokens.FormFieldName}" value="{Html.E(tokens.RequestToken)}">
              <input type="hidden" name="base" value="{e.BaseId}">
              <input type="hidden" name="returnUrl" value="{Html.E(returnUrl)}">
              <label for="login">Nom d'utilisateur</label>
              <input id="login" name="login" autocomplete="username" required autofocus>
              <label for="password">Mot de passe</label>
              <input id="password" name="password" type="password" autocomplete="current-password" required>
              <button type="submit">Se connecter</button>
            </form>
            """, status);
    }

    private static async Task<IResult> LoginAsync(HttpContext http, IdentityDbContext db, AccountService accounts, IAntiforgery antiforgery, CancellationToken ct)
    {
        var form = await http.Request.ReadFormAsync(ct);
        var returnUrl = SsoEndpoints.LocalOrNull(form["returnUrl"]);
        var establishment = await SsoEndpoints.FindEstablishmentAsync(db, form["base"].ToString(), ct);
        if (establishment is null)
        {
            return Results.Redirect("/account/login");
        }
        // Login CSRF: a form on another site must not sign the visitor into someone else's account.
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Form(http, antiforgery, establishment, returnUrl, "La page de connexion a expiré : saisissez à nouveau votre identifiant et votre mot de passe.", 400);
        }
        var baseId = establishment.BaseId;
        var login = form["login"].ToString();
        var result = await accounts.CheckPasswordAsync(new SignInAttempt(baseId, login, form["password"].ToString(),
            http.Connection.RemoteIpAddress?.ToString(), KnownDevices.IdFor(http, baseId, login)), ct);
        SsoEndpoints.RecordSignIn("local", result.Outcome.ToString().ToLowerInvariant());
        switch (result.Outcome)
        {
            case SignInOutcome.Success:
                KnownDevices.Remember(http, baseId, login);
                await http.SignInAsync(Extensions.Extensions.CookieScheme, AccountService.SessionPrincipal(result.Account!, "pwd", accounts.Now));
                return Results.Redirect(returnUrl ?? "/");
            case SignInOutcome.Exited:
                return Form(http, antiforgery, establishment, returnUrl, "Ce compte n'est plus actif : adressez-vous à l'administrateur de l'établissement.", 403);
            case SignInOutcome.Throttled:
                // Unknown logins are slowed down exactly like real ones: this says nothing about which exist.
                var seconds = (int)Math.Ceiling(result.RetryAfter.TotalSeconds);
                http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Form(http, antiforgery, establishment, returnUrl,
                    $"Trop d'essais infructueux pour cet identifiant : patientez {seconds} seconde{(seconds > 1 ? "s" : "")} avant de réessayer.", 429);
            default:
                // Same message for an unknown login and a wrong password: no user enumeration.
                return Form(http, antiforgery, establishment, returnUrl, "Identifiant ou mot de passe incorrect.", 401);
        }
    }

    /// <summary>Ends the Sacoche session and, for an ENT session, the ENT's too (CAS logout).</summary>
    private static async Task<IResult> LogoutAsync(HttpContext http, IdentityDbContext db, IOptions<IdentityServiceOptions> options, CancellationToken ct)
    {
        var baseClaim = http.User.FindFirst("base")?.Value;
        var wasCas = http.User.FindFirst("amr")?.Value == "cas";
        await http.SignOutAsync(Extensions.Extensions.CookieScheme);
        if (wasCas && int.TryParse(baseClaim, out var baseId) && await db.Establishments.AsNoTracking().FirstOrDefaultAsync(e => e.BaseId == baseId, ct) is { Mode: ConnectionMode.Cas } e)
        {
            var settings = EstablishmentsApi.CasSettings(e, options.Value.Cas.AllowHttp);
            if (settings.IsValid)
            {
                return Results.Redirect(settings.LogoutUrl(options.Value.Issuer.TrimEnd('/') + "/?base=" + baseId));
            }
        }
        return Html.Page("Déconnexion", """<p>Vous êtes déconnecté de Sacoche.</p><p><a href="/account/login">Se reconnecter</a></p>""");
    }

    /// <summary>The reference's welcome page, until the Web UI takes over.</summary>
    internal static async Task<IResult> WelcomeAsync(HttpContext http, IdentityDbContext db, IdentityServiceOptions options, CancellationToken ct)
    {
        var baseId = int.TryParse(http.User.FindFirst("base")?.Value, out var b) ? b : 0;
        var establishment = await db.Establishments.AsNoTracking().FirstOrDefaultAsync(e => e.BaseId == baseId, ct);
        var profile = http.User.FindFirst("profile")?.Value ?? "";
        var root = options.Issuer.TrimEnd('/') + "/";
        return Html.Page("Bienvenue dans votre espace identifié", $"""
            <p><strong>{Html.E(http.User.Identity?.Name)}</strong> – {Html.E(establishment?.Name)} (base n° {baseId})</p>
            <p>Vous êtes dans l'environnement {Html.E(Environment(profile))}.</p>
            <p>Adresse de connexion à cet établissement : <code>{Html.E(root)}?base={baseId}</code><br>
               Connexion directe par l'ENT : <code>{Html.E(root)}?sso&amp;base={baseId}</code></p>
            <p><a href="/account/logout">Se déconnecter</a></p>
            """);
    }

    public static string Environment(string profile) => profile switch
    {
        Profiles.Admin => "administrateur",
        Profiles.Teacher => "personnel enseignant",
        Profiles.Direction => "personnel de direction",
        Profiles.Librarian => "personnel documentaliste",
        Profiles.Cpe => "personnel d'éducation",
        Profiles.Student => "élève",
        Profiles.Guardian => "parent",
        Profiles.Webmaster => "webmestre",
        _ => "personnel",
    };
}
