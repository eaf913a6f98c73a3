using MassTransit;
using Microsoft.EntityFrameworkCore;
using Sacoche.Contracts;
using Sacoche.Import.Infrastructure;

namespace Sacoche.Import.IntegrationEvents;

/// <summary>Learns each establishment's UAI (checked against every imported file). Idempotent upsert.</summary>
public sealed class EstablishmentRegisteredConsumer(ImportDbContext db) : IConsumer<EstablishmentRegistered>
{
    public async Task Consume(ConsumeContext<EstablishmentRegistered> context)
    {
        var m = context.Message;
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO establishments (establishment_id, uai, name, registered_at, directory_version, structure_version)
            VALUES ({m.BaseId}, {m.Uai.Trim().ToUpperInvariant()}, {m.Name}, {m.RegisteredAt}, 0, 0)
            ON CONFLICT (establishment_id) DO UPDATE SET uai = excluded.uai, name = excluded.name
            """, context.CancellationToken);
    }
}
