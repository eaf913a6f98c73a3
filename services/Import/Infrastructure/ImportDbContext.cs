using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Sacoche.ServiceDefaults.Messaging;
using Sacoche.ServiceDefaults.Security;

namespace Sacoche.Import.Infrastructure;

/// <summary>
/// The establishment whose data a scope may see: the caller's <c>base</c> claim, or the one a
/// background worker sets explicitly. Null (no establishment) sees nothing.
/// </summary>
public sealed class TenantScope(CurrentUser? user = null)
{
    private int? explicitId;

    public int? EstablishmentId
    {
        get => explicitId ?? user?.EstablishmentId;
        set => explicitId = value;
    }
}

public sealed class ImportDbContext(DbContextOptions<ImportDbContext> options, TenantScope tenant) : DbContext(options)
{
    /// <summary>Read by the global query filters at each query (EF parameterises it).</summary>
    private int? TenantId => tenant.EstablishmentId;

    public DbSet<Establishment> Establishments => Set<Establishment>();
    public DbSet<Person> People => Set<Person>();
    public DbSet<Structure> Structures => Set<Structure>();
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<GuardianLink> GuardianLinks => Set<GuardianLink>();
    public DbSet<TeacherServiceRow> TeacherServices => Set<TeacherServiceRow>();
    public DbSet<Subject> Subjects => Set<Subject>();
    public DbSet<ImportJob> Imports => Set<ImportJob>();
    public DbSet<ImportFile> ImportFiles => Set<ImportFile>();
    public DbSet<EntImport> EntImports => Set<EntImport>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutbox();
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ImportDbContext).Assembly);

        // Every tenant-owned query is scoped by the caller's establishment: another base's ids answer 404.
        modelBuilder.Entity<Establishment>().HasQueryFilter(x => x.EstablishmentId == TenantId);
        modelBuilder.Entity<Person>().HasQueryFilter(x => x.EstablishmentId == TenantId);
        modelBuilder.Entity<Structure>().HasQueryFilter(x => x.EstablishmentId == TenantId);
        modelBuilder.Entity<Membership>().HasQueryFilter(x => x.EstablishmentId == TenantId);
        modelBuilder.Entity<GuardianLink>().HasQueryFilter(x => x.EstablishmentId == TenantId);
        modelBuilder.Entity<TeacherServiceRow>().HasQueryFilter(x => x.EstablishmentId == TenantId);
        modelBuilder.Entity<Subject>().HasQueryFilter(x => x.EstablishmentId == TenantId);
        modelBuilder.Entity<ImportJob>().HasQueryFilter(x => x.EstablishmentId == TenantId);
        modelBuilder.Entity<ImportFile>().HasQueryFilter(x => x.EstablishmentId == TenantId);
        modelBuilder.Entity<EntImport>().HasQueryFilter(x => x.EstablishmentId == TenantId);
    }
}

/// <summary>Used only by <c>dotnet ef migrations</c>; never at run time.</summary>
internal sealed class ImportDbContextFactory : IDesignTimeDbContextFactory<ImportDbContext>
{
    public ImportDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<ImportDbContext>()
        .UseNpgsql("Host=localhost;Database=design").UseSnakeCaseNamingConvention().Options, new TenantScope());
}
