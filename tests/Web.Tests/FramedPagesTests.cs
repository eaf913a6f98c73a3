using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Sacoche.EndToEnd.Tests;
using Xunit.Abstractions;

namespace Sacoche.Web.Tests;

/// <summary>
/// Sacoche inside an ENT portal's frame, in Chromium. The portal is another site (127.0.0.1, while
/// Sacoche is on localhost) and is the CAS server of the establishment: its frame shows Sacoche's pages
/// with « Ouvrir Sacoche dans un nouvel onglet », another establishment's pages stay blocked, and the
/// ENT link, whose sign-in cannot complete in a cross-site frame (SameSite=Lax cookies), offers the
/// new tab instead of looping between CAS and the sign-in.
/// </summary>
[Collection("web")]
public sealed class FramedPagesTests(SystemFixture system, BrowserFixture browser, ITestOutputHelper output) : IAsyncLifetime
{
    private WebApplication _portal = null!;
    private Uri _portalUrl = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _portal = builder.Build();
        // The ENT's page: Sacoche in a frame.
        _portal.MapGet("/", (string src) => Results.Content(
            $"""<!DOCTYPE html><html lang="fr"><head><title>ENT</title></head><body><h1>Mon ENT</h1><iframe id="sacoche" title="Sacoche" src="{WebUtility.HtmlEncode(src)}" width="900" height="700"></iframe></body></html>""",
            "text/html; charset=utf-8"));
        await _portal.StartAsync();
        _portalUrl = new Uri(_portal.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private string Url(string path) => new Uri(system.GatewayUrl, path).ToString();

    private async Task<int> OpenEstablishmentAsync(bool casOnPortal)
    {
        using var client = system.CreateClient();
        var e = await Oidc.OpenEstablishmentAsync(client, "Collège encadré");
        if (casOnPortal)
        {
            var admin = await Oidc.AdminTokenAsync(system, e);
            var response = await client.SendAsync(HttpMethod.Put, $"/api/identity/establishments/{e.BaseId}/connection", admin,
                new { mode = "cas", connector = "perso", casHost = _portalUrl.Host, casPort = _portalUrl.Port, casRoot = "cas", casScheme = "http" });
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }
        return e.BaseId;
    }

    private async Task<IPage> PortalAsync(string sacochePath)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "fr-FR" });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        page.Console += (_, m) => output.WriteLine($"[console {m.Type}] {m.Text}");
        await page.GotoAsync(new Uri(_portalUrl, "/?src=" + Uri.EscapeDataString(Url(sacochePath))).ToString());
        return page;
    }

    [Fact]
    public async Task The_ENT_frames_the_sign_in_page_of_its_establishment_with_a_new_tab_link()
    {
        var baseId = await OpenEstablishmentAsync(casOnPortal: true);
        var page = await PortalAsync($"/account/login?base={baseId}");
        var frame = page.FrameLocator("#sacoche");
        await Assertions.Expect(frame.Locator("#login")).ToBeVisibleAsync();
        var link = frame.GetByRole(AriaRole.Link, new() { Name = "Ouvrir Sacoche dans un nouvel onglet" });
        await Assertions.Expect(link).ToBeVisibleAsync();
        Assert.Equal("_blank", await link.GetAttributeAsync("target"));
        Assert.Equal($"/?base={baseId}", await link.GetAttributeAsync("href")); // starts again from the entry, outside the frame
        await link.FocusAsync(); // reachable from the keyboard
        Assert.True(await link.EvaluateAsync<bool>("a => document.activeElement === a"));

        // The same page as a tab: no banner.
        var tab = await page.Context.NewPageAsync();
        await tab.GotoAsync(Url($"/account/login?base={baseId}"));
        await Assertions.Expect(tab.Locator("#login")).ToBeVisibleAsync();
        await Assertions.Expect(tab.Locator("#frame-banner")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task The_ENT_link_in_a_cross_site_frame_offers_a_new_tab_instead_of_looping()
    {
        var baseId = await OpenEstablishmentAsync(casOnPortal: true);
        var page = await PortalAsync($"/?sso&base={baseId}");
        var frame = page.FrameLocator("#sacoche");
        await Assertions.Expect(frame.Locator("h1")).ToHaveTextAsync("Ouvrir Sacoche dans un nouvel onglet");
        var link = frame.Locator("main a[target=_blank]");
        Assert.Equal($"/?sso&base={baseId}", await link.GetAttributeAsync("href"));
        Assert.Equal("noopener", await link.GetAttributeAsync("rel"));
    }

    [Fact]
    public async Task Another_establishments_pages_are_not_framed_by_that_ENT()
    {
        await OpenEstablishmentAsync(casOnPortal: true);
        var other = await OpenEstablishmentAsync(casOnPortal: false);
        var page = await PortalAsync($"/account/login?base={other}");
        await page.WaitForLoadStateAsync(LoadState.Load);
        // Chromium refuses the frame (frame-ancestors 'self'): an error page instead of the form.
        await Task.Delay(1000);
        var frame = page.Frames.Single(f => f != page.MainFrame);
        Assert.Equal(0, await frame.Locator("#login").CountAsync());
    }

    [Fact]
    public async Task A_UI_page_in_a_frame_shows_the_new_tab_link_to_itself()
    {
        var page = await (await browser.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "fr-FR" })).NewPageAsync();
        await page.GotoAsync(Url("/acces-refuse"));
        await Assertions.Expect(page.Locator(".frame-banner")).ToBeHiddenAsync(); // a tab: no banner
        // Sacoche framing itself is allowed ('self'): the simplest frame a test can open around a UI page.
        await page.EvaluateAsync("src => { const f = document.createElement('iframe'); f.id = 'ui'; f.title = 'Sacoche'; f.src = src; document.body.appendChild(f); }", Url("/acces-refuse?cadre=1"));
        var link = page.FrameLocator("#ui").GetByRole(AriaRole.Link, new() { Name = "Ouvrir Sacoche dans un nouvel onglet" });
        await Assertions.Expect(link).ToBeVisibleAsync();
        // frame.js points the link at the framed page once the document is parsed: wait for it.
        await Assertions.Expect(link).ToHaveAttributeAsync("href", Url("/acces-refuse?cadre=1"));
        Assert.Equal("_blank", await link.GetAttributeAsync("target"));
    }
}
