using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Sacoche.Identity.Application.SignIn;
using Sacoche.Identity.Application.Sso;
using Sacoche.Identity.Domain;

namespace Sacoche.Identity.Apis;

/// <summary>
/// ENT single sign-on: <c>/sso/start?base=N</c> (the UI forwards <c>/?sso&amp;base=N</c> and the other forms
/// of docs/domain/sso.md here) → the establishment's CAS login → <c>/sso/callback</c> → ticket validated
/// server-to-server → session → where the user was going. Single sign-out: the ENT POSTs a
/// logoutRequest to the same callback. The steps are <see cref="SsoService"/>'s; this shows them as pages.
/// </summary>
public static class SsoEndpoints
{
    public static IEndpointRouteBuilder MapSsoEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/sso/start", StartAsync).WithName("SsoStart").WithSummary("Sends the browser to the establishment's CAS login (base=N, uai=… or sso=…).");
        app.MapGet("/sso/callback", CallbackAsync).WithName("SsoCallback").WithSummary("The CAS server's return: validates the ticket and opens the session.");
        app.MapPost("/sso/callback", SingleLogoutAsync).DisableAntiforgery()
            .WithName("SsoSingleLogout").WithSummary("The ENT's back-channel single sign-out (CAS logoutRequest).");
        return app;
    }

    private static async Task<IResult> StartAsync(HttpContext http, SsoService sso, CancellationToken ct)
    {
        var query = http.Request.Query;
        var key = query["sso"].ToString() is { Length: > 0 } s ? s : query["base"].ToString();
        key = query["base"].ToString() is { Length: > 0 } b ? b : query["uai"].ToString() is { Length: > 0 } u ? u : key;
        var start = await sso.StartAsync(key, ReturnUrls.LocalOrNull(query["returnUrl"]), ct);
        return start.Failure is { } failure ? Page(failure) : Results.Redirect(start.Value!);
    }

    private static async Task<IResult> CallbackAsync(HttpContext http, SsoService sso, TimeProvider clock, CancellationToken ct)
    {
        var query = http.Request.Query;
        var returnUrl = ReturnUrls.LocalOrNull(query["returnUrl"]);
        var callback = new CasCallback(http.Connection.RemoteIpAddress?.ToString(), query["base"].ToString(), query["ticket"].ToString(), returnUrl);
        var result = await sso.CallbackAsync(callback, ct);
        if (result.Failure is { } failure)
        {
            return Page(failure);
        }
        var signIn = result.Value!;
        await http.SignInAsync(Extensions.Extensions.CookieScheme, SessionClaims.SessionPrincipal(signIn.Account, "cas", clock.GetUtcNow(), signIn.Ticket));
        return Results.Redirect(returnUrl ?? "/");
    }

    /// <summary>CAS's answer is its status: 200 (done, or nothing to do), 400 for a request that is not a logoutRequest.</summary>
    private static async Task<IResult> SingleLogoutAsync(HttpContext http, SsoService sso, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType)
        {
            return Results.BadRequest();
        }
        var form = await http.Request.ReadFormAsync(ct);
        return (await sso.SingleLogoutAsync(form["logoutRequest"], ct)).IsSuccess ? Results.Ok() : Results.BadRequest();
    }

    /// <summary>The page of a failed step: its title and status by kind, and what the user can do next.</summary>
    private static IResult Page(SsoFailure failure) => failure.Kind switch
    {
        SsoFailureKind.UnknownEstablishment => Html.Error("Établissement inconnu", failure.Message, 404),
        SsoFailureKind.NotCas => Html.Error("Connexion impossible", failure.Message, 400, failure.Establishment is { } e
            ? $"""<p><a href="/account/login?base={e.BaseId}">Se connecter avec un identifiant Sacoche</a></p>"""
            : null),
        SsoFailureKind.IncompleteSettings => Html.Error("Connexion impossible", failure.Message, 500),
        SsoFailureKind.RateLimited => Html.Error("Trop de connexions", failure.Message, 429),
        SsoFailureKind.NoTicket => Html.Error("Connexion impossible", failure.Message, 400),
        SsoFailureKind.Unreachable => Html.Error("Serveur de l'ENT injoignable", failure.Message, 502),
        SsoFailureKind.Refused => Html.Error("Authentification refusée par l'ENT", failure.Message, 401),
        SsoFailureKind.UnknownUser => Html.Error("Identifiant CAS inconnu", failure.Message, 403,
            $"""<p>L'administrateur de Sacoche de l'établissement doit renseigner « {Html.E(failure.CasUser)} » comme identifiant ENT de votre compte (menu Utilisateurs), ou importer l'extraction CSV des identifiants de l'ENT.</p>""" +
            (failure.Establishment?.ContactEmail is { Length: > 0 } mail ? $"""<p>Contact : <a href="mailto:{Html.E(mail)}">{Html.E(failure.Establishment.ContactName ?? mail)}</a></p>""" : "")),
        SsoFailureKind.Exited => Html.Error("Compte désactivé", failure.Message, 403),
        _ => Html.Error("Réponse illisible de l'ENT", failure.Message, 502),
    };

    /// <summary>
    /// Identity's cookie, on each request that carries it: the account must still be live (not
    /// revoked since this sign-in, establishment active, not exited, within the absolute lifetime).
    /// </summary>
    public static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var signIn = context.HttpContext.RequestServices.GetRequiredService<SignInService>();
        var live = Guid.TryParse(context.Principal?.FindFirst(OpenIddict.Abstractions.OpenIddictConstants.Claims.Subject)?.Value, out var id)
            && await signIn.LiveAccountAsync(id, SessionClaims.AuthTimeOf(context.Principal), context.HttpContext.RequestAborted) is not null;
        if (!live)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Extensions.Extensions.CookieScheme);
        }
    }
}
