using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sacoche.Testing.Logging;
using Xunit;

namespace Sacoche.ServiceDefaults.Tests;

/// <summary>
/// A service with the defaults writes no log line per request at Information — neither ASP.NET Core's
/// "Request starting/finished" nor HttpClient's "Sending HTTP request" (nor Polly's "Execution attempt")
/// for a call it makes — and
/// configuration turns any of those categories back up.
/// </summary>
public sealed class RequestLogTests
{
    private sealed class Backend : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("pong") });
    }

    private static async Task<WebApplication> StartAsync(CapturedLogs logs, params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        // As appsettings.json and environment variables would: added before the defaults, and still winning.
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)));
        builder.WebHost.UseTestServer();
        builder.AddServiceDefaults();
        builder.Services.AddSingleton<ILoggerProvider>(logs);
        builder.Services.AddHttpClient("backend").ConfigurePrimaryHttpMessageHandler(() => new Backend());

        var app = builder.Build();
        app.UseServiceDefaults();
        app.MapGet("/hot", async (IHttpClientFactory clients, ILoggerFactory loggers, CancellationToken ct) =>
        {
            var answer = await clients.CreateClient("backend").GetStringAsync("http://backend/ping", ct);
            loggers.CreateLogger("Sacoche.Test").LogDebug("answered {Answer}", answer);
            return Results.Ok(answer);
        });
        await app.StartAsync();
        return app;
    }

    private static async Task RequestAsync(WebApplication app)
    {
        using var client = app.GetTestClient();
        using var response = await client.GetAsync(new Uri("/hot", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_request_that_calls_another_service_writes_nothing_at_information()
    {
        var logs = new CapturedLogs();
        await using var app = await StartAsync(logs);
        logs.Clear(); // start-up lines ("Now listening", "Application started") stay

        await RequestAsync(app);
        await RequestAsync(app);
        await Task.Delay(300); // "Request finished" is written after the response

        Assert.DoesNotContain(logs.Entries, e => e.Level <= LogLevel.Information);
    }

    [Fact]
    public async Task Configuration_turns_request_and_http_client_lines_back_on()
    {
        var logs = new CapturedLogs();
        await using var app = await StartAsync(logs,
            ("Logging:LogLevel:Microsoft.AspNetCore", "Information"),
            ("Logging:LogLevel:System.Net.Http.HttpClient", "Information"));
        logs.Clear();

        await RequestAsync(app);

        Assert.True(await logs.WaitForAsync(e => e.Category == "Microsoft.AspNetCore.Hosting.Diagnostics" && e.Message.StartsWith("Request finished", StringComparison.Ordinal), TimeSpan.FromSeconds(5)));
        Assert.Contains(logs.Entries, e => e.Category.StartsWith("System.Net.Http.HttpClient.backend", StringComparison.Ordinal) && e.Level == LogLevel.Information);
    }

    [Theory]
    [InlineData("Microsoft.AspNetCore.Hosting.Diagnostics")]
    [InlineData("Microsoft.AspNetCore.Routing.EndpointMiddleware")]
    [InlineData("System.Net.Http.HttpClient.cas.LogicalHandler")]
    [InlineData("System.Net.Http.HttpClient.cas.ClientHandler")]
    [InlineData("Polly")]
    [InlineData("Yarp.ReverseProxy.Forwarder.HttpForwarder")]
    [InlineData("Microsoft.EntityFrameworkCore.Database.Command")]
    [InlineData("OpenIddict.Server.OpenIddictServerDispatcher")]
    [InlineData("MassTransit.ReceiveTransport")]
    public async Task Per_request_categories_log_from_warning_up_by_default(string category)
    {
        await using var app = await StartAsync(new CapturedLogs());
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(category);
        Assert.False(logger.IsEnabled(LogLevel.Information));
        Assert.True(logger.IsEnabled(LogLevel.Warning));
    }

    [Fact]
    public async Task Our_own_categories_and_start_up_lines_stay_at_information()
    {
        await using var app = await StartAsync(new CapturedLogs());
        var loggers = app.Services.GetRequiredService<ILoggerFactory>();
        Assert.True(loggers.CreateLogger("Sacoche.Identity.Sso").IsEnabled(LogLevel.Information));
        Assert.True(loggers.CreateLogger("Microsoft.Hosting.Lifetime").IsEnabled(LogLevel.Information));
    }
}
