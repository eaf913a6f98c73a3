using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Sacoche.Common.Results;
using Sacoche.ServiceDefaults.Http;

namespace Sacoche.ServiceDefaults.Tests;

/// <summary>One catalogue, documented: the code table of docs/errors.md and <see cref="ErrorCodes"/> agree, and the HTTP shape is the documented one.</summary>
public sealed partial class ErrorCatalogueTests
{
    [GeneratedRegex(@"^\| `(?<code>[a-z-]+)` \| (?<status>\d{3}) \| (?<title>[^|]+?) \|", RegexOptions.Multiline)]
    private static partial Regex Row();

    [Fact]
    public void The_documented_table_is_the_catalogue()
    {
        var doc = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "docs", "errors.md"));
        var documented = Row().Matches(doc).Select(m => (m.Groups["code"].Value, int.Parse(m.Groups["status"].Value), m.Groups["title"].Value)).ToList();
        var catalogue = ErrorCodes.All.Select(c => (c.Code, c.Status, c.Title)).ToList();
        Assert.Equal(catalogue.OrderBy(c => c.Code), documented.OrderBy(c => c.Item1));
        Assert.Equal(catalogue.Count, catalogue.Select(c => c.Code).Distinct().Count());
        Assert.All(catalogue, c => Assert.Matches("^[a-z]+(-[a-z]+)*$", c.Code)); // one language: English kebab-case
    }

    private static async Task<HttpClient> ServerAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = Problems.Customize);
        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        map(app);
        await app.StartAsync();
        return app.GetTestClient();
    }

    [Fact]
    public async Task A_validation_error_answers_fields_to_messages_in_French()
    {
        var client = await ServerAsync(app => app.MapPost("/periods", () =>
            ((Result<int>)Error.Invalid(new Dictionary<string, string[]> { ["name"] = ["Le nom est obligatoire."], ["end"] = ["La fin précède le début."] })).ToHttp()));
        var response = await client.PostAsync("/periods", null);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("https://sacoche.fr/problems/validation", body.GetProperty("type").GetString());
        Assert.Equal("Données invalides", body.GetProperty("title").GetString());
        Assert.Equal("Le nom est obligatoire. La fin précède le début.", body.GetProperty("detail").GetString());
        Assert.Equal("Le nom est obligatoire.", body.GetProperty("errors").GetProperty("name")[0].GetString());
        Assert.Equal("La fin précède le début.", body.GetProperty("errors").GetProperty("end")[0].GetString());
    }

    [Fact]
    public async Task A_rate_limit_sets_retry_after_and_framework_problems_use_the_catalogue()
    {
        var client = await ServerAsync(app =>
        {
            app.MapPost("/publish", () => Problems.For(ErrorCodes.TooManyRequests, "Réessayez dans 2 minutes.", new Dictionary<string, object?> { [Problems.RetryAfterSeconds] = 120 }));
            app.MapGet("/items/{id:int}", (int id) => id);
        });
        var limited = await client.PostAsync("/publish", null);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("120", limited.Headers.RetryAfter?.ToString());
        Assert.Equal("https://sacoche.fr/problems/too-many-requests", (await limited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());

        // Written by the framework (route constraint → 404 without body → status code pages).
        var missing = await client.GetAsync("/items/abc");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var problem = await missing.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("https://sacoche.fr/problems/not-found", problem.GetProperty("type").GetString());
        Assert.Equal("Introuvable", problem.GetProperty("title").GetString());
    }
}
