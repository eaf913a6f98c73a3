using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Sacoche.Competences.Application;

/// <summary>The service's meters (exported by ServiceDefaults, which listens to every "Sacoche.*" meter).</summary>
public static class CompetencesMetrics
{
    private static readonly Meter Meter = new("Sacoche.Competences");

    public static readonly Counter<long> EntriesSaved = Meter.CreateCounter<long>("sacoche.entries.saved", description: "Cells saved in evaluation grids");

    public static readonly Counter<long> BilanCache = Meter.CreateCounter<long>("sacoche.bilans.cache", description: "Class bilans read from the computed cache (outcome hit), with some students scored again (partial) or computed (miss)");

    private static readonly Histogram<double> ReportDuration = Meter.CreateHistogram<double>("sacoche.reports.duration", "ms",
        "Time to load and compute a report (student, class, common core), file export included, JSON writing excluded");

    /// <summary>Records the endpoint's duration under <c>kind</c>, with the export format and the outcome.</summary>
    public static RouteHandlerBuilder MeasuredAs(this RouteHandlerBuilder builder, string kind) =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var start = Stopwatch.GetTimestamp();
            var result = await next(context);
            var format = context.HttpContext.Request.Query["format"].ToString().ToLowerInvariant() switch
            {
                "" or "json" => "json",
                "csv" => "csv",
                "pdf" => "pdf",
                _ => "other", // bounded cardinality: never a raw query value as a tag
            };
            var status = result is IStatusCodeHttpResult { StatusCode: { } code } ? code : StatusCodes.Status200OK;
            ReportDuration.Record(Stopwatch.GetElapsedTime(start).TotalMilliseconds,
                new KeyValuePair<string, object?>("kind", kind),
                new KeyValuePair<string, object?>("format", format),
                new KeyValuePair<string, object?>("outcome", status < 400 ? "ok" : "error"));
            return result;
        });
}
