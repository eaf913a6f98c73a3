using System.Net;
using System.Net.Http.Json;
using Xunit;

namespace Sacoche.Competences.Tests.Api;

/// <summary>Two establishments in one database: neither sees nor touches the other's rows, even with the same codes.</summary>
public sealed class TenantIsolationTests(CompetencesApp app) : IClassFixture<CompetencesApp>
{
    [Fact]
    public async Task Another_establishments_ids_answer_404_and_lists_stay_separate()
    {
        var mine = app.AdminClient();
        var theirs = app.Client(app.OtherAdmin, "ADM", CompetencesApp.OtherBase);
        var (referentialId, items) = await app.CreateReferentialAsync(mine, "MATHS", "3E", items: 1);
        var (otherReferentialId, otherItems) = await app.CreateReferentialAsync(theirs, "MATHS", "3E", items: 1); // same key, other establishment
        var evaluationId = await CompetencesApp.CreateEvaluationAsync(mine, new { classCode = "3A", date = "2026-10-01", description = "Chez nous", itemIds = items });
        await mine.PutAsJsonAsync($"/api/competences/evaluations/{evaluationId}/entries", new[] { new { studentId = app.Student1, itemId = items[0], code = "V" } });

        // Their admin, our ids: 404 everywhere.
        Assert.Equal(HttpStatusCode.NotFound, (await theirs.GetAsync($"/api/competences/referentials/{referentialId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await theirs.DeleteAsync($"/api/competences/referentials/{referentialId}?confirm=true")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await theirs.GetAsync($"/api/competences/evaluations/{evaluationId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await theirs.GetAsync($"/api/competences/evaluations/{evaluationId}/entries")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await theirs.PutAsJsonAsync($"/api/competences/evaluations/{evaluationId}/entries",
            new[] { new { studentId = app.Student1, itemId = items[0], code = "RR", version = 1 } })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await theirs.GetAsync($"/api/competences/reports/students/{app.Student1}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await theirs.GetAsync($"/api/competences/evaluations/{evaluationId}/entries/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await theirs.PutAsJsonAsync($"/api/competences/evaluations/{evaluationId}",
            new { classCode = "3A", date = "2026-10-01", description = "x", itemIds = otherItems })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await theirs.DeleteAsync($"/api/competences/evaluations/{evaluationId}?confirm=true")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await theirs.GetAsync($"/api/competences/reports/students/{app.Student1}/synthesis")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await theirs.GetAsync("/api/competences/reports/groups/G1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await theirs.GetAsync($"/api/competences/common-core/students/{app.Student1}?cycle=4")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await theirs.PutAsJsonAsync($"/api/competences/common-core/students/{app.Student1}/positionings",
            new { cycle = 4, component = "CPD_FRA", degree = 2 })).StatusCode);
        var problem = await CompetencesApp.JsonAsync(await theirs.GetAsync($"/api/competences/evaluations/{evaluationId}"));
        Assert.Equal("https://sacoche.fr/problems/not-found", problem.GetProperty("type").GetString());

        // Our items cannot be used in their evaluation, nor our students.
        var stolen = await theirs.PostAsJsonAsync("/api/competences/evaluations", new { classCode = "3A", date = "2026-10-01", description = "x", itemIds = items });
        Assert.Equal(HttpStatusCode.BadRequest, stolen.StatusCode);
        var students = await theirs.PostAsJsonAsync("/api/competences/evaluations", new { studentIds = new[] { app.Student1 }, date = "2026-10-01", description = "x", itemIds = otherItems });
        Assert.Equal(HttpStatusCode.BadRequest, students.StatusCode);

        // Their class 3A has their student only.
        var theirEvaluation = await CompetencesApp.CreateEvaluationAsync(theirs, new { classCode = "3A", date = "2026-10-01", description = "Chez eux", itemIds = otherItems });
        var grid = await CompetencesApp.JsonAsync(await theirs.GetAsync($"/api/competences/evaluations/{theirEvaluation}/entries"));
        Assert.Equal([app.OtherStudent], grid.GetProperty("students").EnumerateArray().Select(s => s.GetProperty("studentId").GetGuid()).ToArray());

        // Lists are separate; our entry is untouched.
        var ourList = await CompetencesApp.JsonAsync(await mine.GetAsync("/api/competences/referentials"));
        Assert.DoesNotContain(ourList.EnumerateArray(), r => r.GetProperty("id").GetInt64() == otherReferentialId);
        Assert.Equal(1, await app.CountAsync($"SELECT count(*) FROM entries WHERE evaluation_id = {evaluationId} AND code = '3' AND version = 1"));
    }
}
