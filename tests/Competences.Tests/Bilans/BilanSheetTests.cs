using System.Net;
using System.Text.Json;
using Sacoche.Competences.Tests.Api;
using Xunit;
using static Sacoche.Competences.Tests.Bilans.BilanTestData;
using static Sacoche.Competences.Tests.Reports.ReportTestData;

namespace Sacoche.Competences.Tests.Bilans;

/// <summary>
/// The class sheet's computed positioning, worked out by hand (docs/domain/bilans.md, codes-and-scores.md: RR 0, R 33, V 67, VV 100,
/// geometric weights 1, 2, 4…, round half away from zero). Period « Trimestre 1 » 01/09/2026–30/11/2026 for 3A.
/// MATHS (3E, items m1 m2, coef 1, retroactivity non): Student1 m1 V (10/10), m2 VV (12/10), m1 RR (05/12, after the end).
/// SVT: 3E item s1 retroactivity non, 4E item s2 retroactivity oui; Student1 R (20/08, before the start) then V (01/10) on both;
/// Student2 R (20/08) on s2 only. FRANC (group G1): nothing evaluated.
/// </summary>
public sealed class BilanSheetTests(CompetencesApp app) : IClassFixture<CompetencesApp>
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static long _period;

    private async Task<long> DataAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_period != 0 && await app.CountAsync($"SELECT count(*) FROM periods WHERE id = {_period}") == 1)
            {
                return _period;
            }
            var admin = app.AdminClient();
            var period = await CreatePeriodAsync(admin, "Trimestre 1", "2026-09-01", "2026-11-30", "3A");
            var (_, maths) = await app.CreateReferentialAsync(admin, "MATHS", "3E", items: 2, retroactivity: "non");
            var (_, s1) = await app.CreateReferentialAsync(admin, "SVT", "3E", items: 1, retroactivity: "non", itemName: "SVT non");
            var (_, s2) = await app.CreateReferentialAsync(admin, "SVT", "4E", items: 1, retroactivity: "oui", itemName: "SVT oui");
            await EvaluateAsync(admin, "2026-10-10", [maths[0]], (app.Student1, maths[0], "V"));
            await EvaluateAsync(admin, "2026-10-12", [maths[1]], (app.Student1, maths[1], "VV"));
            await EvaluateAsync(admin, "2026-12-05", [maths[0]], (app.Student1, maths[0], "RR"));
            await EvaluateAsync(admin, "2026-08-20", [s1[0], s2[0]], (app.Student1, s1[0], "R"), (app.Student1, s2[0], "R"), (app.Student2, s2[0], "R"));
            await EvaluateAsync(admin, "2026-10-01", [s1[0], s2[0]], (app.Student1, s1[0], "V"), (app.Student1, s2[0], "V"));
            _period = period;
            return period;
        }
        finally
        {
            Gate.Release();
        }
    }

    private async Task<JsonElement> SheetAsync(HttpClient client, long period) => await OkJsonAsync(await client.GetAsync($"/api/competences/bilans/3A/{period}"));

    private static (decimal? Computed, int? Mean) Of(JsonElement? cell) =>
        (Dec(cell!.Value, "computed"), cell.Value.GetProperty("mean").ValueKind == JsonValueKind.Null ? null : cell.Value.GetProperty("mean").GetInt32());

    [Fact]
    public async Task Positioning_in_each_mode()
    {
        var period = await DataAsync();
        try
        {
            var sheet = await SheetAsync(app.AdminClient(), period);
            Assert.Equal("position", sheet.GetProperty("mode").GetString());
            Assert.Equal("closed", sheet.GetProperty("status").GetString());
            Assert.Equal(["FRANC", "MATHS", "SVT"], sheet.GetProperty("subjects").EnumerateArray().Select(s => s.GetProperty("code").GetString()!).ToArray());
            // MATHS: m1 = V only (the 05/12 RR is after the end) = 67, m2 = 100 → (67 + 100) / 2 = 83.5 → 84 → level 4 (75–100).
            Assert.Equal((4m, 84), Of(Cell(sheet, app.Student1, "MATHS")));
            // SVT: s1 (non) sees V only = 67; s2 (oui) sees R, V = (33·1 + 67·2) / 3 = 167 / 3 = 55.67 → 56;
            // mean (67 + 56) / 2 = 61.5 → 62 → level 3 (50–74).
            Assert.Equal((3m, 62), Of(Cell(sheet, app.Student1, "SVT")));
            // FRANC: nothing evaluated → « non évalué ».
            Assert.Equal((null, null), Of(Cell(sheet, app.Student1, "FRANC")));
            // Student2: no MATHS entry; on s2 only an R before the start: no value in the period, no score even with « oui ».
            Assert.Equal((null, null), Of(Cell(sheet, app.Student2, "MATHS")));
            Assert.Equal((null, null), Of(Cell(sheet, app.Student2, "SVT")));
            // FRANC is a group subject: Student2 is not in G1.
            Assert.Null(Cell(sheet, app.Student2, "FRANC"));
            var maths = sheet.GetProperty("subjects").EnumerateArray().Single(s => s.GetProperty("code").GetString() == "MATHS");
            Assert.Equal(["Compétence 1", "Compétence 2"], maths.GetProperty("proposedElements").EnumerateArray().Select(e => e.GetProperty("name").GetString()!).ToArray());
            Assert.Equal(JsonValueKind.Null, maths.GetProperty("classMean").ValueKind);

            // objectif: 84 → Atteints (65–89) = 3; 62 → Partiellement atteints (35–64) = 2.
            await SetModeAsync(app, "objectif", 35, 65, 90);
            sheet = await SheetAsync(app.AdminClient(), period);
            Assert.Equal("objectif", sheet.GetProperty("mode").GetString());
            Assert.Equal((3m, 84), Of(Cell(sheet, app.Student1, "MATHS")));
            Assert.Equal((2m, 62), Of(Cell(sheet, app.Student1, "SVT")));

            // moyenne: 84 / 5 = 16.8; 62 / 5 = 12.4; the class mean is Student1's alone (Student2 has no mark).
            await SetModeAsync(app, "moyenne", 25, 50, 75);
            sheet = await SheetAsync(app.AdminClient(), period);
            Assert.Equal((16.8m, 84), Of(Cell(sheet, app.Student1, "MATHS")));
            Assert.Equal((12.4m, 62), Of(Cell(sheet, app.Student1, "SVT")));
            maths = sheet.GetProperty("subjects").EnumerateArray().Single(s => s.GetProperty("code").GetString() == "MATHS");
            Assert.Equal(16.8m, maths.GetProperty("classMean").GetDecimal());

            // An override counts in the class mean: (16.8 + 10.5) / 2 = 13.65 → 13.7.
            await SetStatusAsync(app, "3A", period, "subjects");
            var write = await WriteSubjectAsync(app.AdminClient(), "3A", period, app.Student2, "MATHS", new { positioning = 10.5m, version = 0 });
            var cell = await OkJsonAsync(write);
            Assert.Equal(10.5m, cell.GetProperty("override").GetDecimal());
            Assert.Equal(JsonValueKind.Null, cell.GetProperty("computed").ValueKind);
            await ProblemAsync(await WriteSubjectAsync(app.AdminClient(), "3A", period, app.Student2, "MATHS", new { positioning = 13.45m, version = 1 }),
                HttpStatusCode.BadRequest, "validation");
            sheet = await SheetAsync(app.AdminClient(), period);
            maths = sheet.GetProperty("subjects").EnumerateArray().Single(s => s.GetProperty("code").GetString() == "MATHS");
            Assert.Equal(13.7m, maths.GetProperty("classMean").GetDecimal());
            cell = await OkJsonAsync(await WriteSubjectAsync(app.AdminClient(), "3A", period, app.Student2, "MATHS", new { clearOverride = true, version = 1 }));
            Assert.Equal(JsonValueKind.Null, cell.GetProperty("override").ValueKind);
        }
        finally
        {
            await SetModeAsync(app, "position", 25, 50, 75);
        }
    }

    [Fact]
    public async Task The_settings_check_the_mode_and_thresholds()
    {
        var admin = app.AdminClient();
        var settings = System.Text.Json.Nodes.JsonNode.Parse(await admin.GetStringAsync("/api/competences/settings"))!.AsObject();
        Assert.Equal("position", settings["bilans"]!["mode"]!.GetValue<string>());
        foreach (var (mode, from2, from3, from4) in new[] { ("notes", 25, 50, 75), ("objectif", 65, 35, 90), ("position", 0, 50, 75), ("moyenne", 25, 50, 101) })
        {
            settings["bilans"] = new System.Text.Json.Nodes.JsonObject { ["mode"] = mode, ["from2"] = from2, ["from3"] = from3, ["from4"] = from4 };
            var response = await admin.PutAsync("/api/competences/settings", new StringContent(settings.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
            var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, "validation");
            Assert.True(problem.GetProperty("errors").GetProperty("bilans").GetArrayLength() > 0);
        }
        var period = await DataAsync();
        Assert.Equal("position", (await SheetAsync(admin, period)).GetProperty("mode").GetString());
    }

    [Fact]
    public async Task An_override_keeps_both_values_and_clear_goes_back()
    {
        var period = await DataAsync();
        await SetStatusAsync(app, "3A", period, "mixed");
        var teacher = app.Teacher1Client();
        var first = await WriteSubjectAsync(teacher, "3A", period, app.Student1, "MATHS", new { version = 0 });
        int version = (await OkJsonAsync(first)).GetProperty("version").GetInt32();
        // In levels, 10.5 is not a level.
        await ProblemAsync(await WriteSubjectAsync(teacher, "3A", period, app.Student1, "MATHS", new { positioning = 10.5m, version }), HttpStatusCode.BadRequest, "validation");
        var cell = await OkJsonAsync(await WriteSubjectAsync(teacher, "3A", period, app.Student1, "MATHS",
            new { positioning = 2, appreciation = "  Des progrès.  ", elements = new[] { "Fractions", " ", "Fractions", "Équations" }, version }));
        Assert.Equal(4m, Dec(cell, "computed"));
        Assert.Equal(2m, Dec(cell, "override"));
        Assert.Equal(84, cell.GetProperty("mean").GetInt32());
        Assert.Equal("Des progrès.", cell.GetProperty("appreciation").GetString());
        Assert.Equal(["Fractions", "Équations"], cell.GetProperty("elements").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal(app.Teacher1, cell.GetProperty("changedBy").GetGuid());
        version = cell.GetProperty("version").GetInt32();

        var sheet = await SheetAsync(app.AdminClient(), period);
        var shown = Cell(sheet, app.Student1, "MATHS")!.Value;
        Assert.Equal(4m, Dec(shown, "computed"));
        Assert.Equal(2m, Dec(shown, "override"));
        Assert.Equal(version, shown.GetProperty("version").GetInt32());

        // Members left out are unchanged; "" clears the appreciation; clearOverride goes back to the computed value.
        cell = await OkJsonAsync(await WriteSubjectAsync(teacher, "3A", period, app.Student1, "MATHS", new { clearOverride = true, version }));
        Assert.Null(Dec(cell, "override"));
        Assert.Equal("Des progrès.", cell.GetProperty("appreciation").GetString());
        Assert.Equal(2, cell.GetProperty("elements").GetArrayLength());
        cell = await OkJsonAsync(await WriteSubjectAsync(teacher, "3A", period, app.Student1, "MATHS", new { appreciation = "", version = cell.GetProperty("version").GetInt32() }));
        Assert.Equal(JsonValueKind.Null, cell.GetProperty("appreciation").ValueKind);

        // Too long texts and too many elements.
        int v = cell.GetProperty("version").GetInt32();
        await ProblemAsync(await WriteSubjectAsync(teacher, "3A", period, app.Student1, "MATHS", new { appreciation = new string('a', 601), version = v }),
            HttpStatusCode.BadRequest, "validation");
        await ProblemAsync(await WriteSubjectAsync(teacher, "3A", period, app.Student1, "MATHS", new { elements = Enumerable.Range(1, 11).Select(i => $"E{i}").ToArray(), version = v }),
            HttpStatusCode.BadRequest, "validation");
        await ProblemAsync(await WriteSubjectAsync(teacher, "3A", period, app.Student1, "MATHS", new { elements = new[] { new string('e', 301) }, version = v }),
            HttpStatusCode.BadRequest, "validation");
    }
}
