using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Sacoche.Identity.Domain;
using Sacoche.ServiceDefaults.Messaging;

namespace Sacoche.Identity.Infrastructure;

public sealed class IdentityDbContext(DbContextOptions<IdentityDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<Establishment> Establishments => Set<Establishment>();
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<CasSession> CasSessions => Set<CasSession>();
    public DbSet<SigningKey> SigningKeys => Set<SigningKey>();
    public DbSet<LoginThrottle> LoginThrottles => Set<LoginThrottle>();
    public DbSet<AccountAudit> AccountAudit => Set<AccountAudit>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutbox();
        modelBuilder.UseOpenIddict();
        modelBuilder.Entity<Establishment>(e =>
        {
            e.HasKey(x => x.BaseId);
            e.Property(x => x.BaseId).UseIdentityByDefaultColumn();
            e.HasIndex(x => x.Uai).IsUnique();
            e.Property(x => x.Uai).HasMaxLength(8);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Mode).HasConversion<string>().HasMaxLength(10);
        });
        modelBuilder.Entity<Account>(e =>
        {
            // Tenant first: every lookup is within one establishment.
            e.HasKey(x => new { x.EstablishmentId, x.Id });
            e.HasIndex(x => x.Id).IsUnique();
            e.HasIndex(x => new { x.EstablishmentId, x.Login }).IsUnique();
            // One account per ENT id (folded) and establishment: CAS sign-in must find exactly one.
            e.HasIndex(x => new { x.EstablishmentId, x.EntIdNormalized }).IsUnique().HasFilter("ent_id_normalized IS NOT NULL");
            e.HasIndex(x => new { x.EstablishmentId, x.CredentialsDelivered });
            e.Property(x => x.Profile).HasMaxLength(3);
            e.Property(x => x.Login).HasMaxLength(100);
        });
        modelBuilder.Entity<CasSession>(e =>
        {
            e.HasKey(x => x.Ticket);
            e.Property(x => x.Ticket).HasMaxLength(512);
        });
        modelBuilder.Entity<SigningKey>(e => e.HasKey(x => x.Id));
        modelBuilder.Entity<AccountAudit>(e =>
        {
            e.ToTable("account_audit");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).UseIdentityByDefaultColumn();
            e.HasIndex(x => new { x.EstablishmentId, x.At });
            e.Property(x => x.ActorName).HasMaxLength(200);
            e.Property(x => x.Action).HasMaxLength(40);
            e.Property(x => x.TargetLogin).HasMaxLength(100);
        });
        modelBuilder.Entity<LoginThrottle>(e =>
        {
            e.HasKey(x => x.Key);
            e.Property(x => x.Key).HasMaxLength(300);
            e.HasIndex(x => x.LastFailureAt);
        });
    }
}

/// <summary>Used only by <c>dotnet ef migrations</c>; never at run time.</summary>
internal sealed class IdentityDbContextFactory : IDesignTimeDbContextFactory<IdentityDbContext>
{
    public IdentityDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<IdentityDbContext>()
        .UseNpgsql("Host=localhost;Database=design").UseSnakeCaseNamingConvention().Options);
}
