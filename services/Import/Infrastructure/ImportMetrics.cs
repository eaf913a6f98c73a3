using System.Diagnostics.Metrics;

namespace Sacoche.Import.Infrastructure;

/// <summary>What operators watch on imports (Aspire dashboard locally, Grafana in production).</summary>
public static class ImportMetrics
{
    private static readonly Meter Meter = new("Sacoche.Import");
    public static readonly Counter<long> Imports = Meter.CreateCounter<long>("sacoche.imports", description: "Imports by kind and outcome (ready, rejected, failed, applied)");
    public static readonly Histogram<double> ParseDuration = Meter.CreateHistogram<double>("sacoche.import.parse.duration", "ms", "Parse + plan time of an uploaded file");
    public static readonly Histogram<double> ApplyDuration = Meter.CreateHistogram<double>("sacoche.import.apply.duration", "ms", "Confirm time (one transaction)");
    public static readonly Counter<long> UsersImported = Meter.CreateCounter<long>("sacoche.users.imported", description: "Users added or changed by confirmed imports");
}
