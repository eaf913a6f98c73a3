using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Sacoche.Import.Tests.Integration;
using Sacoche.Testing.Generators;
using Xunit.Abstractions;
using static Sacoche.Import.Tests.Integration.ImportApiFixture;

namespace Sacoche.Import.Tests.Api;

/// <summary>
/// The Large preset (2,000 students, 3,500 guardians, 150 staff) through HTTP, stage by stage.
/// Timings are written to the test output, never asserted (shared 2-core machines); counts are.
/// </summary>
[Collection(ImportApiCollection.Name)]
[Trait("Category", "Measure")]
public sealed class ImportMeasureTests(ImportApiFixture fx, ITestOutputHelper output)
{
    [Fact]
    public async Task Large_establishment_stage_timings()
    {
        const int b = 400;
        var gen = new ImportFileGenerator(2026, counts: GeneratorCounts.Large);
        await fx.RegisterEstablishmentAsync(b, gen.Uai);
        var admin = fx.Client(b);
        var expected = 0;
        output.WriteLine("file | size | upload→ready | parse (MB/s) | plan | confirm HTTP (apply) | confirm→all events consumed");
        foreach (var (name, bytes, people) in new[]
        {
            (gen.StsFileName, gen.StsXml(), gen.Expected.Staff),
            ("ElevesSansAdresses.xml", gen.StudentsXml(), gen.Expected.CurrentStudents),
            ("ResponsablesAvecAdresses.xml", gen.GuardiansXml(), gen.Expected.LegalGuardiansOfCurrentStudents),
        })
        {
            var sw = Stopwatch.StartNew();
            var (id, status) = await UploadAndWaitAsync(admin, bytes, name);
            var ready = sw.Elapsed;
            Assert.Equal("ready", status["status"]!.GetValue<string>());
            var parseMs = status["timings"]!["parseMs"]!.GetValue<double>();
            var planMs = status["timings"]!["planMs"]!.GetValue<double>();

            var since = await DbNowAsync();
            sw.Restart();
            var confirmed = await JsonAsync(await admin.PostAsync($"/api/import/imports/{id}/confirm", null), HttpStatusCode.OK);
            var confirm = sw.Elapsed;
            var published = confirmed["counts"]!["eventsPublished"]!.GetValue<int>();
            Assert.True(published >= people, $"{name}: {published} events for {people} people");
            expected += published;
            Assert.True(await fx.Events.WaitForAsync(b, expected, TimeSpan.FromMinutes(2)), $"{name}: {fx.Events.Count(b)} of {expected} events");
            var consumed = sw.Elapsed;
            var applyMs = (await fx.Client(b).GetStringAsync($"/api/import/imports/{id}")) is { } json ? JsonNode.Parse(json)!["timings"]!["applyMs"]!.GetValue<double>() : 0;

            var relayMs = await RelayMsAsync(b, since);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name} | {bytes.Length / 1024.0 / 1024:F1} MB, {people} people | {ready.TotalMilliseconds:F0} ms | {parseMs:F0} ms ({bytes.Length / 1024.0 / 1024 / (parseMs / 1000):F0} MB/s) | {planMs:F0} ms | {confirm.TotalMilliseconds:F0} ms ({applyMs:F0} ms) | {consumed.TotalMilliseconds:F0} ms for {published} events (outbox commit→last sent {relayMs:F0} ms)"));
        }

        Assert.Equal(gen.Expected.Staff + gen.Expected.CurrentStudents + gen.Expected.LegalGuardiansOfCurrentStudents,
            await fx.ScalarAsync("SELECT count(*) FROM people WHERE establishment_id = @b", b));
    }

    private async Task<DateTime> DbNowAsync()
    {
        await using var conn = new Npgsql.NpgsqlConnection(fx.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("SELECT now()", conn);
        return (DateTime)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>From the commit of the confirmation to the relay's last publish (splits the relay from the consumers).</summary>
    private async Task<double> RelayMsAsync(int baseId, DateTime since)
    {
        // The relay marks a batch sent after publishing it: consumers may be faster than that commit.
        await Sacoche.Testing.Infrastructure.TestServers.EventuallyAsync(async () => await fx.ScalarAsync(
            "SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL AND payload->>'establishmentId' = @b::text", baseId) == 0, TimeSpan.FromSeconds(30));
        await using var conn = new Npgsql.NpgsqlConnection(fx.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("""
            SELECT coalesce(extract(epoch FROM max(sent_at) - min(created_at)) * 1000, -1) FROM outbox_messages
            WHERE created_at >= @since AND payload->>'establishmentId' = @b::text
            """, conn);
        cmd.Parameters.AddWithValue("since", since);
        cmd.Parameters.AddWithValue("b", baseId);
        return Convert.ToDouble(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
