using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Sacoche.ServiceDefaults.Security;

namespace Sacoche.ServiceDefaults.Data;

/// <summary>Marks a tenant-owned row: the DbContext shows it only to its establishment.</summary>
public interface ITenantOwned
{
    int EstablishmentId { get; }
}

/// <summary>
/// The establishment whose rows a scope may see: the caller's <c>base</c> claim, or the one a
/// background worker sets explicitly. None (the webmaster, a consumer) sees no tenant row: code
/// that must cross establishments says so with <c>IgnoreQueryFilters()</c> and an explicit id.
/// </summary>
public sealed class TenantScope(CurrentUser? user = null)
{
    private int? _explicitId;

    public int? EstablishmentId
    {
        get => _explicitId ?? user?.EstablishmentId;
        set => _explicitId = value;
    }
}

/// <summary>
/// A service database whose every <see cref="ITenantOwned"/> entity is filtered by the scope's
/// establishment, so another establishment's id answers 404 without a check in each query.
/// </summary>
public abstract class TenantDbContext(DbContextOptions options, TenantScope tenant) : DbContext(options)
{
    /// <summary>Read by the query filters at each query (EF parameterises it per context instance).</summary>
    internal int? TenantId => tenant.EstablishmentId;

    /// <summary>Call at the end of OnModelCreating, once every entity is mapped.</summary>
    protected void AddTenantFilters(ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes().Where(t => typeof(ITenantOwned).IsAssignableFrom(t.ClrType)))
        {
            // e => (int?)e.EstablishmentId == this.TenantId, with the context as a constant EF swaps for the current instance.
            var row = Expression.Parameter(entity.ClrType, "e");
            var filter = Expression.Lambda(
                Expression.Equal(
                    Expression.Convert(Expression.Property(row, nameof(ITenantOwned.EstablishmentId)), typeof(int?)),
                    Expression.Property(Expression.Constant(this), nameof(TenantId))),
                row);
            modelBuilder.Entity(entity.ClrType).HasQueryFilter(filter);
        }
    }
}
