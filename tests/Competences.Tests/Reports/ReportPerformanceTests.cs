using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Npgsql;
using Sacoche.Competences.Tests.Api;
using Sacoche.Testing.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Sacoche.Competences.Tests.Reports;

/// <summary>
/// Timings printed to the test output (no assertion on time; targets: class report ≤ 150 ms for 30 students × 150 items
/// × 8 entries, common core of 600 students ≤ 3 s). Entries are seeded with one SQL statement, then ANALYZE.
/// </summary>
// One collection for the report tests: run one after another, so that they add one host (not five) to the parallel fixtures.
[Collection("Reports")]
public sealed class ReportPerformanceTests(CompetencesApp app, ITestOutputHelper output) : IClassFixture<CompetencesApp>
{
    [Fact]
    public async Task Class_report_30x150x8_and_common_core_of_600_students()
    {
        var admin = app.AdminClient();
        // 28 more students in 3A (30 with Student1 and Student2), 569 in 19 other classes: 600 students with Student3.
        var inClass = Enumerable.Range(0, 28).Select(_ => Guid.NewGuid()).ToArray();
        var others = Enumerable.Range(0, 569).Select(_ => Guid.NewGuid()).ToArray();
        await Task.WhenAll(inClass.Select((id, i) => app.PublishAsync(CompetencesApp.User(CompetencesApp.Base, id, "ELV", $"Perf{i:000}", "Élève", "3A"))));
        await Task.WhenAll(others.Select((id, i) => app.PublishAsync(CompetencesApp.User(CompetencesApp.Base, id, "ELV", $"Masse{i:000}", "Élève", $"C{i / 30:00}"))));
        Assert.True(await TestServers.EventuallyAsync(async () => await app.CountAsync("SELECT count(*) FROM roster_users WHERE profile = 'ELV' AND establishment_id = 101") == 600,
            TimeSpan.FromSeconds(60)), "The 597 students were not projected in time.");
        Guid[] classStudents = [app.Student1, app.Student2, .. inClass];
        Guid[] allStudents = [app.Student1, app.Student2, app.Student3, .. inClass, .. others];
        Assert.Equal(600, allStudents.Length);

        // Class report: 150 items × 8 evaluations × 30 students = 36,000 entries.
        var subject = await app.NewSubjectAsync();
        var (_, items) = await app.CreateReferentialWithItemsAsync(admin, subject, "4E", 150);
        var evaluations = new long[8];
        for (int e = 0; e < 8; e++)
        {
            evaluations[e] = await CompetencesApp.CreateEvaluationAsync(admin, new { classCode = "3A", date = $"2026-09-{e + 10}", description = $"Éval {e}", itemIds = items });
        }
        var sw = Stopwatch.StartNew();
        long inserted = await SeedEntriesAsync(evaluations, classStudents, items);
        output.WriteLine($"Seeded {inserted} entries (30 × 150 × 8) in {sw.ElapsedMilliseconds} ms");
        await AnalyzeAsync();

        string url = $"/api/competences/reports/classes/3A?subject={subject}";
        var first = await ReportTestData.GetJsonAsync(admin, url);
        Assert.Equal(150, first.GetProperty("items").GetArrayLength());
        Assert.Equal(30, first.GetProperty("students").GetArrayLength());
        Assert.All(first.GetProperty("students").EnumerateArray(), s => Assert.Equal(JsonValueKind.Number, s.GetProperty("mean").ValueKind));
        output.WriteLine($"Class report 30 × 150 × 8 via HTTP (JSON, 20 runs after 5 warm-up): {await TimeAsync(admin, url, 25)}");
        output.WriteLine($"Class report 30 × 150 × 8, CSV: {await TimeAsync(admin, url + "&format=csv", 8)}");
        output.WriteLine($"Class report 30 × 150 × 8, PDF: {await TimeAsync(admin, url + "&format=pdf", 8)}");
        output.WriteLine(await ExplainAsync(classStudents, items));

        // Common core: 48 items linked to the 8 components (6 each), 4 evaluations, 600 students = 115,200 entries.
        var socleSubject = await app.NewSubjectAsync();
        string[] components = ["CPD_FRA", "CPD_ETR", "CPD_SCI", "CPD_ART", "MET_APP", "FRM_CIT", "SYS_NAT", "REP_MND"];
        var socleItems = await ReportTestData.CreateSocleReferentialAsync(admin, socleSubject, "3E", [.. Enumerable.Range(0, 48).Select(i => components[i % 8])]);
        var socleEvaluations = new long[4];
        for (int e = 0; e < 4; e++)
        {
            socleEvaluations[e] = await CompetencesApp.CreateEvaluationAsync(admin, new { classCode = "3A", date = $"2026-10-{e + 10}", description = $"Socle {e}", itemIds = socleItems });
        }
        sw.Restart();
        inserted = await SeedEntriesAsync(socleEvaluations, allStudents, socleItems);
        output.WriteLine($"Seeded {inserted} entries (600 × 48 × 4) in {sw.ElapsedMilliseconds} ms");
        await AnalyzeAsync();
        string socleUrl = "/api/competences/common-core/establishment?cycle=4";
        var view = await ReportTestData.GetJsonAsync(admin, socleUrl);
        Assert.Equal(600, view.GetProperty("students").GetArrayLength());
        Assert.All(view.GetProperty("students").EnumerateArray(), s => Assert.True(s.GetProperty("complete").GetBoolean()));
        output.WriteLine($"Common core, 600 students × 8 components (48 items, 115,200 + 36,000 entries in the table), JSON: {await TimeAsync(admin, socleUrl, 10)}");
        output.WriteLine($"Common core, 600 students, CSV: {await TimeAsync(admin, socleUrl + "&format=csv", 5)}");
        output.WriteLine($"Common core sheet of one student: {await TimeAsync(admin, $"/api/competences/common-core/students/{app.Student1}?cycle=4", 20)}");
    }

