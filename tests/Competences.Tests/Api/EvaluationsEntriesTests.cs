using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Sacoche.Testing.Auth;
using Xunit;

namespace Sacoche.Competences.Tests.Api;

public sealed class EvaluationsEntriesTests(CompetencesApp app) : IClassFixture<CompetencesApp>
{
    [Fact]
    public async Task Evaluation_lifecycle_grid_conflict_and_audit()
    {
        var t1 = app.Teacher1Client();
        var t2 = app.Client(app.Teacher2, "ENS");
        var (_, items) = await app.CreateReferentialAsync(t1, "MATHS", "3E", items: 2);
        var id = await CompetencesApp.CreateEvaluationAsync(t1, new
        {
            classCode = "3A",
            date = "2026-10-05",
            description = "Fractions n° 1",
            itemIds = items,
            sharedWith = new[] { new { teacherId = app.Teacher2, right = "saisir" } },
        });

        // Listed for the owner and for the colleague it is shared with, not for a third teacher.
        Assert.Contains(id, await IdsAsync(t1));
        Assert.Contains(id, await IdsAsync(t2));
        Assert.DoesNotContain(id, await IdsAsync(app.Client(app.Teacher3, "ENS")));

        // Teacher 1 types codes (by sigle and by id); the grid is students × items.
        var first = await t1.PutAsJsonAsync($"/api/competences/evaluations/{id}/entries", new object[]
        {
            new { studentId = app.Student1, itemId = items[0], code = "v" },
            new { studentId = app.Student1, itemId = items[1], code = "4" },
            new { studentId = app.Student2, itemId = items[0], code = "AB" },
        });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var grid = await CompetencesApp.JsonAsync(await t2.GetAsync($"/api/competences/evaluations/{id}/entries"));
        Assert.Equal(2, grid.GetProperty("students").GetArrayLength()); // Student1 and Student2 are in 3A
        var cell = Cell(grid, app.Student1, items[0]);
        Assert.Equal("3", cell.GetProperty("code").GetString());
        Assert.Equal(1, cell.GetProperty("version").GetInt32());
        Assert.Equal(app.Teacher1, cell.GetProperty("changedBy").GetGuid());
        Assert.Equal("NN", Cell(grid, app.Student2, items[1]).GetProperty("code").GetString());

        // Teacher 2 (right "saisir") changes a cell with the version read: OK, version 2.
        var second = await t2.PutAsJsonAsync($"/api/competences/evaluations/{id}/entries", new[] { new { studentId = app.Student1, itemId = items[0], code = "VV", version = 1 } });
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);

        // Teacher 1 still holds version 1: 409 with the current value; nothing of the batch is written.
        var stale = await t1.PutAsJsonAsync($"/api/competences/evaluations/{id}/entries", new object[]
        {
            new { studentId = app.Student1, itemId = items[0], code = "R", version = 1 },
            new { studentId = app.Student2, itemId = items[1], code = "V" },
        });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var problem = await CompetencesApp.JsonAsync(stale);
        Assert.Equal("https://sacoche.fr/problems/entry-changed", problem.GetProperty("type").GetString());
        var conflict = problem.GetProperty("conflicts")[0];
        Assert.Equal("4", conflict.GetProperty("code").GetString());
        Assert.Equal(2, conflict.GetProperty("version").GetInt32());
        Assert.Equal(app.Teacher2, conflict.GetProperty("changedBy").GetGuid());
        Assert.Equal(0, await app.CountAsync($"SELECT count(*) FROM entries WHERE evaluation_id = {id} AND item_id = {items[1]} AND student_id = '{app.Student2}'"));

        // Writing an empty cell without a version when a colleague filled it meanwhile is a conflict too.
        var blind = await t2.PutAsJsonAsync($"/api/competences/evaluations/{id}/entries", new[] { new { studentId = app.Student2, itemId = items[0], code = "V" } });
        Assert.Equal(HttpStatusCode.Conflict, blind.StatusCode);

        // Audit: every change, with old and new codes.
        var audit = await CompetencesApp.JsonAsync(await t1.GetAsync($"/api/competences/evaluations/{id}/entries/audit"));
        var trail = audit.EnumerateArray().Where(a => a.GetProperty("studentId").GetGuid() == app.Student1 && a.GetProperty("itemId").GetInt64() == items[0])
            .Select(a => $"{a.GetProperty("oldCode").GetString() ?? "null"}>{a.GetProperty("newCode").GetString()}").ToArray();
        Assert.Equal(["null>3", "3>4"], trail);
        Assert.Equal(3 + 1, audit.GetArrayLength());

