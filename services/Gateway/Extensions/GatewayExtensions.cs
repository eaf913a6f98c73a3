using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Sacoche.Common.Results;
using Sacoche.ServiceDefaults.Http;
using Sacoche.ServiceDefaults.Security;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace Sacoche.Gateway.Extensions;

public sealed class GatewayOptions
{
    /// <summary>Services whose /health the gateway's /health aggregates, by name.</summary>
    public string[] Services { get; set; } = ["identity", "import", "competences", "web"];
    /// <summary>Cluster serving "/" and every path no API claims: the Web UI (pages, its static files, /_blazor).</summary>
    public string FrontCluster { get; set; } = "web";
}

public static class GatewayExtensions
{
    public static IHostApplicationBuilder AddGateway(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOptions>().BindConfiguration("Gateway");
        builder.AddUploadLimit();
        var options = builder.Configuration.GetSection("Gateway").Get<GatewayOptions>() ?? new GatewayOptions();

        builder.Services.AddReverseProxy()
            .LoadFromMemory(Routes(options, builder.Configuration.GetUploadLimit()), Clusters(options))
            .AddServiceDiscoveryDestinationResolver();
        builder.Services.AddHttpClient("health", c => c.Timeout = TimeSpan.FromSeconds(5));
        return builder;
    }

    private static RouteConfig[] Routes(GatewayOptions o, UploadLimit upload) =>
    [
        Route("identity-api", "identity", "/api/identity/{**rest}"),
        Route("identity-connect", "identity", "/connect/{**rest}"),
        Route("identity-wellknown", "identity", "/.well-known/{**rest}"),
        Route("identity-account", "identity", "/account/{**rest}"),
        Route("identity-sso", "identity", "/sso/{**rest}"),
        Route("import-api", "import", "/api/import/{**rest}") with { MaxRequestBodySize = upload.MaxRequestBytes },
        Route("competences-api", "competences", "/api/competences/{**rest}"),
        // Everything else (/, /?sso&base=N, UI pages, /_framework, the /_blazor circuit's WebSocket) goes to the front; lowest priority.
        Route("front", o.FrontCluster, "/{**rest}") with { Order = 1000 },
    ];

    private static RouteConfig Route(string id, string cluster, string path) => new()
    {
        RouteId = id,
        ClusterId = cluster,
        Match = new RouteMatch { Path = path },
    };

    private static ClusterConfig[] Clusters(GatewayOptions o) =>
        o.Services.Append(o.FrontCluster).Distinct().Select(name => new ClusterConfig
        {
            ClusterId = name,
            Destinations = new Dictionary<string, DestinationConfig> { ["d1"] = new() { Address = $"http://{name}" } },
            HttpRequest = new Yarp.ReverseProxy.Forwarder.ForwarderRequestConfig { ActivityTimeout = TimeSpan.FromSeconds(100) },
        }).ToArray();

    /// <summary>
    /// A request body over the route's limit (<c>Uploads:MaxBytes</c> on /api/import/**) answers the
    /// catalogue's file-too-large problem, in French with the limit, instead of a bare 413: refused
    /// before forwarding when its Content-Length says so, otherwise when the forwarder stops reading it.
    /// </summary>
    public static IReverseProxyApplicationBuilder UseUploadLimitProblem(this IReverseProxyApplicationBuilder proxy)
    {
        proxy.Use(async (context, next) =>
        {
            var max = context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
            if (context.Request.ContentLength > max)
            {
                await TooLarge(context);
                return;
            }

            await next();
            if (context.Response.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted && context.GetForwarderErrorFeature() is not null)
            {
                await TooLarge(context);
            }
        });
        return proxy;
    }

    private static Task TooLarge(HttpContext context)
    {
        var limit = context.RequestServices.GetRequiredService<IOptions<UploadLimit>>().Value;
        return Problems.For(ErrorCodes.FileTooLarge, limit.TooLargeMessage).ExecuteAsync(context);
    }

    /// <summary>
    /// Baseline browser protections on every answer. A service that sends its own Content-Security-Policy
    /// or X-Frame-Options keeps them: the UI and Identity's pages let the establishment's ENT frame them
    /// (<see cref="FramePolicy"/>). Answers without either cannot be framed at all.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var headers = context.Response.Headers;
        context.Response.OnStarting(() =>
        {
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            if (!headers.ContainsKey("Content-Security-Policy") && !headers.ContainsKey("X-Frame-Options"))
            {
                headers.ContentSecurityPolicy = FramePolicy.DefaultPolicy;
                headers.XFrameOptions = "DENY";
            }
            if (context.Request.IsHttps)
            {
                headers.StrictTransportSecurity = "max-age=31536000";
            }
            return Task.CompletedTask;
        });
        return next(context);
    });

    /// <summary>GET /health: each service's own /health, by name; 200 only when all are healthy.</summary>
    public static IEndpointRouteBuilder MapAggregatedHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", async (IHttpClientFactory factory, IOptions<GatewayOptions> options, CancellationToken ct) =>
        {
            var client = factory.CreateClient("health");
            var results = await Task.WhenAll(options.Value.Services.Select(async name =>
            {
                try
                {
                    using var response = await client.GetAsync($"http://{name}/health", ct);
                    var body = await response.Content.ReadAsStringAsync(ct);
                    var status = response.IsSuccessStatusCode ? "Healthy" : "Unhealthy";
                    JsonElement? details = null;
                    try { details = JsonSerializer.Deserialize<JsonElement>(body); } catch (JsonException) { }
                    return (name, status, details);
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException)
                {
                    return (name, status: "Unreachable", details: (JsonElement?)null);
                }
            }));
            var healthy = results.All(r => r.status == "Healthy");
            var body = new
            {
                status = healthy ? "Healthy" : "Unhealthy",
                services = results.ToDictionary(r => r.name, r => new { status = r.status, details = r.details }),
            };
            return Results.Json(body, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        return app;
    }
}
