using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sacoche.Common.Results;
using Sacoche.Identity.Application.SignIn;
using Sacoche.Identity.Domain;
using Sacoche.Identity.Domain.Cas;
using Sacoche.Identity.Extensions;
using Sacoche.Identity.Infrastructure;

namespace Sacoche.Identity.Application.Sso;

/// <summary>
/// ENT single sign-on (docs/domain/sso.md): the establishment's CAS login, the ticket validated
/// server-to-server, and the ENT's single sign-out.
/// </summary>
public sealed class SsoService(IdentityDbContext db, IHttpClientFactory httpClients, IOptions<IdentityServiceOptions> options,
    TimeProvider clock, ILoggerFactory loggers, CasCallbackLimiter limiter)
{
    private readonly ILogger _logger = loggers.CreateLogger("Sacoche.Identity.Sso");

    /// <summary>The CAS login URL of the establishment <paramref name="key"/> (base number or UAI).</summary>
    public async Task<SsoResult<string>> StartAsync(string key, string? returnUrl, CancellationToken ct)
    {
        var establishment = await db.FindActiveAsync(key, ct);
        if (establishment is null)
        {
            return new SsoFailure(SsoFailureKind.UnknownEstablishment, "Aucun établissement ne correspond à cette adresse. Vérifiez le lien « Sacoche » de votre ENT (paramètre base=N ou uai=…).");
        }
        if (establishment.Mode != ConnectionMode.Cas)
        {
            return new SsoFailure(SsoFailureKind.NotCas,
                $"Établissement non paramétré pour une authentification externe (base n° {establishment.BaseId}). Connectez-vous avec vos identifiants Sacoche.", establishment);
        }
        var settings = establishment.CasSettings(options.Value.Cas.AllowHttp);
        if (!settings.IsValid)
        {
            return new SsoFailure(SsoFailureKind.IncompleteSettings, "Les paramètres CAS de l'établissement sont incomplets : l'administrateur doit les corriger dans Sacoche.");
        }
        return settings.LoginUrl(ServiceUrl(establishment.BaseId, returnUrl));
    }

    /// <summary>Validates the ticket with the establishment's CAS server and opens a CAS session for the account with that ENT id.</summary>
    public async Task<SsoResult<CasSignIn>> CallbackAsync(CasCallback callback, CancellationToken ct)
    {
        if (!limiter.TryAcquire(callback.ClientIp, int.TryParse(callback.Base, out var limitedBase) ? limitedBase : 0))
        {
            SignInMetrics.Record("cas", "rate-limited");
            return new SsoFailure(SsoFailureKind.RateLimited, "Trop de retours de l'ENT en une minute : patientez un instant puis recommencez depuis le lien « Sacoche » de votre ENT.");
        }
        if (!int.TryParse(callback.Base, out var baseId) || await db.Establishments.AsNoTracking().FirstOrDefaultAsync(e => e.BaseId == baseId, ct) is not { } establishment)
        {
            return new SsoFailure(SsoFailureKind.UnknownEstablishment, "Le retour de l'ENT ne désigne aucun établissement connu de Sacoche.");
        }
        if (establishment.Mode != ConnectionMode.Cas || !establishment.Active)
        {
            return new SsoFailure(SsoFailureKind.NotCas, $"Établissement non paramétré pour une authentification externe (base n° {baseId}).");
        }
        if (string.IsNullOrEmpty(callback.Ticket))
        {
            return new SsoFailure(SsoFailureKind.NoTicket, "L'ENT n'a pas transmis de ticket d'authentification. Recommencez depuis le lien « Sacoche » de votre ENT.");
        }
        var ticket = callback.Ticket;
        var settings = establishment.CasSettings(options.Value.Cas.AllowHttp);
        var body = await ValidateAsync(settings, ServiceUrl(baseId, callback.ReturnUrl), ticket, baseId, ct);
        if (body.Failure is { } unreachable)
        {
            return unreachable;
        }

        switch (CasServiceResponse.Parse(body.Value!))
        {
            case CasServiceResponse.Failure failure:
                SignInMetrics.RecordCasError(failure.Code);
                return new SsoFailure(SsoFailureKind.Refused, $"{failure.FrenchExplanation} (code {failure.Code}). Recommencez depuis le lien « Sacoche » de votre ENT.");
            case CasServiceResponse.Unreadable unreadable:
                SignInMetrics.Record("cas", "unreadable");
                return new SsoFailure(SsoFailureKind.Unreadable, $"La réponse du serveur d'authentification de l'ENT est illisible : {unreadable.Reason}");
            case CasServiceResponse.Success success:
                var normalized = IdEntComparer.Normalize(success.User);
                var account = await db.Accounts.FirstOrDefaultAsync(a => a.EstablishmentId == baseId && a.EntIdNormalized == normalized, ct);
                if (account is null)
                {
                    SignInMetrics.Record("cas", "unknown-user");
                    return new SsoFailure(SsoFailureKind.UnknownUser,
                        $"Identification réussie mais identifiant CAS « {success.User} » inconnu dans Sacoche (base n° {baseId}).", establishment, success.User);
                }
                var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
                if (!account.CanSignIn(today))
                {
                    SignInMetrics.Record("cas", "exited");
                    return new SsoFailure(SsoFailureKind.Exited, account.ExitDate is { } exit
                        ? $"Votre compte Sacoche n'est plus actif depuis le {exit:dd/MM/yyyy}. Adressez-vous à l'administrateur de l'établissement."
                        : "Votre compte Sacoche est désactivé. Adressez-vous à l'administrateur de l'établissement.");
                }
                // Saved with the CAS session below: no extra round trip.
                account.LastSignInAt = clock.GetUtcNow();
                db.CasSessions.Add(new CasSession { Ticket = ticket, EstablishmentId = baseId, AccountId = account.Id, CreatedAt = clock.GetUtcNow() });
                await db.SaveChangesAsync(ct);
                SignInMetrics.Record("cas", "success");
                return new CasSignIn(account, ticket);
            default:
                return new SsoFailure(SsoFailureKind.Unreadable, "Réponse inattendue du serveur d'authentification.");
        }
    }

    /// <summary>
    /// The ENT's back-channel single sign-out: ends the sessions of the account that signed in with
    /// that ticket — Identity's, its refresh tokens and the UI's — so that on a shared computer the
    /// next pupil never finds the previous one's session. (Every session of that account ends, not
    /// only the ticket's: the safe side when one cannot tell which browser is which.) An unknown or
    /// already handled ticket succeeds: idempotent.
    /// </summary>
    public async Task<Result> SingleLogoutAsync(string? logoutRequest, CancellationToken ct)
    {
        if (!CasLogoutRequest.TryParseSessionIndex(logoutRequest, out var ticket))
        {
            return Error.Invalid("logoutRequest", "Demande de déconnexion CAS illisible.");
        }
        var session = await db.CasSessions.FirstOrDefaultAsync(s => s.Ticket == ticket && !s.Revoked, ct);
        if (session is null)
        {
            return Result.Success;
        }
        session.Revoked = true;
        if (await db.Accounts.FirstOrDefaultAsync(a => a.EstablishmentId == session.EstablishmentId && a.Id == session.AccountId, ct) is { } account)
        {
            SessionRevocation.RevokeAccount(db, account, clock.GetUtcNow(), "ent-logout");
        }
        await db.SaveChangesAsync(ct);
        return Result.Success;
    }

    /// <summary>The CAS server's answer to the ticket, read with a size cap and a timeout.</summary>
    private async Task<SsoResult<string>> ValidateAsync(CasServerSettings settings, string service, string ticket, int baseId, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var client = httpClients.CreateClient(settings.VerifyTls ? CasClient.Name : CasClient.NoTlsCheckName);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(options.Value.Cas.ValidationTimeout);
            using var response = await client.GetAsync(settings.ValidateUrl(service, ticket), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (await CasClient.ReadCappedAsync(response.Content, timeout.Token) is not { } body)
            {
                SignInMetrics.Record("cas", "unreadable");
                return new SsoFailure(SsoFailureKind.Unreadable, "La réponse du serveur d'authentification de l'ENT est trop volumineuse (plus de 1 Mo) : vérifiez l'adresse de validation des tickets.");
            }
            if (response.StatusCode != HttpStatusCode.OK && body.Length == 0)
            {
                throw new HttpRequestException($"HTTP {(int)response.StatusCode}");
            }
            return body;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            SignInMetrics.Record("cas", "unreachable");
            _logger.LogWarning("CAS validation failed for base {BaseId}: {Error}", baseId, ex.GetType().Name);
            return new SsoFailure(SsoFailureKind.Unreachable,
                $"Le serveur d'authentification de l'ENT ({settings.Host}) n'a pas répondu. Réessayez dans quelques minutes ; si le problème persiste, prévenez l'administrateur de l'établissement.");
        }
        finally
        {
            SignInMetrics.RecordCasLatency(Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>The service URL given to CAS: rebuilt identically at validation (CAS compares byte for byte).</summary>
    private string ServiceUrl(int baseId, string? returnUrl) =>
        options.Value.Issuer.TrimEnd('/') + "/sso/callback?base=" + baseId.ToString(CultureInfo.InvariantCulture)
        + (returnUrl is null ? "" : "&returnUrl=" + Uri.EscapeDataString(returnUrl));
}
