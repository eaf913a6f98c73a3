using Sacoche.Web.Api;

namespace Sacoche.Web.Components.Pages.Bilans;

/// <summary>The save state of one field as the page shows it: <c>saving</c>, <c>saved</c>, <c>error</c>, <c>conflict</c> or nothing.</summary>
public sealed record FieldSave(string State, string? Message)
{
    public static readonly FieldSave None = new("", null);
}

/// <summary>
/// A student's line of one subject as the entry page edits it: one version for its three fields (override,
/// appreciation, elements), so saves of the line wait for each other (<see cref="Gate"/>).
/// </summary>
public sealed class BilanLine
{
    public Guid StudentId { get; init; }
    public string SubjectCode { get; init; } = "";
    public int Version { get; set; }
    public decimal? Computed { get; set; }
    public decimal? Override { get; set; }
    public int? Mean { get; set; }
    public string Appreciation { get; set; } = "";
    public string SavedAppreciation { get; set; } = "";
    public List<string> Elements { get; set; } = [];
    public string NewElement { get; set; } = "";
    public Dictionary<string, FieldSave> Fields { get; } = [];
    public SemaphoreSlim Gate { get; } = new(1, 1);
    public CancellationTokenSource? Pending { get; set; }

    /// <summary>What a colleague saved meanwhile (an entry-changed refusal), until the user takes it or overwrites it.</summary>
    public BilanSubjectCurrentView? Conflict { get; set; }
    public string? ConflictField { get; set; }

    public FieldSave State(string field) => Fields.GetValueOrDefault(field) ?? FieldSave.None;

    public static BilanLine From(Guid studentId, BilanCellView cell) => new()
    {
        StudentId = studentId,
        SubjectCode = cell.SubjectCode,
        Version = cell.Version,
        Computed = cell.Computed,
        Override = cell.Override,
        Mean = cell.Mean,
        Appreciation = cell.Appreciation ?? "",
        SavedAppreciation = cell.Appreciation ?? "",
        Elements = [.. cell.Elements],
    };

    /// <summary>The API's answer to a save of <paramref name="field"/>; the text being typed is kept when the appreciation was not the field saved.</summary>
    public void Apply(BilanCellView saved, string field)
    {
        Version = saved.Version;
        Computed = saved.Computed;
        Override = saved.Override;
        Mean = saved.Mean;
        SavedAppreciation = saved.Appreciation ?? "";
        if (field == "appreciation" && Pending is null or { IsCancellationRequested: true } && Appreciation.Trim() == SavedAppreciation)
        {
            Appreciation = SavedAppreciation;
        }
        if (field == "elements")
        {
            Elements = [.. saved.Elements];
        }
        Conflict = null;
    }

    /// <summary>The colleague's value replaces the user's.</summary>
    public void TakeCurrent(BilanSubjectCurrentView current)
    {
        Version = current.Version;
        Override = current.Positioning;
        Appreciation = SavedAppreciation = current.Appreciation ?? "";
        Elements = [.. current.Elements ?? []];
        Conflict = null;
        foreach (var key in Fields.Keys.ToList())
        {
            Fields[key] = FieldSave.None;
        }
    }
}
