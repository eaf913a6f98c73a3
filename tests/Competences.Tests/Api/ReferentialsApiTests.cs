using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Sacoche.Testing.Auth;
using Xunit;

namespace Sacoche.Competences.Tests.Api;

public sealed class ReferentialsApiTests(CompetencesApp app) : IClassFixture<CompetencesApp>
{
    [Fact]
    public async Task Create_returns_the_tree_with_ids_display_references_and_defaults()
    {
        var response = await app.Teacher1Client().PostAsJsonAsync("/api/competences/referentials", new
        {
            subjectCode = "MATHS",
            levelCode = "6E",
            domains = new[]
            {
                new { code = "A", @ref = "", name = "Nombres", themes = new[]
                {
                    new { @ref = "", name = "Fractions", items = new object[]
                    {
                        new { name = "Comparer des fractions", abbrev = "Comparer", coef = 2, socle = new[] { new { cycle = 3, component = "CPD_SCI" } } },
                        new { name = "Additionner des fractions" },
                    } },
                } },
            },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await CompetencesApp.JsonAsync(response);
        Assert.Equal("geometrique", json.GetProperty("method").GetString());
        Assert.Equal(5, json.GetProperty("limit").GetInt32());
        Assert.Equal("non", json.GetProperty("retroactivity").GetString());
        var items = json.GetProperty("domains")[0].GetProperty("themes")[0].GetProperty("items");
        Assert.Equal("6e.A11", items[0].GetProperty("displayRef").GetString());
        Assert.Equal("6e.A12", items[1].GetProperty("displayRef").GetString());
        Assert.Equal(2, items[0].GetProperty("coef").GetInt32());
        Assert.Equal("CPD_SCI", items[0].GetProperty("socle")[0].GetProperty("component").GetString());
        Assert.True(items[0].GetProperty("id").GetInt64() > 0);

        // Same subject × level again: conflict; a teacher of another subject: refused.
        var again = await app.Teacher1Client().PostAsJsonAsync("/api/competences/referentials", new { subjectCode = "MATHS", levelCode = "6E", domains = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("https://sacoche.fr/problems/referential-exists", (await CompetencesApp.JsonAsync(again)).GetProperty("type").GetString());
        var notMine = await app.Teacher1Client().PostAsJsonAsync("/api/competences/referentials", new { subjectCode = "SVT", levelCode = "6E", domains = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.Forbidden, notMine.StatusCode);
        Assert.Equal("https://sacoche.fr/problems/forbidden", (await CompetencesApp.JsonAsync(notMine)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Invalid_trees_get_French_errors_naming_the_element()
    {
        var response = await app.AdminClient().PostAsJsonAsync("/api/competences/referentials", new
        {
            subjectCode = "MATHS",
            levelCode = "5E",
            method = "geometrique",
            limit = 8,
            domains = new[] { new { code = "AB", name = "Nombres", themes = new[] { new { name = "Fractions", items = new[] { new { name = "", abbrev = new string('x', 20) } } } } } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await CompetencesApp.JsonAsync(response);
        Assert.Equal("https://sacoche.fr/problems/validation", problem.GetProperty("type").GetString());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("code « AB » invalide", detail, StringComparison.Ordinal);
        Assert.Contains("item n° 1 du thème « Fractions » : nom vide", detail, StringComparison.Ordinal);
        Assert.Contains("abréviation trop longue", detail, StringComparison.Ordinal);
        Assert.Contains("Nombre de notes pris en compte (8)", detail, StringComparison.Ordinal);
        // errors: the request's fields → their messages.
        var errors = problem.GetProperty("errors");
        Assert.Contains(errors.GetProperty("domains").EnumerateArray(), m => m.GetString()!.Contains("code « AB » invalide", StringComparison.Ordinal));
        Assert.Contains(errors.GetProperty("limit").EnumerateArray(), m => m.GetString()!.Contains("Nombre de notes pris en compte (8)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Update_renames_reorders_moves_adds_and_removes_with_confirmation_when_entries_exist()
    {
        var admin = app.AdminClient();
        var subject = await app.NewSubjectAsync();
        var (id, itemIds) = await app.CreateReferentialAsync(admin, subject, "4E", items: 3);
        var tree = await CompetencesApp.JsonAsync(await admin.GetAsync($"/api/competences/referentials/{id}"));
        long domainId = tree.GetProperty("domains")[0].GetProperty("id").GetInt64();
        long themeId = tree.GetProperty("domains")[0].GetProperty("themes")[0].GetProperty("id").GetInt64();

        // Entries on item 3, so that removing it needs confirmation.
        var evaluationId = await CompetencesApp.CreateEvaluationAsync(admin, new { classCode = "3A", date = "2026-10-01", description = "Contrôle", itemIds = new[] { itemIds[2] } });
        var put = await admin.PutAsJsonAsync($"/api/competences/evaluations/{evaluationId}/entries", new[] { new { studentId = app.Student1, itemId = itemIds[2], code = "V" } });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        // New layout: item 2 first (renamed), item 1 moved into a new theme of a new domain, item 3 removed, a new item added.
        object Body() => new
        {
            subjectCode = subject,
            levelCode = "4E",
            method = "bestof2",
            limit = 0,
            domains = new object[]
            {
                new { id = domainId, code = "N", name = "Nombres et calculs", themes = new object[]
                {
                    new { id = themeId, name = "Fractions", items = new object[] { new { id = itemIds[1], name = "Compétence 2 renommée" }, new { name = "Nouvelle compétence" } } },
                } },
                new { code = "G", name = "Géométrie", themes = new object[] { new { name = "Figures", items = new object[] { new { id = itemIds[0], name = "Compétence 1" } } } } },
            },
        };
        var refused = await admin.PutAsJsonAsync($"/api/competences/referentials/{id}", Body());
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await CompetencesApp.JsonAsync(refused);
        Assert.Equal("https://sacoche.fr/problems/confirmation-required", problem.GetProperty("type").GetString());
        Assert.Contains("Confirmez pour continuer (confirm=true)", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var updated = await admin.PutAsJsonAsync($"/api/competences/referentials/{id}?confirm=true", Body());
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var json = await CompetencesApp.JsonAsync(updated);
        Assert.Equal("bestof2", json.GetProperty("method").GetString());
        var fractions = json.GetProperty("domains")[0].GetProperty("themes")[0].GetProperty("items");
        Assert.Equal(itemIds[1], fractions[0].GetProperty("id").GetInt64());
        Assert.Equal("Compétence 2 renommée", fractions[0].GetProperty("name").GetString());
        Assert.Equal("4e.N11", fractions[0].GetProperty("displayRef").GetString());
        Assert.Equal("Nouvelle compétence", fractions[1].GetProperty("name").GetString());
        var moved = json.GetProperty("domains")[1].GetProperty("themes")[0].GetProperty("items")[0];
        Assert.Equal(itemIds[0], moved.GetProperty("id").GetInt64());
        Assert.Equal("4e.G11", moved.GetProperty("displayRef").GetString());
        Assert.Equal(0, await app.CountAsync($"SELECT count(*) FROM entries WHERE item_id = {itemIds[2]}"));
        Assert.Equal(0, await app.CountAsync($"SELECT count(*) FROM referential_items WHERE id = {itemIds[2]}"));
    }

    [Fact]
    public async Task Xml_export_then_import_round_trips_the_tree()
    {
        var admin = app.AdminClient();
        var subject = await app.NewSubjectAsync();
        var created = await admin.PostAsJsonAsync("/api/competences/referentials", new
        {
            subjectCode = subject,
            levelCode = "C4",
            domains = new[]
            {
                new { code = "D", @ref = "D1", name = "Comprendre & s'exprimer", themes = new[]
                {
                    new { @ref = "T1", name = "Lire « des textes »", items = new object[]
                    {
                        new { @ref = "I1", name = "Lire à voix haute <fluide>", abbrev = "Lire", coef = 3, cart = false, link = "https://example.org/lire", comment = "Voir fiche 2",
                            socle = new[] { new { cycle = 4, component = "CPD_FRA" }, new { cycle = 3, component = "CPD_FRA" } } },
                        new { @ref = "", name = "Résumer", abbrev = "", coef = 1, cart = true, link = (string?)null, comment = (string?)null, socle = Array.Empty<object>() },
                    } },
                } },
            },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var original = await CompetencesApp.JsonAsync(created);
        var id = original.GetProperty("id").GetInt64();

        var export = await admin.GetAsync($"/api/competences/referentials/{id}/export.xml");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("application/xml", export.Content.Headers.ContentType?.MediaType);
        var xml = await export.Content.ReadAsStringAsync();
        Assert.Contains("<arbre>", xml, StringComparison.Ordinal);
        Assert.Contains("composante=\"CPD_FRA\"", xml, StringComparison.Ordinal);

        // Import into another subject (multipart upload) and compare trees, ids aside.
        var target = await app.NewSubjectAsync();
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(xml)), "file", "referentiel.xml");
        var imported = await admin.PostAsync($"/api/competences/referentials/import?subjectCode={target}&levelCode=C4", form);
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        var copy = await CompetencesApp.JsonAsync(imported);
        Assert.Equal(Shape(original.GetProperty("domains")), Shape(copy.GetProperty("domains")));

        // A broken file is refused with a French message.
        var broken = await admin.PostAsync($"/api/competences/referentials/import?subjectCode={target}&levelCode=3E",
            new StringContent("<arbre><domaine code=\"A\" nom=\"x\"><theme nom=\"t\"><item nom=\"\" coef=\"abc\"/></theme></domaine></arbre>", Encoding.UTF8, "application/xml"));
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        var brokenProblem = await CompetencesApp.JsonAsync(broken);
        Assert.Contains("coefficient « abc » invalide", brokenProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Array, brokenProblem.GetProperty("errors").GetProperty("file").ValueKind);

        // A multipart request without a file.
        using var empty = new MultipartFormDataContent { { new StringContent("C4"), "levelCode" } };
        var missing = await admin.PostAsync($"/api/competences/referentials/import?subjectCode={target}", empty);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("https://sacoche.fr/problems/missing-file", (await CompetencesApp.JsonAsync(missing)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Delete_needs_confirmation_when_entries_exist()
    {
        var admin = app.AdminClient();
        var subject = await app.NewSubjectAsync();
        var (id, itemIds) = await app.CreateReferentialAsync(admin, subject, "3E", items: 1);
        var evaluationId = await CompetencesApp.CreateEvaluationAsync(admin, new { classCode = "3A", date = "2026-10-01", description = "Contrôle", itemIds });
        await admin.PutAsJsonAsync($"/api/competences/evaluations/{evaluationId}/entries", new[] { new { studentId = app.Student2, itemId = itemIds[0], code = "VV" } });

        var refused = await admin.DeleteAsync($"/api/competences/referentials/{id}");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await CompetencesApp.JsonAsync(refused);
        Assert.Equal("https://sacoche.fr/problems/confirmation-required", problem.GetProperty("type").GetString());
        Assert.Equal(1, problem.GetProperty("entries").GetInt32());
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/competences/referentials/{id}?confirm=true")).StatusCode);
        var gone = await admin.GetAsync($"/api/competences/referentials/{id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("https://sacoche.fr/problems/not-found", (await CompetencesApp.JsonAsync(gone)).GetProperty("type").GetString());
        Assert.Equal(0, await app.CountAsync($"SELECT count(*) FROM entries WHERE item_id = {itemIds[0]}"));
    }

    [Fact]
    public async Task Referentials_are_dated_by_the_injected_clock()
    {
        var at = new DateTimeOffset(2031, 2, 3, 4, 5, 6, TimeSpan.Zero);
        await using var host = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(new FixedClock(at))));
        var admin = host.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Create(CompetencesApp.Audience, app.Admin, CompetencesApp.Base, "ADM"));
        var subject = await app.NewSubjectAsync();
        var created = await admin.PostAsJsonAsync("/api/competences/referentials", new { subjectCode = subject, levelCode = "6E", domains = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(at, (await CompetencesApp.JsonAsync(created)).GetProperty("updatedAt").GetDateTimeOffset());
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public async Task Creating_a_subject_is_for_admins_with_catalogued_problems()
    {
        var code = await app.NewSubjectAsync();
        var again = await app.AdminClient().PostAsJsonAsync("/api/competences/subjects", new { code, name = "Encore" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("https://sacoche.fr/problems/subject-exists", (await CompetencesApp.JsonAsync(again)).GetProperty("type").GetString());

        var invalid = await app.AdminClient().PostAsJsonAsync("/api/competences/subjects", new { code = "A B", name = "", bcnCode = "12" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await CompetencesApp.JsonAsync(invalid)).GetProperty("errors");
        Assert.Equal(["bcnCode", "code", "name"], errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray());

        var teacher = await app.Teacher1Client().PostAsJsonAsync("/api/competences/subjects", new { code = "ZZTEACH", name = "Refusée" });
        Assert.Equal(HttpStatusCode.Forbidden, teacher.StatusCode);
        var problem = await CompetencesApp.JsonAsync(teacher);
        Assert.Equal("https://sacoche.fr/problems/forbidden", problem.GetProperty("type").GetString());
        Assert.Contains("administrateur", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subjects_and_levels_are_listed()
    {
        var subjects = await CompetencesApp.JsonAsync(await app.Teacher1Client().GetAsync("/api/competences/subjects"));
        var maths = subjects.EnumerateArray().Single(s => s.GetProperty("code").GetString() == "MATHS");
        Assert.Equal("061300", maths.GetProperty("bcnCode").GetString());
        Assert.Contains(subjects.EnumerateArray(), s => s.GetProperty("code").GetString() == "EPS");
        var levels = await CompetencesApp.JsonAsync(await app.Teacher1Client().GetAsync("/api/competences/levels"));
        Assert.Equal(["6E", "5E", "4E", "3E", "C2", "C3", "C4"], levels.EnumerateArray().Select(l => l.GetProperty("code").GetString()!).ToArray());
        Assert.StartsWith("100", levels[0].GetProperty("mefMask").GetString(), StringComparison.Ordinal);
    }

    /// <summary>The tree without ids, for comparisons.</summary>
    private static string Shape(JsonElement domains)
    {
        var sb = new StringBuilder();
        foreach (var d in domains.EnumerateArray())
        {
            sb.Append($"D[{d.GetProperty("code")}|{d.GetProperty("ref")}|{d.GetProperty("name")}]");
            foreach (var t in d.GetProperty("themes").EnumerateArray())
            {
                sb.Append($"T[{t.GetProperty("ref")}|{t.GetProperty("name")}]");
                foreach (var i in t.GetProperty("items").EnumerateArray())
                {
                    sb.Append($"I[{i.GetProperty("ref")}|{i.GetProperty("name")}|{i.GetProperty("abbrev")}|{i.GetProperty("coef")}|{i.GetProperty("cart")}|{i.GetProperty("link")}|{i.GetProperty("comment")}|{i.GetProperty("socle").GetRawText()}|{i.GetProperty("displayRef")}]");
                }
            }
        }
        return sb.ToString();
    }
}
