using System.Diagnostics;
using Sacoche.Competences.Tests.Api;
using Sacoche.Contracts;
using Sacoche.Testing.Infrastructure;
using Xunit;
using Xunit.Abstractions;
using static Sacoche.Competences.Tests.Lsu.LsuTestData;
using static Sacoche.Competences.Tests.Reports.ReportTestData;

namespace Sacoche.Competences.Tests.Lsu;

/// <summary>
/// Timings printed to the test output (no assertion on time; target: 600 students × 3 periods × 12 subjects + cycle bilans
/// ≤ 10 s). Seeded with SQL: 20 classes of 30 students, 12 subjects each taught by one teacher to every class, every line
/// written (override, appreciation, two elements), general appreciations, attendance, every class × period complete, a locked
/// cycle 4 bilan per student.
/// </summary>
public sealed class LsuPerformanceTests(CompetencesApp app, ITestOutputHelper output) : IClassFixture<CompetencesApp>
{
    [Fact]
    public async Task Export_of_600_students_3_periods_12_subjects_and_cycle_bilans()
    {
        var admin = app.AdminClient();
        await app.PublishAsync(new EstablishmentRegistered(CompetencesApp.Base, "0349999Z", "Collège des tests", DateTimeOffset.UtcNow));
        Assert.True(await TestServers.EventuallyAsync(async () => await app.CountAsync("SELECT count(*) FROM establishments") == 1, TimeSpan.FromSeconds(60)));
        long[] periods =
        [
            await Bilans.BilanTestData.CreatePeriodAsync(admin, "Trimestre 1", "2026-09-01", "2026-11-30"),
            await Bilans.BilanTestData.CreatePeriodAsync(admin, "Trimestre 2", "2026-12-01", "2027-02-28"),
            await Bilans.BilanTestData.CreatePeriodAsync(admin, "Trimestre 3", "2027-03-01", "2027-06-30"),
        ];
        var sw = Stopwatch.StartNew();
        await SqlAsync(app, """
            INSERT INTO roster_classes (establishment_id, code, name, level_code, principal_teacher_id)
            SELECT 101, 'C' || lpad(c::text, 2, '0'), '3e ' || c, NULL, NULL FROM generate_series(0, 19) c;
            INSERT INTO roster_users (establishment_id, user_id, version, profile, last_name, first_name, class_code, group_codes, child_ids, subject_codes, siecle_id)
            SELECT 101, gen_random_uuid(), 1, 'ELV', 'Nom' || lpad(i::text, 3, '0'), 'Prénom', 'C' || lpad((i / 30)::text, 2, '0'), '{}', '{}', '{}', (100000 + i)::text
            FROM generate_series(0, 599) i;
            INSERT INTO roster_users (establishment_id, user_id, version, profile, last_name, first_name, class_code, group_codes, child_ids, subject_codes, sts_id, sts_type, civility)
            SELECT 101, gen_random_uuid(), 1, 'ENS', 'Prof' || lpad(s::text, 2, '0'), 'Enseignant', NULL, '{}', '{}', '{}', (9000 + s)::text, 'epp', 'MME'
            FROM generate_series(1, 12) s;
            INSERT INTO subjects (establishment_id, code, bcn_code, name, imported)
            SELECT 101, 'P' || lpad(s::text, 2, '0'), lpad((70000 + s)::text, 6, '0'), 'Matière ' || s, true FROM generate_series(1, 12) s;
            INSERT INTO teacher_services (establishment_id, teacher_id, structure_code, is_group, subject_code)
            SELECT 101, u.user_id, c.code, false, 'P' || substr(u.last_name, 5)
            FROM roster_users u CROSS JOIN roster_classes c WHERE u.last_name LIKE 'Prof%' AND c.code LIKE 'C%';
            UPDATE roster_classes c SET principal_teacher_id = (SELECT user_id FROM roster_users WHERE last_name = 'Prof01') WHERE c.code LIKE 'C%';
            """);
        await SqlAsync(app, """
            INSERT INTO bilan_subject_lines (establishment_id, period_id, student_id, subject_code, override, override_mode, appreciation, elements, version, changed_by, changed_at)
            SELECT 101, p, u.user_id, s.code, (abs(hashtext(u.user_id::text || s.code || p::text)) % 4) + 1, 'position',
                   'Appréciation de ' || s.name || ' : des progrès réguliers, un travail sérieux, une participation active en classe.',
                   ARRAY['Élément de programme ' || s.code || ' a', 'Élément de programme ' || s.code || ' b'], 1, @by, now()
            FROM unnest(@periods) p, roster_users u, subjects s WHERE u.profile = 'ELV' AND u.class_code LIKE 'C%' AND s.code LIKE 'P%';
            INSERT INTO bilan_general_lines (establishment_id, period_id, student_id, appreciation, version, changed_by, changed_at)
            SELECT 101, p, u.user_id, 'Un trimestre solide : des efforts constants dans toutes les disciplines, continuez ainsi.', 1, @by, now()
            FROM unnest(@periods) p, roster_users u WHERE u.profile = 'ELV' AND u.class_code LIKE 'C%';
            INSERT INTO bilan_attendance_lines (establishment_id, period_id, student_id, lateness, justified_absences, unjustified_absences, missed_hours, comment, version, changed_by, changed_at)
            SELECT 101, p, u.user_id, 1, 2, 0, 3, NULL, 1, @by, now()
            FROM unnest(@periods) p, roster_users u WHERE u.profile = 'ELV' AND u.class_code LIKE 'C%';
            INSERT INTO bilan_statuses (establishment_id, class_code, period_id, status, changed_by, changed_at)
            SELECT 101, c.code, p, 'complete', @by, now() FROM roster_classes c, unnest(@periods) p WHERE c.code LIKE 'C%';
            INSERT INTO cycle_bilans (establishment_id, student_id, cycle, synthesis, complement_code, complement_level, locked_at, version, changed_by, changed_at)
            SELECT 101, u.user_id, 4, 'Les objectifs du cycle 4 sont atteints.', 'AUC', NULL, now(), 1, @by, now()
            FROM roster_users u WHERE u.profile = 'ELV' AND u.class_code LIKE 'C%';
            ANALYZE;
            """, ("periods", periods), ("by", app.Admin));
        output.WriteLine($"Seeded 20 classes × 30 students × 3 periods × 12 subjects in {sw.ElapsedMilliseconds} ms");

        string[] classes = [.. Enumerable.Range(0, 20).Select(c => $"C{c:00}")];
        sw.Restart();
        var check = await GetJsonAsync(admin, $"/api/competences/lsu/check?periodId={string.Join(',', periods)}&classCodes={string.Join(',', classes)}&cycle=true");
        output.WriteLine($"Check (cold cache): {sw.ElapsedMilliseconds} ms, {check.GetProperty("errors").GetInt32()} errors, {check.GetProperty("warnings").GetInt32()} warnings");
        Assert.True(check.GetProperty("valid").GetBoolean(), string.Join("\n", check.GetProperty("problems").EnumerateArray().Take(5)));
        Assert.Equal(1800, check.GetProperty("periodicBilans").GetInt32());

        long allocated = GC.GetTotalAllocatedBytes();
        sw.Restart();
        var export = await ExportAsync(admin, new { periodIds = periods, classCodes = classes, cycleBilans = true });
        var elapsed = sw.ElapsedMilliseconds;
        output.WriteLine($"Export (built, validated, stored): {elapsed} ms, {export.GetProperty("size").GetInt64() / 1024} KiB, "
            + $"{(GC.GetTotalAllocatedBytes() - allocated) / (1024 * 1024)} MiB allocated in the test process (host and client)");
        Assert.Equal((600, 1800, 600), (export.GetProperty("students").GetInt32(), export.GetProperty("periodicBilans").GetInt32(), export.GetProperty("cycleBilanCount").GetInt32()));

        sw.Restart();
        var bytes = await DownloadAsync(admin, export);
        output.WriteLine($"Download: {sw.ElapsedMilliseconds} ms");
        var doc = Validate(bytes);
        Assert.Equal(1800, All(doc, "bilan-periodique").Count());
        Assert.Equal(600, All(doc, "bilan-cycle").Count());
        Assert.Equal(12, All(doc, "enseignant").Count());
        Assert.Equal(24, All(doc, "element-programme").Count());
    }
}
