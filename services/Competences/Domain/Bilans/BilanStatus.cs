namespace Sacoche.Competences.Domain;

/// <summary>
/// The five statuses of a class's bilan for a period, set in any order by the administrator or the
/// direction. They decide who may write what: subject lines in « subjects » and « mixed », the general
/// appreciation in « mixed » and « general », printing and archiving in « complete » only.
/// </summary>
public enum BilanStatus
{
    Closed,
    Subjects,
    Mixed,
    General,
    Complete,
}

public static class BilanStatuses
{
    public static IReadOnlyList<BilanStatus> All { get; } = Enum.GetValues<BilanStatus>();

    public static string Code(this BilanStatus status) => status switch
    {
        BilanStatus.Closed => "closed",
        BilanStatus.Subjects => "subjects",
        BilanStatus.Mixed => "mixed",
        BilanStatus.General => "general",
        BilanStatus.Complete => "complete",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static string Label(this BilanStatus status) => status switch
    {
        BilanStatus.Closed => "Fermé",
        BilanStatus.Subjects => "Saisie des appréciations par discipline",
        BilanStatus.Mixed => "Saisies mixtes",
        BilanStatus.General => "Saisie de l'appréciation générale",
        BilanStatus.Complete => "Complet : impression possible",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static bool TryParse(string? code, out BilanStatus status)
    {
        foreach (var s in All)
        {
            if (string.Equals(s.Code(), code?.Trim(), StringComparison.Ordinal))
            {
                status = s;
                return true;
            }
        }
        status = BilanStatus.Closed;
        return false;
    }

    /// <summary>Stored code → status; an unknown stored value reads as closed (nothing may be written).</summary>
    public static BilanStatus Parse(string? code) => TryParse(code, out var s) ? s : BilanStatus.Closed;

    public static bool AllowsSubjects(this BilanStatus s) => s is BilanStatus.Subjects or BilanStatus.Mixed;

    public static bool AllowsGeneral(this BilanStatus s) => s is BilanStatus.Mixed or BilanStatus.General;

    public static bool AllowsPrinting(this BilanStatus s) => s is BilanStatus.Complete;
}
