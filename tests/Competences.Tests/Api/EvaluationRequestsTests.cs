using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace Sacoche.Competences.Tests.Api;

/// <summary>Evaluation requests (« Demandes d'évaluation ») and the entry rate / « terminé » flag of evaluations.</summary>
public sealed class EvaluationRequestsTests(CompetencesApp app) : IClassFixture<CompetencesApp>
{
    private const string Requests = "/api/competences/requests";

    /// <summary>A fresh subject taught by Teacher1 is not possible (services come from the roster): use MATHS (Teacher1 in 3A) with a new level.</summary>
    private async Task<long[]> ItemsAsync(string level, int count = 3, bool cart = true)
    {
        var body = new
        {
            subjectCode = "MATHS",
            levelCode = level,
            domains = new[]
            {
                new
                {
                    code = "D",
                    name = "Domaine",
                    themes = new[] { new { name = "Thème", items = Enumerable.Range(1, count).Select(i => new { name = $"Item {i}", cart }).ToArray() } },
                },
            },
        };
        var response = await app.AdminClient().PostAsJsonAsync("/api/competences/referentials", body);
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, json);
        using var doc = JsonDocument.Parse(json);
        return [.. doc.RootElement.GetProperty("domains")[0].GetProperty("themes")[0].GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64())];
    }

    private HttpClient Student(Guid id) => app.Client(id, "ELV");

    private static async Task<JsonElement> CreatedAsync(HttpClient client, long itemId, string? message = null)
    {
        var response = await client.PostAsJsonAsync(Requests, new { itemId, message });
        var json = await CompetencesApp.JsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.Created, json.ToString());
        return json;
    }

    private static string? Type(JsonElement problem) => problem.GetProperty("type").GetString();

    [Fact]
    public async Task Student_creates_a_request_duplicates_cart_false_and_limit_are_refused()
    {
        var items = await ItemsAsync("4E", count: 4);
        var noCart = await ItemsAsync("5E", count: 1, cart: false);
        var s2 = Student(app.Student2);

        var created = await CreatedAsync(s2, items[0], "Je voudrais retenter.");
        Assert.Equal("pending", created.GetProperty("status").GetString());
        Assert.Equal(items[0], created.GetProperty("itemId").GetInt64());
        Assert.Equal("MATHS", created.GetProperty("subjectCode").GetString());
        Assert.Equal("Je voudrais retenter.", created.GetProperty("message").GetString());

        var duplicate = await s2.PostAsJsonAsync(Requests, new { itemId = items[0] });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal("https://sacoche.fr/problems/request-exists", Type(await CompetencesApp.JsonAsync(duplicate)));

        var cartFalse = await s2.PostAsJsonAsync(Requests, new { itemId = noCart[0] });
        Assert.Equal(HttpStatusCode.BadRequest, cartFalse.StatusCode);
        Assert.Equal("https://sacoche.fr/problems/validation", Type(await CompetencesApp.JsonAsync(cartFalse)));

        var tooLong = await s2.PostAsJsonAsync(Requests, new { itemId = items[1], message = new string('x', 501) });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);

        await CreatedAsync(s2, items[1]);
        await CreatedAsync(s2, items[2]);
        var over = await s2.PostAsJsonAsync(Requests, new { itemId = items[3] });
        Assert.Equal(HttpStatusCode.Conflict, over.StatusCode);
        var problem = await CompetencesApp.JsonAsync(over);
        Assert.Equal("https://sacoche.fr/problems/request-limit", Type(problem));
        Assert.Contains("demande(s) en attente", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Teachers and guardians do not request.
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Teacher1Client().PostAsJsonAsync(Requests, new { itemId = items[3] })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Client(app.Guardian1, "TUT").PostAsJsonAsync(Requests, new { itemId = items[3] })).StatusCode);

        // The student lists his own requests.
        var mine = await CompetencesApp.JsonAsync(await s2.GetAsync(Requests));
        Assert.Equal(3, mine.GetArrayLength());
        Assert.All(mine.EnumerateArray(), r => Assert.Equal(app.Student2, r.GetProperty("studentId").GetGuid()));
    }

    [Fact]
    public async Task Teacher_lists_his_students_requests_accepts_into_new_or_existing_evaluation_and_refuses()
    {
        var items = await ItemsAsync("6E", count: 3);
        var s1 = Student(app.Student1); // 3A: Teacher1 teaches MATHS there
        var s3 = Student(app.Student3); // 3B: Teacher2 teaches MATHS there, not Teacher1
        var r1 = (await CreatedAsync(s1, items[0])).GetProperty("id").GetInt64();
        var r2 = (await CreatedAsync(s1, items[1])).GetProperty("id").GetInt64();
        var r3 = (await CreatedAsync(s3, items[0])).GetProperty("id").GetInt64();
        var t1 = app.Teacher1Client();

        // Teacher1 sees Student1's requests, not Student3's; filters apply.
        var listed = (await CompetencesApp.JsonAsync(await t1.GetAsync($"{Requests}?status=pending"))).EnumerateArray().Select(r => r.GetProperty("id").GetInt64()).ToList();
        Assert.Contains(r1, listed);
        Assert.Contains(r2, listed);
        Assert.DoesNotContain(r3, listed);
        var byItem = await CompetencesApp.JsonAsync(await t1.GetAsync($"{Requests}?itemId={items[1]}&classCode=3A"));
        Assert.Equal([r2], byItem.EnumerateArray().Select(r => r.GetProperty("id").GetInt64()));
        Assert.Equal(0, (await CompetencesApp.JsonAsync(await t1.GetAsync($"{Requests}?olderThanDays=3"))).EnumerateArray().Count(r => r.GetProperty("id").GetInt64() == r1));
        var direction = (await CompetencesApp.JsonAsync(await app.Client(app.Direction, "DIR").GetAsync(Requests))).EnumerateArray().Select(r => r.GetProperty("id").GetInt64()).ToList();
        Assert.Contains(r3, direction);

        // Teacher1 may not answer Student3's request.
        Assert.Equal(HttpStatusCode.Forbidden, (await t1.PostAsJsonAsync($"{Requests}/{r3}/accept", new { })).StatusCode);

        // Accept r1 into a new evaluation: Teacher1 owns it, it holds the student and the item.
        var accepted = await CompetencesApp.JsonAsync(await t1.PostAsJsonAsync($"{Requests}/{r1}/accept", new { }));
        Assert.Equal("accepted", accepted.GetProperty("status").GetString());
        var evaluationId = accepted.GetProperty("evaluationId").GetInt64();
        var evaluation = await CompetencesApp.JsonAsync(await t1.GetAsync($"/api/competences/evaluations/{evaluationId}"));
        Assert.Equal(app.Teacher1, evaluation.GetProperty("ownerId").GetGuid());
        Assert.Equal([app.Student1], evaluation.GetProperty("studentIds").EnumerateArray().Select(s => s.GetGuid()));
        Assert.Equal([items[0]], evaluation.GetProperty("itemIds").EnumerateArray().Select(s => s.GetInt64()));
        Assert.StartsWith("Demandes d'évaluation du ", evaluation.GetProperty("description").GetString(), StringComparison.Ordinal);

        // Accept r2 into that evaluation: the item is added.
        var extended = await CompetencesApp.JsonAsync(await t1.PostAsJsonAsync($"{Requests}/{r2}/accept", new { evaluationId }));
        Assert.Equal(evaluationId, extended.GetProperty("evaluationId").GetInt64());
        evaluation = await CompetencesApp.JsonAsync(await t1.GetAsync($"/api/competences/evaluations/{evaluationId}"));
        Assert.Equal([items[0], items[1]], evaluation.GetProperty("itemIds").EnumerateArray().Select(s => s.GetInt64()));

        // Answering again: 409.
        var again = await t1.PostAsJsonAsync($"{Requests}/{r1}/refuse", new { message = "Non." });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("https://sacoche.fr/problems/request-answered", Type(await CompetencesApp.JsonAsync(again)));

        // Teacher2 (MATHS in 3B) refuses r3; the message is required.
        var t2 = app.Client(app.Teacher2, "ENS");
        Assert.Equal(HttpStatusCode.BadRequest, (await t2.PostAsJsonAsync($"{Requests}/{r3}/refuse", new { message = " " })).StatusCode);
        var refused = await CompetencesApp.JsonAsync(await t2.PostAsJsonAsync($"{Requests}/{r3}/refuse", new { message = "Revois d'abord le cours." }));
        Assert.Equal("refused", refused.GetProperty("status").GetString());
        Assert.Equal("Revois d'abord le cours.", refused.GetProperty("answer").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await t2.PostAsJsonAsync($"{Requests}/{r3}/accept", new { })).StatusCode);

        // The student sees the answers.
        var mine = (await CompetencesApp.JsonAsync(await s1.GetAsync(Requests))).EnumerateArray().ToDictionary(r => r.GetProperty("id").GetInt64());
        Assert.Equal("accepted", mine[r1].GetProperty("status").GetString());
        Assert.Equal(evaluationId, mine[r1].GetProperty("evaluationId").GetInt64());
    }

    [Fact]
    public async Task Rights_on_requests()
    {
        var items = await ItemsAsync("C3", count: 1);
        var admin = app.AdminClient();
        var evaluation = await CompetencesApp.CreateEvaluationAsync(admin, new { classCode = "3A", date = "2026-10-05", description = "Avant la demande", itemIds = items });
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/competences/evaluations/{evaluation}/entries", new[] { new { studentId = app.Student1, itemId = items[0], code = "R" } })).StatusCode);
        var id = (await CreatedAsync(Student(app.Student1), items[0])).GetProperty("id").GetInt64();

        // The relevé flags the item while the request is pending.
        var report = await CompetencesApp.JsonAsync(await Student(app.Student1).GetAsync($"/api/competences/reports/students/{app.Student1}"));
        var item = report.GetProperty("subjects").EnumerateArray().SelectMany(s => s.GetProperty("items").EnumerateArray()).Single(i => i.GetProperty("itemId").GetInt64() == items[0]);
        Assert.True(item.GetProperty("pendingRequest").GetBoolean());

        Assert.Equal(HttpStatusCode.OK, (await Student(app.Student1).GetAsync($"{Requests}/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Student(app.Student2).GetAsync($"{Requests}/{id}")).StatusCode);
        Assert.DoesNotContain(id, (await CompetencesApp.JsonAsync(await Student(app.Student2).GetAsync(Requests))).EnumerateArray().Select(r => r.GetProperty("id").GetInt64()));
        Assert.Equal(HttpStatusCode.Forbidden, (await Student(app.Student2).PostAsJsonAsync($"{Requests}/{id}/accept", new { })).StatusCode);
        var guardian = app.Client(app.Guardian1, "TUT");
        Assert.Equal(HttpStatusCode.Forbidden, (await guardian.GetAsync(Requests)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await guardian.PostAsJsonAsync($"{Requests}/{id}/accept", new { })).StatusCode);
        var other = app.Client(app.OtherAdmin, "ADM", CompetencesApp.OtherBase);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"{Requests}/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync($"{Requests}/{id}/accept", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync($"{Requests}/{id}/refuse", new { message = "Non." })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Client(app.Teacher3, "ENS").PostAsJsonAsync($"{Requests}/{id}/accept", new { })).StatusCode);
    }

    [Fact]
    public async Task Entry_rate_and_done_flag()
    {
        var t1 = app.Teacher1Client();
        var items = await ItemsAsync("C4", count: 3);
        var id = await CompetencesApp.CreateEvaluationAsync(t1, new
        {
            classCode = "3A", // Student1 and Student2
            date = "2026-10-06",
            description = "Taux de saisie",
            itemIds = items,
            sharedWith = new[] { new { teacherId = app.Teacher2, right = "saisir" } },
        });
        var put = await t1.PutAsJsonAsync($"/api/competences/evaluations/{id}/entries", new object[]
        {
            new { studentId = app.Student1, itemId = items[0], code = "V" },
            new { studentId = app.Student1, itemId = items[1], code = "R" },
            new { studentId = app.Student1, itemId = items[2], code = "AB" },
            new { studentId = app.Student2, itemId = items[0], code = "VV" },
            new { studentId = app.Student2, itemId = items[1], code = "NN" },
        });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        JsonElement Find(JsonElement list) => list.EnumerateArray().Single(e => e.GetProperty("id").GetInt64() == id);
        var listed = Find(await CompetencesApp.JsonAsync(await t1.GetAsync("/api/competences/evaluations")));
        Assert.Equal(4, listed.GetProperty("enteredCells").GetInt32());
        Assert.Equal(6, listed.GetProperty("expectedCells").GetInt32());
        Assert.False(listed.GetProperty("done").GetBoolean());

        // A colleague with « saisir » may not set the flag; the owner may.
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Client(app.Teacher2, "ENS").PutAsJsonAsync($"/api/competences/evaluations/{id}/done", new { done = true })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Client(app.Teacher3, "ENS").PutAsJsonAsync($"/api/competences/evaluations/{id}/done", new { done = true })).StatusCode);
        var done = await t1.PutAsJsonAsync($"/api/competences/evaluations/{id}/done", new { done = true });
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.True((await CompetencesApp.JsonAsync(done)).GetProperty("done").GetBoolean());
        Assert.Contains(id, (await CompetencesApp.JsonAsync(await t1.GetAsync("/api/competences/evaluations?done=true"))).EnumerateArray().Select(e => e.GetProperty("id").GetInt64()));
        Assert.DoesNotContain(id, (await CompetencesApp.JsonAsync(await t1.GetAsync("/api/competences/evaluations?done=false"))).EnumerateArray().Select(e => e.GetProperty("id").GetInt64()));
        Assert.Equal(HttpStatusCode.OK, (await t1.GetAsync("/api/competences/evaluations?sort=rate")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await t1.GetAsync("/api/competences/evaluations?sort=nom")).StatusCode);
    }
}
