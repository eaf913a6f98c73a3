using MassTransit;
using Microsoft.EntityFrameworkCore;
using Sacoche.Competences.Infrastructure;
using Sacoche.Contracts;

namespace Sacoche.Competences.IntegrationEvents;

/// <summary>
/// Learns the establishment's name and UAI (the header of the official bulletin). Identity publishes the event once,
/// when it opens the establishment: one registered before this consumer existed is unknown here and its bulletins
/// say « Établissement n° {id} ». The inbox filter gives the transaction and skips redeliveries; the upsert keeps
/// the last name received.
/// </summary>
public sealed class EstablishmentRegisteredConsumer(CompetencesDbContext db) : IConsumer<EstablishmentRegistered>
{
    public async Task Consume(ConsumeContext<EstablishmentRegistered> context)
    {
        var m = context.Message;
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO establishments (establishment_id, uai, name) VALUES ({m.BaseId}, {m.Uai.Trim().ToUpperInvariant()}, {m.Name.Trim()})
            ON CONFLICT (establishment_id) DO UPDATE SET uai = excluded.uai, name = excluded.name
            """, context.CancellationToken);
    }
}
