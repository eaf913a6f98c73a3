using System.Security.Claims;
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
using Xunit;

namespace Sacoche.Web.Tests;

/// <summary>
/// The UI's entry points (<c>?base=N</c>, <c>?sso</c>) land on the page they were opened on, and only on
/// a local one: "//evil.example/?base=1" is a scheme-relative URL that a browser would follow off-site.
/// The OIDC scheme is replaced by one that shows where the sign-in would land afterwards.
/// </summary>
public sealed class EntryPointRedirectTests
{
    [Theory]
    [InlineData("//evil.example/", "?base=1", "/")]
    [InlineData("//evil.example/", "?sso&base=1", "/")]
    [InlineData("/\\evil.example/", "?base=1", "/%5Cevil.example/")] // the path's backslash goes out escaped: a local path
    [InlineData("/eleves", "?base=1&returnUrl=//evil.example/", "/eleves")] // a foreign returnUrl is dropped
    public async Task Anonymous_entry_points_never_land_off_site(string path, string query, string expected)
    {
        Assert.Equal(expected, await LandingAsync(path, query, signedInBase: null));
    }

    [Fact]
    public async Task A_signed_in_user_is_never_sent_off_site()
    {
        Assert.Equal("/", await LandingAsync("//evil.example/", "?base=1", signedInBase: 1));
    }

    [Fact]
    public async Task A_local_page_keeps_its_path_and_other_parameters()
    {
        Assert.Equal("/releves?classe=3A", await LandingAsync("/releves", "?base=1&classe=3A", signedInBase: 1));
        Assert.Equal("/releves?classe=3A", await LandingAsync("/releves", "?classe=3A&base=1", signedInBase: null));
    }

    [Fact]
    public async Task The_administrators_address_with_id_opens_the_establishments_sign_in_like_base()
    {
        var response = await SendAsync("/", "?id=123", signedInBase: null);
        Assert.Equal(302, response.StatusCode);
        Assert.StartsWith("/account/login?base=123&", response.Headers.Location.ToString(), StringComparison.Ordinal);
        // Elsewhere, or not a number, « id » is a page's own parameter.
        Assert.Equal(200, (await SendAsync("/releves", "?id=123", signedInBase: null)).StatusCode);
        Assert.Equal(200, (await SendAsync("/", "?id=abc", signedInBase: null)).StatusCode);
    }

    private static async Task<string> LandingAsync(string path, string query, int? signedInBase)
    {
        var response = await SendAsync(path, query, signedInBase);
        var location = response.Headers.Location.ToString();
        Assert.True(response.StatusCode is 302, $"status {response.StatusCode}");
        // Anonymous: the challenge goes to Identity with the landing in returnUrl's "ru"; signed in: straight there.
        if (location.StartsWith("/account/login", StringComparison.Ordinal) || location.StartsWith("/sso/start", StringComparison.Ordinal))
        {
            var resume = Uri.UnescapeDataString(location.Split("returnUrl=")[1]);
            return Uri.UnescapeDataString(resume.Split("ru=")[1]);
        }
        return location;
    }

    private static async Task<HttpResponse> SendAsync(string path, string query, int? signedInBase)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddAuthentication(TestScheme.Name)
            .AddScheme<AuthenticationSchemeOptions, TestScheme>(TestScheme.Name, _ => { })
            .AddScheme<AuthenticationSchemeOptions, TestScheme>(AuthExtensions.OidcScheme, _ => { });
        await using var app = builder.Build();
        app.UseAuthentication();
        app.UseEntryPoints();
        app.Run(context => context.Response.WriteAsync("page"));
        await app.StartAsync();
        var context = await app.GetTestServer().SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = path;
            c.Request.QueryString = new QueryString(query);
            if (signedInBase is { } b)
            {
                c.Request.Headers["X-Test-Base"] = b.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        });
        return context.Response;
    }

    /// <summary>Authenticates from a header; its challenge stands for Identity's authorize endpoint.</summary>
    private sealed class TestScheme(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string Name = "test";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
            Task.FromResult(Request.Headers["X-Test-Base"].ToString() is { Length: > 0 } b
                ? AuthenticateResult.Success(new AuthenticationTicket(
                    new ClaimsPrincipal(new ClaimsIdentity([new Claim(SacocheClaims.Base, b)], Name)), Name))
                : AuthenticateResult.NoResult());

        protected override Task HandleChallengeAsync(AuthenticationProperties properties)
        {
            Response.StatusCode = 302;
            Response.Headers.Location = "http://identity.test/connect/authorize?ru=" + Uri.EscapeDataString(properties.RedirectUri ?? "");
            return Task.CompletedTask;
        }
    }
}
