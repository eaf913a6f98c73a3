using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sacoche.Competences.Tests.Api;
using Sacoche.Contracts;
using Sacoche.Testing.Infrastructure;
using Xunit;
using static Sacoche.Competences.Tests.Bilans.BilanTestData;
using static Sacoche.Competences.Tests.Reports.ReportTestData;

namespace Sacoche.Competences.Tests.Bilans;

/// <summary>
/// End-of-cycle bilans (docs/domain/common-core.md): the cycle a class ends (6e: 3, 3e: 4), degrees from the common core, synthesis,
/// complement, lock, versions and rights. Besides the fixture's roster: class 6A (level 6E, principal Teacher2) with Sixth, class
/// 5A (MEF 101…) with Fifth, and 3A students Locked and Versioned (one per test, so the tests do not meet).
/// </summary>
public sealed class CycleBilanTests(CompetencesApp app) : IClassFixture<CompetencesApp>
{
    private static readonly Guid Sixth = Guid.NewGuid();
    private static readonly Guid Fifth = Guid.NewGuid();
    private static readonly Guid Locked = Guid.NewGuid();
    private static readonly Guid Versioned = Guid.NewGuid();
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string _database = "";

    private async Task RosterAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_database == app.Database)
            {
                return;
            }
            await app.PublishAsync(new StructureImported(CompetencesApp.Base, 2,
                [new ClassInfo("3A", "3e A", "10310019110", app.Teacher1), new ClassInfo("3B", "3e B", "10310019110", null),
                 new ClassInfo("6A", "6e A", "6E", app.Teacher2), new ClassInfo("5A", "5e A", "10110001110", null)],
                [new GroupInfo("G1", "Groupe français", ["3A", "3B"])],
                [new SubjectInfo("MATHS", "061300", "Mathématiques"), new SubjectInfo("SVT", "062900", "SVT"), new SubjectInfo("FRANC", "020700", "Français")],
                [new TeacherService(app.Teacher1, "3A", false, "MATHS"), new TeacherService(app.Teacher1, "G1", true, "FRANC"),
                 new TeacherService(app.Teacher2, "3A", false, "SVT"), new TeacherService(app.Teacher2, "3B", false, "MATHS")]));
            Assert.True(await TestServers.EventuallyAsync(async () => await app.CountAsync("SELECT count(*) FROM roster_classes WHERE establishment_id = 101") == 4,
                TimeSpan.FromSeconds(30)), "The structure was not applied in time.");
            await AddUsersAsync(app, CompetencesApp.User(CompetencesApp.Base, Sixth, "ELV", "Sixième", "Sam", "6A"),
                CompetencesApp.User(CompetencesApp.Base, Fifth, "ELV", "Cinquième", "Cléo", "5A"),
                CompetencesApp.User(CompetencesApp.Base, Locked, "ELV", "Verrou", "Louis", "3A"),
                CompetencesApp.User(CompetencesApp.Base, Versioned, "ELV", "Version", "Vera", "3A"));
            _database = app.Database;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static string Url(Guid student, int cycle = 4) => $"/api/competences/cycle-bilans/{student}?cycle={cycle}";

    private static Task<HttpResponseMessage> WriteAsync(HttpClient client, Guid student, object body, int cycle = 4) =>
        client.PutAsJsonAsync(Url(student, cycle), body);

    private static int Version(JsonElement bilan) => bilan.GetProperty("version").GetInt32();

    [Fact]
    public async Task The_cycle_is_the_one_the_class_ends()
    {
        await RosterAsync();
        var admin = app.AdminClient();
        // 3e: cycle 4 only.
        var problem = await ProblemAsync(await admin.GetAsync(Url(app.Student1, 3)), HttpStatusCode.BadRequest, "validation");
        Assert.Contains("cycle 4", problem.GetProperty("errors").GetProperty("cycle")[0].GetString());
        await ProblemAsync(await admin.GetAsync($"/api/competences/cycle-bilans/{app.Student1}"), HttpStatusCode.BadRequest, "validation");
        await ProblemAsync(await WriteAsync(admin, app.Student1, new { synthesis = "Rien", version = 0 }, cycle: 3), HttpStatusCode.BadRequest, "validation");
        Assert.Equal(0, await app.CountAsync($"SELECT count(*) FROM cycle_bilans WHERE student_id = '{app.Student1}'"));
        // 6e (level code 6E): cycle 3 only.
        var sixth = await OkJsonAsync(await admin.GetAsync(Url(Sixth, 3)));
        Assert.Equal(3, sixth.GetProperty("cycle").GetInt32());
        Assert.Equal("6e A", sixth.GetProperty("student").GetProperty("className").GetString());
        await ProblemAsync(await admin.GetAsync(Url(Sixth, 4)), HttpStatusCode.BadRequest, "validation");
        // 5e (MEF 101…): no end-of-cycle bilan.
        problem = await ProblemAsync(await admin.GetAsync(Url(Fifth, 4)), HttpStatusCode.BadRequest, "validation");
        Assert.Contains("ni en 6e ni en 3e", problem.GetProperty("errors").GetProperty("cycle")[0].GetString());
        await ProblemAsync(await admin.GetAsync(Url(Fifth, 3)), HttpStatusCode.BadRequest, "validation");
        // The class list too.
        await ProblemAsync(await admin.GetAsync("/api/competences/cycle-bilans?classCode=3A&cycle=3"), HttpStatusCode.BadRequest, "validation");
        var list = await OkJsonAsync(await admin.GetAsync("/api/competences/cycle-bilans?classCode=6A&cycle=3"));
        Assert.Equal(Sixth, Assert.Single(list.GetProperty("students").EnumerateArray()).GetProperty("studentId").GetGuid());
        await ProblemAsync(await admin.GetAsync("/api/competences/cycle-bilans?classCode=XX&cycle=3"), HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Degrees_are_the_positionnement_over_the_computed_degree()
    {
        await RosterAsync();
        var admin = app.AdminClient();
        // Two items on CPD_FRA, acquired (VV): 100 % → degree 4; one on CPD_SCI, not acquired (RR): 0 % → degree 1.
        var subject = await app.NewSubjectAsync();
        var items = await CreateSocleReferentialAsync(admin, subject, "3E", ["CPD_FRA", "CPD_FRA", "CPD_SCI"]);
        await EvaluateAsync(admin, "2026-10-15", items, (app.Student1, items[0], "VV"), (app.Student1, items[1], "VV"), (app.Student1, items[2], "RR"));
        // Teacher1 (principal teacher of 3A) positions CPD_FRA at 2 and MET_APP (not assessed) at 3 with the common core's API.
        var teacher = app.Teacher1Client();
        foreach (var (component, degree) in new[] { ("CPD_FRA", 2), ("MET_APP", 3) })
        {
            var put = await teacher.PutAsJsonAsync($"/api/competences/common-core/students/{app.Student1}/positionings", new { cycle = 4, component, degree });
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        }

        var bilan = await OkJsonAsync(await teacher.GetAsync(Url(app.Student1)));
        var components = bilan.GetProperty("components").EnumerateArray().ToDictionary(c => c.GetProperty("code").GetString()!);
        Assert.Equal(8, components.Count);
        string Degrees(string code)
        {
            var c = components[code];
            var positioned = c.GetProperty("positionedDegree");
            return $"{c.GetProperty("computedDegree").GetInt32()}/{(positioned.ValueKind == JsonValueKind.Null ? "-" : positioned.GetInt32())}/{c.GetProperty("effectiveDegree").GetInt32()}";
        }
        Assert.Equal("4/2/2", Degrees("CPD_FRA"));
        Assert.Equal("1/-/1", Degrees("CPD_SCI"));
        Assert.Equal("0/3/3", Degrees("MET_APP"));
        Assert.Equal("0/-/0", Degrees("REP_MND"));
        Assert.Equal("Très bonne maîtrise", components["CPD_FRA"].GetProperty("computedLabel").GetString());
        Assert.Equal("Maîtrise fragile", components["CPD_FRA"].GetProperty("effectiveLabel").GetString());
        Assert.Equal("Non évalué", components["REP_MND"].GetProperty("effectiveLabel").GetString());
        Assert.True(bilan.GetProperty("canWrite").GetBoolean());
        Assert.False(bilan.GetProperty("canUnlock").GetBoolean());
        Assert.Equal(0, Version(bilan));

        // The class list gives the same effective degrees, in the components' order.
        var list = await OkJsonAsync(await teacher.GetAsync("/api/competences/cycle-bilans?classCode=3A&cycle=4"));
        Assert.Equal("CPD_FRA,CPD_ETR,CPD_SCI,CPD_ART,MET_APP,FRM_CIT,SYS_NAT,REP_MND", string.Join(",",
            list.GetProperty("components").EnumerateArray().Select(c => c.GetProperty("code").GetString())));
        var row = list.GetProperty("students").EnumerateArray().Single(s => s.GetProperty("studentId").GetGuid() == app.Student1);
        Assert.Equal([2, 0, 1, 0, 3, 0, 0, 0], row.GetProperty("degrees").EnumerateArray().Select(d => d.GetInt32()).ToArray());
        Assert.False(row.GetProperty("hasSynthesis").GetBoolean());
        Assert.False(row.GetProperty("locked").GetBoolean());
    }

    [Fact]
    public async Task Synthesis_and_complement_follow_their_rules_and_a_refused_write_changes_nothing()
    {
        await RosterAsync();
        var direction = app.Client(app.Direction, "DIR");
        var student = app.Student2;
        var tooLong = await WriteAsync(direction, student, new { synthesis = new string('a', 1501), complementCode = "LCA", complementLevel = 1, version = 0 });
        var problem = await ProblemAsync(tooLong, HttpStatusCode.BadRequest, "validation");
        Assert.Contains("1501 caractères", problem.GetProperty("errors").GetProperty("synthesis")[0].GetString());
        Assert.Equal(0, await app.CountAsync($"SELECT count(*) FROM cycle_bilans WHERE student_id = '{student}'"));

        // Complement rules: a known code; a level 1 or 2 with any code but AUC; none with AUC.
        foreach (var (body, field) in new (object, string)[]
        {
            (new { complementCode = "XYZ", complementLevel = 1, version = 0 }, "complementCode"),
            (new { complementCode = "LCA", version = 0 }, "complementLevel"),
            (new { complementCode = "LVE", complementLevel = 3, version = 0 }, "complementLevel"),
            (new { complementCode = "AUC", complementLevel = 1, version = 0 }, "complementLevel"),
        })
        {
            problem = await ProblemAsync(await WriteAsync(direction, student, body), HttpStatusCode.BadRequest, "validation");
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        }
        Assert.Equal(0, await app.CountAsync($"SELECT count(*) FROM cycle_bilans WHERE student_id = '{student}'"));

        // A valid write: trimmed synthesis, complement with its labels.
        var bilan = await OkJsonAsync(await WriteAsync(direction, student, new { synthesis = "  Élève sérieux.  ", complementCode = "LCA", complementLevel = 2, version = 0 }));
        Assert.Equal("Élève sérieux.", bilan.GetProperty("synthesis").GetString());
        Assert.Equal("Langues et cultures de l'Antiquité", bilan.GetProperty("complement").GetProperty("label").GetString());
        Assert.Equal("Objectif dépassé", bilan.GetProperty("complement").GetProperty("levelLabel").GetString());
        Assert.Equal(1, Version(bilan));
        Assert.Equal(app.Direction, bilan.GetProperty("changedBy").GetGuid());

        // Too long again: still the stored synthesis and version.
        await ProblemAsync(await WriteAsync(direction, student, new { synthesis = new string('b', 1501), version = 1 }), HttpStatusCode.BadRequest, "validation");
        bilan = await OkJsonAsync(await direction.GetAsync(Url(student)));
        Assert.Equal("Élève sérieux.", bilan.GetProperty("synthesis").GetString());
        Assert.Equal(1, Version(bilan));

        // AUC stores no level; an empty synthesis is null; a member left out is unchanged.
        bilan = await OkJsonAsync(await WriteAsync(direction, student, new { synthesis = "   ", complementCode = "AUC", version = 1 }));
        Assert.Equal(JsonValueKind.Null, bilan.GetProperty("synthesis").ValueKind);
        Assert.Equal("Aucun", bilan.GetProperty("complement").GetProperty("label").GetString());
        Assert.Equal(1, await app.CountAsync($"SELECT count(*) FROM cycle_bilans WHERE student_id = '{student}' AND cycle = 4 AND synthesis IS NULL AND complement_code = 'AUC' AND complement_level IS NULL AND locked_at IS NULL"));
        bilan = await OkJsonAsync(await WriteAsync(direction, student, new { synthesis = "Exactement " + new string('x', 1489), version = 2 }));
        Assert.Equal(1500, bilan.GetProperty("synthesis").GetString()!.Length);
        Assert.Equal("AUC", bilan.GetProperty("complement").GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_locked_bilan_refuses_changes_until_the_direction_unlocks_it()
    {
        await RosterAsync();
        var teacher = app.Teacher1Client(); // principal teacher of 3A
        var problem = await ProblemAsync(await WriteAsync(teacher, Locked, new { @lock = true, version = 0 }), HttpStatusCode.BadRequest, "validation");
        Assert.True(problem.GetProperty("errors").TryGetProperty("synthesis", out _));
        Assert.Equal(0, await app.CountAsync($"SELECT count(*) FROM cycle_bilans WHERE student_id = '{Locked}'"));

        var bilan = await OkJsonAsync(await WriteAsync(teacher, Locked, new { synthesis = "Bilan positif.", complementCode = "PRO", complementLevel = 1, @lock = true, version = 0 }));
        Assert.NotEqual(JsonValueKind.Null, bilan.GetProperty("lockedAt").ValueKind);
        Assert.Equal(1, Version(bilan));
        Assert.Equal(1, await app.CountAsync($"SELECT count(*) FROM cycle_bilans WHERE student_id = '{Locked}' AND locked_at IS NOT NULL"));
        var row = (await OkJsonAsync(await teacher.GetAsync("/api/competences/cycle-bilans?classCode=3A&cycle=4"))).GetProperty("students").EnumerateArray()
            .Single(s => s.GetProperty("studentId").GetGuid() == Locked);
        Assert.True(row.GetProperty("locked").GetBoolean());
        Assert.True(row.GetProperty("hasSynthesis").GetBoolean());

        // Locked: every change is refused, the direction's too, and the teacher may not unlock.
        problem = await ProblemAsync(await WriteAsync(teacher, Locked, new { synthesis = "Autre chose.", version = 1 }), HttpStatusCode.Conflict, "bilan-status");
        Assert.Contains("verrouillé", problem.GetProperty("detail").GetString());
        var direction = app.Client(app.Direction, "DIR");
        await ProblemAsync(await WriteAsync(direction, Locked, new { complementCode = "AUC", version = 1 }), HttpStatusCode.Conflict, "bilan-status");
        await ProblemAsync(await WriteAsync(teacher, Locked, new { @lock = false, version = 1 }), HttpStatusCode.Forbidden, "forbidden");
        bilan = await OkJsonAsync(await teacher.GetAsync(Url(Locked)));
        Assert.Equal("Bilan positif.", bilan.GetProperty("synthesis").GetString());
        Assert.Equal(1, Version(bilan));

        // The direction unlocks; the teacher writes again.
        bilan = await OkJsonAsync(await WriteAsync(direction, Locked, new { @lock = false, version = 1 }));
        Assert.Equal(JsonValueKind.Null, bilan.GetProperty("lockedAt").ValueKind);
        Assert.Equal("Bilan positif.", bilan.GetProperty("synthesis").GetString());
        bilan = await OkJsonAsync(await WriteAsync(teacher, Locked, new { synthesis = "Bilan revu.", version = 2 }));
        Assert.Equal("Bilan revu.", bilan.GetProperty("synthesis").GetString());
        Assert.Equal(3, Version(bilan));
    }

    [Fact]
    public async Task A_stale_version_is_refused_with_the_current_bilan()
    {
        await RosterAsync();
        var teacher = app.Teacher1Client();
        await OkJsonAsync(await WriteAsync(teacher, Versioned, new { synthesis = "Première version.", version = 0 }));
        var problem = await ProblemAsync(await WriteAsync(app.Client(app.Direction, "DIR"), Versioned, new { synthesis = "Écrite sans relire.", version = 0 }),
            HttpStatusCode.Conflict, "entry-changed");
        Assert.Equal(1, problem.GetProperty("currentVersion").GetInt32());
        Assert.Equal("Première version.", problem.GetProperty("current").GetProperty("synthesis").GetString());
        var bilan = await OkJsonAsync(await teacher.GetAsync(Url(Versioned)));
        Assert.Equal("Première version.", bilan.GetProperty("synthesis").GetString());
        Assert.Equal(1, Version(bilan));
    }

    [Fact]
    public async Task Who_reads_and_who_writes()
    {
        await RosterAsync();
        // Teacher2 teaches SVT in 3A without being its principal teacher: reads, does not write.
        var teacher2 = app.Client(app.Teacher2, "ENS");
        var bilan = await OkJsonAsync(await teacher2.GetAsync(Url(app.Student3)));
        Assert.False(bilan.GetProperty("canWrite").GetBoolean());
        await ProblemAsync(await WriteAsync(teacher2, app.Student3, new { synthesis = "Non.", version = 0 }), HttpStatusCode.Forbidden, "forbidden");
        // Teacher2 is the principal teacher of 6A: writes there.
        await OkJsonAsync(await WriteAsync(teacher2, Sixth, new { synthesis = "Bonne fin de cycle 3.", version = 0 }, cycle: 3));
        // Teacher1 reaches Student3 (group G1) but is not the principal teacher of 3B.
        await ProblemAsync(await WriteAsync(app.Teacher1Client(), app.Student3, new { synthesis = "Non.", version = 0 }), HttpStatusCode.Forbidden, "forbidden");
        // A teacher without any service, the student, a guardian: 403.
        await ProblemAsync(await app.Client(app.Teacher3, "ENS").GetAsync(Url(app.Student3)), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAsync(await app.Client(app.Student1, "ELV").GetAsync(Url(app.Student1)), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAsync(await app.Client(app.Guardian1, "TUT").GetAsync(Url(app.Student1)), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAsync(await app.Client(app.Teacher3, "ENS").GetAsync("/api/competences/cycle-bilans?classCode=3B&cycle=4"), HttpStatusCode.Forbidden, "forbidden");
        // Another establishment's administrator: 404 (the student, the class).
        var other = app.Client(app.OtherAdmin, "ADM", CompetencesApp.OtherBase);
        await ProblemAsync(await other.GetAsync(Url(app.Student3)), HttpStatusCode.NotFound, "not-found");
        await ProblemAsync(await WriteAsync(other, app.Student3, new { synthesis = "Non.", version = 0 }), HttpStatusCode.NotFound, "not-found");
        await ProblemAsync(await other.GetAsync("/api/competences/cycle-bilans?classCode=3B&cycle=4"), HttpStatusCode.NotFound, "not-found");
        Assert.Equal(0, await app.CountAsync($"SELECT count(*) FROM cycle_bilans WHERE student_id = '{app.Student3}'"));
    }
}
