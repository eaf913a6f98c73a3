using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Hosting;

namespace Sacoche.ServiceDefaults.Telemetry;

/// <summary>
/// Telemetry that costs what it should (deploy/README.md, « Watching it »): metrics always, traces
/// sampled by <c>Telemetry:TraceSampleRatio</c> (parent-based: a service follows its caller's decision),
/// and no log line per request at Information: the per-request categories log from Warning up, unless
/// configuration says otherwise (<c>Logging:LogLevel:&lt;category&gt;</c> wins over these defaults).
/// </summary>
public static class TelemetryCost
{
    public const string TraceSampleRatioKey = "Telemetry:TraceSampleRatio";

    /// <summary>Every trace while developing.</summary>
    public const double DevelopmentTraceSampleRatio = 1.0;

    /// <summary>One trace in 20 elsewhere (Production): enough to see a slow path, not a copy of every request.</summary>
    public const double ProductionTraceSampleRatio = 0.05;

    /// <summary>Categories that write a line per request (or per SQL command) at Information.</summary>
    public static readonly IReadOnlyList<string> PerRequestLogCategories =
    [
        "Microsoft.AspNetCore",          // hosting "Request starting/finished", routing, authentication, static files
        "System.Net.Http.HttpClient",    // IHttpClientFactory: "Start processing / Sending HTTP request…", "Received HTTP response…"
        "Polly",                         // the standard resilience handler: "Execution attempt…", "Resilience pipeline executed" (retries stay: Warning)
        "Yarp",                          // the gateway: "Proxying to …", "Received HTTP/1.1 response 200."
        "Microsoft.EntityFrameworkCore", // "Executed DbCommand …"
        "OpenIddict",                    // Identity: every authorization, token and discovery request
        "MassTransit",                   // per message
    ];

    /// <summary>
    /// The ratio of root traces kept: <see cref="TraceSampleRatioKey"/>, or 1 in Development and
    /// <see cref="ProductionTraceSampleRatio"/> elsewhere. Anything but a number from 0 to 1 stops the start.
    /// </summary>
    public static double TraceSampleRatio(IConfiguration configuration, IHostEnvironment environment)
    {
        var raw = configuration[TraceSampleRatioKey];
        if (string.IsNullOrWhiteSpace(raw))
        {
            return environment.IsDevelopment() ? DevelopmentTraceSampleRatio : ProductionTraceSampleRatio;
        }
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var ratio) || ratio is not (>= 0 and <= 1))
        {
            throw new InvalidOperationException(
                $"{TraceSampleRatioKey} must be a number from 0 to 1 (0 = no trace started here, 0.05 = one in 20, 1 = all), not '{raw}'.");
        }
        return ratio;
    }

    /// <summary>
    /// Puts the per-request categories at Warning underneath every other configuration source, so
    /// appsettings.json, environment variables (<c>Logging__LogLevel__Yarp=Information</c>) or the
    /// command line can still turn any of them back up.
    /// </summary>
    public static void AddQuietRequestLogDefaults(IConfigurationBuilder configuration)
    {
        var defaults = PerRequestLogCategories.Select(c => KeyValuePair.Create($"Logging:LogLevel:{c}", (string?)"Warning"));
        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = defaults });
    }
}