    private async Task<long> SeedEntriesAsync(long[] evaluations, Guid[] students, long[] items)
    {
        await using var connection = new NpgsqlConnection(app.Database);
        await connection.OpenAsync();
        // Pseudo-random but deterministic codes 1..4 (RR, R, V, VV).
        await using var command = new NpgsqlCommand("""
            INSERT INTO entries (establishment_id, evaluation_id, student_id, item_id, code, version, changed_by, changed_at)
            SELECT 101, e, s, i, ((abs(hashtext(s::text || i::text || e::text)) % 4) + 1)::text, 1, @by, now()
            FROM unnest(@evaluations) e, unnest(@students) s, unnest(@items) i
            """, connection);
        command.Parameters.AddWithValue("by", app.Admin);
        command.Parameters.AddWithValue("evaluations", evaluations);
        command.Parameters.AddWithValue("students", students);
        command.Parameters.AddWithValue("items", items);
        return await command.ExecuteNonQueryAsync();
    }

    private async Task AnalyzeAsync()
    {
        await using var connection = new NpgsqlConnection(app.Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("ANALYZE", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The plan of the class report's entries query (as EF Core writes it, simplified to its shape).</summary>
    private async Task<string> ExplainAsync(Guid[] students, long[] items)
    {
        await using var connection = new NpgsqlConnection(app.Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            EXPLAIN (ANALYZE, COSTS OFF, TIMING ON, SUMMARY ON)
            SELECT e.student_id, e.item_id, ev.date, ev.id, e.code
            FROM entries e
            JOIN evaluations ev ON e.establishment_id = ev.establishment_id AND e.evaluation_id = ev.id
            WHERE e.establishment_id = 101 AND ev.establishment_id = 101
              AND e.student_id = ANY(@students) AND e.item_id = ANY(@items) AND e.code <> 'PA' AND e.code <> 'NN'
            """, connection);
        command.Parameters.AddWithValue("students", students);
        command.Parameters.AddWithValue("items", items);
        var lines = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0));
            }
        }
        // The same query read by a bare Npgsql client, 10 times: the floor for the service's "entries" time on this machine now.
        command.CommandText = command.CommandText.Replace("EXPLAIN (ANALYZE, COSTS OFF, TIMING ON, SUMMARY ON)", "", StringComparison.Ordinal);
        var times = new List<double>();
        for (int run = 0; run < 10; run++)
        {
            var sw = Stopwatch.StartNew();
            int count = 0;
            await using (var rows = await command.ExecuteReaderAsync())
            {
                while (await rows.ReadAsync())
                {
                    _ = rows.GetGuid(0);
                    count++;
                }
            }
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return $"Plan of the entries query ({students.Length} students, {items.Length} items):\n  " + string.Join("\n  ", lines)
            + $"\nSame query from a bare Npgsql client (10 runs): p50 {times[5]:0.0} ms, min {times[0]:0.0} ms";
    }

    private static async Task<string> TimeAsync(HttpClient client, string url, int runs)
    {
        int warmup = Math.Max(1, runs / 5);
        var times = new List<double>();
        var dbTimes = new List<double>();
        var computeTimes = new List<double>();
        var entryTimes = new List<double>();
        for (int run = 0; run < runs; run++)
        {
            var sw = Stopwatch.StartNew();
            var response = await client.GetAsync(url);
            await response.Content.ReadAsByteArrayAsync();
            sw.Stop();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            if (run >= warmup)
            {
                times.Add(sw.Elapsed.TotalMilliseconds);
                // Server-Timing: db;dur=…;desc="…", compute;dur=…
                if (response.Headers.TryGetValues("Server-Timing", out var values))
                {
                    foreach (var part in string.Join(",", values).Split(','))
                    {
                        var fields = part.Trim().Split(';');
                        var dur = fields.FirstOrDefault(f => f.StartsWith("dur=", StringComparison.Ordinal));
                        if (dur is not null && double.TryParse(dur[4..], System.Globalization.CultureInfo.InvariantCulture, out var ms))
                        {
                            (fields[0] switch { "db" => dbTimes, "entries" => entryTimes, _ => computeTimes }).Add(ms);
                        }
                    }
                }
            }
        }
        string server = dbTimes.Count == 0 ? "" : $"; in the service: queries p50 {Median(dbTimes):0.0} ms (entries query {Median(entryTimes):0.0} ms), scoring/aggregates p50 {Median(computeTimes):0.0} ms";
        times.Sort();
        double P(double q) => times[Math.Min(times.Count - 1, (int)Math.Ceiling(q * times.Count) - 1)];
        return $"p50 {P(0.5):0.0} ms, p95 {P(0.95):0.0} ms, min {times[0]:0.0} ms, max {times[^1]:0.0} ms ({times.Count} runs){server}";
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
