using System.ComponentModel.DataAnnotations;

namespace Sacoche.Import.Infrastructure;

/// <summary>Section "Import". The upload limit is the shared <c>Uploads:MaxBytes</c> (docs/conventions.md, « Uploads »).</summary>
public sealed class ImportOptions
{
    /// <summary>Month (1–12) in which the school year switches (docs/domain/formats.md: default August).</summary>
    [Range(1, 12)]
    public int SchoolYearSwitchMonth { get; set; } = 8;

    /// <summary>A claimed parse older than this is considered abandoned (crashed instance) and claimed again.</summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the worker looks for pending files when not woken up.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>An error kept with an import (ProblemDetails-like: its type names the precise reason the analysis gave).</summary>
public sealed record ImportError(string Type, string Title, string Detail, int? Line = null);
