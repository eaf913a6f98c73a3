using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using Sacoche.Competences.Infrastructure;
using Sacoche.ServiceDefaults.Data;
using Sacoche.Testing.Infrastructure;
using Xunit;

namespace Sacoche.Competences.Tests.Integration;

/// <summary>
/// The migration that gives periods their own table: the periods an establishment kept in its settings document are
/// moved (names, dates, classes), nothing else of the document changes, and an establishment without periods gets none.
/// </summary>
public sealed class PeriodsMigrationTests : IAsyncLifetime
{
    private const string Before = "20261203060930_CatalogWithdrawalAndPublisher";

    private string database = "";

    public async Task InitializeAsync() => database = await TestServers.CreateDatabaseAsync("competences_periods");

    public async Task DisposeAsync() => await TestServers.DropDatabaseAsync(database);

    [Fact]
    public async Task Periods_of_the_settings_document_move_to_the_periods_table()
    {
        await MigrateAsync(Before);
        await SettingsAsync(1, """
            {"defaultMethod":"arithmetique","schoolYearSwitchMonth":8,
             "periods":[{"name":" Trimestre 1 ","start":"2026-09-01","end":"2026-11-30","classCodes":["3A","3B"]},
                        {"name":"Trimestre 2","start":"2026-12-01","end":"2027-02-28","classCodes":null,"id":7}]}
            """);
        await SettingsAsync(2, """{"defaultMethod":"geometrique","periods":[]}""");

        await MigrateAsync(null);

        await using var conn = new NpgsqlConnection(database);
        await conn.OpenAsync();
        await using (var cmd = new NpgsqlCommand("SELECT establishment_id, name, start, \"end\", class_codes FROM periods ORDER BY establishment_id, start", conn))
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            var rows = new List<(int, string, DateOnly, DateOnly, string[])>();
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetInt32(0), reader.GetString(1), reader.GetFieldValue<DateOnly>(2), reader.GetFieldValue<DateOnly>(3), reader.GetFieldValue<string[]>(4)));
            }
            Assert.Equal(2, rows.Count);
            Assert.Equal((1, "Trimestre 1", new DateOnly(2026, 9, 1), new DateOnly(2026, 11, 30)), (rows[0].Item1, rows[0].Item2, rows[0].Item3, rows[0].Item4));
            Assert.Equal(["3A", "3B"], rows[0].Item5);
            Assert.Equal((1, "Trimestre 2", new DateOnly(2027, 2, 28)), (rows[1].Item1, rows[1].Item2, rows[1].Item4));
            Assert.Empty(rows[1].Item5);
        }
        await using (var cmd = new NpgsqlCommand("SELECT document::text FROM establishment_settings WHERE establishment_id = 1", conn))
        {
            var document = (string)(await cmd.ExecuteScalarAsync())!;
            Assert.DoesNotContain("periods", document);
            Assert.Contains("arithmetique", document);
        }
    }

    private async Task MigrateAsync(string? target)
    {
        var options = new DbContextOptionsBuilder<CompetencesDbContext>().UseNpgsql(database).UseSnakeCaseNamingConvention().Options;
        await using var db = new CompetencesDbContext(options, new TenantScope());
        await db.GetService<IMigrator>().MigrateAsync(target);
    }

    private async Task SettingsAsync(int establishment, string document)
    {
        await using var conn = new NpgsqlConnection(database);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("INSERT INTO establishment_settings (establishment_id, document, updated_at) VALUES (@e, @d::jsonb, now())", conn);
        cmd.Parameters.AddWithValue("e", establishment);
        cmd.Parameters.AddWithValue("d", document);
        await cmd.ExecuteNonQueryAsync();
    }
}
