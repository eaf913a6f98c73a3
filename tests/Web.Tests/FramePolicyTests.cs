using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sacoche.Web.Auth;
using Sacoche.Web.Extensions;

namespace Sacoche.Web.Tests;

/// <summary>
/// Who may frame the UI's pages: the signed-in user's ENT (the origin Identity gives for their base)
/// and Sacoche itself; nobody else, and nobody but Sacoche when Identity cannot say. Identity is
/// replaced by a handler that answers like <c>/sso/frame-origin</c>.
/// </summary>
public sealed class FramePolicyTests
{
    [Fact]
    public async Task The_ENT_of_the_signed_in_users_establishment_may_frame_the_page()
    {
        var identity = new FakeIdentity { [7] = """{"origin":"https://ent.example"}""" };
        var response = await GetAsync(identity, signedInBase: 7);
        Assert.Contains("frame-ancestors 'self' https://ent.example", Csp(response), StringComparison.Ordinal);
        Assert.DoesNotContain("'none'", Csp(response), StringComparison.Ordinal);
        // X-Frame-Options cannot name the ENT: it would block it in older browsers.
        Assert.False(response.Headers.ContainsKey("X-Frame-Options"));
        Assert.Equal(["base=7"], identity.Queries);
    }

    [Fact]
    public async Task The_answer_is_kept_a_few_minutes_per_base()
    {
        var identity = new FakeIdentity { [7] = """{"origin":"https://ent.example"}""", [8] = """{"origin":"https://autre-ent.example"}""" };
        await using var app = await StartAsync(identity);
        await SendAsync(app, 7);
        await SendAsync(app, 7);
        var other = await SendAsync(app, 8);
        Assert.Contains("frame-ancestors 'self' https://autre-ent.example", Csp(other), StringComparison.Ordinal);
        Assert.Equal(["base=7", "base=8"], identity.Queries);
    }

    [Theory]
    [InlineData("""{"origin":null}""")] // not a CAS establishment, or unknown
    [InlineData("""{"origin":"https://ent.example; script-src *"}""")] // never copied into the header
    [InlineData("""{"origin":"javascript:alert(1)"}""")]
    [InlineData("not json")]
    [InlineData(null)] // Identity down
    public async Task Without_an_ENT_origin_only_Sacoche_may_frame_the_page(string? answer)
    {
        var identity = new FakeIdentity { [7] = answer };
        var response = await GetAsync(identity, signedInBase: 7);
        Assert.Equal(200, response.StatusCode);
        Assert.EndsWith("frame-ancestors 'self'", Csp(response), StringComparison.Ordinal);
        Assert.DoesNotContain("ent.example", Csp(response), StringComparison.Ordinal);
        Assert.Equal("SAMEORIGIN", response.Headers.XFrameOptions.ToString());
    }

    [Fact]
    public async Task An_anonymous_page_is_framed_by_Sacoche_only_and_Identity_is_not_asked()
    {
        var identity = new FakeIdentity { [7] = """{"origin":"https://ent.example"}""" };
        var response = await GetAsync(identity, signedInBase: null);
        Assert.EndsWith("frame-ancestors 'self'", Csp(response), StringComparison.Ordinal);
        Assert.Equal("SAMEORIGIN", response.Headers.XFrameOptions.ToString());
        Assert.Empty(identity.Queries);
    }

    [Fact]
    public async Task The_rest_of_the_policy_is_unchanged()
    {
        var response = await GetAsync(new FakeIdentity { [7] = """{"origin":"https://ent.example"}""" }, signedInBase: 7);
        var csp = Csp(response);
        foreach (var directive in new[] { "default-src 'self'", "script-src 'self'", "connect-src 'self'", "img-src 'self' data:", "form-action 'self'" })
        {
            Assert.Contains(directive, csp, StringComparison.Ordinal);
        }
    }

    private static string Csp(HttpResponse response) => response.Headers.ContentSecurityPolicy.ToString();

    private static async Task<HttpResponse> GetAsync(FakeIdentity identity, int? signedInBase)
    {
        await using var app = await StartAsync(identity);
        return await SendAsync(app, signedInBase);
    }

    private static async Task<HttpResponse> SendAsync(WebApplication app, int? signedInBase)
    {
        var context = await app.GetTestServer().SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = "/releves";
            if (signedInBase is { } b)
            {
                c.Request.Headers["X-Test-Base"] = b.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        });
        return context.Response;
    }

    /// <summary>The UI's header middleware where Program.cs puts it (before authentication), with Identity faked.</summary>
    private static async Task<WebApplication> StartAsync(FakeIdentity identity)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddAuthentication(TestScheme.Name).AddScheme<AuthenticationSchemeOptions, TestScheme>(TestScheme.Name, _ => { });
        builder.Services.AddFrameOrigins(builder.Configuration);
        builder.Services.AddHttpClient(FrameOrigins.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => identity);
        var app = builder.Build();
        app.UseUiSecurityHeaders();
        app.UseAuthentication();
        app.Run(context => context.Response.WriteAsync("page"));
        await app.StartAsync();
        return app;
    }

    /// <summary>Answers <c>/sso/frame-origin?base=N</c> with the body set for N; a null body is a connection failure.</summary>
    private sealed class FakeIdentity : HttpMessageHandler
    {
        private readonly Dictionary<int, string?> _answers = [];

        public List<string> Queries { get; } = [];

        public string? this[int baseId] { set => _answers[baseId] = value; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Assert.Equal("/sso/frame-origin", request.RequestUri!.AbsolutePath);
            var query = request.RequestUri.Query.TrimStart('?');
            lock (Queries)
            {
                Queries.Add(query);
            }
            var baseId = int.Parse(query["base=".Length..], System.Globalization.CultureInfo.InvariantCulture);
            return _answers.GetValueOrDefault(baseId) is { } body
                ? Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") })
                : throw new HttpRequestException("Connection refused");
        }
    }

    /// <summary>Authenticates from a header, as the UI's cookie would with the user's base claim.</summary>
    private sealed class TestScheme(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string Name = "test";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
            Task.FromResult(Request.Headers["X-Test-Base"].ToString() is { Length: > 0 } b
                ? AuthenticateResult.Success(new AuthenticationTicket(
                    new ClaimsPrincipal(new ClaimsIdentity([new Claim(SacocheClaims.Base, b)], Name)), Name))
                : AuthenticateResult.NoResult());
    }
}
