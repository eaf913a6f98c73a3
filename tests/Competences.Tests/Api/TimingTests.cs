using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sacoche.Testing.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Sacoche.Competences.Tests.Api;

/// <summary>Rough timings printed to the test output (no asserts on time; the real bench comes later).</summary>
public sealed class TimingTests(CompetencesApp app, ITestOutputHelper output) : IClassFixture<CompetencesApp>
{
    [Fact]
    public async Task Grid_of_30_students_x_15_items_and_report_of_150_items_x_8_entries()
    {
        var admin = app.AdminClient();

        // 30 students.
        var students = Enumerable.Range(0, 30).Select(_ => Guid.NewGuid()).ToArray();
        for (int i = 0; i < students.Length; i++)
        {
            await app.PublishAsync(CompetencesApp.User(CompetencesApp.Base, students[i], "ELV", $"Élève{i:00}", "Test", "3A"));
        }
        Assert.True(await TestServers.EventuallyAsync(async () => await app.CountAsync("SELECT count(*) FROM roster_users WHERE last_name LIKE 'Élève%'") == 30, TimeSpan.FromSeconds(20)));

        var (_, items15) = await app.CreateReferentialAsync(admin, await app.NewSubjectAsync(), "3E", items: 15);
        var evaluation = await CompetencesApp.CreateEvaluationAsync(admin, new { studentIds = students, date = "2026-10-01", description = "Grille", itemIds = items15 });
        string[] codes = ["RR", "R", "V", "VV"];
        var times = new List<double>();
        for (int round = 0; round < 25; round++)
        {
            var cells = students.SelectMany(s => items15.Select((item, k) => new { studentId = s, itemId = item, code = codes[(round + k) % 4], version = round })).ToArray();
            var sw = Stopwatch.StartNew();
            var response = await admin.PutAsJsonAsync($"/api/competences/evaluations/{evaluation}/entries", cells);
            sw.Stop();
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            if (round >= 5)
            {
                times.Add(sw.Elapsed.TotalMilliseconds);
            }
        }
        output.WriteLine($"Grid save 30×15 = 450 cells via HTTP (20 runs after 5 warm-up): {Summary(times)}");

        // 150 items × 8 evaluations for one student.
        var (_, items150) = await app.CreateReferentialWithItemsAsync(admin, await app.NewSubjectAsync(), "4E", 150);
        for (int e = 0; e < 8; e++)
        {
            var id = await CompetencesApp.CreateEvaluationAsync(admin, new { classCode = "3A", date = $"2026-09-{e + 10}", description = $"Éval {e}", itemIds = items150 });
            var response = await admin.PutAsJsonAsync($"/api/competences/evaluations/{id}/entries",
                items150.Select((item, k) => new { studentId = app.Student1, itemId = item, code = codes[(e + k) % 4] }).ToArray());
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        // Fresh tables have no statistics yet (autovacuum has not run): without them the planner picked
        // nested loops over sequential scans and the report query took 300–400 ms instead of ~10 ms.
        await app.CountAsync("SELECT count(*) FROM (SELECT 1) x; ANALYZE");
        var reportTimes = new List<double>();
        for (int run = 0; run < 25; run++)
        {
            var sw = Stopwatch.StartNew();
            var response = await admin.GetAsync($"/api/competences/reports/students/{app.Student1}");
            var body = await response.Content.ReadAsStringAsync();
            sw.Stop();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            if (run == 0)
            {
                using var doc = JsonDocument.Parse(body);
                var subject = doc.RootElement.GetProperty("subjects").EnumerateArray().Single(s => s.GetProperty("items").GetArrayLength() == 150);
                Assert.All(subject.GetProperty("items").EnumerateArray(), i => Assert.Equal(8, i.GetProperty("entries").GetArrayLength()));
            }
            if (run >= 5)
            {
                reportTimes.Add(sw.Elapsed.TotalMilliseconds);
            }
        }
        output.WriteLine($"Student report 150 items × 8 entries via HTTP (20 runs after 5 warm-up): {Summary(reportTimes)}");
    }

    private static string Summary(List<double> times)
    {
        times.Sort();
        double P(double q) => times[Math.Min(times.Count - 1, (int)Math.Ceiling(q * times.Count) - 1)];
        return $"p50 {P(0.5):0.0} ms, p95 {P(0.95):0.0} ms, min {times[0]:0.0} ms, max {times[^1]:0.0} ms";
    }
}
