using System.Net;
using System.Net.Http.Json;
using Xunit;

namespace Sacoche.Competences.Tests.Api;

public sealed class SettingsApiTests(CompetencesApp app) : IClassFixture<CompetencesApp>
{
    [Fact]
    public async Task Defaults_are_those_of_the_domain_docs()
    {
        var json = await CompetencesApp.JsonAsync(await app.Teacher1Client().GetAsync("/api/competences/settings"));
        var codes = json.GetProperty("gradeCodes").EnumerateArray().Where(c => c.GetProperty("active").GetBoolean())
            .Select(c => $"{c.GetProperty("id").GetInt32()}:{c.GetProperty("sigle").GetString()}:{c.GetProperty("value").GetInt32()}").ToArray();
        Assert.Equal(["1:RR:0", "2:R:33", "3:V:67", "4:VV:100"], codes);
        var states = json.GetProperty("states").EnumerateArray()
            .Select(s => $"{s.GetProperty("sigle").GetString()}:{s.GetProperty("min").GetInt32()}-{s.GetProperty("max").GetInt32()}:{s.GetProperty("weight").GetInt32()}").ToArray();
        Assert.Equal(["NA:0-39:0", "VA:40-60:50", "A:61-100:100"], states);
        Assert.Equal("geometrique", json.GetProperty("defaultMethod").GetString());
        Assert.Equal(5, json.GetProperty("defaultLimit").GetInt32());
        Assert.Equal("non", json.GetProperty("defaultRetroactivity").GetString());
        Assert.Equal(8, json.GetProperty("schoolYearSwitchMonth").GetInt32());
    }

    [Fact]
    public async Task Invalid_settings_get_a_French_problem_and_nothing_is_saved()
    {
        var admin = app.AdminClient();
        var body = ValidBody(states: [
            new { id = 1, min = 0, max = 39, weight = 0, sigle = "NA", legend = "Non acquis", color = "#FF9999" },
            new { id = 2, min = 45, max = 100, weight = 100, sigle = "A", legend = "Acquis", color = "#99FF99" }],
            method: "geometrique", limit: 9, switchMonth: 13);
        var response = await admin.PutAsJsonAsync("/api/competences/settings", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await CompetencesApp.JsonAsync(response);
        Assert.Equal("https://sacoche.fr/problems/validation", problem.GetProperty("type").GetString());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("ne sont pas contigus", detail, StringComparison.Ordinal);
        Assert.Contains("Nombre de notes pris en compte (9)", detail, StringComparison.Ordinal);
        Assert.Contains("mois de bascule", detail, StringComparison.Ordinal);
        // errors: the document's fields → their messages.
        var errors = problem.GetProperty("errors");
        Assert.Equal(["defaultLimit", "schoolYearSwitchMonth", "states"], errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray());
        Assert.Contains("ne sont pas contigus", errors.GetProperty("states")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_saves_valid_settings_and_teachers_may_not()
    {
        var body = ValidBody(states: null, method: "arithmetique", limit: 7, switchMonth: 9);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Teacher1Client().PutAsJsonAsync("/api/competences/settings", body)).StatusCode);

        // Another establishment's admin changes only their own settings.
        var other = app.Client(app.OtherAdmin, "ADM", CompetencesApp.OtherBase);
        var saved = await other.PutAsJsonAsync("/api/competences/settings", body);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var mine = await CompetencesApp.JsonAsync(await app.AdminClient().GetAsync("/api/competences/settings"));
        Assert.Equal("geometrique", mine.GetProperty("defaultMethod").GetString());
        var theirs = await CompetencesApp.JsonAsync(await other.GetAsync("/api/competences/settings"));
        Assert.Equal("arithmetique", theirs.GetProperty("defaultMethod").GetString());
        Assert.Equal(9, theirs.GetProperty("schoolYearSwitchMonth").GetInt32());
        Assert.False(theirs.TryGetProperty("periods", out _)); // periods are their own resource (/periods)
    }

    private static object ValidBody(object[]? states, string method, int limit, int switchMonth) => new
    {
        gradeCodes = new object[]
        {
            new { id = 1, sigle = "RR", value = 0, legend = "Très insuffisant", color = "#FF0000", key = "1", active = true },
            new { id = 2, sigle = "R", value = 33, legend = "Insuffisant", color = "#FF9900", key = "2", active = true },
            new { id = 3, sigle = "V", value = 67, legend = "Satisfaisant", color = "#99CC00", key = "3", active = true },
            new { id = 4, sigle = "VV", value = 100, legend = "Très satisfaisant", color = "#009900", key = "4", active = true },
        },
        states = states ?? new object[]
        {
            new { id = 1, min = 0, max = 39, weight = 0, sigle = "NA", legend = "Non acquis", color = "#FF9999" },
            new { id = 2, min = 40, max = 60, weight = 50, sigle = "VA", legend = "Partiellement acquis", color = "#FFDD33" },
            new { id = 3, min = 61, max = 100, weight = 100, sigle = "A", legend = "Acquis", color = "#99FF99" },
        },
        defaultMethod = method,
        defaultLimit = limit,
        defaultRetroactivity = "annuel",
        schoolYearSwitchMonth = switchMonth,
    };
}
