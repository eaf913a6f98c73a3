using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sacoche.Competences.Tests.Api;
using Xunit;
using static Sacoche.Competences.Tests.Bilans.BilanTestData;

namespace Sacoche.Competences.Tests.Bilans;

/// <summary>/api/competences/periods (docs/domain/bilans.md, « Periods »). Each test uses its own school year so that periods never meet.</summary>
public sealed class PeriodsApiTests(CompetencesApp app) : IClassFixture<CompetencesApp>
{
    private const string Periods = "/api/competences/periods";

    private static async Task<JsonElement> InvalidAsync(HttpResponseMessage response, string field, string fragment)
    {
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, "validation");
        var messages = problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(m => m.GetString()!).ToList();
        Assert.Contains(messages, m => m.Contains(fragment, StringComparison.Ordinal));
        return problem;
    }

    [Fact]
    public async Task Create_read_update_delete()
    {
        var admin = app.AdminClient();
        var created = await admin.PostAsJsonAsync(Periods, new { name = "  Trimestre 1 ", start = "2030-09-01", end = "2030-11-30", classCodes = new[] { "3A" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var period = await CompetencesApp.JsonAsync(created);
        long id = period.GetProperty("id").GetInt64();
        Assert.True(id > 0);
        Assert.Equal($"/api/competences/periods/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal("Trimestre 1", period.GetProperty("name").GetString());
        Assert.Equal("2030-09-01", period.GetProperty("start").GetString());
        Assert.Equal(["3A"], period.GetProperty("classCodes").EnumerateArray().Select(c => c.GetString()!).ToArray());
        Assert.False(period.GetProperty("inUse").GetBoolean());

        // Every user of the establishment reads them (reports take a periodId).
        var read = await OkJsonAsync(await app.Client(app.Student1, "ELV").GetAsync($"{Periods}/{id}"));
        Assert.Equal("Trimestre 1", read.GetProperty("name").GetString());
        var list = await OkJsonAsync(await app.Teacher1Client().GetAsync(Periods));
        Assert.Contains(list.EnumerateArray(), p => p.GetProperty("id").GetInt64() == id);

        var updated = await OkJsonAsync(await admin.PutAsJsonAsync($"{Periods}/{id}", new { name = "T1", start = "2030-09-02", end = "2030-12-01", classCodes = new[] { "3A", "3B" } }));
        Assert.Equal(id, updated.GetProperty("id").GetInt64());
        Assert.Equal("T1", updated.GetProperty("name").GetString());
        Assert.Equal("2030-12-01", updated.GetProperty("end").GetString());
        Assert.Equal(2, updated.GetProperty("classCodes").GetArrayLength());
        // An update checks the same rules (but not against the period itself).
        await InvalidAsync(await admin.PutAsJsonAsync($"{Periods}/{id}", new { name = "", start = "2030-09-02", end = "2030-12-01" }), "name", "vide");

        var deleted = await admin.DeleteAsync($"{Periods}/{id}");
        Assert.True(deleted.IsSuccessStatusCode, await deleted.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"{Periods}/{id}")).StatusCode);
        await ProblemAsync(await admin.DeleteAsync($"{Periods}/{id}"), HttpStatusCode.NotFound, "not-found");
        await ProblemAsync(await admin.PutAsJsonAsync($"{Periods}/{id}", new { name = "T1", start = "2030-09-02", end = "2030-12-01" }), HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Validation_answers_french_errors_by_field()
    {
        var admin = app.AdminClient();
        await InvalidAsync(await admin.PostAsJsonAsync(Periods, new { name = "", start = "2031-09-01", end = "2031-11-30" }), "name", "Le nom de la période est vide");
        await InvalidAsync(await admin.PostAsJsonAsync(Periods, new { name = new string('x', 41), start = "2031-09-01", end = "2031-11-30" }), "name", "trop long");
        await InvalidAsync(await admin.PostAsJsonAsync(Periods, new { name = "T1", start = "2031-11-30", end = "2031-09-01" }), "end", "précède la date de début");
        await InvalidAsync(await admin.PostAsJsonAsync(Periods, new { name = "T1", end = "2031-09-01" }), "start", "date de début est absente");
        // The school year switches on 1 August: 2031-08-01 → 2032-07-31; an end on 2032-08-01 leaves it.
        var outside = await InvalidAsync(await admin.PostAsJsonAsync(Periods, new { name = "T3", start = "2032-06-01", end = "2032-08-01" }), "end", "année scolaire 2031-2032");
        Assert.Contains("31/07/2032", outside.GetProperty("errors").GetProperty("end")[0].GetString());
        // The last day of the year is inside; a period starting on 1 August belongs to the next year.
        var lastDay = await admin.PostAsJsonAsync(Periods, new { name = "Été", start = "2032-07-01", end = "2032-07-31" });
        Assert.Equal(HttpStatusCode.Created, lastDay.StatusCode);
        var nextYear = await admin.PostAsJsonAsync(Periods, new { name = "Rentrée", start = "2032-08-01", end = "2032-08-31" });
        Assert.Equal(HttpStatusCode.Created, nextYear.StatusCode);
        await InvalidAsync(await admin.PostAsJsonAsync(Periods, new { name = "T1", start = "2031-09-01", end = "2031-11-30", classCodes = new[] { "3A", "9Z" } }),
            "classCodes", "9Z");
        // A group is a known code too.
        var group = await admin.PostAsJsonAsync(Periods, new { name = "Groupe", start = "2031-09-01", end = "2031-09-30", classCodes = new[] { "G1" } });
        Assert.Equal(HttpStatusCode.Created, group.StatusCode);
        // An empty body.
        await ProblemAsync(await admin.PostAsync(Periods, new StringContent("null", System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task Periods_may_not_overlap_for_a_common_class()
    {
        var admin = app.AdminClient();
        var t1 = await CreatePeriodAsync(admin, "Trimestre 1", "2033-09-01", "2033-11-30", "3A");
        // 3B alone: no common class, accepted.
        await CreatePeriodAsync(admin, "Trimestre 1 (3B)", "2033-09-15", "2033-12-15", "3B");
        // 3A again on overlapping dates: refused, naming the other period and the class.
        var problem = await InvalidAsync(await admin.PostAsJsonAsync(Periods, new { name = "Bis", start = "2033-11-30", end = "2034-01-31", classCodes = new[] { "3A" } }),
            "start", "Trimestre 1");
        Assert.Contains("3A", problem.GetProperty("errors").GetProperty("start")[0].GetString());
        // No class = every class: meets the 3A period.
        await InvalidAsync(await admin.PostAsJsonAsync(Periods, new { name = "Tous", start = "2033-10-01", end = "2033-10-15", classCodes = Array.Empty<string>() }),
            "start", "chevauche");
        // The group G1 stands for 3A and 3B: it meets both.
        await InvalidAsync(await admin.PostAsJsonAsync(Periods, new { name = "Groupe", start = "2033-10-01", end = "2033-10-15", classCodes = new[] { "G1" } }),
            "start", "chevauche");
        // Right after the end: fine.
        await CreatePeriodAsync(admin, "Trimestre 2", "2033-12-01", "2034-02-28", "3A");
        // Updating a period onto itself is not an overlap.
        var same = await admin.PutAsJsonAsync($"{Periods}/{t1}", new { name = "Trimestre 1", start = "2033-09-02", end = "2033-11-30", classCodes = new[] { "3A" } });
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
    }

    [Fact]
    public async Task Only_managers_write_and_other_establishments_get_404()
    {
        var body = new { name = "T1", start = "2035-09-01", end = "2035-11-30", classCodes = Array.Empty<string>() };
        await ProblemAsync(await app.Teacher1Client().PostAsJsonAsync(Periods, body), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAsync(await app.Client(app.Student1, "ELV").PostAsJsonAsync(Periods, body), HttpStatusCode.Forbidden, "forbidden");
        // The direction manages them too.
        var direction = await app.Client(app.Direction, "DIR").PostAsJsonAsync(Periods, body);
        Assert.Equal(HttpStatusCode.Created, direction.StatusCode);
        long id = (await CompetencesApp.JsonAsync(direction)).GetProperty("id").GetInt64();
        await ProblemAsync(await app.Teacher1Client().DeleteAsync($"{Periods}/{id}"), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAsync(await app.Teacher1Client().PutAsJsonAsync($"{Periods}/{id}", body), HttpStatusCode.Forbidden, "forbidden");

        var other = app.Client(app.OtherAdmin, "ADM", CompetencesApp.OtherBase);
        await ProblemAsync(await other.GetAsync($"{Periods}/{id}"), HttpStatusCode.NotFound, "not-found");
        await ProblemAsync(await other.PutAsJsonAsync($"{Periods}/{id}", body), HttpStatusCode.NotFound, "not-found");
        await ProblemAsync(await other.DeleteAsync($"{Periods}/{id}"), HttpStatusCode.NotFound, "not-found");
        Assert.DoesNotContain((await OkJsonAsync(await other.GetAsync(Periods))).EnumerateArray(), p => p.GetProperty("id").GetInt64() == id);
        // Still there for its establishment.
        Assert.Equal(HttpStatusCode.OK, (await app.AdminClient().GetAsync($"{Periods}/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_period_used_by_a_bilan_cannot_be_deleted()
    {
        var admin = app.AdminClient();
        var id = await CreatePeriodAsync(admin, "Trimestre 1", "2036-09-01", "2036-11-30");
        await SetStatusAsync(app, "3A", id, "subjects");
        Assert.True((await OkJsonAsync(await admin.GetAsync($"{Periods}/{id}"))).GetProperty("inUse").GetBoolean());
        var problem = await ProblemAsync(await admin.DeleteAsync($"{Periods}/{id}"), HttpStatusCode.Conflict, "period-in-use");
        Assert.Contains("Trimestre 1", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"{Periods}/{id}")).StatusCode);

        // Back to closed with nothing written: no longer in use.
        await SetStatusAsync(app, "3A", id, "closed");
        Assert.False((await OkJsonAsync(await admin.GetAsync($"{Periods}/{id}"))).GetProperty("inUse").GetBoolean());

        // A written line keeps it in use even when closed.
        await SetStatusAsync(app, "3A", id, "general");
        var write = await WriteGeneralAsync(admin, "3A", id, app.Student1, new { appreciation = "Bon trimestre.", version = 0 });
        Assert.True(write.IsSuccessStatusCode, await write.Content.ReadAsStringAsync());
        await SetStatusAsync(app, "3A", id, "closed");
        await ProblemAsync(await admin.DeleteAsync($"{Periods}/{id}"), HttpStatusCode.Conflict, "period-in-use");
    }
}
