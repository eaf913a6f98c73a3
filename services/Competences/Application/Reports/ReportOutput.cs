namespace Sacoche.Competences.Application.Reports;

/// <summary>How a report is answered: JSON (the default), or a CSV or PDF export.</summary>
public enum ReportFormat
{
    Json,
    Csv,
    Pdf,
}

/// <summary>An exported report.</summary>
public sealed record ReportFile(byte[] Content, string ContentType, string FileName);

/// <summary>Where a report's time went (db = queries, of which entries = the one entries query; compute = scoring and aggregates), in ms.</summary>
public sealed record ReportTiming(double Db, double Compute, int Entries, double EntriesQuery);

/// <summary>A report, its file when an export was asked, and its timing when measured.</summary>
public sealed record ReportOutput<T>(T Report, ReportFile? File, ReportTiming? Timing = null);
