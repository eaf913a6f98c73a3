using System.Globalization;
using System.Text;

namespace Sacoche.Benchmarks;

/// <summary>One measured figure beside the target an issue set for it.</summary>
public sealed record BenchRow(string Issue, string What, string Target, string Median, string P95, string Notes);

public static class Stats
{
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }
        var rank = p / 100 * (sorted.Count - 1);
        var lo = (int)Math.Floor(rank);
        var hi = (int)Math.Ceiling(rank);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }

    public static string Ms(double value) => value.ToString("0.0", CultureInfo.InvariantCulture) + " ms";

    public static string Num(double value, string unit) => value.ToString("0", CultureInfo.InvariantCulture) + " " + unit;
}

public static class Report
{
    public static string Markdown(IEnumerable<BenchRow> rows, string machine)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# Sacoche benchmarks").AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {machine}. Medians (p50) and p95; the machines are shared and noisy: compare ratios, not single runs.").AppendLine();
        sb.AppendLine("| issue | what | target | median | p95 | notes |");
        sb.AppendLine("|---|---|---|---|---|---|");
        foreach (var r in rows)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {r.Issue} | {r.What} | {r.Target} | {r.Median} | {r.P95} | {r.Notes} |");
        }
        return sb.ToString();
    }
}
