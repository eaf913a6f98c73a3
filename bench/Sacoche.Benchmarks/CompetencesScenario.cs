using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Sacoche.Benchmarks;

/// <summary>
/// Issues 6 and 7 through the gateway, one request at a time on a seeded school: saving an entry
/// grid (30 students × 15 items), a student's report (150 items × 8 entries), the class report
/// (30 × 150 × 8) and the common core of the whole establishment (600 students).
/// </summary>
public static class CompetencesScenario
{
    private static readonly string[] Codes = BenchSchool.Codes;

    public static async Task<IReadOnlyList<BenchRow>> RunAsync(BenchSchool school, int runs)
    {
        var rows = new List<BenchRow>();
        var teacher = school.TeacherTokens[0];

        // Class 0: 8 evaluations of the 150 items, every cell entered → 8 entries per student and item.
        var reportEvaluations = new List<long>();
        for (var e = 0; e < 8; e++)
        {
            var id = await school.CreateEvaluationAsync(0, school.ItemIds, $"Contrôle {e + 1}");
            await school.SaveAllAsync(teacher, id, school.Students[0], school.ItemIds, e);
            reportEvaluations.Add(id);
        }
        // Every other class: one evaluation of the 150 items, for the common core of all students.
        for (var c = 1; c < school.Classes; c++)
        {
            var id = await school.CreateEvaluationAsync(c, school.ItemIds, "Bilan");
            await school.SaveAllAsync(school.TeacherTokens[c], id, school.Students[c], school.ItemIds, c);
        }

        // Grid save: the whole 30 × 15 grid of class 1 in one PUT, with the versions read before (no conflict).
        var grid = school.GridEvaluations[1];
        var gridTeacher = school.TeacherTokens[1];
        var gridItems = school.ItemIds[..BenchSchool.GridItems];
        var versions = await GridTypist.GridVersionsAsync(school, gridTeacher, grid);
        var whole = await Measure.RunAsync(runs, async k => versions = await school.SaveAllAsync(gridTeacher, grid, school.Students[1], gridItems, k, versions));
        rows.Add(new("6", $"grid save 30 students × 15 items (450 cells, one PUT; {runs} runs)", "p95 ≤ 50 ms",
            Stats.Ms(whole.P50), Stats.Ms(whole.P95), "versions checked per cell; through the gateway"));
        // The whole-grid runs left cell (s, i) at Codes[(s + i + lastSeed) % 4]: the next code always changes it.
        var lastSeed = runs + 1;
        var cell = await Measure.RunAsync(runs * 4, async k =>
        {
            var (s, i) = (k % school.ClassSize, k / school.ClassSize % gridItems.Length);
            var (student, item) = (school.Students[1][s], gridItems[i]);
            using var response = await school.SendAsync(HttpMethod.Put, $"/api/competences/evaluations/{grid}/entries", gridTeacher,
                new[] { new { studentId = student, itemId = item, code = Codes[(s + i + lastSeed + 1 + k / (school.ClassSize * gridItems.Length)) % Codes.Length], version = versions.GetValueOrDefault((student, item)) } });
            response.EnsureSuccessStatusCode();
            // An unchanged cell answers an empty list.
            foreach (var saved in (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray())
            {
                versions[(student, item)] = saved.GetProperty("version").GetInt32();
            }
        });
        rows.Add(new("6", $"grid save, one cell of the 30 × 15 grid (as typed in the UI; {runs * 4} runs)", "p95 ≤ 50 ms",
            Stats.Ms(cell.P50), Stats.Ms(cell.P95), ""));

        var student = await Measure.RunAsync(runs, async k =>
        {
            using var response = await school.SendAsync(HttpMethod.Get, $"/api/competences/reports/students/{school.Students[0][k % school.ClassSize]}", teacher);
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync();
        });
        rows.Add(new("7", $"student report, 150 items × 8 entries ({runs} runs)", "≤ 50 ms", Stats.Ms(student.P50), Stats.Ms(student.P95), "as the class's teacher"));

        var classReport = await Measure.RunAsync(runs, async _ =>
        {
            using var response = await school.SendAsync(HttpMethod.Get, $"/api/competences/reports/classes/{BenchSchool.ClassCode(0)}", teacher);
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync();
        });
        rows.Add(new("7", $"class report, 30 students × 150 items × 8 entries ({runs} runs)", "≤ 150 ms", Stats.Ms(classReport.P50), Stats.Ms(classReport.P95), ""));

        var commonCoreRuns = Math.Max(5, runs / 4);
        var students = school.Classes * school.ClassSize;
        var commonCore = await Measure.RunAsync(commonCoreRuns, async _ =>
        {
            using var response = await school.SendAsync(HttpMethod.Get, "/api/competences/common-core/establishment?cycle=4", school.DirectionToken);
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync();
        });
        rows.Add(new("7", $"common core of the establishment, {students} students (cycle 4, 150 linked items; {commonCoreRuns} runs)", "≤ 3 s",
            Stats.Ms(commonCore.P50), Stats.Ms(commonCore.P95), $"{(8 + school.Classes - 1) * school.ItemIds.Length * school.ClassSize} entries in the establishment; as the direction"));
        return rows;
    }

}

/// <summary>Sequential latency measurements.</summary>
public sealed record Measure(double P50, double P95)
{
    /// <summary>Two warm-up calls, then <paramref name="runs"/> sequential calls; <paramref name="before"/> runs before each call, untimed.</summary>
    public static async Task<Measure> RunAsync(int runs, Func<int, Task> call, Func<int, Task>? before = null)
    {
        before ??= _ => Task.CompletedTask;
        await before(0);
        await call(0);
        await before(1);
        await call(1);
        var latencies = new List<double>(runs);
        for (var k = 2; k < runs + 2; k++)
        {
            await before(k);
            var started = Stopwatch.GetTimestamp();
            await call(k);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        latencies.Sort();
        return new(Stats.Percentile(latencies, 50), Stats.Percentile(latencies, 95));
    }
}
