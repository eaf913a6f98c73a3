using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using Sacoche.Import.Infrastructure;
using Sacoche.People;
using Sacoche.ServiceDefaults.Data;
using Sacoche.Testing.Infrastructure;

namespace Sacoche.Import.Tests.Integration;

/// <summary>
/// The migration adding the unique folded ENT id: existing ids are folded in SQL exactly as <see cref="EntIdKey"/>
/// does, and duplicates are cleared deterministically (the oldest assignment keeps the id) instead of failing.
/// </summary>
public sealed class EntIdKeyMigrationTests : IAsyncLifetime
{
    private const string Before = "20261128120925_Directory";

    private string database = "";

    public async Task InitializeAsync() => database = await TestServers.CreateDatabaseAsync("import_entkey");

    public async Task DisposeAsync() => await TestServers.DropDatabaseAsync(database);

    [Fact]
    public async Task Existing_ids_are_folded_like_the_code_and_duplicates_keep_the_oldest_assignment()
    {
        await MigrateAsync(Before);

        // Establishment 1. Person ids are time-ordered: A was created before B, H before I.
        Guid a = Id(1), b = Id(2), c = Id(3), d = Id(4), h = Id(5), i = Id(6), g = Id(7);
        await PersonAsync(1, a, "Dupont", "jdupont");      // assigned on 2 October
        await PersonAsync(1, b, "Martin", "JDupont");      // assigned on 1 October: the oldest assignment, kept
        await PersonAsync(1, c, "Durand", "Élodie.Martin"); // no trace in the history: predates it, kept
        await PersonAsync(1, d, "Petit", "elodie.martin");  // chosen by the administrator on 3 October
        await PersonAsync(1, h, "Moreau", "X.Y");           // only trace: a line the administrator skipped (does not count)
        await PersonAsync(1, i, "Roux", "x.y");             // assigned on 5 October
        await PersonAsync(1, Id(8), "Blanc", null);
        await PersonAsync(2, g, "Dupont", "jdupont");      // another establishment: no conflict

        await EntImportAsync(1, new DateTimeOffset(2026, 10, 1, 8, 0, 0, TimeSpan.Zero), "applied", Assigned(2, "JDupont", b), "{}");
        await EntImportAsync(1, new DateTimeOffset(2026, 10, 2, 8, 0, 0, TimeSpan.Zero), "applied", Assigned(2, "jdupont", a), "{}");
        await EntImportAsync(1, new DateTimeOffset(2026, 10, 3, 8, 0, 0, TimeSpan.Zero), "applied",
            """{"lineNumber":5,"lastName":"PETIT","firstName":"Eva","entId":"elodie.martin","outcome":"homonyms","message":""}""", $$"""{"5":"{{d}}"}""");
        await EntImportAsync(1, new DateTimeOffset(2026, 10, 5, 8, 0, 0, TimeSpan.Zero), "applied", Assigned(3, "x.y", i), "{}");
        await EntImportAsync(1, new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero), "applied", Assigned(3, "X.Y", h), """{"3":null}""");
        await EntImportAsync(1, new DateTimeOffset(2026, 9, 1, 8, 0, 0, TimeSpan.Zero), "ready", Assigned(2, "jdupont", a), "{}"); // never applied

        // Establishment 3: awkward spellings, each folded by SQL as by the code.
        string[] awkward =
        [
            "UT-123", "Ñandú.Pérez", "ẞtraße", "ΣΟΦΙΑ", "Ǆemal", "İpek", "Ångström", "Ｊｄｕｐｏｎｔ", "Zoë_Lefèvre",
            "cafe\u0301", "e\u0301\u0327", "Ørsted", "Œuvre", "Dvořák", "ÇA", "O'Neil", "Nguyễn", "Łukasz", "ﬁne",
        ];
        for (int n = 0; n < awkward.Length; n++)
        {
            await PersonAsync(3, Id(100 + n), "Test" + n, awkward[n]);
        }

        await MigrateAsync(null);

