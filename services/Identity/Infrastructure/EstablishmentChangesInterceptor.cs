using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Sacoche.Identity.Application.Framing;
using Sacoche.Identity.Domain;

namespace Sacoche.Identity.Infrastructure;

/// <summary>Forgets <see cref="FrameOrigins"/> when an establishment is saved (its mode, CAS settings or activity may have changed).</summary>
internal sealed class EstablishmentChangesInterceptor(FrameOrigins origins) : SaveChangesInterceptor
{
    private bool _changed;

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Check(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved();
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved();
        return ValueTask.FromResult(result);
    }

    private void Check(DbContext? context)
    {
        if (context?.ChangeTracker.Entries<Establishment>().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted) == true)
        {
            _changed = true;
            origins.Invalidate();
        }
    }

    /// <summary>Again once written: a reload that ran while the change was being saved read the old row.</summary>
    private void Saved()
    {
        if (_changed)
        {
            _changed = false;
            origins.Invalidate();
        }
    }
}
