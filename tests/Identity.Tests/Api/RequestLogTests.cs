using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sacoche.Identity.Tests.Framing;
using Sacoche.Testing.Logging;

namespace Sacoche.Identity.Tests.Api;

/// <summary>
/// Identity's hot endpoints — the discovery document every API fetches, the token endpoint — write no
/// log line at Information per request (ASP.NET Core, OpenIddict, EF Core's SQL commands all stay quiet),
/// and Logging:LogLevel:OpenIddict=Information brings OpenIddict's lines back for an incident.
/// A second instance of Identity on the fixture's database, as a replica would be.
/// </summary>
public sealed class RequestLogTests(IdentityFixture identity) : IClassFixture<IdentityFixture>
{
    private WebApplicationFactory<Program> Instance(CapturedLogs logs, string? openIddictLevel = null) =>
        identity.Factory.WithWebHostBuilder(b =>
        {
            if (openIddictLevel is not null)
            {
                b.UseSetting("Logging:LogLevel:OpenIddict", openIddictLevel);
            }
            b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(logs));
        });

    private static async Task HotRequestsAsync(HttpClient client)
    {
        using var discovery = await client.GetAsync(new Uri("/.well-known/openid-configuration", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, discovery.StatusCode);
        using var token = await client.PostAsync(new Uri("/connect/token", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "sacoche-operator",
            ["client_secret"] = "operator-secret-for-tests",
            ["scope"] = "api",
        }));
        Assert.True(token.IsSuccessStatusCode, await token.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_discovery_document_and_a_token_request_write_nothing_at_information()
    {
        var logs = new CapturedLogs();
        await using var instance = Instance(logs);
        using var client = instance.CreateClient();
        await HotRequestsAsync(client); // first requests: keys loaded, clients registered
        await Task.Delay(300);
        logs.Clear();

        await HotRequestsAsync(client);
        await HotRequestsAsync(client);
        await Task.Delay(300); // "Request finished" is written after the response

        Assert.DoesNotContain(logs.Entries, e => e.Level <= LogLevel.Information);
    }

    [Fact]
    public async Task Configuration_brings_openiddict_lines_back()
    {
        var logs = new CapturedLogs();
        await using var instance = Instance(logs, openIddictLevel: "Information");
        using var client = instance.CreateClient();

        await HotRequestsAsync(client);

        Assert.True(await logs.WaitForAsync(e => e.Category.StartsWith("OpenIddict.", StringComparison.Ordinal) && e.Level == LogLevel.Information, TimeSpan.FromSeconds(5)));
    }
}
