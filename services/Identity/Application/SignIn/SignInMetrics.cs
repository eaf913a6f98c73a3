using System.Diagnostics.Metrics;

namespace Sacoche.Identity.Application.SignIn;

/// <summary>Sign-ins by mode (local, cas) and outcome; CAS ticket validation latency.</summary>
public static class SignInMetrics
{
    private static readonly Meter Meter = new("Sacoche.Identity");
    private static readonly Counter<long> SignIns = Meter.CreateCounter<long>("sacoche.signins", description: "Sign-ins by mode and outcome");
    private static readonly Histogram<double> CasLatency = Meter.CreateHistogram<double>("sacoche.cas.validation.duration", "ms");

    public static void Record(string mode, string outcome) => SignIns.Add(1, new("mode", mode), new("outcome", outcome));

    public static void RecordCasError(string code) => SignIns.Add(1, new("mode", "cas"), new("outcome", "cas-error"), new("code", code));

    public static void RecordCasLatency(TimeSpan elapsed) => CasLatency.Record(elapsed.TotalMilliseconds);
}
