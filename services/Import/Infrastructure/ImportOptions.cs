using System.ComponentModel.DataAnnotations;

namespace Sacoche.Import.Infrastructure;

/// <summary>Section "Import".</summary>
public sealed class ImportOptions
{
    /// <summary>Month (1–12) in which the school year switches (docs/domain/formats.md: default August).</summary>
    [Range(1, 12)]
    public int SchoolYearSwitchMonth { get; set; } = 8;

    /// <summary>Largest upload accepted (bytes).</summary>
    [Range(1024, 1L << 32)]
    public long MaxUploadBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>Largest ENT identifier CSV accepted (bytes).</summary>
    [Range(1024, 1L << 30)]
    public long MaxEntCsvBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>A claimed parse older than this is considered abandoned (crashed instance) and claimed again.</summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the worker looks for pending files when not woken up.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>Problem types (ProblemDetails.type) of the Import API: stable URIs, French details.</summary>
public static class Problems
{
    public const string Base = "https://sacoche.fr/problems/";

    public static string Type(string code) => Base + code;
}

/// <summary>An error kept with an import (ProblemDetails-like).</summary>
public sealed record ImportError(string Type, string Title, string Detail, int? Line = null);
