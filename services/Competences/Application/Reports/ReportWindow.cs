using Sacoche.Common.Results;

namespace Sacoche.Competences.Application.Reports;

/// <summary>
/// The dates a report covers: a period of the settings (<c>periodId</c>) or explicit <c>from</c>/<c>to</c>.
/// Entries after <see cref="To"/> are left out by the query; entries before <see cref="From"/> count
/// according to each referential's retroactivity (non / oui / annuel), decided by the scoring engine.
/// </summary>
public sealed record ReportWindow(DateOnly? From, DateOnly? To, int? PeriodId, string? PeriodName)
{
    public static ReportWindow All { get; } = new(null, null, null, null);

    /// <summary>Resolves the window; invalid when the period is unknown or the dates are reversed.</summary>
    public static Result<ReportWindow> Resolve(SettingsDocument settings, int? periodId, DateOnly? from, DateOnly? to)
    {
        if (periodId is { } id)
        {
            foreach (var (number, period) in settings.NumberedPeriods())
            {
                if (number == id)
                {
                    return new ReportWindow(period.Start, period.End, number, period.Name.Trim());
                }
            }
            return Error.Invalid("periodId", $"La période n° {id} n'existe pas dans les paramètres de l'établissement.");
        }
        if (from is { } f && to is { } t && t < f)
        {
            return Error.Invalid("to", "La date de fin précède la date de début.");
        }
        return new ReportWindow(from, to, null, null);
    }

    /// <summary>French description for exports: "Période « T1 » (du 01/09/2026 au 30/11/2026)".</summary>
    public string Describe() => (PeriodName, From, To) switch
    {
        ({ } name, { } f, { } t) => $"Période « {name} » (du {f:dd/MM/yyyy} au {t:dd/MM/yyyy})",
        (_, { } f, { } t) => $"Du {f:dd/MM/yyyy} au {t:dd/MM/yyyy}",
        (_, { } f, null) => $"Depuis le {f:dd/MM/yyyy}",
        (_, null, { } t) => $"Jusqu'au {t:dd/MM/yyyy}",
        _ => "Toutes les dates",
    };
}
