using Microsoft.EntityFrameworkCore;
using Sacoche.Identity.Domain;

namespace Sacoche.Identity.Infrastructure;

public static class EstablishmentQueries
{
    /// <summary>An active establishment by the key of the entry points: its base number or its UAI.</summary>
    public static async Task<Establishment?> FindActiveAsync(this IdentityDbContext db, string key, CancellationToken ct)
    {
        key = key.Trim();
        if (int.TryParse(key, out var baseId))
        {
            return await db.Establishments.AsNoTracking().FirstOrDefaultAsync(e => e.BaseId == baseId && e.Active, ct);
        }
        var uai = key.ToUpperInvariant();
        return Establishment.IsValidUai(uai) ? await db.Establishments.AsNoTracking().FirstOrDefaultAsync(e => e.Uai == uai && e.Active, ct) : null;
    }
}