        // A colleague with "saisir" may not modify or delete the evaluation.
        Assert.Equal(HttpStatusCode.Forbidden, (await t2.DeleteAsync($"/api/competences/evaluations/{id}")).StatusCode);
        // Deleting with entries needs confirmation; the audit trail stays.
        Assert.Equal(HttpStatusCode.Conflict, (await t1.DeleteAsync($"/api/competences/evaluations/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await t1.DeleteAsync($"/api/competences/evaluations/{id}?confirm=true")).StatusCode);
        Assert.Equal(0, await app.CountAsync($"SELECT count(*) FROM entries WHERE evaluation_id = {id}"));
        Assert.Equal(4, await app.CountAsync($"SELECT count(*) FROM entry_audits WHERE evaluation_id = {id}"));
    }

    [Fact]
    public async Task Invalid_codes_and_cells_outside_the_evaluation_are_refused()
    {
        var admin = app.AdminClient();
        var subject = await app.NewSubjectAsync();
        var (_, items) = await app.CreateReferentialAsync(admin, subject, "3E", items: 1);
        var id = await CompetencesApp.CreateEvaluationAsync(admin, new { groupCode = "G1", date = "2026-10-05", description = "Dictée", itemIds = items });
        var response = await admin.PutAsJsonAsync($"/api/competences/evaluations/{id}/entries", new object[]
        {
            new { studentId = app.Student1, itemId = items[0], code = "5" },   // inactive code
            new { studentId = app.Student3, itemId = items[0], code = "ZZ" },  // unknown
            new { studentId = app.Student2, itemId = items[0], code = "V" },   // not in group G1
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await CompetencesApp.JsonAsync(response)).GetProperty("detail").GetString()!;
        Assert.Contains("Le code n° 5 n'est pas actif", detail, StringComparison.Ordinal);
        Assert.Contains("Code « ZZ » inconnu", detail, StringComparison.Ordinal);
        Assert.Contains("n'est pas concerné par cette évaluation", detail, StringComparison.Ordinal);
        // The catalogue's shape: errors as field → messages, the field being the cell's position in the body.
        var invalid = await CompetencesApp.JsonAsync(await admin.PutAsJsonAsync($"/api/competences/evaluations/{id}/entries",
            new[] { new { studentId = app.Student1, itemId = items[0], code = "ZZ" } }));
        Assert.Equal("https://sacoche.fr/problems/validation", invalid.GetProperty("type").GetString());
        Assert.Contains("Code « ZZ » inconnu", invalid.GetProperty("errors").GetProperty("[0].code")[0].GetString(), StringComparison.Ordinal);

        // Every special code is accepted (each write carries the version it replaces).
        int version = 0;
        foreach (var special in new[] { "AB", "DI", "NE", "NF", "NR", "PA", "NN" })
        {
            var ok = await admin.PutAsJsonAsync($"/api/competences/evaluations/{id}/entries", new[] { new { studentId = app.Student1, itemId = items[0], code = special, version } });
            Assert.True(ok.StatusCode == HttpStatusCode.OK, await ok.Content.ReadAsStringAsync());
            version++;
        }
    }

    [Fact]
    public async Task Evaluation_validation_and_update_with_item_removal_confirmation()
    {
        var t1 = app.Teacher1Client();
        var subject = await app.NewSubjectAsync();
        var (_, items) = await app.CreateReferentialAsync(app.AdminClient(), subject, "5E", items: 2);

        var bad = await t1.PostAsJsonAsync("/api/competences/evaluations", new { classCode = "3A", groupCode = "G1", date = "2026-10-05", description = new string('x', 61), itemIds = Array.Empty<long>() });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var detail = (await CompetencesApp.JsonAsync(bad)).GetProperty("detail").GetString()!;
        Assert.Contains("une seule cible", detail, StringComparison.Ordinal);
        Assert.Contains("description est trop longue", detail, StringComparison.Ordinal);
        Assert.Contains("au moins un item", detail, StringComparison.Ordinal);
        var errors = (await CompetencesApp.JsonAsync(await t1.PostAsJsonAsync("/api/competences/evaluations",
            new { classCode = "3A", date = "2026-10-05", description = new string('x', 61), itemIds = Array.Empty<long>() }))).GetProperty("errors");
        Assert.Contains("trop longue", errors.GetProperty("description")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("au moins un item", errors.GetProperty("itemIds")[0].GetString(), StringComparison.Ordinal);

        // Teacher 1 does not teach 3B.
        var notMine = await t1.PostAsJsonAsync("/api/competences/evaluations", new { classCode = "3B", date = "2026-10-05", description = "x", itemIds = items });
        Assert.Equal(HttpStatusCode.Forbidden, notMine.StatusCode);

        // A selection of students; then drop an item that has entries.
        var id = await CompetencesApp.CreateEvaluationAsync(t1, new { studentIds = new[] { app.Student1, app.Student3 }, date = "2026-10-05", description = "Soutien", itemIds = items });
        await t1.PutAsJsonAsync($"/api/competences/evaluations/{id}/entries", new[] { new { studentId = app.Student3, itemId = items[1], code = "R" } });
        var update = new { studentIds = new[] { app.Student1, app.Student3 }, date = "2026-10-06", visibleDate = "2026-10-10", description = "Soutien modifié", itemIds = new[] { items[0] } };
        var unconfirmed = await t1.PutAsJsonAsync($"/api/competences/evaluations/{id}", update);
        Assert.Equal(HttpStatusCode.Conflict, unconfirmed.StatusCode);
        var confirmation = await CompetencesApp.JsonAsync(unconfirmed);
        Assert.Equal("https://sacoche.fr/problems/confirmation-required", confirmation.GetProperty("type").GetString());
        Assert.Equal(1, confirmation.GetProperty("entries").GetInt32());
        var updated = await t1.PutAsJsonAsync($"/api/competences/evaluations/{id}?confirm=true", update);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var json = await CompetencesApp.JsonAsync(updated);
        Assert.Equal("Soutien modifié", json.GetProperty("description").GetString());
        Assert.Equal("2026-10-10", json.GetProperty("visibleDate").GetString());
        Assert.Equal(1, json.GetProperty("itemIds").GetArrayLength());
        Assert.Equal(0, await app.CountAsync($"SELECT count(*) FROM entries WHERE evaluation_id = {id}"));
    }

    [Fact]
    public async Task Entries_are_stamped_with_the_injected_clock()
    {
        var now = new DateTimeOffset(2026, 9, 15, 8, 30, 0, TimeSpan.Zero);
        await using var clocked = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(new FixedClock(now))));
        var client = clocked.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Create(CompetencesApp.Audience, app.Admin, CompetencesApp.Base, "ADM"));
        var (_, items) = await app.CreateReferentialAsync(client, await app.NewSubjectAsync(), "4E", items: 1);
        var id = await CompetencesApp.CreateEvaluationAsync(client, new { classCode = "3A", date = "2026-09-14", description = "Horloge", itemIds = items });
        var saved = await client.PutAsJsonAsync($"/api/competences/evaluations/{id}/entries", new[] { new { studentId = app.Student1, itemId = items[0], code = "V" } });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        var grid = await CompetencesApp.JsonAsync(await client.GetAsync($"/api/competences/evaluations/{id}/entries"));
        Assert.Equal(now, Cell(grid, app.Student1, items[0]).GetProperty("changedAt").GetDateTimeOffset());
        var audit = await CompetencesApp.JsonAsync(await client.GetAsync($"/api/competences/evaluations/{id}/entries/audit"));
        Assert.Equal(now, audit[0].GetProperty("changedAt").GetDateTimeOffset());
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static async Task<long[]> IdsAsync(HttpClient client) =>
        [.. (await CompetencesApp.JsonAsync(await client.GetAsync("/api/competences/evaluations"))).EnumerateArray().Select(e => e.GetProperty("id").GetInt64())];

    private static System.Text.Json.JsonElement Cell(System.Text.Json.JsonElement grid, Guid student, long item) =>
        grid.GetProperty("students").EnumerateArray().Single(s => s.GetProperty("studentId").GetGuid() == student)
            .GetProperty("cells").EnumerateArray().Single(c => c.GetProperty("itemId").GetInt64() == item);
}

