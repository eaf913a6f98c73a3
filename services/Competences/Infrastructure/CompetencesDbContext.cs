using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Sacoche.ServiceDefaults.Messaging;

namespace Sacoche.Competences.Infrastructure;

public sealed class CompetencesDbContext(DbContextOptions<CompetencesDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutbox();
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CompetencesDbContext).Assembly);
    }
}

/// <summary>Used only by <c>dotnet ef migrations</c>; never at run time.</summary>
internal sealed class CompetencesDbContextFactory : IDesignTimeDbContextFactory<CompetencesDbContext>
{
    public CompetencesDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<CompetencesDbContext>()
        .UseNpgsql("Host=localhost;Database=design").UseSnakeCaseNamingConvention().Options);
}
