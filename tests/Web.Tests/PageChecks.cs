using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;

namespace Sacoche.Web.Tests;

/// <summary>What every browser test does to a page: numbered screenshots, an accessibility check, Blazor-aware input.</summary>
public sealed class PageChecks(ITestOutputHelper output, string folder)
{
    private int _shot;

    public async Task ShotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"{++_shot:00}-{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
        output.WriteLine($"screenshot {file}");
    }

    /// <summary>No serious or critical accessibility violation (axe-core rules, WCAG 2 A/AA).</summary>
    public async Task AxeAsync(IPage page, string what)
    {
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa"] } });
        foreach (var v in result.Violations)
        {
            output.WriteLine($"axe {what}: {v.Impact} {v.Id} – {v.Help} ({v.Nodes.Length} nœud(s)) {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}");
        }
        var blocking = result.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => v.Id).ToList();
        Assert.True(blocking.Count == 0, $"{what}: accessibility violations {string.Join(", ", blocking)}");
    }

    /// <summary>Fill a bound input and let Blazor see the change at once.</summary>
    public static async Task FillAsync(IPage page, string selector, string value)
    {
        var input = page.Locator(selector);
        await input.FillAsync(value);
        await input.DispatchEventAsync("change");
    }
}
