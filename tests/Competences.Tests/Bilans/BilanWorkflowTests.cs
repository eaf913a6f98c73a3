using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sacoche.Competences.Tests.Api;
using Sacoche.Contracts;
using Sacoche.Testing.Infrastructure;
using Xunit;
using static Sacoche.Competences.Tests.Bilans.BilanTestData;

namespace Sacoche.Competences.Tests.Bilans;

/// <summary>
/// Statuses (what each allows), who sees and writes what, concurrent edits and what is missing (docs/domain/bilans.md).
/// Besides the fixture's roster: a CPE, a librarian, and Teacher3 teaching SVT in 3B only (a teacher of another class).
/// </summary>
public sealed class BilanWorkflowTests(CompetencesApp app) : IClassFixture<CompetencesApp>
{
    private static readonly Guid Cpe = Guid.NewGuid();
    private static readonly Guid Librarian = Guid.NewGuid();
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly Dictionary<string, long> Periods = [];
    private static string _database = "";

    /// <summary>One period per test (own dates, every class), and the extra roster, once per fixture.</summary>
    private async Task<long> PeriodAsync(string name, string start, string end)
    {
        await Gate.WaitAsync();
        try
        {
            if (_database != app.Database)
            {
                Periods.Clear();
                await app.PublishAsync(new StructureImported(CompetencesApp.Base, 2,
                    [new ClassInfo("3A", "3e A", "10310019110", app.Teacher1), new ClassInfo("3B", "3e B", "10310019110", null)],
                    [new GroupInfo("G1", "Groupe français", ["3A", "3B"])],
                    [new SubjectInfo("MATHS", "061300", "Mathématiques"), new SubjectInfo("SVT", "062900", "SVT"), new SubjectInfo("FRANC", "020700", "Français")],
                    [new TeacherService(app.Teacher1, "3A", false, "MATHS"), new TeacherService(app.Teacher1, "G1", true, "FRANC"),
                     new TeacherService(app.Teacher2, "3A", false, "SVT"), new TeacherService(app.Teacher2, "3B", false, "MATHS"),
                     new TeacherService(app.Teacher3, "3B", false, "SVT")]));
                Assert.True(await TestServers.EventuallyAsync(async () => await app.CountAsync("SELECT count(*) FROM teacher_services WHERE establishment_id = 101") == 5,
                    TimeSpan.FromSeconds(30)), "The structure was not applied in time.");
                await AddUsersAsync(app, CompetencesApp.User(CompetencesApp.Base, Cpe, "EDU", "Vie", "Scolaire"),
                    CompetencesApp.User(CompetencesApp.Base, Librarian, "DOC", "Livre", "Lise"));
                _database = app.Database;
            }
            if (!Periods.TryGetValue(name, out var id))
            {
                id = await CreatePeriodAsync(app.AdminClient(), name, start, end);
                Periods[name] = id;
            }
            return id;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<int> VersionAsync(HttpResponseMessage response) => (await OkJsonAsync(response)).GetProperty("version").GetInt32();

    [Fact]
    public async Task Each_status_allows_its_writes_and_every_change_is_recorded()
    {
        var period = await PeriodAsync("Statuts", "2026-09-01", "2026-10-31");
        var admin = app.AdminClient();
        int subjectVersion = 0, generalVersion = 0, attendanceVersion = 0;
        // subject lines: subjects, mixed; general: mixed, general; attendance: subjects, mixed, general; nothing in closed and complete.
        (string Status, bool Subjects, bool General, bool Attendance)[] table =
        [
            ("closed", false, false, false),
            ("subjects", true, false, true),
            ("mixed", true, true, true),
            ("general", false, true, true),
            ("complete", false, false, false),
        ];
        foreach (var (status, subjects, general, attendance) in table)
        {
            if (status != "closed")
            {
                await SetStatusAsync(app, "3A", period, status);
            }
            var s = await WriteSubjectAsync(admin, "3A", period, app.Student1, "MATHS", new { appreciation = $"En {status}", version = subjectVersion });
            var g = await WriteGeneralAsync(admin, "3A", period, app.Student1, new { appreciation = $"En {status}", version = generalVersion });
            var a = await WriteAttendanceAsync(admin, "3A", period, app.Student1, new { lateness = 1, justifiedAbsences = 2, unjustifiedAbsences = 0, version = attendanceVersion });
            foreach (var (response, allowed, name) in new[] { (s, subjects, "subject"), (g, general, "general"), (a, attendance, "attendance") })
            {
                if (allowed)
                {
                    Assert.True(response.StatusCode == HttpStatusCode.OK, $"{name} in {status}: {await response.Content.ReadAsStringAsync()}");
                }
                else
                {
                    var problem = await ProblemAsync(response, HttpStatusCode.Conflict, "bilan-status");
                    Assert.Equal(status, problem.GetProperty("bilanStatus").GetString());
                    Assert.Equal(409, problem.GetProperty("status").GetInt32());
                    Assert.Contains("statut", problem.GetProperty("detail").GetString());
                }
            }
            subjectVersion += subjects ? 1 : 0;
            generalVersion += general ? 1 : 0;
            attendanceVersion += attendance ? 1 : 0;
        }
        await ProblemAsync(await admin.PutAsJsonAsync($"/api/competences/bilans/3A/{period}/status", new { status = "ouvert" }), HttpStatusCode.BadRequest, "validation");
        await ProblemAsync(await app.Teacher1Client().PutAsJsonAsync($"/api/competences/bilans/3A/{period}/status", new { status = "closed" }), HttpStatusCode.Forbidden, "forbidden");
        // The direction sets statuses too; setting the same status again records nothing.
        var byDirection = await app.Client(app.Direction, "DIR").PutAsJsonAsync($"/api/competences/bilans/3A/{period}/status", new { status = "closed" });
        Assert.Equal(HttpStatusCode.OK, byDirection.StatusCode);
        await SetStatusAsync(app, "3A", period, "closed");

        // Readable by a teacher of the class.
        var history = await OkJsonAsync(await app.Teacher1Client().GetAsync($"/api/competences/bilans/3A/{period}/status"));
        Assert.Equal("closed", history.GetProperty("status").GetString());
        Assert.Equal("Fermé", history.GetProperty("statusLabel").GetString());
        var changes = history.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(["closed→subjects", "subjects→mixed", "mixed→general", "general→complete", "complete→closed"],
            changes.Select(c => $"{c.GetProperty("oldStatus").GetString()}→{c.GetProperty("newStatus").GetString()}").ToArray());
        Assert.All(changes.Take(4), c => Assert.Equal(app.Admin, c.GetProperty("changedBy").GetGuid()));
        Assert.Equal("Alice Admin", changes[0].GetProperty("changedByName").GetString());
        Assert.Equal(app.Direction, changes[4].GetProperty("changedBy").GetGuid());
        Assert.All(changes, c => Assert.True(c.GetProperty("changedAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-10)));

        // The board of the period: every class, 3A closed (changed by the direction), 3B without any status.
        var board = await OkJsonAsync(await admin.GetAsync($"/api/competences/bilans?periodId={period}"));
        var classes = board.GetProperty("classes").EnumerateArray().ToList();
        Assert.Equal(["3A", "3B"], classes.Select(c => c.GetProperty("classCode").GetString()!).ToArray());
        Assert.Equal("closed", classes[1].GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, classes[1].GetProperty("changedBy").ValueKind);

        // Setting « closed » on a class that never had a status is not a change.
        await SetStatusAsync(app, "3B", period, "closed");
        var none = await OkJsonAsync(await admin.GetAsync($"/api/competences/bilans/3B/{period}/status"));
        Assert.Equal(0, none.GetProperty("history").GetArrayLength());
    }

    [Fact]
    public async Task Concurrent_first_statuses_record_one_change()
    {
        var period = await PeriodAsync("Course", "2027-03-01", "2027-03-31");
        var sets = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            app.AdminClient().PutAsJsonAsync($"/api/competences/bilans/3A/{period}/status", new { status = "subjects" })));
        Assert.All(sets, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var history = await OkJsonAsync(await app.AdminClient().GetAsync($"/api/competences/bilans/3A/{period}/status"));
        Assert.Equal("subjects", history.GetProperty("status").GetString());
        Assert.Equal(1, history.GetProperty("history").GetArrayLength());
    }

    [Fact]
    public async Task Only_the_classes_of_the_period_have_a_bilan()
    {
        await PeriodAsync("Rien", "2026-01-01", "2026-01-02");
        var admin = app.AdminClient();
        var only3B = await CreatePeriodAsync(admin, "3B seule", "2027-04-01", "2027-04-30", "3B");
        var group = await CreatePeriodAsync(admin, "Groupe", "2027-05-01", "2027-05-31", "G1");
        var board = await OkJsonAsync(await admin.GetAsync($"/api/competences/bilans?periodId={only3B}"));
        Assert.Equal(["3B"], board.GetProperty("classes").EnumerateArray().Select(c => c.GetProperty("classCode").GetString()!).ToArray());
        await ProblemAsync(await admin.GetAsync($"/api/competences/bilans/3A/{only3B}"), HttpStatusCode.NotFound, "not-found");
        await ProblemAsync(await admin.PutAsJsonAsync($"/api/competences/bilans/3A/{only3B}/status", new { status = "subjects" }), HttpStatusCode.NotFound, "not-found");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/competences/bilans/3B/{only3B}")).StatusCode);
        // A group stands for its members' classes.
        board = await OkJsonAsync(await admin.GetAsync($"/api/competences/bilans?periodId={group}"));
        Assert.Equal(["3A", "3B"], board.GetProperty("classes").EnumerateArray().Select(c => c.GetProperty("classCode").GetString()!).ToArray());
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/competences/bilans/3A/{group}")).StatusCode);
        await ProblemAsync(await admin.GetAsync("/api/competences/bilans"), HttpStatusCode.BadRequest, "validation");
        // Staff see their own classes: Teacher1 teaches 3A and group G1 (pupils of 3A and 3B), Teacher3 3B only, a teacher without service
        // nothing, the CPE every class; students nothing at all.
        string[] Codes(JsonElement b) => [.. b.GetProperty("classes").EnumerateArray().Select(c => c.GetProperty("classCode").GetString()!)];
        Assert.Equal(["3A", "3B"], Codes(await OkJsonAsync(await app.Teacher1Client().GetAsync($"/api/competences/bilans?periodId={group}"))));
        Assert.Equal(["3B"], Codes(await OkJsonAsync(await app.Teacher1Client().GetAsync($"/api/competences/bilans?periodId={only3B}"))));
        Assert.Equal(["3B"], Codes(await OkJsonAsync(await app.Client(app.Teacher3, "ENS").GetAsync($"/api/competences/bilans?periodId={group}"))));
        Assert.Empty(Codes(await OkJsonAsync(await app.Client(Guid.NewGuid(), "ENS").GetAsync($"/api/competences/bilans?periodId={group}"))));
        Assert.Equal(["3A", "3B"], Codes(await OkJsonAsync(await app.Client(Guid.NewGuid(), "EDU").GetAsync($"/api/competences/bilans?periodId={group}"))));
        await ProblemAsync(await app.Client(app.Student1, "ELV").GetAsync($"/api/competences/bilans?periodId={group}"), HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Who_sees_and_writes_what()
    {
        var period = await PeriodAsync("Droits", "2026-11-01", "2026-11-30");
        await SetStatusAsync(app, "3A", period, "mixed");
        await SetStatusAsync(app, "3B", period, "mixed");
        string url = $"/api/competences/bilans/3A/{period}";
        var teacher1 = app.Teacher1Client();
        var teacher2 = app.Client(app.Teacher2, "ENS");
        var teacher3 = app.Client(app.Teacher3, "ENS");
        var cpe = app.Client(Cpe, "EDU");

        // Teacher2 (SVT in 3A): his subject only, writes SVT, not MATHS.
        var sheet = await OkJsonAsync(await teacher2.GetAsync(url));
        Assert.Equal(["SVT"], sheet.GetProperty("subjects").EnumerateArray().Select(s => s.GetProperty("code").GetString()!).ToArray());
        Assert.True(sheet.GetProperty("subjects")[0].GetProperty("canWrite").GetBoolean());
        Assert.False(sheet.GetProperty("canWriteGeneral").GetBoolean());
        Assert.All(sheet.GetProperty("students").EnumerateArray(), s => Assert.Equal(["SVT"], s.GetProperty("cells").EnumerateArray().Select(c => c.GetProperty("subjectCode").GetString()!).ToArray()));
        Assert.Equal(HttpStatusCode.OK, (await WriteSubjectAsync(teacher2, "3A", period, app.Student1, "SVT", new { appreciation = "Bien.", version = 0 })).StatusCode);
        await ProblemAsync(await WriteSubjectAsync(teacher2, "3A", period, app.Student1, "MATHS", new { appreciation = "Non.", version = 0 }), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAsync(await WriteGeneralAsync(teacher2, "3A", period, app.Student1, new { appreciation = "Non.", version = 0 }), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAsync(await WriteAttendanceAsync(teacher2, "3A", period, app.Student1, new { lateness = 0, justifiedAbsences = 0, unjustifiedAbsences = 0, version = 0 }),
            HttpStatusCode.Forbidden, "forbidden");

        // Teacher3 teaches in 3B only: 3A's sheet is not his.
        await ProblemAsync(await teacher3.GetAsync(url), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAsync(await WriteSubjectAsync(teacher3, "3A", period, app.Student1, "SVT", new { appreciation = "Non.", version = 0 }), HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.OK, (await teacher3.GetAsync($"/api/competences/bilans/3B/{period}")).StatusCode);

        // Teacher1, principal teacher of 3A: every subject, writes MATHS and FRANC (for G1's members only) and the general appreciation.
        sheet = await OkJsonAsync(await teacher1.GetAsync(url));
        Assert.Equal(["FRANC", "MATHS", "SVT"], sheet.GetProperty("subjects").EnumerateArray().Select(s => s.GetProperty("code").GetString()!).ToArray());
        Assert.Equal([true, true, false], sheet.GetProperty("subjects").EnumerateArray().Select(s => s.GetProperty("canWrite").GetBoolean()).ToArray());
        Assert.True(sheet.GetProperty("canWriteGeneral").GetBoolean());
        Assert.False(sheet.GetProperty("canWriteAttendance").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await WriteSubjectAsync(teacher1, "3A", period, app.Student1, "FRANC", new { appreciation = "Bien.", version = 0 })).StatusCode);
        await ProblemAsync(await WriteSubjectAsync(teacher1, "3A", period, app.Student2, "FRANC", new { appreciation = "Non.", version = 0 }), HttpStatusCode.NotFound, "not-found");
        await ProblemAsync(await WriteSubjectAsync(teacher1, "3A", period, app.Student1, "SVT", new { appreciation = "Non.", version = 1 }), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAsync(await WriteSubjectAsync(teacher1, "3A", period, app.Student1, "HIST", new { appreciation = "Non.", version = 0 }), HttpStatusCode.NotFound, "not-found");
        await ProblemAsync(await WriteSubjectAsync(teacher1, "3A", period, app.Student3, "MATHS", new { appreciation = "Non.", version = 0 }), HttpStatusCode.NotFound, "not-found");
        var general = await OkJsonAsync(await WriteGeneralAsync(teacher1, "3A", period, app.Student1, new { appreciation = "Bon trimestre.", version = 0 }));
        Assert.Equal("Bon trimestre.", general.GetProperty("appreciation").GetString());
        Assert.Equal(app.Teacher1, general.GetProperty("changedBy").GetGuid());
        await ProblemAsync(await WriteGeneralAsync(teacher1, "3A", period, app.Student1, new { appreciation = new string('a', 1001), version = 1 }), HttpStatusCode.BadRequest, "validation");

        // In 3B Teacher1 is neither principal nor class teacher: through G1 he sees FRANC only, for Student3, and no general appreciation.
        sheet = await OkJsonAsync(await teacher1.GetAsync($"/api/competences/bilans/3B/{period}"));
        Assert.Equal(["FRANC"], sheet.GetProperty("subjects").EnumerateArray().Select(s => s.GetProperty("code").GetString()!).ToArray());
        Assert.Equal(HttpStatusCode.OK, (await WriteSubjectAsync(teacher1, "3B", period, app.Student3, "FRANC", new { appreciation = "Bien.", version = 0 })).StatusCode);
        await ProblemAsync(await WriteGeneralAsync(teacher1, "3B", period, app.Student3, new { appreciation = "Non.", version = 0 }), HttpStatusCode.Forbidden, "forbidden");

        // The CPE: every subject, attendance only.
        sheet = await OkJsonAsync(await cpe.GetAsync(url));
        Assert.Equal(3, sheet.GetProperty("subjects").GetArrayLength());
        Assert.All(sheet.GetProperty("subjects").EnumerateArray(), s => Assert.False(s.GetProperty("canWrite").GetBoolean()));
        Assert.True(sheet.GetProperty("canWriteAttendance").GetBoolean());
        Assert.False(sheet.GetProperty("canWriteGeneral").GetBoolean());
        var attendance = await OkJsonAsync(await WriteAttendanceAsync(cpe, "3A", period, app.Student2,
            new { lateness = 3, justifiedAbsences = 4, unjustifiedAbsences = 1, missedHours = 6, comment = " Assidu. ", version = 0 }));
        Assert.Equal((3, 4, 1, 6, "Assidu.", 1), (attendance.GetProperty("lateness").GetInt32(), attendance.GetProperty("justifiedAbsences").GetInt32(),
            attendance.GetProperty("unjustifiedAbsences").GetInt32(), attendance.GetProperty("missedHours").GetInt32(), attendance.GetProperty("comment").GetString(),
            attendance.GetProperty("version").GetInt32()));
        await ProblemAsync(await WriteAttendanceAsync(cpe, "3A", period, app.Student2, new { lateness = 1000, justifiedAbsences = -1, unjustifiedAbsences = 0, version = 1 }),
            HttpStatusCode.BadRequest, "validation");
        await ProblemAsync(await WriteAttendanceAsync(cpe, "3A", period, app.Student2, new { lateness = 1, version = 1 }), HttpStatusCode.BadRequest, "validation");
        await ProblemAsync(await WriteSubjectAsync(cpe, "3A", period, app.Student2, "MATHS", new { appreciation = "Non.", version = 0 }), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAsync(await WriteGeneralAsync(cpe, "3A", period, app.Student2, new { appreciation = "Non.", version = 0 }), HttpStatusCode.Forbidden, "forbidden");
        var row = StudentRow(await OkJsonAsync(await app.AdminClient().GetAsync(url)), app.Student2).GetProperty("attendance");
        Assert.Equal(3, row.GetProperty("lateness").GetInt32());

        // Other staff, students and guardians: 403; another establishment: 404.
        await ProblemAsync(await app.Client(Librarian, "DOC").GetAsync(url), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAsync(await app.Client(app.Student1, "ELV").GetAsync(url), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAsync(await app.Client(app.Guardian1, "TUT").GetAsync(url), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAsync(await app.Client(app.Student1, "ELV").GetAsync($"{url}/missing"), HttpStatusCode.Forbidden, "forbidden");
        var other = app.Client(app.OtherAdmin, "ADM", CompetencesApp.OtherBase);
        await ProblemAsync(await other.GetAsync(url), HttpStatusCode.NotFound, "not-found");
        await ProblemAsync(await other.GetAsync($"/api/competences/bilans/3B/{period}"), HttpStatusCode.NotFound, "not-found");
        await ProblemAsync(await other.PutAsJsonAsync($"{url}/status", new { status = "closed" }), HttpStatusCode.NotFound, "not-found");
        await ProblemAsync(await other.GetAsync($"/api/competences/bilans?periodId={period}"), HttpStatusCode.NotFound, "not-found");
        await ProblemAsync(await WriteGeneralAsync(other, "3A", period, app.Student1, new { appreciation = "Non.", version = 1 }), HttpStatusCode.NotFound, "not-found");
        await ProblemAsync(await app.AdminClient().GetAsync($"/api/competences/bilans/9Z/{period}"), HttpStatusCode.NotFound, "not-found");
        await ProblemAsync(await app.AdminClient().GetAsync("/api/competences/bilans/3A/999999999"), HttpStatusCode.NotFound, "not-found");
        // The direction writes everything.
        var direction = app.Client(app.Direction, "DIR");
        Assert.Equal(HttpStatusCode.OK, (await WriteSubjectAsync(direction, "3A", period, app.Student2, "SVT", new { appreciation = "Bien.", version = 0 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await WriteGeneralAsync(direction, "3A", period, app.Student2, new { appreciation = "Bien.", version = 0 })).StatusCode);
    }

    [Fact]
    public async Task A_stale_version_answers_entry_changed_with_the_current_value()
    {
        var period = await PeriodAsync("Concurrence", "2026-12-01", "2026-12-31");
        await SetStatusAsync(app, "3A", period, "mixed");
        var admin = app.AdminClient();
        var teacher1 = app.Teacher1Client();

        Assert.Equal(1, await VersionAsync(await WriteSubjectAsync(admin, "3A", period, app.Student2, "MATHS", new { appreciation = "Première.", version = 0 })));
        var problem = await ProblemAsync(await WriteSubjectAsync(teacher1, "3A", period, app.Student2, "MATHS", new { appreciation = "Seconde.", version = 0 }),
            HttpStatusCode.Conflict, "entry-changed");
        Assert.Equal(1, problem.GetProperty("currentVersion").GetInt32());
        Assert.Equal("Première.", problem.GetProperty("current").GetProperty("appreciation").GetString());
        Assert.Equal(2, await VersionAsync(await WriteSubjectAsync(teacher1, "3A", period, app.Student2, "MATHS", new { appreciation = "Seconde.", version = 1 })));

        Assert.Equal(1, await VersionAsync(await WriteGeneralAsync(admin, "3A", period, app.Student1, new { appreciation = "Première.", version = 0 })));
        problem = await ProblemAsync(await WriteGeneralAsync(teacher1, "3A", period, app.Student1, new { appreciation = "Seconde.", version = 0 }), HttpStatusCode.Conflict, "entry-changed");
        Assert.Equal("Première.", problem.GetProperty("current").GetProperty("appreciation").GetString());
        Assert.Equal(1, problem.GetProperty("currentVersion").GetInt32());

        var body = new { lateness = 1, justifiedAbsences = 0, unjustifiedAbsences = 0, version = 0 };
        Assert.Equal(1, await VersionAsync(await WriteAttendanceAsync(admin, "3A", period, app.Student1, body)));
        problem = await ProblemAsync(await WriteAttendanceAsync(app.Client(Cpe, "EDU"), "3A", period, app.Student1, body with { lateness = 5 }), HttpStatusCode.Conflict, "entry-changed");
        Assert.Equal(1, problem.GetProperty("current").GetProperty("lateness").GetInt32());
        // A version ahead of the stored one is stale too.
        await ProblemAsync(await WriteSubjectAsync(admin, "3A", period, app.Student1, "MATHS", new { appreciation = "Avance.", version = 7 }), HttpStatusCode.Conflict, "entry-changed");

        // Truly concurrent first writes: one wins, the others get entry-changed.
        var writes = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => WriteSubjectAsync(app.AdminClient(), "3A", period, app.Student1, "SVT", new { appreciation = $"Course {i}", version = 0 })));
        Assert.Equal(1, writes.Count(w => w.StatusCode == HttpStatusCode.OK));
        foreach (var loser in writes.Where(w => w.StatusCode != HttpStatusCode.OK))
        {
            // Whether it lost on the version or on the first insert, it gets the stored line.
            var lost = await ProblemAsync(loser, HttpStatusCode.Conflict, "entry-changed");
            Assert.Equal(1, lost.GetProperty("currentVersion").GetInt32());
            Assert.StartsWith("Course ", lost.GetProperty("current").GetProperty("appreciation").GetString());
        }
    }

    [Fact]
    public async Task Missing_counts_per_subject_and_per_student()
    {
        var period = await PeriodAsync("Manques", "2027-01-01", "2027-02-28");
        await SetStatusAsync(app, "3A", period, "mixed");
        var admin = app.AdminClient();
        Assert.Equal(HttpStatusCode.OK, (await WriteSubjectAsync(admin, "3A", period, app.Student1, "MATHS", new { positioning = 3, appreciation = "Bien.", elements = new[] { "Fractions" }, version = 0 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await WriteSubjectAsync(admin, "3A", period, app.Student2, "SVT", new { appreciation = "Correct.", version = 0 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await WriteGeneralAsync(admin, "3A", period, app.Student1, new { appreciation = "Bon trimestre.", version = 0 })).StatusCode);

        var missing = await OkJsonAsync(await admin.GetAsync($"/api/competences/bilans/3A/{period}/missing"));
        string Subject(JsonElement s) => string.Join(":", s.GetProperty("subjectCode").GetString(), s.GetProperty("students").GetInt32(), s.GetProperty("missingAppreciations").GetInt32(),
            s.GetProperty("missingPositionings").GetInt32(), s.GetProperty("missingElements").GetInt32(), s.GetProperty("studentsWithoutAppreciation").GetArrayLength());
        // FRANC: Student1 only (G1), nothing written. MATHS: Student2 has nothing (no entry: no computed positioning). SVT: nothing evaluated, Student2's appreciation.
        Assert.Equal(["FRANC:1:1:1:1:1", "MATHS:2:1:1:1:1", "SVT:2:1:2:2:1"], missing.GetProperty("subjects").EnumerateArray().Select(Subject).ToArray());
        var maths = missing.GetProperty("subjects")[1];
        Assert.Equal(app.Student2, maths.GetProperty("studentsWithoutAppreciation")[0].GetGuid());
        var students = missing.GetProperty("students").EnumerateArray().ToDictionary(s => s.GetProperty("studentId").GetGuid());
        Assert.False(students[app.Student1].GetProperty("missingGeneral").GetBoolean());
        Assert.Equal(["FRANC", "SVT"], students[app.Student1].GetProperty("subjectsWithoutAppreciation").EnumerateArray().Select(c => c.GetString()!).ToArray());
        Assert.True(students[app.Student2].GetProperty("missingGeneral").GetBoolean());
        Assert.Equal(["MATHS"], students[app.Student2].GetProperty("subjectsWithoutAppreciation").EnumerateArray().Select(c => c.GetString()!).ToArray());

        // A teacher sees his subjects only.
        var mine = await OkJsonAsync(await app.Client(app.Teacher2, "ENS").GetAsync($"/api/competences/bilans/3A/{period}/missing"));
        Assert.Equal(["SVT"], mine.GetProperty("subjects").EnumerateArray().Select(s => s.GetProperty("subjectCode").GetString()!).ToArray());
    }
}
