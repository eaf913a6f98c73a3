using Microsoft.EntityFrameworkCore;
using Npgsql;
using Sacoche.Identity.Domain;
using Sacoche.Identity.Domain.Cas;
using Sacoche.Identity.Infrastructure;
using Sacoche.Testing.Infrastructure;

namespace Sacoche.Identity.Tests.Accounts;

/// <summary>
/// One ENT id per establishment once folded: CAS sign-in looks an account up by the folded id, so
/// "JDupont" and "jdupont" in one establishment would make it pick one of two people at random.
/// </summary>
public sealed class EntIdUniquenessTests : IAsyncLifetime
{
    private string _connection = "";

    public async Task InitializeAsync()
    {
        _connection = await TestServers.CreateDatabaseAsync("identid");
        await using var db = NewContext();
        await db.Database.MigrateAsync();
        foreach (var baseId in new[] { 1, 2 })
        {
            db.Establishments.Add(new Establishment { BaseId = baseId, Uai = $"000000{baseId}X", Name = $"Collège {baseId}", CreatedAt = DateTimeOffset.UtcNow });
        }
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await TestServers.DropDatabaseAsync(_connection);

    private IdentityDbContext NewContext() => new(new DbContextOptionsBuilder<IdentityDbContext>()
        .UseNpgsql(_connection).UseSnakeCaseNamingConvention().Options);

    private static Account Person(int baseId, string login, string? entId) => new()
    {
        EstablishmentId = baseId,
        Id = Guid.NewGuid(),
        Profile = "ELV",
        LastName = "Dupont",
        FirstName = "Jean",
        Login = login,
        EntId = entId,
        EntIdNormalized = entId is null ? null : IdEntComparer.Normalize(entId),
        CreatedAt = DateTimeOffset.UtcNow,
    };

    [Fact]
    public async Task A_second_account_with_the_same_folded_ent_id_is_refused_in_one_establishment_only()
    {
        await using (var db = NewContext())
        {
            db.Accounts.Add(Person(1, "jean.dupont", "JDupont"));
            db.Accounts.Add(Person(2, "jean.dupont", "jdupont")); // another establishment: its own ENT
            db.Accounts.Add(Person(1, "sans.ent.1", null));
            db.Accounts.Add(Person(1, "sans.ent.2", null)); // no ENT id yet: any number of them
            await db.SaveChangesAsync();
        }

        await using (var db = NewContext())
        {
            db.Accounts.Add(Person(1, "jean.dupont2", " jdupont "));
            var error = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            Assert.Equal(PostgresErrorCodes.UniqueViolation, Assert.IsType<PostgresException>(error.InnerException).SqlState);
        }

        await using (var check = NewContext())
        {
            Assert.Equal(1, await check.Accounts.CountAsync(a => a.EstablishmentId == 1 && a.EntIdNormalized == "jdupont"));
        }
    }
}
