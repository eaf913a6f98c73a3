using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sacoche.Competences.Tests.Api;
using Xunit;
using static Sacoche.Competences.Tests.Bilans.BilanTestData;
using static Sacoche.Competences.Tests.Lsu.LsuTestData;
using static Sacoche.Competences.Tests.Reports.ReportTestData;

namespace Sacoche.Competences.Tests.Lsu;

/// <summary>
/// The pre-export check on data full of gaps, and the export it refuses. No UAI (no EstablishmentRegistered); two direction
/// members (no automatic head); Student1 and Student2 share the SIECLE id 2001, Student3 and Sam (class « 3ELONGCODE », 10
/// characters, no teacher service) have none; Teacher1 STS 6001, Teacher2 none; SVT's BCN code « 12AB », MATHS named with 48
/// characters, FRANC given MATHS's BCN code (Student1 has both). T1: 3A complete (Student1: SVT without element, FRANC with a
/// 301-character element, general appreciation, attendance; Student2: MATHS positioned 2 without appreciation, SVT without any
/// line, no general appreciation, no attendance), 3B « mixed », 3ELONGCODE complete. Cycle 4: Student1 locked without synthesis,
/// Student2 not locked. T2: nothing complete.
/// </summary>
public sealed class LsuCheckTests(CompetencesApp app) : IClassFixture<CompetencesApp>
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly Dictionary<string, (long T1, long T2, Guid Sam)> Ready = [];

    private async Task<(long T1, long T2, Guid Sam)> SetupAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (Ready.TryGetValue(app.Database, out var ready))
            {
                return ready;
            }
            var admin = app.AdminClient();
            var sam = Guid.NewGuid();
            await SqlAsync(app, "INSERT INTO roster_classes (establishment_id, code, name, level_code, principal_teacher_id) VALUES (101, '3ELONGCODE', '3e longue', NULL, NULL)");
            await AddUsersAsync(app, CompetencesApp.User(CompetencesApp.Base, Guid.NewGuid(), "DIR", "Adjointe", "Claire"),
                CompetencesApp.User(CompetencesApp.Base, sam, "ELV", "Seul", "Sam", "3ELONGCODE"));
            await SetRosterAsync(app, app.Student1, "siecle_id", "2001");
            await SetRosterAsync(app, app.Student2, "siecle_id", "2001");
            await SetRosterAsync(app, app.Teacher1, "sts_id", "6001");
            await SqlAsync(app, "UPDATE subjects SET bcn_code = '12AB' WHERE code = 'SVT'");
            await SqlAsync(app, "UPDATE subjects SET name = 'Mathématiques et sciences du numérique pour tous' WHERE code = 'MATHS'");
            await SqlAsync(app, "UPDATE subjects SET bcn_code = '061300' WHERE code = 'FRANC'");

            long t1 = await CreatePeriodAsync(admin, "Trimestre 1", "2026-09-01", "2026-11-30");
            long t2 = await CreatePeriodAsync(admin, "Trimestre 2", "2026-12-01", "2027-02-28");
            await SetStatusAsync(app, "3A", t1, "mixed");
            await SetStatusAsync(app, "3B", t1, "mixed");
            await LineAsync(admin, "3A", t1, app.Student1, "MATHS", "Bien.", ["Calcul"]);
            await LineAsync(admin, "3A", t1, app.Student1, "SVT", "Bien.", null);
            await LineAsync(admin, "3A", t1, app.Student1, "FRANC", "Bien.", ["Lecture"]);
            await SqlAsync(app, "UPDATE bilan_subject_lines SET elements = ARRAY[repeat('é', 301)] WHERE student_id = @s AND subject_code = 'FRANC'", ("s", app.Student1));
            await LineAsync(admin, "3A", t1, app.Student2, "MATHS", null, ["Calcul"], 2);
            await GeneralAsync(admin, "3A", t1, app.Student1, "Un bon trimestre.");
            await AttendanceAsync(admin, "3A", t1, app.Student1, 0, 0, 0);
            await SetStatusAsync(app, "3A", t1, "complete");
            await SetStatusAsync(app, "3ELONGCODE", t1, "complete");
            await SqlAsync(app, """
                INSERT INTO cycle_bilans (establishment_id, student_id, cycle, synthesis, complement_code, complement_level, locked_at, version, changed_by, changed_at)
                VALUES (101, @s1, 4, NULL, NULL, NULL, now(), 1, @u, now()), (101, @s2, 4, 'En cours.', NULL, NULL, NULL, 1, @u, now())
                """, ("s1", app.Student1), ("s2", app.Student2), ("u", app.Admin));
            Ready[app.Database] = (t1, t2, sam);
            return Ready[app.Database];
        }
        finally
        {
            Gate.Release();
        }
    }

    private static IEnumerable<JsonElement> Problems(JsonElement e) => e.GetProperty("problems").EnumerateArray();

    private static JsonElement Problem(JsonElement e, string code, Guid? student = null) =>
        Problems(e).First(p => p.GetProperty("code").GetString() == code && (student is null || p.GetProperty("studentId").GetGuid() == student));

    [Fact]
    public async Task The_check_lists_every_problem_with_its_code_severity_and_link()
    {
        var (t1, t2, sam) = await SetupAsync();
        var admin = app.AdminClient();
        var check = await GetJsonAsync(admin, $"/api/competences/lsu/check?periodId={t1}&cycle=4");
        Assert.False(check.GetProperty("valid").GetBoolean());
        var codes = Problems(check).Select(p => (p.GetProperty("code").GetString()!, p.GetProperty("severity").GetString()!)).ToHashSet();
        (string, string)[] expected =
        [
            ("establishment-without-uai", "error"), ("no-head-of-establishment", "error"), ("class-code-too-long", "error"),
            ("student-without-siecle-id", "error"), ("duplicate-siecle-id", "error"), ("teacher-without-sts-id", "error"),
            ("subject-without-bcn-code", "error"), ("subject-name-too-long", "error"), ("duplicate-discipline", "error"),
            ("student-without-subject", "error"), ("bilan-not-complete", "warning"), ("missing-element", "error"), ("element-too-long", "error"),
            ("missing-subject-appreciation", "warning"), ("missing-general-appreciation", "error"), ("missing-attendance", "warning"),
            ("cycle-bilan-not-locked", "warning"), ("cycle-bilan-without-synthesis", "error"), ("cycle-bilan-domain-not-assessed", "warning"),
        ];
        Assert.All(expected, e => Assert.Contains(e, codes));
        Assert.Equal(Problems(check).Count(p => p.GetProperty("severity").GetString() == "error"), check.GetProperty("errors").GetInt32());
        Assert.Equal(Problems(check).Count(p => p.GetProperty("severity").GetString() == "warning"), check.GetProperty("warnings").GetInt32());
        // Errors first.
        Assert.DoesNotContain(Problems(check).SkipWhile(p => p.GetProperty("severity").GetString() == "error"), p => p.GetProperty("severity").GetString() == "error");

        string sheet = $"/bilans/3A/{t1}";
        Assert.Equal("/admin/imports", Problem(check, "student-without-siecle-id", sam).GetProperty("link").GetString());
        Assert.Equal("/admin/imports", Problem(check, "duplicate-siecle-id", app.Student2).GetProperty("link").GetString());
        var teacher = Problem(check, "teacher-without-sts-id");
        Assert.Equal((app.Teacher2, "Théo Durand", "/admin/imports"), (teacher.GetProperty("teacherId").GetGuid(), teacher.GetProperty("teacherName").GetString(), teacher.GetProperty("link").GetString()));
        Assert.Equal("SVT", Problem(check, "subject-without-bcn-code").GetProperty("subjectCode").GetString());
        Assert.Equal("MATHS", Problem(check, "subject-name-too-long").GetProperty("subjectCode").GetString());
        Assert.Equal(app.Student1, Problem(check, "duplicate-discipline").GetProperty("studentId").GetGuid());
        Assert.Equal("3ELONGCODE", Problem(check, "class-code-too-long").GetProperty("classCode").GetString());
        Assert.Equal(sam, Problem(check, "student-without-subject").GetProperty("studentId").GetGuid());
        var missingElement = Problems(check).Where(p => p.GetProperty("code").GetString() == "missing-element").Select(p => (p.GetProperty("studentId").GetGuid(), p.GetProperty("subjectCode").GetString())).ToHashSet();
        Assert.Contains((app.Student1, "SVT"), missingElement);
        Assert.Contains((app.Student2, "SVT"), missingElement); // no line at all
        Assert.Equal(sheet, Problem(check, "missing-element").GetProperty("link").GetString());
        var tooLong = Problem(check, "element-too-long", app.Student1);
        Assert.Equal(("FRANC", sheet), (tooLong.GetProperty("subjectCode").GetString(), tooLong.GetProperty("link").GetString()));
        Assert.Equal("MATHS", Problem(check, "missing-subject-appreciation", app.Student2).GetProperty("subjectCode").GetString());
        var general = Problem(check, "missing-general-appreciation", app.Student2);
        Assert.Equal(($"{sheet}/appreciation-generale", t1, "Dubois Hugo"), (general.GetProperty("link").GetString(), general.GetProperty("periodId").GetInt64(), general.GetProperty("studentName").GetString()));
        Assert.Contains("appréciation générale", general.GetProperty("message").GetString());
        Assert.Equal($"{sheet}/vie-scolaire", Problem(check, "missing-attendance", app.Student2).GetProperty("link").GetString());
        Assert.DoesNotContain(Problems(check), p => p.GetProperty("code").GetString() == "missing-attendance" && p.GetProperty("studentId").GetGuid() == app.Student1);
        Assert.Equal($"/bilans/3B/{t1}", Problem(check, "bilan-not-complete").GetProperty("link").GetString());
        Assert.Equal("/bilans/lsu#responsable", Problem(check, "no-head-of-establishment").GetProperty("link").GetString());
        Assert.Equal($"/socle/eleve/{app.Student1}/bilan-de-cycle?cycle=4", Problem(check, "cycle-bilan-without-synthesis", app.Student1).GetProperty("link").GetString());
        Assert.Equal($"/socle/eleve/{app.Student2}/bilan-de-cycle?cycle=4", Problem(check, "cycle-bilan-not-locked", app.Student2).GetProperty("link").GetString());
        Assert.Equal(1, check.GetProperty("cycleBilans").GetInt32());
        Assert.Equal([4], check.GetProperty("scope").GetProperty("cycles").EnumerateArray().Select(c => c.GetInt32()));

        // Nothing complete in T2, no cycle bilan asked: nothing to export.
        var empty = await GetJsonAsync(admin, $"/api/competences/lsu/check?periodId={t2}");
        Assert.Equal("/bilans", Problem(empty, "nothing-to-export").GetProperty("link").GetString());
        Assert.Equal(0, empty.GetProperty("periodicBilans").GetInt32());
    }

    [Fact]
    public async Task An_invalid_export_is_refused_with_lsu_invalid_and_nothing_is_stored()
    {
        var (t1, _, _) = await SetupAsync();
        var response = await app.AdminClient().PostAsJsonAsync("/api/competences/lsu/exports", new { periodIds = new[] { t1 }, classCodes = new[] { "3A" }, cycleBilans = true });
        var problem = await ProblemAsync(response, (HttpStatusCode)422, "lsu-invalid");
        Assert.Equal("Fichier LSU invalide", problem.GetProperty("title").GetString());
        var problems = problem.GetProperty("problems").EnumerateArray().ToList();
        Assert.Contains(problems, p => p.GetProperty("code").GetString() == "missing-general-appreciation" && p.GetProperty("studentId").GetGuid() == app.Student2);
        Assert.Contains(problems, p => p.GetProperty("code").GetString() == "establishment-without-uai");
        Assert.Equal("error", problems[0].GetProperty("severity").GetString());
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM lsu_exports"));
        Assert.Empty((await GetJsonAsync(app.AdminClient(), "/api/competences/lsu/exports")).EnumerateArray());
    }

    [Fact]
    public async Task Settings_choose_the_head_among_several_and_come_back_to_automatic()
    {
        await SetupAsync();
        var admin = app.AdminClient();
        // A former head (left in 2020) is no candidate.
        await SqlAsync(app, """
            INSERT INTO roster_users (establishment_id, user_id, version, profile, last_name, first_name, group_codes, child_ids, subject_codes, exit_date)
            VALUES (101, gen_random_uuid(), 1, 'DIR', 'Ancien', 'Chef', '{}', '{}', '{}', '2020-07-31') ON CONFLICT DO NOTHING
            """);
        var settings = await GetJsonAsync(admin, "/api/competences/lsu/settings");
        Assert.Equal(["ADJOINTE Claire", "PRINCIPAL Paul"], settings.GetProperty("candidates").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(JsonValueKind.Null, settings.GetProperty("effective").ValueKind);

        var chosen = await OkJsonAsync(await admin.PutAsJsonAsync("/api/competences/lsu/settings", new { headOfEstablishment = "  Mme Claire ADJOINTE  " }));
        Assert.Equal(("Mme Claire ADJOINTE", "Mme Claire ADJOINTE"), (chosen.GetProperty("headOfEstablishment").GetString(), chosen.GetProperty("effective").GetString()));
        Assert.Equal("Mme Claire ADJOINTE", (await GetJsonAsync(app.Client(app.Direction, "DIR"), "/api/competences/lsu/settings")).GetProperty("effective").GetString());
        var tooLong = await admin.PutAsJsonAsync("/api/competences/lsu/settings", new { headOfEstablishment = new string('x', 101) });
        Assert.Contains("headOfEstablishment", (await ProblemAsync(tooLong, HttpStatusCode.BadRequest, "validation")).GetProperty("errors").EnumerateObject().Select(p => p.Name));

        var back = await OkJsonAsync(await admin.PutAsJsonAsync("/api/competences/lsu/settings", new { headOfEstablishment = "" }));
        Assert.Equal(JsonValueKind.Null, back.GetProperty("headOfEstablishment").ValueKind);
        Assert.Equal(JsonValueKind.Null, back.GetProperty("effective").ValueKind);
    }

    [Fact]
    public async Task Wrong_scopes_are_refused()
    {
        var (t1, _, _) = await SetupAsync();
        var admin = app.AdminClient();
        await ProblemAsync(await admin.GetAsync("/api/competences/lsu/check"), HttpStatusCode.BadRequest, "validation");
        await ProblemAsync(await admin.GetAsync($"/api/competences/lsu/check?periodId={t1}&cycle=5"), HttpStatusCode.BadRequest, "validation");
        await ProblemAsync(await admin.GetAsync("/api/competences/lsu/check?periodId=abc"), HttpStatusCode.BadRequest, "validation");
        await ProblemAsync(await admin.GetAsync("/api/competences/lsu/check?periodId=987654"), HttpStatusCode.NotFound, "not-found");
        await ProblemAsync(await admin.GetAsync($"/api/competences/lsu/check?periodId={t1}&classCodes=ZZ"), HttpStatusCode.NotFound, "not-found");
        await ProblemAsync(await admin.PostAsJsonAsync("/api/competences/lsu/exports", new { periodIds = Array.Empty<long>(), cycleBilans = false }), HttpStatusCode.BadRequest, "validation");
        await ProblemAsync(await admin.PostAsJsonAsync("/api/competences/lsu/exports", new { cycleBilans = true, cycle = 2 }), HttpStatusCode.BadRequest, "validation");
        // Another establishment's period is unknown here.
        await ProblemAsync(await app.Client(app.OtherAdmin, "ADM", CompetencesApp.OtherBase).GetAsync($"/api/competences/lsu/check?periodId={t1}"), HttpStatusCode.NotFound, "not-found");
    }
}
