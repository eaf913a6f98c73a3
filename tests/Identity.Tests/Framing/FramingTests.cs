using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sacoche.Identity.Apis;
using Sacoche.Identity.Domain;
using Sacoche.Identity.Infrastructure;
using Sacoche.ServiceDefaults.Security;
using Sacoche.Testing.Infrastructure;

namespace Sacoche.Identity.Tests.Framing;

/// <summary>Identity on real PostgreSQL (own database) and RabbitMQ (own virtual host).</summary>
public sealed class IdentityFixture : IAsyncLifetime
{
    private string _database = "";
    private string _vhost = "";

    public WebApplicationFactory<Program> Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _database = await TestServers.CreateDatabaseAsync("identity_framing");
        _vhost = await TestServers.CreateVirtualHostAsync("identity-framing");
        Factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("ConnectionStrings:identitydb", _database);
            b.UseSetting("ConnectionStrings:rabbitmq", _vhost);
            b.UseSetting("Identity:Issuer", "http://localhost:8080/");
            b.UseSetting("Identity:OperatorSecret", "operator-secret-for-tests");
            b.UseSetting("Identity:Cas:AllowHttp", "true");
        });
        await IdentityHost.StartAsync(Factory);
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await TestServers.DropDatabaseAsync(_database);
        await TestServers.DeleteVirtualHostAsync(_vhost);
    }

    public async Task<Establishment> AddAsync(Action<Establishment> configure)
    {
        using var scope = Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var e = new Establishment { Uai = NewUai(), Name = "Collège des cadres", CreatedAt = DateTimeOffset.UtcNow };
        configure(e);
        db.Establishments.Add(e);
        await db.SaveChangesAsync();
        return e;
    }

    public async Task UpdateAsync(int baseId, Action<Establishment> change)
    {
        using var scope = Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        change(await db.Establishments.SingleAsync(e => e.BaseId == baseId));
        await db.SaveChangesAsync();
    }

    private static int _uai = Random.Shared.Next(100000, 900000);

    private static string NewUai() => $"0{Interlocked.Increment(ref _uai):D6}F";
}

/// <summary>
/// ENT portals frame Sacoche: Identity tells which origin may (that of the establishment's CAS server),
/// its own pages allow that origin only, and a framed ENT entry where cookies are dropped offers a new tab
/// instead of looping between CAS and the sign-in.
/// </summary>
public sealed class FramingTests(IdentityFixture identity) : IClassFixture<IdentityFixture>
{
    private static Action<Establishment> Cas(string host, int port = 443, string scheme = "https", string root = "cas") => e =>
    {
        e.Mode = ConnectionMode.Cas;
        e.CasConnector = "perso";
        e.CasHost = host;
        e.CasPort = port;
        e.CasRoot = root;
        e.CasScheme = scheme;
    };

