using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace Sacoche.Testing.Cas;

/// <summary>
/// A CAS server written from the Apereo CAS protocol 3.0 specification, on a real Kestrel bound to 127.0.0.1
/// (random port), for tests and benchmarks: <c>/login</c>, <c>/serviceValidate</c> (2.0), <c>/p3/serviceValidate</c>
/// (3.0, attributes), <c>/logout</c>, and single sign-out POSTs towards a service. Service tickets are single-use and
/// short-lived. No logging, lock-free ticket store: fast enough for a login-throughput benchmark.
/// </summary>
public sealed class CasTestServer : IAsyncDisposable
{
    public const string CasNamespace = "http://www.yale.edu/tp/cas";
    public const string InvalidXmlMarker = "Lycée Pierre & Marie Curie";

    private const string XmlContentType = "application/xml;charset=UTF-8";
    private const string HtmlContentType = "text/html; charset=utf-8";

    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> DefaultAttributes =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["ENTPersonProfils"] = ["National_ENS"],
        };

    private readonly WebApplication _app;
    private readonly TimeProvider _time;
    private readonly string _rootPath;
    private readonly ConcurrentDictionary<string, IssuedTicket> _tickets = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string?> _logouts = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _httpClientLock = new();
    private HttpClient? _httpClient;

    private volatile string _nextUser;
    private volatile IReadOnlyDictionary<string, IReadOnlyList<string>> _nextAttributes = DefaultAttributes;
    private volatile bool _answerInvalidXml;
    private volatile bool _interactiveLogin;
    private volatile LastValidation? _lastValidation;
    private volatile string? _lastIssuedTicket;
    private long _ticketLifetimeTicks;
    private long _validationDelayTicks;
    private long _ticketSequence;
    private long _validations;
    private long _successfulValidations;
    private long _failedValidations;
    private long _logins;
    private long _logoutCount;
    private int _disposed;

    private CasTestServer(WebApplication app, CasTestServerOptions options)
    {
        _app = app;
        _time = options.TimeProvider;
        Root = options.Root.Trim().Trim('/');
        _rootPath = Root.Length == 0 ? string.Empty : "/" + Root;
        _nextUser = options.DefaultUser;
        _interactiveLogin = options.InteractiveLogin;
        _ticketLifetimeTicks = options.TicketLifetime.Ticks;
    }

    /// <summary>Always 127.0.0.1.</summary>
    public string Host { get; } = "127.0.0.1";

    public int Port { get; private set; }

    /// <summary>Root path without slashes (e.g. "cas").</summary>
    public string Root { get; }

    /// <summary>e.g. <c>http://127.0.0.1:PORT/cas</c> (no trailing slash).</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>The user the next logins authenticate as (not used by the interactive form, which takes the typed name).</summary>
    public string NextUser
    {
        get => _nextUser;
        set => _nextUser = string.IsNullOrWhiteSpace(value) ? throw new ArgumentException("User required.", nameof(value)) : value;
    }

    /// <summary>Attributes released by <c>/p3/serviceValidate</c> for the next tickets. Default ENTPersonProfils=National_ENS.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> NextAttributes
    {
        get => _nextAttributes;
        set => _nextAttributes = value ?? DefaultAttributes;
    }

    /// <summary>When true, validation answers contain an unescaped <c>&amp;</c> (invalid XML, as some ENTs send).</summary>
    public bool AnswerInvalidXml
    {
        get => _answerInvalidXml;
        set => _answerInvalidXml = value;
    }

    /// <summary>See <see cref="CasTestServerOptions.InteractiveLogin"/>.</summary>
    public bool InteractiveLogin
    {
        get => _interactiveLogin;
        set => _interactiveLogin = value;
    }

    /// <summary>Delay before answering a validation; <see cref="Timeout.InfiniteTimeSpan"/> hangs until the client gives up. Default zero.</summary>
    public TimeSpan ValidationDelay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _validationDelayTicks));
        set => Interlocked.Exchange(ref _validationDelayTicks, value.Ticks);
    }

    /// <summary>Lifetime of the tickets issued from now on.</summary>
    public TimeSpan TicketLifetime
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _ticketLifetimeTicks));
        set => Interlocked.Exchange(ref _ticketLifetimeTicks, value.Ticks);
    }

    /// <summary>Requests received on either validation endpoint (counted on arrival, before any delay).</summary>
    public long ValidationCount => Interlocked.Read(ref _validations);

    public long SuccessfulValidationCount => Interlocked.Read(ref _successfulValidations);

    public long FailedValidationCount => Interlocked.Read(ref _failedValidations);

    /// <summary>Service tickets issued (logins redirected to a service, plus <see cref="IssueTicket"/>).</summary>
    public long LoginCount => Interlocked.Read(ref _logins);

    public long LogoutCount => Interlocked.Read(ref _logoutCount);

    /// <summary>The <c>service</c> (or CAS 2.0 <c>url</c>) of each <c>/logout</c> call, null when absent, in order.</summary>
    public IReadOnlyList<string?> LoggedOutServices => _logouts.ToArray();

    /// <summary>Tickets issued and neither validated nor purged yet.</summary>
    public int PendingTicketCount => _tickets.Count;

    public string? LastIssuedTicket => _lastIssuedTicket;

    /// <summary>The last successful validation (ticket and service): what a single sign-out would target.</summary>
    public LastValidation? LastSuccessfulValidation => _lastValidation;

    public static async Task<CasTestServer> StartAsync(CasTestServerOptions? options = null)
    {
        options ??= new CasTestServerOptions();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(IPAddress.Loopback, 0);
        });

        var app = builder.Build();
        var server = new CasTestServer(app, options);
        app.Run(server.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Port = new Uri(address).Port;
        server.BaseUrl = "http://127.0.0.1:" + server.Port.ToString(CultureInfo.InvariantCulture) + server._rootPath;
        return server;
    }

    /// <summary>Sets the user the next logins authenticate as (and, optionally, the attributes released in CAS 3.0).</summary>
    public void SetUser(string user, IReadOnlyDictionary<string, IReadOnlyList<string>>? attributes = null)
    {
        NextUser = user;
        if (attributes is not null)
        {
            NextAttributes = attributes;
        }
    }

    /// <summary>Issues a service ticket without going through <c>/login</c> (for benchmarks and direct validation tests).</summary>
    public string IssueTicket(string service, string? user = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(service);
        return Issue(service, user ?? _nextUser);
    }

    public void ResetCounters()
    {
        Interlocked.Exchange(ref _validations, 0);
        Interlocked.Exchange(ref _successfulValidations, 0);
        Interlocked.Exchange(ref _failedValidations, 0);
        Interlocked.Exchange(ref _logins, 0);
        Interlocked.Exchange(ref _logoutCount, 0);
        _logouts.Clear();
    }

    /// <summary>The single-logout message a CAS server POSTs to a service: a SAML 2.0 LogoutRequest whose SessionIndex is the ticket.</summary>
    public static string BuildLogoutRequestXml(string ticket, DateTimeOffset? issueInstant = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(ticket);
        var id = "LR-" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(18));
        var instant = (issueInstant ?? DateTimeOffset.UtcNow).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return "<samlp:LogoutRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"" + id
            + "\" Version=\"2.0\" IssueInstant=\"" + instant + "\">"
            + "<saml:NameID xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\">@NOT_USED@</saml:NameID>"
            + "<samlp:SessionIndex>" + EscapeXml(ticket) + "</samlp:SessionIndex>"
            + "</samlp:LogoutRequest>";
    }

    /// <summary>
    /// POSTs <c>logoutRequest=&lt;samlp:LogoutRequest …&gt;</c> (form-urlencoded) to <paramref name="serviceUrl"/>, as a CAS
    /// server does on single sign-out. Uses <paramref name="client"/> when given (e.g. an in-memory test server's client).
    /// </summary>
    public async Task<HttpStatusCode> SendSingleLogoutAsync(string serviceUrl, string ticket, HttpClient? client = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceUrl);
        using var content = new FormUrlEncodedContent([new KeyValuePair<string, string>("logoutRequest", BuildLogoutRequestXml(ticket))]);
        using var response = await (client ?? SharedHttpClient()).PostAsync(new Uri(serviceUrl, UriKind.RelativeOrAbsolute), content, cancellationToken).ConfigureAwait(false);
        return response.StatusCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Shutdown took too long: dispose anyway.
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        _httpClient?.Dispose();
        _stopping.Dispose();
    }

    private HttpClient SharedHttpClient()
    {
        lock (_httpClientLock)
        {
            return _httpClient ??= new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
            {
                Timeout = TimeSpan.FromSeconds(30),
            };
        }
    }

    private Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        if (!path.StartsWith(_rootPath, StringComparison.Ordinal))
        {
            return NotFound(context);
        }

        var method = context.Request.Method;
        switch (path[_rootPath.Length..])
        {
            case "/login" when HttpMethods.IsGet(method):
                return LoginGetAsync(context);
            case "/login" when HttpMethods.IsPost(method):
                return LoginPostAsync(context);
            case "/serviceValidate" when HttpMethods.IsGet(method):
                return ValidateAsync(context, releaseAttributes: false);
            case "/p3/serviceValidate" when HttpMethods.IsGet(method):
                return ValidateAsync(context, releaseAttributes: true);
            case "/logout" when HttpMethods.IsGet(method):
                return LogoutAsync(context);
            case "/login" or "/serviceValidate" or "/p3/serviceValidate" or "/logout":
                context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                return Task.CompletedTask;
            default:
                return NotFound(context);
        }
    }

    private static Task NotFound(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    // ---- /login ---------------------------------------------------------------------------------------------------

    private Task LoginGetAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var service = Single(query["service"]);
        var gateway = IsTrue(Single(query["gateway"]));

        if (_interactiveLogin)
        {
            if (gateway && service is not null && IsAcceptableService(service))
            {
                // gateway: no SSO session in interactive mode, go back to the service without a ticket.
                context.Response.Redirect(service);
                return Task.CompletedTask;
            }

            return WriteHtmlAsync(context, StatusCodes.Status200OK, LoginForm(service, error: null));
        }

        return SignInAsync(context, service, _nextUser);
    }

    private async Task LoginPostAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
        {
            await WriteHtmlAsync(context, StatusCodes.Status400BadRequest, Page("Requête invalide", "<p>Formulaire attendu.</p>")).ConfigureAwait(false);
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var service = Single(form["service"]) ?? Single(context.Request.Query["service"]);
        var username = Single(form["username"])?.Trim();
        if (string.IsNullOrEmpty(username))
        {
            await WriteHtmlAsync(context, StatusCodes.Status200OK, LoginForm(service, "Saisissez un identifiant.")).ConfigureAwait(false);
            return;
        }

        await SignInAsync(context, service, username).ConfigureAwait(false);
    }

    private Task SignInAsync(HttpContext context, string? service, string user)
    {
        if (string.IsNullOrEmpty(service))
        {
            return WriteHtmlAsync(context, StatusCodes.Status200OK, Page("Connexion réussie",
                "<p>Vous êtes connecté en tant que <strong id=\"user\">" + WebUtility.HtmlEncode(user) + "</strong>.</p>"));
        }

        if (!IsAcceptableService(service))
        {
            return WriteHtmlAsync(context, StatusCodes.Status400BadRequest, Page("Service non autorisé",
                "<p>L'adresse de service « " + WebUtility.HtmlEncode(service) + " » n'est pas une URL http(s) absolue.</p>"));
        }

        var ticket = Issue(service, user);
        context.Response.Redirect(AppendTicket(service, ticket));
        return Task.CompletedTask;
    }

    private string Issue(string service, string user)
    {
        var sequence = Interlocked.Increment(ref _ticketSequence);
        var ticket = "ST-" + sequence.ToString(CultureInfo.InvariantCulture) + "-" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24)) + "-cas";
        var now = _time.GetUtcNow();
        _tickets[ticket] = new IssuedTicket(service, user, _nextAttributes, now, now + TicketLifetime);
        _lastIssuedTicket = ticket;
        Interlocked.Increment(ref _logins);
        if ((sequence & 0xFFF) == 0)
        {
            PurgeExpired(now);
        }

        return ticket;
    }

    private void PurgeExpired(DateTimeOffset now)
    {
        foreach (var (key, value) in _tickets)
        {
            if (value.ExpiresAt <= now)
            {
                _tickets.TryRemove(key, out _);
            }
        }
    }

    internal static string AppendTicket(string service, string ticket)
    {
        var hash = service.IndexOf('#', StringComparison.Ordinal);
        var head = hash >= 0 ? service[..hash] : service;
        var fragment = hash >= 0 ? service[hash..] : string.Empty;
        var separator = head.Contains('?', StringComparison.Ordinal) ? (head.EndsWith('?') || head.EndsWith('&') ? string.Empty : "&") : "?";
        return head + separator + "ticket=" + Uri.EscapeDataString(ticket) + fragment;
    }

    private static bool IsAcceptableService(string service) =>
        Uri.TryCreate(service, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    // ---- /serviceValidate, /p3/serviceValidate -----------------------------------------------------------------------

    private async Task ValidateAsync(HttpContext context, bool releaseAttributes)
    {
        Interlocked.Increment(ref _validations);
        var delay = ValidationDelay;
        if (delay != TimeSpan.Zero)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            try
            {
                await Task.Delay(delay, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                context.Abort();
                return;
            }
        }

        var query = context.Request.Query;
        var service = Single(query["service"]);
        var ticket = Single(query["ticket"]);

        // "In all error cases, CAS MUST invalidate the ticket": take the ticket out first, whatever happens next.
        IssuedTicket? issued = null;
        if (!string.IsNullOrEmpty(ticket))
        {
            _tickets.TryRemove(ticket, out issued);
        }

        string body;
        if (string.IsNullOrEmpty(service) || string.IsNullOrEmpty(ticket))
        {
            body = FailureXml("INVALID_REQUEST", "'service' and 'ticket' parameters are both required");
        }
        else if (issued is null && ticket.StartsWith("PT-", StringComparison.Ordinal))
        {
            body = FailureXml("INVALID_TICKET_SPEC", "Ticket '" + ticket + "' is a proxy ticket, which /serviceValidate does not accept");
        }
        else if (issued is null)
        {
            body = FailureXml("INVALID_TICKET", "Ticket '" + ticket + "' not recognized");
        }
        else if (_time.GetUtcNow() >= issued.ExpiresAt)
        {
            body = FailureXml("INVALID_TICKET", "Ticket '" + ticket + "' expired");
        }
        else if (!string.Equals(service, issued.Service, StringComparison.Ordinal))
        {
            body = FailureXml("INVALID_SERVICE", "Ticket '" + ticket + "' does not match supplied service. The original service was '"
                + issued.Service + "' and the supplied service was '" + service + "'.");
        }
        else
        {
            body = SuccessXml(issued, releaseAttributes);
            _lastValidation = new LastValidation(ticket, issued.Service, issued.User);
            Interlocked.Increment(ref _successfulValidations);
            await WriteAsync(context, StatusCodes.Status200OK, XmlContentType, body).ConfigureAwait(false);
            return;
        }

        Interlocked.Increment(ref _failedValidations);
        await WriteAsync(context, StatusCodes.Status200OK, XmlContentType, body).ConfigureAwait(false);
    }

    private string SuccessXml(IssuedTicket ticket, bool releaseAttributes)
    {
        var raw = _answerInvalidXml;
        var sb = new StringBuilder(512);
        sb.Append("<cas:serviceResponse xmlns:cas=\"").Append(CasNamespace).Append("\">\n")
          .Append("  <cas:authenticationSuccess>\n")
          .Append("    <cas:user>").Append(Text(ticket.User, raw)).Append("</cas:user>\n");
        if (releaseAttributes || raw)
        {
            sb.Append("    <cas:attributes>\n");
            if (releaseAttributes)
            {
                sb.Append("      <cas:authenticationDate>")
                  .Append(ticket.IssuedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture))
                  .Append("</cas:authenticationDate>\n")
                  .Append("      <cas:longTermAuthenticationRequestTokenUsed>false</cas:longTermAuthenticationRequestTokenUsed>\n")
                  .Append("      <cas:isFromNewLogin>true</cas:isFromNewLogin>\n");
                foreach (var (name, values) in ticket.Attributes)
                {
                    foreach (var value in values)
                    {
                        sb.Append("      <cas:").Append(name).Append('>').Append(Text(value, raw)).Append("</cas:").Append(name).Append(">\n");
                    }
                }
            }

            if (raw)
            {
                sb.Append("      <cas:ENTStructureNom>").Append(InvalidXmlMarker).Append("</cas:ENTStructureNom>\n");
            }

            sb.Append("    </cas:attributes>\n");
        }

        sb.Append("  </cas:authenticationSuccess>\n</cas:serviceResponse>\n");
        return sb.ToString();
    }

    private string FailureXml(string code, string message)
    {
        var raw = _answerInvalidXml;
        return "<cas:serviceResponse xmlns:cas=\"" + CasNamespace + "\">\n"
            + "  <cas:authenticationFailure code=\"" + code + "\">\n    "
            + (raw ? message + " & " + InvalidXmlMarker : EscapeXml(message))
            + "\n  </cas:authenticationFailure>\n</cas:serviceResponse>\n";
    }

    private static string Text(string value, bool raw) => raw ? value : EscapeXml(value);

    private static string EscapeXml(string value)
    {
        if (value.AsSpan().IndexOfAny("&<>\"'") < 0)
        {
            return value;
        }

        return value
            .Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal)
            .Replace("\"", "&quot;", StringComparison.Ordinal)
            .Replace("'", "&apos;", StringComparison.Ordinal);
    }

    // ---- /logout -----------------------------------------------------------------------------------------------------

    private Task LogoutAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var service = Single(query["service"]) ?? Single(query["url"]);
        _logouts.Enqueue(service);
        Interlocked.Increment(ref _logoutCount);
        if (service is not null && IsAcceptableService(service))
        {
            context.Response.Redirect(service);
            return Task.CompletedTask;
        }

        return WriteHtmlAsync(context, StatusCodes.Status200OK, Page("Déconnexion", "<p>Vous êtes déconnecté du service d'authentification.</p>"));
    }

    // ---- helpers -----------------------------------------------------------------------------------------------------

    private static string? Single(StringValues values) => values.Count == 1 ? values[0] : null;

    private static bool IsTrue(string? value) => value is not null && (value == "true" || value == "1" || value.Length == 0);

    private string LoginForm(string? service, string? error)
    {
        var action = _rootPath + "/login";
        var sb = new StringBuilder();
        if (error is not null)
        {
            sb.Append("<p class=\"erreur\" role=\"alert\">").Append(WebUtility.HtmlEncode(error)).Append("</p>");
        }

        sb.Append("<form method=\"post\" action=\"").Append(WebUtility.HtmlEncode(action)).Append("\">");
        if (service is not null)
        {
            sb.Append("<input type=\"hidden\" name=\"service\" value=\"").Append(WebUtility.HtmlEncode(service)).Append("\">");
        }

        sb.Append("<label for=\"username\">Identifiant</label> <input id=\"username\" name=\"username\" autocomplete=\"username\"> ")
          .Append("<label for=\"password\">Mot de passe</label> <input id=\"password\" name=\"password\" type=\"password\"> ")
          .Append("<button type=\"submit\">Se connecter</button></form>");
        return Page("Service central d'authentification (test)", sb.ToString());
    }

    private static string Page(string title, string body) =>
        "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>" + WebUtility.HtmlEncode(title)
        + "</title></head><body><h1>" + WebUtility.HtmlEncode(title) + "</h1>" + body + "</body></html>";

    private static Task WriteHtmlAsync(HttpContext context, int status, string html) => WriteAsync(context, status, HtmlContentType, html);

    private static Task WriteAsync(HttpContext context, int status, string contentType, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(body, Encoding.UTF8, context.RequestAborted);
    }

    private sealed record IssuedTicket(
        string Service,
        string User,
        IReadOnlyDictionary<string, IReadOnlyList<string>> Attributes,
        DateTimeOffset IssuedAt,
        DateTimeOffset ExpiresAt);
}

/// <summary>A successful validation seen by <see cref="CasTestServer"/>.</summary>
public sealed record LastValidation(string Ticket, string Service, string User);
