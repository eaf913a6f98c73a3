using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Sacoche.Identity.Application.SignIn;
using Sacoche.Identity.Domain;

namespace Sacoche.Identity.Apis;

/// <summary>Local sign-in (establishments in « normal » mode) and sign-out: HTML pages over <see cref="SignInService"/>.</summary>
public static class AccountPages
{
    public static IEndpointRouteBuilder MapAccountPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/account/login", LoginFormAsync).WithName("LoginPage").WithSummary("The sign-in page (or the establishment picker).");
        app.MapPost("/account/login", LoginAsync).RequireRateLimiting(Extensions.Extensions.LoginRateLimit)
            .WithName("Login").WithSummary("Checks a login and password and opens the Identity session.");
        // For scripts and the UI.
        app.MapGet("/account/session", Session).WithName("GetSession").WithSummary("Who the Identity session belongs to (401 when none).");
        app.MapGet("/account/logout", LogoutFromLinkAsync).WithName("LogoutPage").WithSummary("Signs out when asked by our own pages, else asks first.");
        app.MapPost("/account/logout", ConfirmedLogoutAsync).WithName("Logout").WithSummary("The confirmed sign-out.");
        return app;
    }

    private static IResult Session(HttpContext http) => http.User.Identity?.IsAuthenticated == true
        ? TypedResults.Ok(new SessionResponse(http.User.Identity.Name, http.User.FindFirst("base")?.Value, http.User.FindFirst("profile")?.Value, http.User.FindFirst("amr")?.Value))
        : TypedResults.Unauthorized();

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

    private static Task<IResult> LogoutFromLinkAsync(HttpContext http, SignInService signIn, IAntiforgery antiforgery, CancellationToken ct) =>
        FromOurPages(http) ? LogoutAsync(http, signIn, ct) : Task.FromResult(LogoutConfirmation(http, antiforgery));

    private static async Task<IResult> ConfirmedLogoutAsync(HttpContext http, SignInService signIn, IAntiforgery antiforgery, CancellationToken ct) =>
        await antiforgery.IsRequestValidAsync(http) ? await LogoutAsync(http, signIn, ct) : LogoutConfirmation(http, antiforgery);

    private static async Task<IResult> LoginFormAsync(HttpContext http, string? @base, string? returnUrl, SignInService signIn, IAntiforgery antiforgery, CancellationToken ct)
    {
        var establishment = @base is null ? null : await signIn.FindEstablishmentAsync(@base, ct);
        if (establishment is null)
        {
            // Unknown or missing base: the establishment picker.
            var list = await signIn.ChoicesAsync(ct);
            var options = string.Concat(list.Select(e => $"""<option value="{e.BaseId}">{Html.E(e.Name)} ({Html.E(e.Uai)}) – base n° {e.BaseId}</option>"""));
            var notice = @base is null ? "" : """<div class="error" role="alert"><p>Établissement inconnu : choisissez votre établissement dans la liste.</p></div>""";
            return Html.Page("Choisir son établissement", $"""
                {notice}
                <form method="get" action="/account/login">
                  <label for="base">Établissement</label>
                  <select id="base" name="base" required>{options}</select>
                  <input type="hidden" name="returnUrl" value="{Html.E(ReturnUrls.LocalOrNull(returnUrl))}">
                  <button type="submit">Continuer</button>
                </form>
                """, @base is null ? 200 : 404);
        }
        return Form(http, antiforgery, establishment, ReturnUrls.LocalOrNull(returnUrl), null);
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

    private static async Task<IResult> LoginAsync(HttpContext http, SignInService signIn, IAntiforgery antiforgery, CancellationToken ct)
    {
        var form = await http.Request.ReadFormAsync(ct);
        var returnUrl = ReturnUrls.LocalOrNull(form["returnUrl"]);
        var establishment = await signIn.FindEstablishmentAsync(form["base"].ToString(), ct);
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
        var result = await signIn.CheckPasswordAsync(new SignInAttempt(baseId, login, form["password"].ToString(),
            http.Connection.RemoteIpAddress?.ToString(), KnownDevices.IdFor(http, baseId, login)), ct);
        SignInMetrics.Record("local", result.Outcome.ToString().ToLowerInvariant());
        switch (result.Outcome)
        {
            case SignInOutcome.Success:
                KnownDevices.Remember(http, baseId, login);
                await http.SignInAsync(Extensions.Extensions.CookieScheme, SessionClaims.SessionPrincipal(result.Account!, "pwd", signIn.Now));
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
    private static async Task<IResult> LogoutAsync(HttpContext http, SignInService signIn, CancellationToken ct)
    {
        var baseClaim = http.User.FindFirst("base")?.Value;
        var wasCas = http.User.FindFirst("amr")?.Value == "cas";
        await http.SignOutAsync(Extensions.Extensions.CookieScheme);
        if (wasCas && await signIn.CasLogoutUrlAsync(baseClaim, ct) is { } casLogout)
        {
            return Results.Redirect(casLogout);
        }
        return Html.Page("Déconnexion", """<p>Vous êtes déconnecté de Sacoche.</p><p><a href="/account/login">Se reconnecter</a></p>""");
    }
}
