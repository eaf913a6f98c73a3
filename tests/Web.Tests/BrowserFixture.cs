using Microsoft.Playwright;
using Sacoche.EndToEnd.Tests;

namespace Sacoche.Web.Tests;

/// <summary>
/// Debian's Chromium driven by Playwright, headless. Never downloads a browser: the executable comes
/// from SACOCHE_TEST_CHROMIUM (./sacoche test installs the `chromium` package) or /usr/bin/chromium.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var executable = Environment.GetEnvironmentVariable("SACOCHE_TEST_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Chromium not found at {executable}: install the Debian package `chromium` (./sacoche test does) or set SACOCHE_TEST_CHROMIUM.");
        }
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
    }
}

[CollectionDefinition("web")]
public sealed class WebCollection : ICollectionFixture<SystemFixture>, ICollectionFixture<BrowserFixture>;
