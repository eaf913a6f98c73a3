using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Sacoche.Web.Infrastructure;

/// <summary>
/// The UI's own small database: its Data Protection keys and its sessions' tokens, shared by every
/// instance of the UI (any instance serves any request; a restart signs nobody out).
/// </summary>
public sealed class WebDbContext(DbContextOptions<WebDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<UiSession> Sessions => Set<UiSession>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<UiSession>(e =>
        {
            e.ToTable("ui_sessions");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(64);
            e.HasIndex(x => x.LastSeen);
            e.HasIndex(x => x.Subject);
            e.HasIndex(x => x.EstablishmentId);
        });
}

/// <summary>One signed-in browser session; <see cref="Tokens"/> is encrypted with Data Protection (refresh tokens are credentials).</summary>
public sealed class UiSession
{
    public string Id { get; set; } = "";
    public byte[] Tokens { get; set; } = [];
    public DateTimeOffset LastSeen { get; set; }
    /// <summary>Whose session (account id; null for the webmaster) and of which establishment: Identity's revocations name them.</summary>
    public Guid? Subject { get; set; }
    public int? EstablishmentId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Used only by <c>dotnet ef migrations</c>; never at run time.</summary>
internal sealed class WebDbContextFactory : IDesignTimeDbContextFactory<WebDbContext>
{
    public WebDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<WebDbContext>()
        .UseNpgsql("Host=localhost;Database=design").UseSnakeCaseNamingConvention().Options);
}
