using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sacoche.Testing.Logging;

namespace Sacoche.Gateway.Tests;

/// <summary>
/// Proxying a request (here Identity's discovery document, fetched by every API and sign-in) writes no
/// log line at Information in the gateway — neither ASP.NET Core's "Request starting/finished" nor YARP's
/// "Proxying to …" — while Logging:LogLevel:Yarp=Information brings YARP's lines back for an incident.
/// </summary>
public sealed class ProxyLogTests : IAsyncLifetime
{
    private WebApplication identity = null!;

    /// <summary>Stands for Identity: answers its discovery document.</summary>
    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        identity = builder.Build();
        identity.MapGet("/.well-known/openid-configuration", () => Results.Text("""{"issuer":"http://localhost/"}""", "application/json"));
        await identity.StartAsync();
    }

    public async Task DisposeAsync() => await identity.DisposeAsync();

    private WebApplicationFactory<Program> Gateway(CapturedLogs logs, string? yarpLevel = null) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("services:identity:http:0", identity.Urls.Single());
            if (yarpLevel is not null)
            {
                b.UseSetting("Logging:LogLevel:Yarp", yarpLevel);
            }
            b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(logs));
        });

    private static async Task ProxyAsync(WebApplicationFactory<Program> gateway)
    {
        using var client = gateway.CreateClient();
        using var response = await client.GetAsync(new Uri("/.well-known/openid-configuration", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Proxying_a_request_writes_nothing_at_information()
    {
        var logs = new CapturedLogs();
        await using var gateway = Gateway(logs);
        await ProxyAsync(gateway); // starts the gateway
        logs.Clear();

        await ProxyAsync(gateway);
        await ProxyAsync(gateway);
        await Task.Delay(300); // "Request finished" is written after the response

        Assert.DoesNotContain(logs.Entries, e => e.Level <= LogLevel.Information);
    }

    [Fact]
    public async Task Configuration_brings_the_proxy_lines_back()
    {
        var logs = new CapturedLogs();
        await using var gateway = Gateway(logs, yarpLevel: "Information");
        await ProxyAsync(gateway);

        Assert.True(await logs.WaitForAsync(e => e.Category.StartsWith("Yarp.", StringComparison.Ordinal) && e.Message.StartsWith("Proxying to", StringComparison.Ordinal), TimeSpan.FromSeconds(5)));
    }
}
