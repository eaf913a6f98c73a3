using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Sacoche.EndToEnd.Tests;

/// <summary>
/// ENT portals open Sacoche in a frame: through the gateway, the pages of an establishment in CAS mode
/// may be framed by its ENT (the origin of its CAS server) — Identity's sign-in form and the UI's pages
/// once signed in — while the gateway keeps its no-framing defaults for answers that say nothing.
/// </summary>
[Collection("system")]
public sealed class FramingTests(SystemFixture system)
{
    private const string EntOrigin = "https://cas.ent-cadre.example";

    private async Task<OpenedEstablishment> OpenCasEstablishmentAsync(HttpClient client)
    {
        var e = await Oidc.OpenEstablishmentAsync(client, "Collège du cadre");
        var admin = await Oidc.AdminTokenAsync(system, e);
        var response = await client.SendAsync(HttpMethod.Put, $"/api/identity/establishments/{e.BaseId}/connection", admin,
            new { mode = "cas", connector = "perso", casHost = "cas.ent-cadre.example", casPort = 443, casRoot = "cas" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return e;
    }

    private static string Csp(HttpResponseMessage response) => Assert.Single(response.Headers.GetValues("Content-Security-Policy"));

    [Fact]
    public async Task The_sign_in_form_of_a_CAS_establishment_may_be_framed_by_its_ENT_through_the_gateway()
    {
        using var client = system.CreateClient(followRedirects: false);
        var e = await OpenCasEstablishmentAsync(client);

        var origin = await client.GetFromJsonAsync<JsonElement>($"/sso/frame-origin?base={e.BaseId}");
        Assert.Equal(EntOrigin, origin.GetProperty("origin").GetString());

        var login = await client.GetAsync($"/account/login?base={e.BaseId}");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        // Identity's policy, not replaced by the gateway's, and no X-Frame-Options DENY that would block the ENT.
        Assert.EndsWith($"frame-ancestors 'self' {EntOrigin}", Csp(login), StringComparison.Ordinal);
        Assert.False(login.Headers.Contains("X-Frame-Options"), "X-Frame-Options: " + string.Join(",", login.Headers.TryGetValues("X-Frame-Options", out var v) ? v : []));
        Assert.Equal("nosniff", Assert.Single(login.Headers.GetValues("X-Content-Type-Options"))); // the gateway's other headers stay
        Assert.Contains("Ouvrir Sacoche dans un nouvel onglet", await login.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Another establishment's page, and answers that set no policy, cannot be framed by that ENT.
        var other = await client.GetAsync("/account/login");
        Assert.EndsWith("frame-ancestors 'self'", Csp(other), StringComparison.Ordinal);
        Assert.Equal("SAMEORIGIN", Assert.Single(other.Headers.GetValues("X-Frame-Options")));
        var discovery = await client.GetAsync("/.well-known/openid-configuration");
        Assert.Contains("frame-ancestors 'none'", Csp(discovery), StringComparison.Ordinal);
        Assert.Equal("DENY", Assert.Single(discovery.Headers.GetValues("X-Frame-Options")));
    }

    [Fact]
    public async Task The_UI_pages_of_a_signed_in_user_may_be_framed_by_their_ENT()
    {
        using var operatorClient = system.CreateClient();
        var e = await OpenCasEstablishmentAsync(operatorClient);
        using var browser = system.CreateClient(followRedirects: false);

        var anonymous = await browser.GetAsync("/acces-refuse");
        Assert.EndsWith("frame-ancestors 'self'", Csp(anonymous), StringComparison.Ordinal);
        Assert.Equal("SAMEORIGIN", Assert.Single(anonymous.Headers.GetValues("X-Frame-Options"))); // the UI's own, kept by the gateway

        // The administrator signs in with the local form (/?base=N), then lands on the UI's welcome page.
        var url = $"/?base={e.BaseId}";
        HttpResponseMessage? page = null;
        for (var hop = 0; hop < 20; hop++)
        {
            var response = await browser.GetAsync(url);
            if ((int)response.StatusCode is >= 300 and < 400)
            {
                url = new Uri(browser.BaseAddress!, response.Headers.Location!).PathAndQuery;
                continue;
            }
            var html = await response.Content.ReadAsStringAsync();
            if (!html.Contains("name=\"password\"", StringComparison.Ordinal))
            {
                Assert.Contains("Bienvenue dans votre espace identifié", html, StringComparison.Ordinal);
                page = response;
                break;
            }
            var posted = await Oidc.PostLoginFormAsync(browser, html, e.AdminLogin, e.AdminPassword);
            Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
            url = new Uri(browser.BaseAddress!, posted.Headers.Location!).PathAndQuery;
        }
        Assert.NotNull(page);
        Assert.EndsWith($"frame-ancestors 'self' {EntOrigin}", Csp(page), StringComparison.Ordinal);
        Assert.False(page.Headers.Contains("X-Frame-Options"));
        Assert.Contains("Ouvrir Sacoche dans un nouvel onglet", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
