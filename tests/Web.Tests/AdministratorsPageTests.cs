using Microsoft.Playwright;
using Sacoche.EndToEnd.Tests;
using Xunit.Abstractions;

namespace Sacoche.Web.Tests;

/// <summary>
/// « Administrateurs » (issue 17, item 2): the establishment's administrator creates a second one, whose
/// initial password (shown once) signs him in; the second disables the first after confirming, and is
/// then refused, in French, when disabling himself as the last active administrator.
/// </summary>
[Collection("web")]
public sealed class AdministratorsPageTests(SystemFixture system, BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task An_administrator_creates_another_who_signs_in_and_the_last_one_stays_active()
    {
        using var client = system.CreateClient();
        var e = await Oidc.OpenEstablishmentAsync(client, "Collège des deux administrateurs");

        var first = await browser.SignInAsync(output, system.GatewayUrl, e.BaseId, e.AdminLogin, e.AdminPassword);
        await first.ClickAsync("nav a:has-text('Administrateurs')");
        await Assertions.Expect(first.Locator("h1")).ToHaveTextAsync("Administrateurs");
        await first.FillAsync("#admin-login", "adjoint.admin");
        await first.FillAsync("#admin-last-name", "Lefèvre");
        await first.FillAsync("#admin-first-name", "Claire");
        await first.ClickAsync("form button[type=submit]:has-text('Créer')");
        await Assertions.Expect(first.Locator("#created-admin")).ToContainTextAsync("affiché qu'une seule fois");
        var password = (await first.Locator("#created-password").InnerTextAsync()).Trim();
        Assert.Equal("adjoint.admin", (await first.Locator("#created-login").InnerTextAsync()).Trim());

        var second = await browser.SignInAsync(output, system.GatewayUrl, e.BaseId, "adjoint.admin", password);
        await second.GotoAsync(new Uri(system.GatewayUrl, "/admin/administrateurs").ToString());
        await second.ClickAsync($"button[aria-label='Désactiver {e.AdminLogin}']");
        await second.ClickAsync("button:has-text('Confirmer')");
        await Assertions.Expect(second.Locator("[role=alert], .alert").First).ToContainTextAsync("désactivé");
        await second.ClickAsync("button[aria-label='Désactiver adjoint.admin']");
        await second.ClickAsync("button:has-text('Confirmer')");
        await Assertions.Expect(second.Locator("main")).ToContainTextAsync("dernier administrateur actif");
    }
}
