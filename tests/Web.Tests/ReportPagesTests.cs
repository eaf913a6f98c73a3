using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Sacoche.EndToEnd.Tests;
using Sacoche.Testing.Generators;
using Sacoche.Testing.Infrastructure;
using Xunit.Abstractions;

namespace Sacoche.Web.Tests;

/// <summary>
/// Report pages (issue 8): data seeded through the APIs (imports, a referential linked to the common core,
/// two evaluations with known codes), then the pages in the browser: the class report with its coloured
/// states, CSV and PDF downloads, the common-core sheet and its positionnement, a parent's view of a child.
/// Expected states are worked out from docs/domain/codes-and-scores.md (geometric mean, default codes and states), not copied from output.
/// </summary>
[Collection("web")]
public sealed class ReportPagesTests(SystemFixture system, BrowserFixture browser, ITestOutputHelper output)
{
    private static readonly string Shots = Path.Combine(AppContext.BaseDirectory, "screenshots", "reports");
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);
    private PageChecks Checks => _checks ??= new PageChecks(output, Shots);
    private PageChecks? _checks;

    private string Url(string path) => new Uri(system.GatewayUrl, path).ToString();

    [Fact]
    public async Task Report_pages_show_states_downloads_common_core_and_a_parents_view()
    {
        Directory.CreateDirectory(Shots);
        using var client = system.CreateClient(followRedirects: false);
        var opened = await Oidc.OpenEstablishmentAsync(client, "Collège Les Bilans");
        var admin = await Oidc.AdminTokenAsync(system, opened);
        var year = DateTime.Today.Month >= 8 ? DateTime.Today.Year : DateTime.Today.Year - 1;
        var gen = new ImportFileGenerator(seed: 21, uai: opened.Uai, year: year, counts: GeneratorCounts.Small);

        // A class taught by a teacher, three of its students with unique names, the first one with a legal guardian of unique name.
        var guardianNames = gen.Guardians.GroupBy(g => (g.ExpectedLastName, g.FirstName)).ToDictionary(g => g.Key, g => g.Count());
        var studentNames = gen.Students.GroupBy(s => (s.ExpectedLastName, s.FirstName)).ToDictionary(g => g.Key, g => g.Count());
        GeneratedGuardian? GuardianOf(GeneratedStudent s) => gen.Guardians.FirstOrDefault(g =>
            guardianNames[(g.ExpectedLastName, g.FirstName)] == 1 && g.Links.Any(l => l.StudentId == s.SiecleId && l.Legal is 1 or 2));
        var (service, students) = gen.Services.Where(s => !s.IsGroup).Select(service => (service, students: gen.Students
                .Where(s => s.IsCurrent && s.ClassCodes[0] == service.StructureCode && studentNames[(s.ExpectedLastName, s.FirstName)] == 1)
                .OrderBy(s => GuardianOf(s) is null).ThenBy(s => s.ExpectedLastName, StringComparer.Ordinal).Take(3).ToList()))
            .First(x => x.students.Count == 3 && GuardianOf(x.students[0]) is not null);
        var teacher = gen.Staff.First(s => s.Id == service.TeacherId);
        var guardian = GuardianOf(students[0])!;
        var classCode = service.StructureCode;
        output.WriteLine($"class {classCode}, teacher {teacher.ExpectedLastName}, guardian {guardian.ExpectedLastName} {guardian.FirstName} of {students[0].ExpectedLastName}");

        await Imports.UploadAndConfirmAsync(client, admin, gen.StsXml(), gen.StsFileName);
        await Imports.UploadAndConfirmAsync(client, admin, gen.StudentsXml(), "ElevesSansAdresses.xml");
        await Imports.UploadAndConfirmAsync(client, admin, ImportFileGenerator.Zip("ResponsablesAvecAdresses.xml", gen.GuardiansXml()), "ExportXML_ResponsablesAvecAdresses.zip");

        var credentials = await BrowserSignIn.InitialCredentialsAsync(client, admin, Wait,
            (teacher.ExpectedProfile, teacher.ExpectedLastName, teacher.FirstName), ("TUT", guardian.ExpectedLastName, guardian.FirstName));
        var (teacherLogin, parentLogin) = (credentials[0], credentials[1]);
        var prof = await Oidc.AdminTokenAsync(system, opened with { AdminLogin = teacherLogin.Login, AdminPassword = teacherLogin.Password });

        // The teacher's subject (Competences learns it from the STS import) and a level.
        string? subjectCode = null;
        Assert.True(await TestServers.EventuallyAsync(async () =>
        {
            var subjects = await GetJsonAsync(client, prof, "/api/competences/subjects");
            subjectCode = subjects.EnumerateArray().FirstOrDefault(s => s.GetProperty("bcnCode").GetString() == service.SubjectBcnCode) is { ValueKind: JsonValueKind.Object } found
                ? found.GetProperty("code").GetString() : null;
            return subjectCode is not null;
        }, Wait), "the teacher's subject never reached Competences");
        var level = (await GetJsonAsync(client, prof, "/api/competences/levels")).EnumerateArray().First(l => !l.GetProperty("isCycle").GetBoolean()).GetProperty("code").GetString()!;

        // Referential: two items, linked to the common core (cycle 4) CPD_FRA and CPD_SCI.
        var created = await client.SendAsync(HttpMethod.Post, "/api/competences/referentials", prof, new
        {
            subjectCode,
            levelCode = level,
            domains = new[]
            {
                new
                {
                    code = "A", name = "Comprendre et communiquer",
                    themes = new[]
                    {
                        new
                        {
                            name = "Lire",
                            items = new[]
                            {
                                new { name = "Comparer deux documents", abbrev = "Comparer", socle = new[] { new { cycle = 4, component = "CPD_FRA" } } },
                                new { name = "Décrire une expérience", abbrev = "Décrire", socle = new[] { new { cycle = 4, component = "CPD_SCI" } } },
                            },
                        },
                    },
                },
            },
        });
        var referential = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(created.IsSuccessStatusCode, referential.ToString());
        var items = referential.GetProperty("domains")[0].GetProperty("themes")[0].GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToArray();
        var (item1, item2) = (items[0], items[1]);

        // Two evaluations of the class (visible at once), the roster of the class known to Competences first.
        var today = DateOnly.FromDateTime(DateTime.Today);
        var e1 = await EvaluationAsync(client, prof, classCode, today.AddDays(-10), "Évaluation 1", items);
        var e2 = await EvaluationAsync(client, prof, classCode, today.AddDays(-3), "Évaluation 2", items);
        JsonElement grid = default;
        Assert.True(await TestServers.EventuallyAsync(async () =>
        {
            grid = await GetJsonAsync(client, prof, $"/api/competences/evaluations/{e1}/entries");
            return students.All(s => FindStudent(grid, s) is not null);
        }, Wait), "the class's students never reached Competences");
        var ids = students.Select(s => FindStudent(grid, s)!.Value).ToArray();

        // Codes (oldest first) and what docs/domain/codes-and-scores.md makes of them (geometric weights 1, 2; NA 0–39, VA 40–60, A 61–100):
        //   student 0: item 1 R, V   → (33 + 2·67) / 3 = 55.7 → 56 → VA ; item 2 VV, VV → 100 → A
        //   student 1: item 1 RR, R  → (0 + 2·33) / 3 = 22 → NA        ; item 2 V, VV  → (67 + 200) / 3 = 89 → A
        //   student 2: item 1 V, AB  → 67 (absent never counts) → A     ; item 2 never assessed → no state
        await EntriesAsync(client, prof, e1, [(ids[0], item1, "R"), (ids[0], item2, "VV"), (ids[1], item1, "RR"), (ids[1], item2, "V"), (ids[2], item1, "V")]);
        await EntriesAsync(client, prof, e2, [(ids[0], item1, "V"), (ids[0], item2, "VV"), (ids[1], item1, "R"), (ids[1], item2, "VV"), (ids[2], item1, "AB")]);
        var colors = (await GetJsonAsync(client, admin, "/api/competences/settings")).GetProperty("states").EnumerateArray()
            .ToDictionary(s => s.GetProperty("sigle").GetString()!, s => s.GetProperty("color").GetString()!);

        // 1. The teacher's class report: students × items with the coloured states.
        var page = await browser.SignInAsync(output, system.GatewayUrl, opened.BaseId, teacherLogin.Login, teacherLogin.Password);
        await page.GotoAsync(Url("/releves"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Relevés / Synthèses");
        if (await page.Locator("select#cible").CountAsync() > 0)
        {
            await page.SelectOptionAsync("#cible", $"classe:{classCode}");
        }
        else
        {
            await page.SelectOptionAsync("#type", "classe");
            await page.FillAsync("#code", classCode);
        }
        await page.ClickAsync("button:has-text('Afficher le bilan')");
        await Assertions.Expect(page.Locator("table.class-report")).ToBeVisibleAsync();
        string?[,] expected = { { "VA", "A" }, { "NA", "A" }, { "A", null } };
        for (var s = 0; s < 3; s++)
        {
            var row = page.Locator("table.class-report tbody tr", new() { Has = page.Locator($"a[href='/releves/eleve/{ids[s]}']") });
            await Assertions.Expect(row).ToHaveCountAsync(1);
            for (var i = 0; i < 2; i++)
            {
                var cell = row.Locator($"td[data-item='{items[i]}']");
                var state = expected[s, i];
                if (state is null)
                {
                    await Assertions.Expect(cell.Locator(".state")).ToHaveCountAsync(0);
                    await Assertions.Expect(cell).ToContainTextAsync("non évalué");
                    continue;
                }
                await Assertions.Expect(cell.Locator(".state")).ToHaveTextAsync(state);
                var style = await cell.Locator(".state").GetAttributeAsync("style");
                Assert.Contains($"background:{colors[state]}", style, StringComparison.OrdinalIgnoreCase);
            }
        }
        await Assertions.Expect(page.Locator("table.class-report tbody tr", new() { Has = page.Locator($"a[href='/releves/eleve/{ids[0]}']") })).ToContainTextAsync("56");
        await ShotAsync(page, "bilan-classe");
        await AxeAsync(page, "bilan de classe");

        // 2. Downloads of the class report: CSV with the students' names, PDF.
        var csv = await DownloadAsync(page, "Télécharger (CSV)", "text/csv");
        var csvText = Encoding.UTF8.GetString(csv);
        foreach (var s in students)
        {
            Assert.Contains(s.ExpectedLastName, csvText, StringComparison.Ordinal);
        }
        var pdf = await DownloadAsync(page, "Télécharger (PDF)", "application/pdf");
        Assert.Equal("%PDF", Encoding.ASCII.GetString(pdf, 0, 4));
        // A forged code never reaches the API's path.
        var forged = await page.Context.APIRequest.GetAsync(Url("/telechargements/bilans/classes/..%2F..%2Fsettings/bilan.csv"));
        Assert.NotEqual(200, forged.Status);

        await page.SetViewportSizeAsync(390, 844);
        await ShotAsync(page, "bilan-classe-telephone");
        await page.SetViewportSizeAsync(1280, 900);

        // 3. A student's relevé from the class report, with its own downloads.
        await page.ClickAsync($"a[href='/releves/eleve/{ids[0]}']");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Comparer deux documents");
        await Assertions.Expect(page.Locator("main .swatch", new() { HasText = "VV" })).ToHaveCountAsync(2);
        var relevePdf = await DownloadAsync(page, "Télécharger (PDF)", "application/pdf");
        Assert.Equal("%PDF", Encoding.ASCII.GetString(relevePdf, 0, 4));

        // 4. The common-core sheet: the eight components; CPD_FRA at 50 % of items acquired (one VA) → degree 2, CPD_SCI 100 % → degree 4.
        await page.GotoAsync(Url($"/socle/eleve/{ids[0]}?cycle=4"));
        var components = page.Locator("table.common-core tbody tr");
        await Assertions.Expect(components).ToHaveCountAsync(8);
        await Assertions.Expect(page.Locator("tr[data-component='CPD_FRA']")).ToContainTextAsync("50 %");
        await Assertions.Expect(page.Locator("tr[data-component='CPD_FRA'] td").Nth(1)).ToContainTextAsync("Maîtrise fragile");
        await Assertions.Expect(page.Locator("tr[data-component='CPD_SCI'] td").Nth(1)).ToContainTextAsync("Très bonne maîtrise");
        await Assertions.Expect(page.Locator("tr[data-component='REP_MND'] td").Nth(0)).ToHaveTextAsync("–");
        var socleCsv = Encoding.UTF8.GetString(await DownloadAsync(page, "Télécharger (CSV)", "text/csv"));
        Assert.Contains(students[0].ExpectedLastName, socleCsv, StringComparison.Ordinal);
        await ShotAsync(page, "socle-eleve");
        await AxeAsync(page, "socle commun d'un élève");

        // 5. The class's common core: a row per student, a column per component.
        await page.GotoAsync(Url($"/socle?cible=classe:{Uri.EscapeDataString(classCode)}&cycle=4"));
        await Assertions.Expect(page.Locator("table.common-core-class thead th")).ToHaveCountAsync(10);
        await Assertions.Expect(page.Locator("table.common-core-class tbody tr", new() { Has = page.Locator($"a[href^='/socle/eleve/{ids[0]}']") })).ToContainTextAsync("50 %");
        var soclePdf = await DownloadAsync(page, "Télécharger (PDF)", "application/pdf");
        Assert.Equal("%PDF", Encoding.ASCII.GetString(soclePdf, 0, 4));
        await ShotAsync(page, "socle-classe");
        await AxeAsync(page, "socle commun de la classe");

        // 6. The administrator positions the student on CPD_FRA: degree 3 kept, the computed degree 2 still shown.
        var adminPage = await browser.SignInAsync(output, system.GatewayUrl, opened.BaseId, opened.AdminLogin, opened.AdminPassword);
        await adminPage.GotoAsync(Url($"/socle/eleve/{ids[0]}?cycle=4"));
        await adminPage.SelectOptionAsync("#deg-CPD_FRA", "3");
        await adminPage.ClickAsync("button:has-text('Enregistrer le positionnement')");
        await Assertions.Expect(adminPage.Locator(".alert.success")).ToContainTextAsync("Positionnement enregistré");
        await Assertions.Expect(adminPage.Locator("tr[data-component='CPD_FRA'] td.effective")).ToContainTextAsync("Maîtrise satisfaisante");
        await Assertions.Expect(adminPage.Locator("tr[data-component='CPD_FRA'] td").Nth(1)).ToContainTextAsync("Maîtrise fragile");
        await ShotAsync(adminPage, "socle-positionnement");

        // 7. The parent sees the child's name, class and relevé, and the child's common core.
        var parent = await browser.SignInAsync(output, system.GatewayUrl, opened.BaseId, parentLogin.Login, parentLogin.Password);
        await parent.GotoAsync(Url("/releve"));
        var child = parent.Locator($"section#enfant-{ids[0]}");
        await Assertions.Expect(child.Locator("h2")).ToContainTextAsync($"{students[0].FirstName} {students[0].ExpectedLastName}");
        await Assertions.Expect(child.Locator("h2")).ToContainTextAsync(classCode);
        await Assertions.Expect(child).ToContainTextAsync("Comparer deux documents");
        await Assertions.Expect(child.Locator("table .state", new() { HasText = "VA" })).ToHaveCountAsync(1);
        await ShotAsync(parent, "parent-releve");
        await AxeAsync(parent, "relevé parent");
        await child.Locator("a", new() { HasText = "socle commun" }).ClickAsync();
        await Assertions.Expect(parent.Locator("table.common-core tbody tr")).ToHaveCountAsync(8);
        await Assertions.Expect(parent.Locator("main form[method=post]")).ToHaveCountAsync(0);
        await ShotAsync(parent, "parent-socle");
        await parent.SetViewportSizeAsync(390, 844);
        await ShotAsync(parent, "parent-socle-telephone");
    }

    /// <summary>The file behind a download link of the page, fetched with the page's session (as a click would).</summary>
    private static async Task<byte[]> DownloadAsync(IPage page, string text, string contentType)
    {
        var href = await page.Locator("a.button", new() { HasText = text }).First.GetAttributeAsync("href");
        Assert.NotNull(href);
        var response = await page.Context.APIRequest.GetAsync(new Uri(new Uri(page.Url), href).ToString());
        var body = await response.BodyAsync();
        Assert.True(response.Status == 200, $"{href}: {response.Status} {Encoding.UTF8.GetString(body)[..Math.Min(body.Length, 400)]}");
        Assert.StartsWith(contentType, response.Headers["content-type"], StringComparison.Ordinal);
        return body;
    }

    private Task ShotAsync(IPage page, string name) => Checks.ShotAsync(page, name);

    private Task AxeAsync(IPage page, string what) => Checks.AxeAsync(page, what);

    private static Guid? FindStudent(JsonElement grid, GeneratedStudent s) =>
        grid.GetProperty("students").EnumerateArray()
            .Where(x => x.GetProperty("lastName").GetString() == s.ExpectedLastName && x.GetProperty("firstName").GetString() == s.FirstName)
            .Select(x => (Guid?)x.GetProperty("studentId").GetGuid()).FirstOrDefault();

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string token, string url)
    {
        var response = await client.SendAsync(HttpMethod.Get, url, token);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, $"{url}: {body}");
        return body;
    }

    private static async Task<long> EvaluationAsync(HttpClient client, string token, string classCode, DateOnly date, string description, long[] items)
    {
        var body = "";
        var ok = false;
        // The teacher's services reach Competences through events: retry while the class is not theirs yet.
        var created = await TestServers.EventuallyAsync(async () =>
        {
            var response = await client.SendAsync(HttpMethod.Post, "/api/competences/evaluations", token,
                new { classCode, date, visibleDate = date, description, itemIds = items });
            body = await response.Content.ReadAsStringAsync();
            ok = response.IsSuccessStatusCode;
            return ok;
        }, Wait);
        Assert.True(created && ok, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt64();
    }

    private static async Task EntriesAsync(HttpClient client, string token, long evaluation, (Guid Student, long Item, string Code)[] cells)
    {
        var response = await client.SendAsync(HttpMethod.Put, $"/api/competences/evaluations/{evaluation}/entries", token,
            cells.Select(c => new { studentId = c.Student, itemId = c.Item, code = c.Code }).ToList());
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
