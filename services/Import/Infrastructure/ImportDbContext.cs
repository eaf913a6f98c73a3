using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Sacoche.ServiceDefaults.Data;
using Sacoche.ServiceDefaults.Messaging;
using Sacoche.ServiceDefaults.Security;

namespace Sacoche.Import.Infrastructure;

/// <summary>
/// Import's database. Every tenant-owned set is filtered by the scope's establishment
/// (<see cref="TenantDbContext"/>): another base's ids answer 404.
/// </summary>
public sealed class ImportDbContext(DbContextOptions<ImportDbContext> options, TenantScope tenant) : TenantDbContext(options, tenant)
{
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

        AddTenantFilters(modelBuilder);
    }
}

/// <summary>Used only by <c>dotnet ef migrations</c>; never at run time.</summary>
internal sealed class ImportDbContextFactory : IDesignTimeDbContextFactory<ImportDbContext>
{
    public ImportDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<ImportDbContext>()
        .UseNpgsql("Host=localhost;Database=design").UseSnakeCaseNamingConvention().Options, new TenantScope());
}
