using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sacoche.Competences.Tests.Api;
using Xunit;
using static Sacoche.Competences.Tests.Bilans.BilanTestData;

namespace Sacoche.Competences.Tests.Bilans;

/// <summary>
/// Parcours of a class for a period and accompaniment measures of a student (docs/domain/bilans.md): validation, replace semantics
/// and rights. Besides the fixture's roster: a CPE. 3A's principal teacher is Teacher1; 3B has none.
/// </summary>
public sealed class ParcoursMeasuresTests(CompetencesApp app) : IClassFixture<CompetencesApp>
{
    private static readonly Guid Cpe = Guid.NewGuid();
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string _database = "";
    private static readonly Dictionary<string, long> Periods = [];

    private async Task<long> PeriodAsync(string name, string start, string end, params string[] classCodes)
    {
        await Gate.WaitAsync();
        try
        {
            if (_database != app.Database)
            {
                Periods.Clear();
                await AddUsersAsync(app, CompetencesApp.User(CompetencesApp.Base, Cpe, "EDU", "Vie", "Scolaire"));
                _database = app.Database;
            }
            if (!Periods.TryGetValue(name, out var id))
            {
                id = await CreatePeriodAsync(app.AdminClient(), name, start, end, classCodes);
                Periods[name] = id;
            }
            return id;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static string Parcours(string classCode, long period) => $"/api/competences/bilans/{classCode}/{period}/parcours";

    private static string Measures(Guid student) => $"/api/competences/students/{student}/measures";

    private static string Codes(JsonElement list, string member) =>
        string.Join(",", list.GetProperty(member).EnumerateArray().Select(p => p.GetProperty("code").GetString()));

    [Fact]
    public async Task Parcours_are_validated_and_replaced_as_a_whole()
    {
        var period = await PeriodAsync("Parcours", "2026-09-01", "2026-10-31");
        var teacher = app.Teacher1Client(); // principal teacher of 3A
        var url = Parcours("3A", period);
        var empty = await OkJsonAsync(await teacher.GetAsync(url));
        Assert.Equal(0, empty.GetProperty("parcours").GetArrayLength());
        Assert.True(empty.GetProperty("canWrite").GetBoolean());

        var saved = await OkJsonAsync(await teacher.PutAsJsonAsync(url, new
        {
            parcours = new[]
        {
            new { code = "PAR_CIT", description = "  Conseil de la vie collégienne.  " },
            new { code = "PAR_AVN", description = "Stage d'observation en entreprise." },
        }
        }));
        Assert.Equal("PAR_AVN,PAR_CIT", Codes(saved, "parcours"));
        var citizen = saved.GetProperty("parcours")[1];
        Assert.Equal("Parcours citoyen", citizen.GetProperty("label").GetString());
        Assert.Equal("Conseil de la vie collégienne.", citizen.GetProperty("description").GetString());
        Assert.Equal(app.Teacher1, citizen.GetProperty("changedBy").GetGuid());

        // Refused sets change nothing: unknown code, a code twice, no description, too long.
        foreach (var (body, field) in new (object, string)[]
        {
            (new { parcours = new[] { new { code = "PAR_XXX", description = "Projet." } } }, "parcours[0].code"),
            (new { parcours = new[] { new { code = "PAR_SAN", description = "Un." }, new { code = "PAR_SAN", description = "Deux." } } }, "parcours[1].code"),
            (new { parcours = new[] { new { code = "PAR_ART", description = "   " } } }, "parcours[0].description"),
            (new { parcours = new[] { new { code = "PAR_ART", description = new string('a', 601) } } }, "parcours[0].description"),
        })
        {
            var problem = await ProblemAsync(await teacher.PutAsJsonAsync(url, body), HttpStatusCode.BadRequest, "validation");
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        }
        await ProblemAsync(await teacher.PutAsJsonAsync(url, new { }), HttpStatusCode.BadRequest, "validation");
        Assert.Equal("PAR_AVN,PAR_CIT", Codes(await OkJsonAsync(await teacher.GetAsync(url)), "parcours"));

        // Replace: the new set only; 600 characters are accepted; an empty list removes every parcours.
        var replaced = await OkJsonAsync(await teacher.PutAsJsonAsync(url, new { parcours = new[] { new { code = "PAR_ART", description = new string('é', 600) } } }));
        Assert.Equal("PAR_ART", Codes(replaced, "parcours"));
        Assert.Equal(1, await app.CountAsync($"SELECT count(*) FROM bilan_parcours WHERE period_id = {period} AND class_code = '3A'"));
        Assert.Equal(0, (await OkJsonAsync(await teacher.PutAsJsonAsync(url, new { parcours = Array.Empty<object>() }))).GetProperty("parcours").GetArrayLength());
        Assert.Equal(0, await app.CountAsync($"SELECT count(*) FROM bilan_parcours WHERE period_id = {period} AND class_code = '3A'"));
    }

    [Fact]
    public async Task Parcours_rights_and_the_period_of_the_class()
    {
        var period = await PeriodAsync("Droits des parcours", "2026-11-01", "2026-12-20");
        var only3B = await PeriodAsync("Seulement 3B", "2027-01-05", "2027-02-20", "3B");
        var body = new { parcours = new[] { new { code = "PAR_SAN", description = "Éducation à la nutrition." } } };
        var direction = app.Client(app.Direction, "DIR");
        await OkJsonAsync(await direction.PutAsJsonAsync(Parcours("3B", period), body));
        // Teacher2 teaches in 3A (SVT) and 3B (maths), principal of neither: reads, does not write.
        var teacher2 = app.Client(app.Teacher2, "ENS");
        var read = await OkJsonAsync(await teacher2.GetAsync(Parcours("3B", period)));
        Assert.Equal("PAR_SAN", Codes(read, "parcours"));
        Assert.False(read.GetProperty("canWrite").GetBoolean());
        await ProblemAsync(await teacher2.PutAsJsonAsync(Parcours("3B", period), body), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAsync(await app.Teacher1Client().PutAsJsonAsync(Parcours("3B", period), body), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAsync(await app.Client(app.Teacher3, "ENS").GetAsync(Parcours("3B", period)), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAsync(await app.Client(app.Student3, "ELV").GetAsync(Parcours("3B", period)), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAsync(await app.Client(Cpe, "EDU").PutAsJsonAsync(Parcours("3B", period), body), HttpStatusCode.Forbidden, "forbidden");
        // A class that does not follow the period, an unknown class, another establishment: 404.
        await ProblemAsync(await direction.GetAsync(Parcours("3A", only3B)), HttpStatusCode.NotFound, "not-found");
        await ProblemAsync(await direction.PutAsJsonAsync(Parcours("3A", only3B), body), HttpStatusCode.NotFound, "not-found");
        await ProblemAsync(await direction.GetAsync(Parcours("ZZ", period)), HttpStatusCode.NotFound, "not-found");
        var other = app.Client(app.OtherAdmin, "ADM", CompetencesApp.OtherBase);
        await ProblemAsync(await other.PutAsJsonAsync(Parcours("3A", period), body), HttpStatusCode.NotFound, "not-found");
        Assert.Equal(1, await app.CountAsync($"SELECT count(*) FROM bilan_parcours WHERE period_id = {period}"));
    }

    [Fact]
    public async Task Measures_are_validated_replaced_and_listed_per_class()
    {
        var period = await PeriodAsync("Mesures", "2027-03-01", "2027-04-10");
        var teacher = app.Teacher1Client(); // principal teacher of 3A
        var saved = await OkJsonAsync(await teacher.PutAsJsonAsync(Measures(app.Student1), new
        {
            measures = new object[]
        {
            new { code = "PPRE", complement = "  Soutien en lecture.  " },
            new { code = "PAP" },
        }
        }));
        Assert.Equal("PAP,PPRE", Codes(saved, "measures"));
        Assert.Equal("Soutien en lecture.", saved.GetProperty("measures")[1].GetProperty("complement").GetString());
        Assert.Equal("Programme personnalisé de réussite éducative", saved.GetProperty("measures")[1].GetProperty("label").GetString());

        foreach (var (body, field) in new (object, string)[]
        {
            (new { measures = new[] { new { code = "XYZ", complement = (string?)null } } }, "measures[0].code"),
            (new { measures = new[] { new { code = "PAI", complement = (string?)null }, new { code = "PAI", complement = (string?)null } } }, "measures[1].code"),
            (new { measures = new[] { new { code = "PAP", complement = (string?)"Pas de complément ici." } } }, "measures[0].complement"),
            (new { measures = new[] { new { code = "PPRE", complement = (string?)new string('a', 601) } } }, "measures[0].complement"),
        })
        {
            var problem = await ProblemAsync(await teacher.PutAsJsonAsync(Measures(app.Student1), body), HttpStatusCode.BadRequest, "validation");
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        }

        var list = await OkJsonAsync(await teacher.GetAsync($"/api/competences/bilans/3A/{period}/measures"));
        Assert.True(list.GetProperty("canWrite").GetBoolean());
        var students = list.GetProperty("students").EnumerateArray().ToDictionary(s => s.GetProperty("studentId").GetGuid());
        Assert.Contains(app.Student1, students.Keys);
        Assert.Contains(app.Student2, students.Keys);
        Assert.Equal("PAP,PPRE", Codes(students[app.Student1], "measures"));
        Assert.Equal("", Codes(students[app.Student2], "measures"));
        Assert.DoesNotContain(app.Student3, students.Keys);

        // Replace: the CPE sets PAI only; the PPRE and its complement are gone.
        var cpe = app.Client(Cpe, "EDU");
        Assert.Equal("PAI", Codes(await OkJsonAsync(await cpe.PutAsJsonAsync(Measures(app.Student1), new { measures = new[] { new { code = "PAI" } } })), "measures"));
        Assert.Equal(1, await app.CountAsync($"SELECT count(*) FROM student_measures WHERE student_id = '{app.Student1}'"));
        Assert.Equal(0, await app.CountAsync($"SELECT count(*) FROM student_measures WHERE student_id = '{app.Student1}' AND complement IS NOT NULL"));
        Assert.Equal("PAI", Codes(StudentRow(await OkJsonAsync(await cpe.GetAsync($"/api/competences/bilans/3A/{period}/measures")), app.Student1), "measures"));
    }

    [Fact]
    public async Task Measures_rights()
    {
        var period = await PeriodAsync("Droits des mesures", "2027-04-20", "2027-06-30");
        var body = new { measures = new[] { new { code = "ULIS" } } };
        // Teacher2: not a principal teacher; Teacher1: principal of 3A, not of 3B (Student3); students and guardians.
        await ProblemAsync(await app.Client(app.Teacher2, "ENS").PutAsJsonAsync(Measures(app.Student2), body), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAsync(await app.Teacher1Client().PutAsJsonAsync(Measures(app.Student3), body), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAsync(await app.Client(app.Student2, "ELV").PutAsJsonAsync(Measures(app.Student2), body), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAsync(await app.Client(app.Guardian1, "TUT").PutAsJsonAsync(Measures(app.Student1), body), HttpStatusCode.Forbidden, "forbidden");
        var other = app.Client(app.OtherAdmin, "ADM", CompetencesApp.OtherBase);
        await ProblemAsync(await other.PutAsJsonAsync(Measures(app.Student2), body), HttpStatusCode.NotFound, "not-found");
        Assert.Equal(0, await app.CountAsync($"SELECT count(*) FROM student_measures WHERE student_id IN ('{app.Student2}', '{app.Student3}')"));
        // The direction writes for anyone; Teacher2 reads 3B's list without writing; Teacher3 does not read it.
        await OkJsonAsync(await app.Client(app.Direction, "DIR").PutAsJsonAsync(Measures(app.Student3), body));
        var list = await OkJsonAsync(await app.Client(app.Teacher2, "ENS").GetAsync($"/api/competences/bilans/3B/{period}/measures"));
        Assert.False(list.GetProperty("canWrite").GetBoolean());
        Assert.Equal("ULIS", Codes(StudentRow(list, app.Student3), "measures"));
        await ProblemAsync(await app.Client(app.Teacher3, "ENS").GetAsync($"/api/competences/bilans/3B/{period}/measures"), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAsync(await other.GetAsync($"/api/competences/bilans/3B/{period}/measures"), HttpStatusCode.NotFound, "not-found");
    }
}