    private async Task<string?> FrameOriginAsync(string key)
    {
        using var client = identity.Factory.CreateClient();
        var response = await client.GetAsync("/sso/frame-origin?base=" + Uri.EscapeDataString(key));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<FrameOriginResponse>())!.Origin;
    }

    [Fact]
    public async Task The_frame_origin_of_a_CAS_establishment_is_that_of_its_CAS_server()
    {
        var cas = await identity.AddAsync(Cas("ent.example"));
        var withPort = await identity.AddAsync(Cas("CAS.Autre-Ent.example", port: 8443, root: "auth/cas"));
        var plainHttp = await identity.AddAsync(Cas("localhost", port: 5443, scheme: "http"));

        Assert.Equal("https://ent.example", await FrameOriginAsync(cas.BaseId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal("https://ent.example", await FrameOriginAsync(cas.Uai)); // the entry points' other key
        Assert.Equal("https://cas.autre-ent.example:8443", await FrameOriginAsync(withPort.BaseId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal("http://localhost:5443", await FrameOriginAsync(plainHttp.BaseId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Other_establishments_have_no_frame_origin()
    {
        var normal = await identity.AddAsync(e => e.CasHost = "ent.example"); // CAS settings kept, but local sign-in
        var inactive = await identity.AddAsync(e => { Cas("ent.example")(e); e.Active = false; });
        var invalid = await identity.AddAsync(Cas("*.ent.example"));

        foreach (var key in new[] { normal.BaseId.ToString(System.Globalization.CultureInfo.InvariantCulture), inactive.BaseId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            invalid.BaseId.ToString(System.Globalization.CultureInfo.InvariantCulture), "999999", "abc", "" })
        {
            Assert.Null(await FrameOriginAsync(key));
        }
    }

    [Fact]
    public async Task A_change_of_CAS_settings_is_seen_at_once()
    {
        var e = await identity.AddAsync(Cas("ent.example"));
        var key = e.BaseId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("https://ent.example", await FrameOriginAsync(key));

        await identity.UpdateAsync(e.BaseId, x => x.CasHost = "nouvel-ent.example");
        Assert.Equal("https://nouvel-ent.example", await FrameOriginAsync(key));
        await identity.UpdateAsync(e.BaseId, x => x.Mode = ConnectionMode.Normal);
        Assert.Null(await FrameOriginAsync(key));
    }

    [Fact]
    public async Task The_sign_in_page_of_a_CAS_establishment_may_be_framed_by_its_ENT_only()
    {
        var e = await identity.AddAsync(Cas("ent.example"));
        using var client = identity.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var login = await client.GetAsync($"/account/login?base={e.BaseId}");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var csp = Assert.Single(login.Headers.GetValues("Content-Security-Policy"));
        Assert.EndsWith("frame-ancestors 'self' https://ent.example", csp, StringComparison.Ordinal);
        Assert.StartsWith(FramePolicy.PageDirectives, csp, StringComparison.Ordinal);
        Assert.False(login.Headers.Contains("X-Frame-Options"));
        var html = await login.Content.ReadAsStringAsync();
        Assert.Contains("Ouvrir Sacoche dans un nouvel onglet", html, StringComparison.Ordinal);
        Assert.Contains("""<script src="/sso/frame.js"></script>""", html, StringComparison.Ordinal);

        var script = await client.GetAsync("/sso/frame.js");
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Contains("window.self !== window.top", await script.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_without_an_ENT_may_be_framed_by_Sacoche_only()
    {
        var normal = await identity.AddAsync(_ => { });
        using var client = identity.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        foreach (var url in new[] { $"/account/login?base={normal.BaseId}", "/account/login", "/account/login?base=999999" })
        {
            var page = await client.GetAsync(url);
            Assert.EndsWith("frame-ancestors 'self'", Assert.Single(page.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
            Assert.Equal("SAMEORIGIN", Assert.Single(page.Headers.GetValues("X-Frame-Options")));
        }
        // Not a page: left to the gateway's defaults (no framing at all).
        var json = await client.GetAsync($"/sso/frame-origin?base={normal.BaseId}");
        Assert.False(json.Headers.Contains("Content-Security-Policy"));
        Assert.False(json.Headers.Contains("X-Frame-Options"));
    }

    [Fact]
    public async Task A_framed_ENT_entry_that_drops_cookies_offers_a_new_tab_instead_of_looping()
    {
        var e = await identity.AddAsync(Cas("ent.example"));
        // No cookie container: like a frame of another site, where SameSite=Lax cookies are dropped.
        using var client = identity.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var start = $"/sso/start?base={e.BaseId}&returnUrl=%2Fconnect%2Fauthorize";

        var probe = await client.SendAsync(Framed(start));
        Assert.Equal(HttpStatusCode.Redirect, probe.StatusCode);
        Assert.Equal(start + "&" + FramingEndpoints.ProbeParameter + "=1", probe.Headers.Location!.OriginalString);
        Assert.Contains(probe.Headers.GetValues("Set-Cookie"), c => c.StartsWith(FramingEndpoints.ProbeCookie + "=", StringComparison.Ordinal) && c.Contains("samesite=lax", StringComparison.OrdinalIgnoreCase));

        var page = await client.SendAsync(Framed(probe.Headers.Location.OriginalString));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains($"""<a href="/?sso&amp;base={e.BaseId}" target="_blank" rel="noopener">Ouvrir Sacoche dans un nouvel onglet</a>""", html, StringComparison.Ordinal);
        Assert.EndsWith("frame-ancestors 'self' https://ent.example", Assert.Single(page.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);

        // A frame that keeps cookies (the ENT on Sacoche's own site) goes on to CAS; so does a tab.
        var kept = Framed(probe.Headers.Location.OriginalString);
        kept.Headers.Add("Cookie", FramingEndpoints.ProbeCookie + "=1");
        var toCas = await client.SendAsync(kept);
        Assert.Equal(HttpStatusCode.Redirect, toCas.StatusCode);
        Assert.StartsWith("https://ent.example/cas/login?service=", toCas.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var tab = await client.GetAsync(start);
        Assert.StartsWith("https://ent.example/cas/login?service=", tab.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    private static HttpRequestMessage Framed(string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Sec-Fetch-Dest", "iframe");
        request.Headers.Add("Sec-Fetch-Site", "cross-site");
        return request;
    }

    [Theory]
    [InlineData("https://ent.example/cas", "https://ent.example")]
    [InlineData("https://ENT.example:443/", "https://ent.example")]
    [InlineData("http://localhost:8080/x?y#z", "http://localhost:8080")]
    [InlineData("https://[2001:db8::1]:8443/cas", "https://[2001:db8::1]:8443")]
    [InlineData("https://élève.example/cas", "https://xn--lve-6lad.example")]
    [InlineData("https://user:pw@ent.example/", null)]
    [InlineData("ftp://ent.example/", null)]
    [InlineData("ent.example", null)]
    [InlineData(null, null)]
    public void An_origin_is_rebuilt_from_the_parsed_url(string? url, string? expected) => Assert.Equal(expected, FramePolicy.OriginOf(url));
}