        var rows = await PeopleAsync();
        Assert.Equal(("JDupont", "jdupont"), rows[(1, b)]);
        Assert.Equal((null, null), rows[(1, a)]);
        Assert.Equal(("Élodie.Martin", "elodie.martin"), rows[(1, c)]);
        Assert.Equal((null, null), rows[(1, d)]);
        Assert.Equal(("X.Y", "x.y"), rows[(1, h)]);
        Assert.Equal((null, null), rows[(1, i)]);
        Assert.Equal((null, null), rows[(1, Id(8))]);
        Assert.Equal(("jdupont", "jdupont"), rows[(2, g)]);
        for (int n = 0; n < awkward.Length; n++)
        {
            var (entId, key) = rows[(3, Id(100 + n))];
            Assert.Equal(awkward[n], entId);
            Assert.True(EntIdKey.FoldOrNull(awkward[n]) == key, $"« {awkward[n]} »: SQL folded to « {key} », the code to « {EntIdKey.Fold(awkward[n])} »");
        }

        // From now on the database itself refuses a second holder of a folded id.
        await using var conn = new NpgsqlConnection(database);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("UPDATE people SET ent_id = 'JDUPONT', ent_id_key = 'jdupont' WHERE establishment_id = 1 AND id = @id", conn);
        cmd.Parameters.AddWithValue("id", a);
        var ex = await Assert.ThrowsAsync<PostgresException>(() => cmd.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.UniqueViolation, ex.SqlState);
        Assert.Equal(DirectoryStore.EntIdKeyIndex, ex.ConstraintName);
    }

    private static Guid Id(int n) => Guid.Parse($"01900000-0000-7000-8000-{n:D12}");

    private static string Assigned(int line, string entId, Guid user) =>
        $$$"""{"lineNumber":{{{line}}},"lastName":"X","firstName":"Y","entId":"{{{entId}}}","outcome":"assigned","message":"","user":{"userId":"{{{user}}}","profile":"ELV","lastName":"X","firstName":"Y","active":true}}""";

    private async Task MigrateAsync(string? target)
    {
        var options = new DbContextOptionsBuilder<ImportDbContext>().UseNpgsql(database).UseSnakeCaseNamingConvention().Options;
        await using var db = new ImportDbContext(options, new TenantScope());
        await db.GetService<IMigrator>().MigrateAsync(target);
    }

    private async Task PersonAsync(int est, Guid id, string lastName, string? entId)
    {
        await using var conn = new NpgsqlConnection(database);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO people (establishment_id, id, profile, last_name, first_name, ent_id, version, updated_at)
            VALUES (@e, @id, 'ELV', @l, 'Prénom', @ent, 1, now())
            """, conn);
        cmd.Parameters.AddWithValue("e", est);
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.AddWithValue("l", lastName);
        cmd.Parameters.AddWithValue("ent", (object?)entId ?? DBNull.Value);
        await cmd.ExecuteNonQueryAsync();
    }

    private async Task EntImportAsync(int est, DateTimeOffset appliedAt, string status, string row, string choices)
    {
        await using var conn = new NpgsqlConnection(database);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO ent_imports (establishment_id, id, created_by, created_at, file_name, format, status, summary, report, choices, applied_at)
            VALUES (@e, @id, @id, @at, 'ent.csv', 'perso', @s, '{}', @r, @c, @applied)
            """, conn);
        cmd.Parameters.AddWithValue("e", est);
        cmd.Parameters.AddWithValue("id", Guid.CreateVersion7());
        cmd.Parameters.AddWithValue("at", appliedAt.AddMinutes(-5));
        cmd.Parameters.AddWithValue("s", status);
        cmd.Parameters.AddWithValue("r", $$"""{"rows":[{{row}}]}""");
        cmd.Parameters.AddWithValue("c", choices);
        cmd.Parameters.AddWithValue("applied", status == "applied" ? appliedAt : (object)DBNull.Value);
        await cmd.ExecuteNonQueryAsync();
    }

    private async Task<Dictionary<(int, Guid), (string?, string?)>> PeopleAsync()
    {
        var rows = new Dictionary<(int, Guid), (string?, string?)>();
        await using var conn = new NpgsqlConnection(database);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT establishment_id, id, ent_id, ent_id_key FROM people", conn);
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            rows[(r.GetInt32(0), r.GetGuid(1))] = (r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3));
        }

        return rows;
    }
}
