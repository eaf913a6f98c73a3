using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Sacoche.Contracts;

namespace Sacoche.Benchmarks;

/// <summary>
/// Issue 16 through the gateway on the seeded school: the LSU file of 600 students (20 classes of 3e) × 3 complete periods × 12
/// subjects, with their end-of-cycle bilans. The teachers' STS ids, the students' SIECLE ids and the 12 services per class come by
/// the broker as an import sends them; the written bilans (21,600 subject lines, appreciations, attendance, locked cycle bilans)
/// are inserted in SQL: the set-up of what teachers type over a term, not what is measured. Measured: the check, the export
/// (built, validated against the XSD, stored) and the download, with the Competences process's resident memory (peak).
/// </summary>
public static class LsuScenario
{
    private const int Subjects = 12;
    private const int Periods = 3;
    private const int StructureVersion = 50;

    public static async Task<IReadOnlyList<BenchRow>> RunAsync(BenchSchool school, int runs)
    {
        var direction = school.DirectionToken;
        string[] classes = [.. Enumerable.Range(0, school.Classes).Select(BenchSchool.ClassCode)];
        string[] subjects = [BenchSchool.Subject, .. Enumerable.Range(1, Subjects - 1).Select(i => $"LS{i:00}")];

        // What STS-web and SIECLE bring: STS ids, SIECLE ids, levels (3e: end of cycle 4), one teacher per class and subject.
        Guid Teacher(int c, int s) => school.TeacherIds[(c + (school.Classes * s)) % school.TeacherIds.Length];
        await school.System.PublishAsync(new StructureImported(school.BaseId, StructureVersion,
            [.. classes.Select((code, c) => new ClassInfo(code, $"3e {c + 1}", BenchSchool.Level, school.TeacherIds[c]))],
            [],
            [.. subjects.Select((s, i) => new SubjectInfo(s, i == 0 ? "061300" : $"{20000 + i:000000}", i == 0 ? "Mathématiques" : $"Discipline {i + 1}"))],
            [.. classes.SelectMany((code, c) => subjects.Select((s, i) => new TeacherService(Teacher(c, i), code, false, s)))]));
        for (var t = 0; t < school.TeacherIds.Length; t++)
        {
            await school.System.PublishAsync(new UserImported(school.BaseId, school.TeacherIds[t], 10, "ENS", $"Nom{t}", $"Prénom{t}", null, null, null, $"ens{t}", null, null, [], [], null)
            {
                SubjectCodes = [.. subjects.Where((_, i) => Enumerable.Range(0, school.Classes).Any(c => Teacher(c, i) == school.TeacherIds[t]))],
                StsId = (10000 + t).ToString(System.Globalization.CultureInfo.InvariantCulture),
                StsType = "epp",
                Civility = t % 2 == 0 ? "MME" : "M",
            });
        }
        for (var c = 0; c < school.Classes; c++)
        {
            for (var s = 0; s < school.ClassSize; s++)
            {
                await school.System.PublishAsync(new UserImported(school.BaseId, school.Students[c][s], 10, "ELV", $"Élève{c:00}-{s:00}", $"Prénom{s}", null, null, null, null,
                    (500000 + (c * 100) + s).ToString(System.Globalization.CultureInfo.InvariantCulture), classes[c], [], [], null));
            }
        }
        var db = school.System.DatabaseConnectionString("competences");
        await BenchSchool.RetryAsync(async () =>
        {
            await using var connection = new NpgsqlConnection(db);
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand(
                "SELECT (SELECT count(*) FROM roster_users WHERE establishment_id = $1 AND sts_id IS NOT NULL) + (SELECT count(*) FROM roster_users WHERE establishment_id = $1 AND siecle_id IS NOT NULL)"
                + " + (SELECT count(*) FROM teacher_services WHERE establishment_id = $1)", connection)
            { Parameters = { new() { Value = school.BaseId } } };
            var n = (long)(await count.ExecuteScalarAsync())!;
            var expected = school.TeacherIds.Length + (school.Classes * school.ClassSize) + (school.Classes * Subjects);
            return n == expected ? true : throw new InvalidOperationException($"roster: {n} of {expected} rows");
        }, "Competences never got the STS ids, SIECLE ids and services of the LSU scenario");

        long[] periods = await CreatePeriodsAsync(school, direction);
        await SeedBilansAsync(db, school, periods, subjects);
        foreach (var period in periods)
        {
            foreach (var cls in classes)
            {
                using var response = await school.SendAsync(HttpMethod.Put, $"/api/competences/bilans/{cls}/{period}/status", direction, new { status = "complete" });
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"status of {cls}: {await response.Content.ReadAsStringAsync()}");
                }
            }
        }

        var query = string.Join('&', periods.Select(p => $"periodId={p}")) + "&cycle=true";
        LsuCheck? check = null;
        var checks = await Measure.RunAsync(runs, async _ =>
        {
            using var response = await school.SendAsync(HttpMethod.Get, $"/api/competences/lsu/check?{query}", direction);
            var body = await response.Content.ReadAsStringAsync();
            check = response.IsSuccessStatusCode ? JsonSerializer.Deserialize<LsuCheck>(body, Json) : throw new InvalidOperationException("check: " + body[..Math.Min(600, body.Length)]);
        });
        if (check is not { Valid: true })
        {
            throw new InvalidOperationException($"the bench's data does not pass the check: {JsonSerializer.Serialize(check?.Problems.Take(5))}");
        }

        var rows = new List<BenchRow>
        {
            new("16", $"LSU check, {check.Students} students × {Periods} periods × {Subjects} subjects + cycle bilans ({runs} runs)", "",
                Stats.Ms(checks.P50), Stats.Ms(checks.P95), $"{check.PeriodicBilans} periodic bilans, {check.CycleBilans} cycle bilans, {check.Warnings} warnings"),
        };
        Console.WriteLine($"LSU check: p50 {checks.P50:0} ms, p95 {checks.P95:0} ms");

        long id = 0, size = 0;
        using var memory = RssSampler.Start("Competences");
        var exports = await Measure.RunAsync(runs, async _ =>
        {
            using var response = await school.SendAsync(HttpMethod.Post, "/api/competences/lsu/exports", direction,
                new { periodIds = periods, classCodes = classes, cycleBilans = true });
            var body = await response.Content.ReadAsStringAsync();
            var export = response.IsSuccessStatusCode ? JsonDocument.Parse(body).RootElement : throw new InvalidOperationException("export: " + body[..Math.Min(600, body.Length)]);
            (id, size) = (export.GetProperty("id").GetInt64(), export.GetProperty("size").GetInt64());
        });
        rows.Add(new("16", $"LSU export: built, validated against the XSD, stored ({runs} runs)", "≤ 10 s, bounded memory",
            Stats.Ms(exports.P50), Stats.Ms(exports.P95),
            $"{size / 1024} KiB of XML; Competences resident memory {memory.Before / (1024 * 1024)} MiB before, peak {memory.Peak / (1024 * 1024)} MiB"));
        Console.WriteLine($"LSU export: p50 {exports.P50:0} ms, p95 {exports.P95:0} ms, {size / 1024} KiB, RSS peak {memory.Peak / (1024 * 1024)} MiB");

        var downloads = await Measure.RunAsync(runs, async _ =>
        {
            using var response = await school.SendAsync(HttpMethod.Get, $"/api/competences/lsu/exports/{id}", direction);
            response.EnsureSuccessStatusCode();
            await using var stream = await response.Content.ReadAsStreamAsync();
            await stream.CopyToAsync(Stream.Null);
        });
        rows.Add(new("16", $"LSU download ({runs} runs)", "", Stats.Ms(downloads.P50), Stats.Ms(downloads.P95), $"{size / 1024} KiB streamed from PostgreSQL"));
        return rows;
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record LsuCheck(bool Valid, int Students, int PeriodicBilans, int CycleBilans, int Warnings, List<JsonElement> Problems);

    /// <summary>Three periods that share the school year around today (the entries are dated today: in the middle one).</summary>
    private static async Task<long[]> CreatePeriodsAsync(BenchSchool school, string token)
    {
        var today = DateOnly.FromDateTime(DateTime.Today);
        var yearStart = new DateOnly(today.Month >= 8 ? today.Year : today.Year - 1, 8, 1);
        var yearEnd = yearStart.AddYears(1).AddDays(-1);
        var middleStart = today.AddDays(-20) < yearStart.AddDays(1) ? yearStart.AddDays(1) : today.AddDays(-20);
        var middleEnd = today.AddDays(20) > yearEnd.AddDays(-1) ? yearEnd.AddDays(-1) : today.AddDays(20);
        var ids = new long[Periods];
        // After the bilans scenario, its period (around today, every class) is the middle one.
        using (var existing = await school.SendAsync(HttpMethod.Get, "/api/competences/periods", token))
        {
            var around = (await existing.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()
                .FirstOrDefault(p => DateOnly.Parse(p.GetProperty("start").GetString()!) <= today && today <= DateOnly.Parse(p.GetProperty("end").GetString()!));
            if (around.ValueKind == JsonValueKind.Object)
            {
                (ids[1], middleStart, middleEnd) = (around.GetProperty("id").GetInt64(), DateOnly.Parse(around.GetProperty("start").GetString()!), DateOnly.Parse(around.GetProperty("end").GetString()!));
            }
        }
        (DateOnly, DateOnly)[] spans = [(yearStart, middleStart.AddDays(-1)), (middleStart, middleEnd), (middleEnd.AddDays(1), yearEnd)];
        for (var i = 0; i < Periods; i++)
        {
            if (ids[i] != 0)
            {
                continue;
            }
            var (start, end) = spans[i];
            using var response = await school.SendAsync(HttpMethod.Post, "/api/competences/periods", token,
                new { name = $"Trimestre LSU {i + 1}", start = start.ToString("yyyy-MM-dd"), end = end.ToString("yyyy-MM-dd"), classCodes = Array.Empty<string>() });
            var json = await response.Content.ReadAsStringAsync();
            ids[i] = response.IsSuccessStatusCode ? JsonDocument.Parse(json).RootElement.GetProperty("id").GetInt64() : throw new InvalidOperationException("period: " + json);
        }
        return ids;
    }

    /// <summary>A term of typing, in one transaction: every line of every student, general appreciations, attendance, locked cycle bilans, parcours, a few PPRE.</summary>
    private static async Task SeedBilansAsync(string db, BenchSchool school, long[] periods, string[] subjects)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var author = Guid.NewGuid();
        string appreciation = "Travail régulier et sérieux ; des progrès nets dans la rédaction. Il faut maintenant gagner en autonomie face aux problèmes ouverts et soigner la présentation.";
        await using (var lines = new NpgsqlCommand("""
            INSERT INTO bilan_subject_lines (establishment_id, period_id, student_id, subject_code, override, override_mode, appreciation, elements, version, changed_by, changed_at)
            SELECT $1, p, s, subj, 1 + (abs(hashtext(s::text || subj || p::text)) % 4), 'position', $5 || ' (' || subj || ')', ARRAY['Résoudre des problèmes (' || subj || ')', 'Communiquer une démarche'], 1, $6, now()
            FROM unnest($2::bigint[]) p, unnest($3::uuid[]) s, unnest($4::text[]) subj
            ON CONFLICT DO NOTHING
            """, connection, tx))
        {
            lines.Parameters.Add(new() { Value = school.BaseId });
            lines.Parameters.Add(new() { Value = periods });
            lines.Parameters.Add(new() { Value = school.Students.SelectMany(x => x).ToArray() });
            lines.Parameters.Add(new() { Value = subjects });
            lines.Parameters.Add(new() { Value = appreciation });
            lines.Parameters.Add(new() { Value = author });
            await lines.ExecuteNonQueryAsync();
        }
        await Exec("""
            INSERT INTO bilan_general_lines (establishment_id, period_id, student_id, appreciation, version, changed_by, changed_at)
            SELECT $1, p, s, 'Un trimestre encourageant : continuez ainsi, en particulier à l''oral.', 1, $4, now() FROM unnest($2::bigint[]) p, unnest($3::uuid[]) s
            ON CONFLICT DO NOTHING
            """);
        await Exec("""
            INSERT INTO bilan_attendance_lines (establishment_id, period_id, student_id, lateness, justified_absences, unjustified_absences, missed_hours, comment, version, changed_by, changed_at)
            SELECT $1, p, s, abs(hashtext(s::text)) % 4, abs(hashtext(s::text || 'j')) % 6, abs(hashtext(s::text || 'u')) % 2, NULL, NULL, 1, $4, now() FROM unnest($2::bigint[]) p, unnest($3::uuid[]) s
            ON CONFLICT DO NOTHING
            """);
        await Exec("""
            INSERT INTO cycle_bilans (establishment_id, student_id, cycle, synthesis, complement_code, complement_level, locked_at, version, changed_by, changed_at)
            SELECT $1, s, 4, 'Un cycle mené avec constance : les compétences du socle sont solidement acquises, la méthode de travail reste à consolider.', 'LCA', 1, now(), 1, $4, now()
            FROM unnest($3::uuid[]) s
            """);
        await Exec("""
            INSERT INTO bilan_parcours (establishment_id, period_id, class_code, code, description, changed_by, changed_at)
            SELECT $1, p, c, code, 'Projet de la classe : ' || code, $4, now()
            FROM unnest($2::bigint[]) p, (SELECT DISTINCT class_code AS c FROM roster_users WHERE establishment_id = $1 AND user_id = ANY($3::uuid[])) cs, unnest(ARRAY['PAR_AVN', 'PAR_CIT']) code
            """);
        await Exec("""
            INSERT INTO student_measures (establishment_id, student_id, code, complement, changed_by, changed_at)
            SELECT $1, s, 'PPRE', 'Soutien en français deux heures par semaine', $4, now() FROM unnest($3::uuid[]) WITH ORDINALITY AS t(s, n) WHERE n % 10 = 0
            """);
        await tx.CommitAsync();
        Console.WriteLine($"LSU set-up: {periods.Length * school.Classes * school.ClassSize * subjects.Length} subject lines written in {clock.Elapsed.TotalSeconds:0.0} s");

        async Task Exec(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection, tx);
            command.Parameters.Add(new() { Value = school.BaseId });
            command.Parameters.Add(new() { Value = periods });
            command.Parameters.Add(new() { Value = school.Students.SelectMany(x => x).ToArray() });
            command.Parameters.Add(new() { Value = author });
            await command.ExecuteNonQueryAsync();
        }
    }
}
