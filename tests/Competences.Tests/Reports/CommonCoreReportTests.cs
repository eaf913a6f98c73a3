using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sacoche.Competences.Tests.Api;
using Xunit;
using static Sacoche.Competences.Tests.Reports.ReportTestData;

namespace Sacoche.Competences.Tests.Reports;

/// <summary>
/// Common core mastery of Student1 (class 3A, whose principal teacher is Teacher1), cycle 4. One referential links
/// 8 items to each of 7 components (REP_MND has none); one evaluation gives k items VV (100 → A) and the others RR (0 → NA),
/// so the percentage of items acquired is round(100·k / 8): k = 2 → 25, 3 → 37.5 → 38, 4 → 50, 5 → 62.5 → 63, 6 → 75,
/// 7 → 87.5 → 88, 8 → 100 (half away from zero).
/// </summary>
// One collection for the report tests: run one after another, so that they add one host (not five) to the parallel fixtures.
[Collection("Reports")]
public sealed class CommonCoreReportTests(CompetencesApp app) : IClassFixture<CompetencesApp>
{
    private static readonly string[] Components = ["CPD_FRA", "CPD_ETR", "CPD_SCI", "CPD_ART", "MET_APP", "FRM_CIT", "SYS_NAT", "REP_MND"];

    [Fact]
    public async Task Degrees_at_the_thresholds_positionnement_kept_and_brevet_points()
    {
        var admin = app.AdminClient();
        var subject = await app.NewSubjectAsync();
        var links = Enumerable.Range(0, 7).SelectMany(c => Enumerable.Repeat(Components[c], 8)).ToArray();
        var items = await CreateSocleReferentialAsync(admin, subject, "3E", links);
        var cells = new List<(Guid, long, string)>();
        for (int c = 0; c < 7; c++)
        {
            int acquired = c + 2;
            for (int k = 0; k < 8; k++)
            {
                cells.Add((app.Student1, items[c * 8 + k], k < acquired ? "VV" : "RR"));
            }
        }
        var evaluation = await EvaluateAsync(admin, "2026-10-15", items, [.. cells]);
        string url = $"/api/competences/common-core/students/{app.Student1}?cycle=4";

        // Default thresholds 35 / 60 / 81: 25 → 1; 38 → 2; 50 → 2; 63 → 3; 75 → 3; 88 → 4; 100 → 4; REP_MND not assessed.
        var sheet = await GetJsonAsync(admin, url);
        Assert.Equal("25:1 38:2 50:2 63:3 75:3 88:4 100:4 -:-", Computed(sheet));
        // Brevet: 10 + 25 + 25 + 40 + 40 + 50 + 50 + 0 = 240; incomplete (REP_MND has no degree).
        Assert.Equal(240, sheet.GetProperty("brevetPoints").GetInt32());
        Assert.False(sheet.GetProperty("complete").GetBoolean());
        Assert.Equal(8, sheet.GetProperty("components")[0].GetProperty("items").GetArrayLength());
        Assert.Equal("Maîtrise insuffisante", sheet.GetProperty("components")[0].GetProperty("computedLabel").GetString());

        // Thresholds exactly on the percentages: 25 / 50 / 75 → each boundary value gets the upper degree.
        await UpdateSettingsAsync(app, s => s["mastery"] = new JsonObject { ["fragileFrom"] = 25, ["satisfactoryFrom"] = 50, ["veryGoodFrom"] = 75 });
        Assert.Equal("25:2 38:2 50:3 63:3 75:4 88:4 100:4 -:-", Computed(await GetJsonAsync(admin, url)));
        // One above each percentage: 26 / 51 / 76 → 25, 50 and 75 fall to the lower degree.
        await UpdateSettingsAsync(app, s => s["mastery"] = new JsonObject { ["fragileFrom"] = 26, ["satisfactoryFrom"] = 51, ["veryGoodFrom"] = 76 });
        Assert.Equal("25:1 38:2 50:2 63:3 75:3 88:4 100:4 -:-", Computed(await GetJsonAsync(admin, url)));
        // Invalid thresholds are refused in French.
        var bad = await admin.GetStringAsync("/api/competences/settings");
        var node = JsonNode.Parse(bad)!.AsObject();
        node["mastery"] = new JsonObject { ["fragileFrom"] = 60, ["satisfactoryFrom"] = 50, ["veryGoodFrom"] = 81 };
        var refused = await admin.PutAsync("/api/competences/settings", new StringContent(node.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("maîtrise satisfaisante", (await CompetencesApp.JsonAsync(refused)).GetProperty("detail").GetString());
        await UpdateSettingsAsync(app, s => s.Remove("mastery")); // back to the defaults

        // Teacher1, principal teacher of 3A, positions CPD_FRA at 3 and REP_MND at 2.
        var teacher = app.Teacher1Client();
        var put = await teacher.PutAsJsonAsync($"/api/competences/common-core/students/{app.Student1}/positionings", new { cycle = 4, component = "CPD_FRA", degree = 3 });
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        put = await teacher.PutAsJsonAsync($"/api/competences/common-core/students/{app.Student1}/positionings", new { cycle = 4, component = "REP_MND", degree = 2 });
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        sheet = await GetJsonAsync(admin, url);
        var fra = sheet.GetProperty("components")[0];
        // Both shown: computed 1 (25 %), positionnement 3 (with the computed values of that moment), effective 3.
        Assert.Equal(1, fra.GetProperty("computedDegree").GetInt32());
        Assert.Equal(3, fra.GetProperty("positioning").GetProperty("degree").GetInt32());
        Assert.Equal(1, fra.GetProperty("positioning").GetProperty("computedDegreeThen").GetInt32());
        Assert.Equal(25, fra.GetProperty("positioning").GetProperty("computedPercentThen").GetInt32());
        Assert.Equal(app.Teacher1, fra.GetProperty("positioning").GetProperty("setBy").GetGuid());
        Assert.Equal(3, fra.GetProperty("effectiveDegree").GetInt32());
        // Brevet: 40 + 25 + 25 + 40 + 40 + 50 + 50 + 25 = 295; every component has a degree now.
        Assert.Equal(295, sheet.GetProperty("brevetPoints").GetInt32());
        Assert.True(sheet.GetProperty("complete").GetBoolean());

        // New entries change the computed degree; the positionnement stays.
        // CPD_FRA: RR then VV → (0 + 200) / 3 = 67 → A; VV, VV → 100 → A: 8 / 8 → 100 % → degree 4; effective still 3.
        await EvaluateAsync(admin, "2026-11-15", items[..8], [.. items[..8].Select(i => (app.Student1, i, "VV"))]);
        fra = (await GetJsonAsync(admin, url)).GetProperty("components")[0];
        Assert.Equal(100, fra.GetProperty("percent").GetInt32());
        Assert.Equal(4, fra.GetProperty("computedDegree").GetInt32());
        Assert.Equal(3, fra.GetProperty("effectiveDegree").GetInt32());
        Assert.Equal(1, fra.GetProperty("positioning").GetProperty("computedDegreeThen").GetInt32());

        // Class view: Student1 with the effective degrees; Student2 without any.
        var view = await GetJsonAsync(teacher, "/api/competences/common-core/classes/3A?cycle=4");
        Assert.Equal(8, view.GetProperty("components").GetArrayLength());
        var row = view.GetProperty("students").EnumerateArray().Single(s => s.GetProperty("studentId").GetGuid() == app.Student1);
        Assert.Equal([3, 2, 2, 3, 3, 4, 4, 2], row.GetProperty("cells").EnumerateArray().Select(c => c.GetProperty("effectiveDegree").GetInt32()).ToArray());
        Assert.Equal(3, row.GetProperty("cells")[0].GetProperty("positionedDegree").GetInt32());
        Assert.Equal(4, row.GetProperty("cells")[0].GetProperty("computedDegree").GetInt32());
        Assert.Equal(295, row.GetProperty("brevetPoints").GetInt32());
        var other = view.GetProperty("students").EnumerateArray().Single(s => s.GetProperty("studentId").GetGuid() == app.Student2);
        Assert.Equal(0, other.GetProperty("brevetPoints").GetInt32());

        // Removing the positionnement brings back the computed degree.
        put = await teacher.PutAsJsonAsync($"/api/competences/common-core/students/{app.Student1}/positionings", new { cycle = 4, component = "CPD_FRA", degree = (int?)null });
        Assert.True(put.IsSuccessStatusCode);
        fra = (await CompetencesApp.JsonAsync(put)).GetProperty("components")[0];
        Assert.Equal(JsonValueKind.Null, fra.GetProperty("positioning").ValueKind);
        Assert.Equal(4, fra.GetProperty("effectiveDegree").GetInt32());

        // Invalid requests: French details.
        var invalid = await teacher.PutAsJsonAsync($"/api/competences/common-core/students/{app.Student1}/positionings", new { cycle = 4, component = "XYZ", degree = 5 });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("degré de maîtrise 5", (await CompetencesApp.JsonAsync(invalid)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync($"/api/competences/common-core/students/{app.Student1}")).StatusCode);
    }

    [Fact]
    public async Task Common_core_sheet_and_class_view_export_as_csv_and_pdf()
    {
        var admin = app.AdminClient();
        var subject = await app.NewSubjectAsync();
        var items = await CreateSocleReferentialAsync(admin, subject, "4E", ["CPD_SCI", "CPD_SCI", "SYS_NAT"]);
        await EvaluateAsync(admin, "2026-10-20", items, (app.Student2, items[0], "VV"), (app.Student2, items[1], "R"), (app.Student2, items[2], "V"));
        var csv = ParseCsv(await GetBytesAsync(admin, $"/api/competences/common-core/students/{app.Student2}?cycle=4&format=csv", "text/csv"));
        Assert.Equal(["Élève", "Cycle", "Composante", "Libellé", "Items évalués", "Pourcentage d'items acquis", "Degré calculé", "Positionnement", "Degré retenu", "Points du brevet"], csv.Header);
        Assert.Equal(9, csv.Records.Count); // 8 components + total
        // CPD_SCI: VV → A, R → NA: 50 % → maîtrise fragile (35–59), 25 points.
        var sci = csv.Records.Single(r => r[2] == "CPD_SCI");
        Assert.Equal(["Dubois Hugo", "4", "CPD_SCI"], sci[..3]);
        Assert.Equal(["2", "50", "Maîtrise fragile", "", "Maîtrise fragile", "25"], sci[4..]);
        Assert.Equal("TOTAL", csv.Records[^1][2]);

        var (pages, text) = ParsePdf(await GetBytesAsync(admin, $"/api/competences/common-core/students/{app.Student2}?cycle=4&format=pdf", "application/pdf"));
        Assert.True(pages >= 1);
        Assert.Contains("Maîtrise du socle commun", text);
        Assert.Contains("Dubois Hugo", text);
        Assert.Contains("Maîtrise fragile", text);
        Assert.Contains("Total des points du brevet", text);

        var classCsv = ParseCsv(await GetBytesAsync(admin, "/api/competences/common-core/classes/3A?cycle=4&format=csv", "text/csv"));
        Assert.Equal("CPD_FRA (degré retenu)", classCsv.Header[3]);
        var (classPages, classText) = ParsePdf(await GetBytesAsync(admin, "/api/competences/common-core/classes/3A?cycle=4&format=pdf", "application/pdf"));
        Assert.Equal(1, classPages);
        Assert.Contains("Dubois Hugo", classText);
    }

    private static string Computed(JsonElement sheet) => string.Join(" ", sheet.GetProperty("components").EnumerateArray().Select(c =>
        c.GetProperty("percent").ValueKind == JsonValueKind.Null ? "-:-" : $"{c.GetProperty("percent").GetInt32()}:{c.GetProperty("computedDegree").GetInt32()}"));
}
