using Microsoft.Playwright;
using Sacoche.EndToEnd.Tests;
using Sacoche.Testing.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Sacoche.Web.Tests;

/// <summary>
/// The one way the browser tests open a page and sign in (local sign-in of an establishment, <c>/?base=N</c>),
/// and the initial credentials they sign in with. A refused sign-in fails at once with what the page says:
/// no retry that could hide a regression.
/// </summary>
public static class BrowserSignIn
{
    public const string WelcomeHeading = "Bienvenue dans votre espace identifié";

    /// <summary>A page in a new browser context (French locale), its console errors in the test output.</summary>
    public static async Task<IPage> NewPageAsync(this BrowserFixture browser, ITestOutputHelper output, int width = 1280, int height = 900)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, Locale = "fr-FR" });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        page.Console += (_, m) => { if (m.Type == "error") { output.WriteLine($"[console] {m.Text}"); } };
        return page;
    }

    /// <summary>Signs in on <paramref name="page"/>; <paramref name="beforeSubmit"/> runs with the form filled (e.g. a screenshot).</summary>
    public static async Task SignInAsync(IPage page, Uri gateway, int baseId, string login, string password, Func<IPage, Task>? beforeSubmit = null)
    {
        await page.GotoAsync(new Uri(gateway, $"/?base={baseId}").ToString());
        await page.FillAsync("#login", login);
        await page.FillAsync("#password", password);
        if (beforeSubmit is not null)
        {
            await beforeSubmit(page);
        }
        await page.ClickAsync("button:has-text('Se connecter')");
        try
        {
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(WelcomeHeading, new() { Timeout = 30_000 });
        }
        catch (PlaywrightException ex)
        {
            var text = await page.Locator("main, body").First.InnerTextAsync();
            throw new Xunit.Sdk.XunitException($"sign-in of {login} (base {baseId}) refused at {page.Url}: {text}{Environment.NewLine}{ex.Message}");
        }
    }

    /// <summary>A new page signed in as <paramref name="login"/>.</summary>
    public static async Task<IPage> SignInAsync(this BrowserFixture browser, ITestOutputHelper output, Uri gateway, int baseId, string login, string password)
    {
        var page = await browser.NewPageAsync(output);
        await SignInAsync(page, gateway, baseId, login, password);
        return page;
    }

    /// <summary>
    /// Initial credentials from the administrator's « new credentials » CSV, once every account arrived from
    /// Import (events). Read once: the CSV hands each account out once. Not a password reset: a reset can race
    /// Identity's background hashing of the initial password.
    /// </summary>
    public static async Task<List<(string Login, string Password)>> InitialCredentialsAsync(HttpClient client, string admin, TimeSpan wait,
        params (string Profile, string LastName, string FirstName)[] people)
    {
        foreach (var (profile, lastName, firstName) in people)
        {
            Assert.True(await TestServers.EventuallyAsync(async () =>
            {
                var response = await client.SendAsync(HttpMethod.Get, $"/api/identity/accounts?profile={profile}&q={Uri.EscapeDataString(firstName)}", admin);
                var text = await response.Content.ReadAsStringAsync();
                Assert.True(response.IsSuccessStatusCode, text);
                var page = System.Text.Json.JsonSerializer.Deserialize<AccountList>(text, System.Text.Json.JsonSerializerOptions.Web)!;
                return page.Items.Any(a => Same(a.LastName, lastName) && Same(a.FirstName, firstName));
            }, wait), $"account {profile} {firstName} {lastName} never appeared");
        }
        var csvResponse = await client.SendAsync(HttpMethod.Get, "/api/identity/credentials/new", admin);
        var csv = (await csvResponse.Content.ReadAsStringAsync()).TrimStart('\uFEFF');
        Assert.True(csvResponse.IsSuccessStatusCode, csv);
        // Profil;Nom;Prénom;Identifiant;Mot de passe
        var rows = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(line => line.Split(';').Select(c => c.Trim('"').TrimStart('\'')).ToArray()).ToList();
        return [.. people.Select(p => rows.Where(r => r[0] == p.Profile && Same(r[1], p.LastName) && Same(r[2], p.FirstName)).Select(r => (r[3], r[4])).First())];
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private sealed record AccountItem(string LastName, string FirstName);

    private sealed record AccountList(List<AccountItem> Items);
}
