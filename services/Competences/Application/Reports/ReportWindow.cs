using Microsoft.EntityFrameworkCore;
using Sacoche.Common.Results;
using Sacoche.Competences.Infrastructure;

namespace Sacoche.Competences.Application.Reports;

/// <summary>
/// The dates a report covers: a period (<c>periodId</c>, see <c>/periods</c>) or explicit <c>from</c>/<c>to</c>.
/// Entries after <see cref="To"/> are left out by the query; entries before <see cref="From"/> count
/// according to each referential's retroactivity (non / oui / annuel), decided by the scoring engine.
/// </summary>
public sealed record ReportWindow(DateOnly? From, DateOnly? To, long? PeriodId, string? PeriodName)
{
    public static ReportWindow All { get; } = new(null, null, null, null);

    /// <summary>Resolves the window; invalid when the period is unknown or the dates are reversed.</summary>
    public static async Task<Result<ReportWindow>> ResolveAsync(CompetencesDbContext db, long? periodId, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        if (periodId is { } id)
        {
            var period = await db.Periods.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
            return period is null
                ? Error.Invalid("periodId", $"La période n° {id} n'existe pas dans cet établissement.")
                : new ReportWindow(period.Start, period.End, period.Id, period.Name);
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
