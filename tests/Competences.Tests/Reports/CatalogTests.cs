using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sacoche.Competences.Tests.Api;
using Xunit;

namespace Sacoche.Competences.Tests.Reports;

/// <summary>Academy-wide sharing: published in establishment 101, browsed, previewed and imported in establishment 202.</summary>
// One collection for the report tests: run one after another, so that they add one host (not five) to the parallel fixtures.
[Collection("Reports")]
public sealed class CatalogTests(CompetencesApp app) : IClassFixture<CompetencesApp>
{
    [Fact]
    public async Task Published_in_one_establishment_imported_as_a_copy_in_another()
    {
        var teacher = app.Teacher1Client(); // teaches MATHS in 101
        var body = new
        {
            subjectCode = "MATHS",
            levelCode = "4E",
            method = "arithmetique",
            limit = 3,
            retroactivity = "annuel",
            synthesisMode = "theme",
            domains = new[]
            {
                new
                {
                    code = "N", name = "Nombres et calculs",
                    themes = new[]
                    {
                        new { name = "Fractions", items = new object[]
                        {
                            new { name = "Comparer des fractions", abbrev = "Comparer", coef = 2, socle = new[] { new { cycle = 4, component = "CPD_SCI" } } },
                            new { name = "Calculer avec des fractions" },
                        } },
                    },
                },
            },
        };
        var created = await teacher.PostAsJsonAsync("/api/competences/referentials", body);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var referentialId = (await CompetencesApp.JsonAsync(created)).GetProperty("id").GetInt64();

        // A student of 101 has entries on it: nothing of them may reach the catalog.
        var items = (await CompetencesApp.JsonAsync(await teacher.GetAsync($"/api/competences/referentials/{referentialId}")))
            .GetProperty("domains")[0].GetProperty("themes")[0].GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToArray();
        await ReportTestData.EvaluateAsync(teacher, "2026-10-01", items, (app.Student1, items[0], "VV"));

        Assert.Equal(HttpStatusCode.BadRequest, (await teacher.PostAsJsonAsync($"/api/competences/referentials/{referentialId}/publish", new { description = " " })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Client(app.Teacher3, "ENS").PostAsJsonAsync($"/api/competences/referentials/{referentialId}/publish", new { description = "x" })).StatusCode);
        var published = await teacher.PostAsJsonAsync($"/api/competences/referentials/{referentialId}/publish", new { description = "Fractions en 4e, progression du collège Jean Moulin" });
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        var v1 = await CompetencesApp.JsonAsync(published);
        Assert.Equal(1, v1.GetProperty("version").GetInt32());
        Assert.Equal(CompetencesApp.Base, v1.GetProperty("authorEstablishment").GetInt32());
        Assert.Equal("Mathématiques", v1.GetProperty("subjectName").GetString());
        Assert.Equal("Quatrième", v1.GetProperty("levelName").GetString());
        Assert.Equal(2, v1.GetProperty("itemCount").GetInt32());
        long v1Id = v1.GetProperty("id").GetInt64();

        // Another establishment browses and previews: the snapshot carries no personal data.
        var other = app.Client(app.OtherTeacher, "ENS", CompetencesApp.OtherBase);
        var list = await ReportTestData.GetJsonAsync(other, "/api/competences/catalog?subject=MATHS");
        Assert.Contains(list.GetProperty("items").EnumerateArray(), e => e.GetProperty("id").GetInt64() == v1Id);
        var previewResponse = await other.GetAsync($"/api/competences/catalog/{v1Id}");
        var previewText = await previewResponse.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, previewResponse.StatusCode);
        Assert.DoesNotContain(app.Teacher1.ToString(), previewText, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(app.Student1.ToString(), previewText, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Martin", previewText);
        var preview = JsonDocument.Parse(previewText).RootElement;
        var firstItem = preview.GetProperty("domains")[0].GetProperty("themes")[0].GetProperty("items")[0];
        Assert.Equal("Comparer des fractions", firstItem.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, firstItem.GetProperty("id").ValueKind);
        Assert.Equal("CPD_SCI", firstItem.GetProperty("socle")[0].GetProperty("component").GetString());

        // The author changes the referential and publishes again: version 2; version 1 is unchanged (immutable).
        var current = await CompetencesApp.JsonAsync(await teacher.GetAsync($"/api/competences/referentials/{referentialId}"));
        var put = await teacher.PutAsync($"/api/competences/referentials/{referentialId}",
            new StringContent(current.GetRawText().Replace("Calculer avec des fractions", "Calculer avec des fractions (v2)"), System.Text.Encoding.UTF8, "application/json"));
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        var v2 = await CompetencesApp.JsonAsync(await teacher.PostAsJsonAsync($"/api/competences/referentials/{referentialId}/publish", new { description = "Version corrigée" }));
        Assert.Equal(2, v2.GetProperty("version").GetInt32());
        var latest = await ReportTestData.GetJsonAsync(other, "/api/competences/catalog?subject=MATHS&level=4E");
        Assert.Equal([v2.GetProperty("id").GetInt64()], latest.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).ToArray());
        Assert.Equal(2, (await ReportTestData.GetJsonAsync(other, "/api/competences/catalog?subject=MATHS&level=4E&allVersions=true")).GetProperty("items").GetArrayLength());
        var old = await ReportTestData.GetJsonAsync(other, $"/api/competences/catalog/{v1Id}");
        Assert.Equal("Calculer avec des fractions", old.GetProperty("domains")[0].GetProperty("themes")[0].GetProperty("items")[1].GetProperty("name").GetString());
        Assert.False(old.GetProperty("summary").GetProperty("latest").GetBoolean());

        // Import of version 1 into establishment 202: a copy with the same tree and settings, new ids, owned by 202.
        var imported = await other.PostAsJsonAsync($"/api/competences/catalog/{v1Id}/import", new { });
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        var copy = await CompetencesApp.JsonAsync(imported);
        Assert.NotEqual(referentialId, copy.GetProperty("id").GetInt64());
        Assert.Equal(("MATHS", "4E", "arithmetique", 3, "annuel", "theme"), (copy.GetProperty("subjectCode").GetString(), copy.GetProperty("levelCode").GetString(),
            copy.GetProperty("method").GetString(), copy.GetProperty("limit").GetInt32(), copy.GetProperty("retroactivity").GetString(), copy.GetProperty("synthesisMode").GetString()));
        var copiedItems = copy.GetProperty("domains")[0].GetProperty("themes")[0].GetProperty("items");
        Assert.Equal(["Comparer des fractions", "Calculer avec des fractions"], copiedItems.EnumerateArray().Select(i => i.GetProperty("name").GetString()!).ToArray());
        Assert.Equal(2, copiedItems[0].GetProperty("coef").GetInt32());
        Assert.DoesNotContain(items, id => copiedItems.EnumerateArray().Any(i => i.GetProperty("id").GetInt64() == id));
        // 202 sees its copy; 101 does not (tenant filter); the copy's key is taken now.
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync($"/api/competences/referentials/{copy.GetProperty("id").GetInt64()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await teacher.GetAsync($"/api/competences/referentials/{copy.GetProperty("id").GetInt64()}")).StatusCode);
        var again = await other.PostAsJsonAsync($"/api/competences/catalog/{v1Id}/import", new { });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        // Another level is possible.
        var asThird = await other.PostAsJsonAsync($"/api/competences/catalog/{v2.GetProperty("id").GetInt64()}/import", new { levelCode = "3E" });
        Assert.Equal(HttpStatusCode.Created, asThird.StatusCode);

        // Students do not browse the catalog; an unknown entry is 404 with a French detail.
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Client(app.Student1, "ELV").GetAsync("/api/competences/catalog")).StatusCode);
        var missing = await other.GetAsync("/api/competences/catalog/999999999");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("banque académique", (await CompetencesApp.JsonAsync(missing)).GetProperty("detail").GetString());
    }
}
