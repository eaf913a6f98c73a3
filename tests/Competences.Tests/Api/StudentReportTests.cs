using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace Sacoche.Competences.Tests.Api;

/// <summary>Student report scores checked against docs/domain/codes-and-scores.md, computed by hand in the comments.</summary>
public sealed class StudentReportTests(CompetencesApp app) : IClassFixture<CompetencesApp>
{
    [Fact]
    public async Task Scores_states_mean_and_percentage_equal_the_hand_computed_results()
    {
        var admin = app.AdminClient();
        var subject = await app.NewSubjectAsync();
        var (_, items) = await app.CreateReferentialAsync(admin, subject, "3E", items: 3); // geometrique, limit 5, retroactivity non
        // Three evaluations, oldest first, each on the three items, for Student1.
        string[][] codes =
        [
            ["R", "RR", "NN"],   // 2026-10-01
            ["V", "AB", "NN"],   // 2026-10-02
            ["VV", "V", "NN"],   // 2026-10-03
        ];
        for (int e = 0; e < 3; e++)
        {
            var id = await CompetencesApp.CreateEvaluationAsync(admin, new { classCode = "3A", date = $"2026-10-0{e + 1}", description = $"Éval {e + 1}", itemIds = items });
            var put = await admin.PutAsJsonAsync($"/api/competences/evaluations/{id}/entries",
                Enumerable.Range(0, 3).Select(i => new { studentId = app.Student1, itemId = items[i], code = codes[e][i] }).ToArray());
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var report = await ReportAsync(admin, $"subject={subject}");
        var s = report.GetProperty("subjects")[0];
        var item1 = s.GetProperty("items")[0];
        // Item 1: R, V, VV geometric → (33·1 + 67·2 + 100·4) / (1 + 2 + 4) = 567 / 7 = 81 → A (61–100).
        Assert.Equal(81, item1.GetProperty("score").GetInt32());
        Assert.Equal("A", item1.GetProperty("state").GetString());
        Assert.Equal(["2026-10-01:R", "2026-10-02:V", "2026-10-03:VV"],
            item1.GetProperty("entries").EnumerateArray().Select(x => $"{x.GetProperty("date").GetString()}:{x.GetProperty("sigle").GetString()}").ToArray());
        // Item 2: RR, AB, V → AB dropped → RR(0), V(67): (0·1 + 67·2) / 3 = 134 / 3 = 44.67 → 45 → VA (40–60).
        var item2 = s.GetProperty("items")[1];
        Assert.Equal(45, item2.GetProperty("score").GetInt32());
        Assert.Equal("VA", item2.GetProperty("state").GetString());
        // Item 3: only NN (an empty cell, never stored) → not in the report, and not in the aggregates.
        Assert.Equal(2, s.GetProperty("items").GetArrayLength());
        // Subject: mean of scored items (coef 1) = (81 + 45) / 2 = 63; percentage = (100·1 A + 50·1 VA) / 2 items = 75; /20 = 15.
        Assert.Equal(63, s.GetProperty("mean").GetInt32());
        Assert.Equal(75, s.GetProperty("percentAcquired").GetInt32());
        Assert.Equal(15.0m, s.GetProperty("outOf20").GetDecimal());

        // Period from 2026-10-02, retroactivity "non": the 10-01 entries do not count.
        // Item 1: V, VV → (67·1 + 100·2) / 3 = 267 / 3 = 89 → A. Item 2: AB dropped, V → 67 → A.
        var period = (await ReportAsync(admin, $"subject={subject}&from=2026-10-02&to=2026-10-31")).GetProperty("subjects")[0];
        Assert.Equal(89, period.GetProperty("items")[0].GetProperty("score").GetInt32());
        Assert.Equal(2, period.GetProperty("items")[0].GetProperty("entries").GetArrayLength());
        Assert.Equal(67, period.GetProperty("items")[1].GetProperty("score").GetInt32());
        // Mean (89 + 67) / 2 = 78; both A → 100 %.
        Assert.Equal(78, period.GetProperty("mean").GetInt32());
        Assert.Equal(100, period.GetProperty("percentAcquired").GetInt32());

        // Up to 2026-10-02 only: item 1 R, V → (33 + 134) / 3 = 167 / 3 = 55.67 → 56 → VA.
        var early = (await ReportAsync(admin, $"subject={subject}&to=2026-10-02")).GetProperty("subjects")[0];
        Assert.Equal(56, early.GetProperty("items")[0].GetProperty("score").GetInt32());
        Assert.Equal("VA", early.GetProperty("items")[0].GetProperty("state").GetString());
    }

    [Fact]
    public async Task The_referential_method_and_limit_apply_with_half_away_from_zero_rounding()
    {
        var admin = app.AdminClient();
        var subject = await app.NewSubjectAsync();
        var (_, items) = await app.CreateReferentialAsync(admin, subject, "4E", items: 1, method: "classique", limit: 2);
        string[] codes = ["VV", "RR", "R"];
        for (int e = 0; e < codes.Length; e++)
        {
            var id = await CompetencesApp.CreateEvaluationAsync(admin, new { classCode = "3A", date = $"2026-09-1{e}", description = $"Éval {e}", itemIds = items });
            await admin.PutAsJsonAsync($"/api/competences/evaluations/{id}/entries", new[] { new { studentId = app.Student2, itemId = items[0], code = codes[e] } });
        }
        // classique, only the last 2 values: RR, R → (0 + 33) / 2 = 16.5 → 17 half away from zero (banker's rounding
        // would give 16); VV, dropped by the limit, does not count → NA.
        var item = (await ReportAsync(admin, $"subject={subject}", app.Student2)).GetProperty("subjects")[0].GetProperty("items")[0];
        Assert.Equal(17, item.GetProperty("score").GetInt32());
        Assert.Equal("NA", item.GetProperty("state").GetString());
        Assert.Equal(3, item.GetProperty("entries").GetArrayLength());
    }

    [Fact]
    public async Task Students_and_parents_see_only_visible_entries_of_their_own_child()
    {
        var admin = app.AdminClient();
        var subject = await app.NewSubjectAsync();
        var (_, items) = await app.CreateReferentialAsync(admin, subject, "5E", items: 1);
        var today = DateOnly.FromDateTime(DateTime.Now);
        var visible = await CompetencesApp.CreateEvaluationAsync(admin, new { classCode = "3A", date = today.AddDays(-3).ToString("yyyy-MM-dd"), description = "Visible", itemIds = items });
        var hidden = await CompetencesApp.CreateEvaluationAsync(admin, new
        {
            classCode = "3A",
            date = today.AddDays(-1).ToString("yyyy-MM-dd"),
            visibleDate = today.AddDays(30).ToString("yyyy-MM-dd"),
            description = "Pas encore visible",
            itemIds = items,
        });
        await admin.PutAsJsonAsync($"/api/competences/evaluations/{visible}/entries", new[] { new { studentId = app.Student1, itemId = items[0], code = "VV" } });
        await admin.PutAsJsonAsync($"/api/competences/evaluations/{hidden}/entries", new[] { new { studentId = app.Student1, itemId = items[0], code = "RR" } });

        // Teacher: both entries, VV then RR → (100·1 + 0·2) / 3 = 33.3 → 33. Student and parent: VV only → 100.
        Assert.Equal(33, (await ReportAsync(admin, $"subject={subject}")).GetProperty("subjects")[0].GetProperty("items")[0].GetProperty("score").GetInt32());
        foreach (var client in new[] { app.Client(app.Student1, "ELV"), app.Client(app.Guardian1, "TUT") })
        {
            var item = (await ReportAsync(client, $"subject={subject}")).GetProperty("subjects")[0].GetProperty("items")[0];
            Assert.Equal(100, item.GetProperty("score").GetInt32());
            Assert.Equal(1, item.GetProperty("entries").GetArrayLength());
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Client(app.Student1, "ELV").GetAsync($"/api/competences/reports/students/{app.Student2}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Client(app.Guardian1, "TUT").GetAsync($"/api/competences/reports/students/{app.Student2}")).StatusCode);
    }

    private async Task<JsonElement> ReportAsync(HttpClient client, string query, Guid? student = null)
    {
        var response = await client.GetAsync($"/api/competences/reports/students/{student ?? app.Student1}?{query}");
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, json);
        return JsonDocument.Parse(json).RootElement.Clone();
    }
}
