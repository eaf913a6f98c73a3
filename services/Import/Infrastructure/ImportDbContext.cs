using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Sacoche.ServiceDefaults.Messaging;

namespace Sacoche.Import.Infrastructure;

public sealed class ImportDbContext(DbContextOptions<ImportDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutbox();
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ImportDbContext).Assembly);
    }
}

/// <summary>Used only by <c>dotnet ef migrations</c>; never at run time.</summary>
internal sealed class ImportDbContextFactory : IDesignTimeDbContextFactory<ImportDbContext>
{
    public ImportDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<ImportDbContext>()
        .UseNpgsql("Host=localhost;Database=design").UseSnakeCaseNamingConvention().Options);
}
