using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Sacoche.Contracts;

namespace Sacoche.Benchmarks;

/// <summary>
/// Issue 15 through the gateway on the seeded school: the bilan sheet of class 0 with 12 subjects, each of 150 items ×
/// 8 entries per student (432,000 entries); archiving that class's 30 bulletins; then the 600 bulletins of the 20 classes,
/// with the Competences process's resident memory sampled (peak reported).
/// </summary>
public static class BilansScenario
{
    private const int ExtraSubjects = 11;
    private const int Evaluations = 8;
    private static readonly string[] Codes = ["RR", "R", "V", "VV"];

    public static async Task<IReadOnlyList<BenchRow>> RunAsync(BenchSchool school, int runs)
    {
        var rows = new List<BenchRow>();
        var teacher = school.TeacherTokens[0];
        var direction = school.DirectionToken;
        string cls = BenchSchool.ClassCode(0);

        // 11 more subjects taught by teacher 0 to class 0 (a new structure snapshot), each with 150 items and 8 full evaluations.
        string[] extra = [.. Enumerable.Range(1, ExtraSubjects).Select(i => $"BS{i:00}")];
        await school.System.PublishAsync(new StructureImported(school.BaseId, 2,
            [.. Enumerable.Range(0, school.Classes).Select(c => new ClassInfo(BenchSchool.ClassCode(c), $"3e {c + 1}", null, null))],
            [],
            [new SubjectInfo(BenchSchool.Subject, "061300", "Mathématiques"), .. extra.Select((s, i) => new SubjectInfo(s, $"0{70000 + i}", $"Discipline {i + 1}"))],
            [.. Enumerable.Range(0, school.Classes).Select(c => new TeacherService(school.TeacherIds[c], BenchSchool.ClassCode(c), false, BenchSchool.Subject)),
             .. extra.Select(s => new TeacherService(school.TeacherIds[0], cls, false, s))]));
        await BenchSchool.RetryAsync(async () =>
        {
            using var subjects = await school.SendAsync(HttpMethod.Get, "/api/competences/subjects", teacher);
            var body = await subjects.Content.ReadAsStringAsync();
            return extra.All(body.Contains) ? true : throw new InvalidOperationException("subjects not there yet");
        }, "Competences never got the 12 subjects");
        foreach (var subject in extra)
        {
            var items = await school.CreateReferentialAsync(subject, items: 150, teacher);
            for (var e = 0; e < Evaluations; e++)
            {
                var evaluation = await school.CreateEvaluationAsync(0, items, $"{subject} contrôle {e + 1}");
                await school.SaveAllAsync(teacher, evaluation, school.Students[0], items, e);
            }
        }

        var period = await CreatePeriodAsync(school, direction);
        await SetStatusAsync(school, direction, cls, period, "subjects");
        long bytes = 0;
        var sheet = await Measure.RunAsync(runs, async _ =>
        {
            using var response = await school.SendAsync(HttpMethod.Get, $"/api/competences/bilans/{cls}/{period}", direction);
            response.EnsureSuccessStatusCode();
            bytes = (await response.Content.ReadAsByteArrayAsync()).Length;
        });
        rows.Add(new("15", $"bilan sheet, 30 students × 12 subjects × 150 items × 8 entries, nothing changed between reads ({runs} runs)", "p95 ≤ 150 ms",
            Stats.Ms(sheet.P50), Stats.Ms(sheet.P95), $"432,000 entries; {bytes / 1024} KiB of JSON; as the direction"));
        Console.WriteLine($"bilan sheet: p50 {sheet.P50:0.0} ms, p95 {sheet.P95:0.0} ms");

        // Cold: a teacher changes one cell before each read (a score input: the cache's stamp moves, the sheet is computed again).
        var grid = school.GridEvaluations[0];
        var versions = await GridTypist.GridVersionsAsync(school, teacher, grid);
        var coldRuns = Math.Max(10, runs / 4);
        var cold = await Measure.RunAsync(coldRuns, async _ =>
        {
            using var response = await school.SendAsync(HttpMethod.Get, $"/api/competences/bilans/{cls}/{period}", direction);
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync();
        }, async k =>
        {
            var (student, item) = (school.Students[0][k % school.ClassSize], school.ItemIds[0]);
            using var saved = await school.SendAsync(HttpMethod.Put, $"/api/competences/evaluations/{grid}/entries", teacher,
                new[] { new { studentId = student, itemId = item, code = Codes[(k + 1) % Codes.Length], version = versions.GetValueOrDefault((student, item)) } });
            saved.EnsureSuccessStatusCode();
            foreach (var cell in (await saved.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray())
            {
                versions[(student, item)] = cell.GetProperty("version").GetInt32();
            }
        });
        rows.Add(new("15", $"bilan sheet after a change of one entry (computed again; {coldRuns} runs)", "p95 ≤ 150 ms",
            Stats.Ms(cold.P50), Stats.Ms(cold.P95), "the read right after a teacher saved a cell of the class"));
        Console.WriteLine($"bilan sheet cold: p50 {cold.P50:0.0} ms, p95 {cold.P95:0.0} ms");

        // Archive: class 0 alone, then every class at once.
        await SetStatusAsync(school, direction, cls, period, "complete");
        var one = Stopwatch.StartNew();
        await ArchiveAsync(school, direction, [cls], period);
        rows.Add(new("15", "archive one class (30 bulletins, 12 subjects)", "≤ 5 s", Stats.Ms(one.Elapsed.TotalMilliseconds), "", "job started → done, polled every 100 ms"));

        string[] all = [.. Enumerable.Range(0, school.Classes).Select(BenchSchool.ClassCode)];
        foreach (var c in all.Skip(1))
        {
            await SetStatusAsync(school, direction, c, period, "complete");
        }
        using var memory = RssSampler.Start("Competences");
        var every = Stopwatch.StartNew();
        await ArchiveAsync(school, direction, all, period);
        rows.Add(new("15", $"archive {all.Length} classes ({all.Length * school.ClassSize} bulletins)", "≤ 60 s, bounded memory",
            Stats.Ms(every.Elapsed.TotalMilliseconds), "", $"Competences resident memory: {memory.Before / (1024 * 1024)} MiB before, peak {memory.Peak / (1024 * 1024)} MiB"));
        return rows;
    }

    private static async Task<long> CreatePeriodAsync(BenchSchool school, string token)
    {
        // Around today (the evaluations are dated today), inside the school year (switch in August).
        var today = DateOnly.FromDateTime(DateTime.Today);
        var yearStart = new DateOnly(today.Month >= 8 ? today.Year : today.Year - 1, 8, 1);
        var start = today.AddDays(-30) < yearStart ? yearStart : today.AddDays(-30);
        var end = today.AddDays(30) > yearStart.AddYears(1).AddDays(-1) ? yearStart.AddYears(1).AddDays(-1) : today.AddDays(30);
        using var response = await school.SendAsync(HttpMethod.Post, "/api/competences/periods", token,
            new { name = "Période du banc", start = start.ToString("yyyy-MM-dd"), end = end.ToString("yyyy-MM-dd"), classCodes = Array.Empty<string>() });
        var json = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? JsonDocument.Parse(json).RootElement.GetProperty("id").GetInt64() : throw new InvalidOperationException("period: " + json);
    }

    private static async Task SetStatusAsync(BenchSchool school, string token, string cls, long period, string status)
    {
        using var response = await school.SendAsync(HttpMethod.Put, $"/api/competences/bilans/{cls}/{period}/status", token, new { status });
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"status of {cls}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Starts one archive job per class, then polls them until every one is done.</summary>
    private static async Task ArchiveAsync(BenchSchool school, string token, string[] classes, long period)
    {
        foreach (var cls in classes)
        {
            using var started = await school.SendAsync(HttpMethod.Post, $"/api/competences/bilans/{cls}/{period}/archive", token);
            if (!started.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"archive of {cls}: {await started.Content.ReadAsStringAsync()}");
            }
        }
        var pending = classes.ToHashSet();
        var deadline = Stopwatch.StartNew();
        while (pending.Count > 0)
        {
            if (deadline.Elapsed > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException($"archives not done after 10 minutes: {string.Join(", ", pending)}");
            }
            await Task.Delay(100);
            foreach (var cls in pending.ToArray())
            {
                using var job = await school.SendAsync(HttpMethod.Get, $"/api/competences/bilans/{cls}/{period}/archive", token);
                var body = await job.Content.ReadFromJsonAsync<JsonElement>();
                var latest = body.ValueKind == JsonValueKind.Array ? body[0] : body;
                switch (latest.GetProperty("status").GetString())
                {
                    case "done":
                        pending.Remove(cls);
                        break;
                    case "failed":
                        throw new InvalidOperationException($"archive of {cls} failed: {latest.GetProperty("error")}");
                }
            }
        }
    }
}

/// <summary>Samples a process's resident set (VmRSS in /proc) every 50 ms; the process is found by a word of its command line.</summary>
public sealed class RssSampler : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly string _status;

    public long Before { get; }
    public long Peak { get; private set; }

    private RssSampler(string statusFile)
    {
        _status = statusFile;
        Before = Read();
        Peak = Before;
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                Peak = Math.Max(Peak, Read());
                await Task.Delay(50);
            }
        });
    }

    public static RssSampler Start(string name)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
        {
            try
            {
                var cmd = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmd.Contains($"/{name}.dll", StringComparison.Ordinal) || cmd.Contains($"/{name} ", StringComparison.Ordinal) || cmd.EndsWith($"/{name} ", StringComparison.Ordinal))
                {
                    return new RssSampler(Path.Combine(dir, "status"));
                }
            }
            catch (IOException)
            {
                // The process ended while listing.
            }
        }
        throw new InvalidOperationException($"no process named {name} found to sample");
    }

    private long Read()
    {
        try
        {
            var line = File.ReadLines(_status).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _loop.Wait();
    }
}
