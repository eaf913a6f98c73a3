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
/// Official bilans in the browser (docs/domain/bilans.md): the administrator creates a period (a French field error
/// first, next to its field) and opens a class's bilan to « Saisie des appréciations par discipline » on the status
/// board; the class's teacher types an appreciation and chooses a positioning on his entry page, and both are there
/// after a reload; at « Saisies mixtes » the administrator writes a general appreciation (the subject lines beside it)
/// and attendance, and the missing items count what is left. The directory is set up through the APIs; everything under test goes through the UI.
/// </summary>
[Collection("web")]
public sealed class BilanPagesTests(SystemFixture system, BrowserFixture browser, ITestOutputHelper output)
{
    private static readonly string Shots = Path.Combine(AppContext.BaseDirectory, "screenshots", "bilans");
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);
    private PageChecks Checks => _checks ??= new PageChecks(output, Shots);
    private PageChecks? _checks;

    private string Url(string path) => new Uri(system.GatewayUrl, path).ToString();

    [Fact]
    public async Task Administrator_opens_a_period_and_a_teacher_writes_his_subject_lines()
    {
        var school = await SetUpAsync("Collège Les Bulletins", seed: 23);
        using var client = school.Client;
        var (opened, classCode) = (school.Opened, school.ClassCode);

        // 1. The administrator creates a period: the API's French error stands next to the field, then the period is created.
        var adminPage = await browser.SignInAsync(output, system.GatewayUrl, opened.BaseId, opened.AdminLogin, opened.AdminPassword);
        await adminPage.GotoAsync(Url("/periodes"));
        await Assertions.Expect(adminPage.Locator("h1")).ToHaveTextAsync("Périodes");
        // The title FocusOnNavigate focused on load shows no focus ring (nobody tabbed to it).
        Assert.Equal("none", await adminPage.EvaluateAsync<string>("() => { const h = document.querySelector('h1'); h.focus(); return getComputedStyle(h).outlineStyle; }"));
        await Assertions.Expect(adminPage.Locator("table.periods")).ToContainTextAsync("Aucune période");
        var (start, end) = PeriodDates();
        await PageChecks.FillAsync(adminPage, "#period-name", "Trimestre des tests");
        await PageChecks.FillAsync(adminPage, "#period-start", end.ToString("yyyy-MM-dd"));
        await PageChecks.FillAsync(adminPage, "#period-end", start.AddDays(-1).ToString("yyyy-MM-dd"));
        await adminPage.ClickAsync("button:has-text('Créer la période')");
        await Assertions.Expect(adminPage.Locator("#period-end-error")).ToContainTextAsync("précède la date de début");
        await Assertions.Expect(adminPage.Locator("#period-end")).ToHaveAttributeAsync("aria-invalid", "true");
        await ShotAsync(adminPage, "periode-erreur");
        await PageChecks.FillAsync(adminPage, "#period-start", start.ToString("yyyy-MM-dd"));
        await PageChecks.FillAsync(adminPage, "#period-end", end.ToString("yyyy-MM-dd"));
        await adminPage.ClickAsync("button:has-text('Créer la période')");
        await Assertions.Expect(adminPage.Locator(".alert.success")).ToContainTextAsync("Période « Trimestre des tests » créée.");
        var row = adminPage.Locator("table.periods tbody tr", new() { HasText = "Trimestre des tests" });
        await Assertions.Expect(row).ToContainTextAsync("Toutes les classes");
        await Assertions.Expect(row).ToContainTextAsync(start.ToString("dd/MM/yyyy"));
        await ShotAsync(adminPage, "periodes");
        await AxeAsync(adminPage, "périodes");
        var periodId = long.Parse((await row.GetAttributeAsync("data-period"))!, System.Globalization.CultureInfo.InvariantCulture);

        // 2. The status board: the class at « Fermé », set to « Saisie des appréciations par discipline », saved on change with who and when.
        await adminPage.ClickAsync("nav.menu a:has-text('Bilans officiels')");
        await Assertions.Expect(adminPage.Locator("h1")).ToHaveTextAsync("Bilans officiels");
        var classRow = adminPage.Locator($"table.bilan-board tbody tr[data-class='{classCode}']");
        await Assertions.Expect(classRow.Locator("select")).ToHaveValueAsync("closed", new() { Timeout = (float)Wait.TotalMilliseconds });
        await Assertions.Expect(classRow.Locator("td.changed")).ToHaveTextAsync("Jamais modifié");
        await classRow.Locator("select").SelectOptionAsync("subjects");
        await Assertions.Expect(classRow.Locator(".field-state")).ToHaveTextAsync("enregistré");
        await Assertions.Expect(adminPage.Locator("#board-status")).ToContainTextAsync("Saisie des appréciations par discipline");
        await Assertions.Expect(classRow.Locator("td.changed")).ToContainTextAsync(DateTime.Now.ToString("dd/MM/yyyy"));
        await adminPage.ReloadAsync();
        await Assertions.Expect(adminPage.Locator($"table.bilan-board tbody tr[data-class='{classCode}'] select")).ToHaveValueAsync("subjects");
        await ShotAsync(adminPage, "tableau-des-statuts");
        await AxeAsync(adminPage, "tableau des statuts");

        // The teacher's services and the class's students reach Competences through events.
        Assert.True(await TestServers.EventuallyAsync(async () =>
        {
            var response = await school.Client.SendAsync(HttpMethod.Get, $"/api/competences/bilans/{Uri.EscapeDataString(classCode)}/{periodId}", school.TeacherToken);
            if (!response.IsSuccessStatusCode)
            {
                return false;
            }
            var sheet = await response.Content.ReadFromJsonAsync<JsonElement>();
            return sheet.GetProperty("subjects").EnumerateArray().Any(s => s.GetProperty("code").GetString() == school.SubjectCode && s.GetProperty("canWrite").GetBoolean())
                && sheet.GetProperty("students").GetArrayLength() > 0;
        }, Wait), "the teacher's subject or the class's students never reached the bilan sheet");

        // 3. The teacher: his classes for the period, then his entry page; an appreciation typed (saved while typing) and a positioning chosen.
        var page = await browser.SignInAsync(output, system.GatewayUrl, opened.BaseId, school.TeacherLogin.Login, school.TeacherLogin.Password);
        await page.GotoAsync(Url($"/bilans?periode={periodId}"));
        var entryHref = $"/bilans/{Uri.EscapeDataString(classCode)}/{periodId}";
        await page.ClickAsync($"a[href='{entryHref}']");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Trimestre des tests");
        await Assertions.Expect(page.Locator(".bilan-status strong")).ToHaveTextAsync("Saisie des appréciations par discipline");
        if (await page.Locator("select#subject").CountAsync() > 0)
        {
            await page.SelectOptionAsync("select#subject", school.SubjectCode);
        }
        var line = page.Locator("section[data-subject] .bilan-line").First;
        var studentId = await line.GetAttributeAsync("data-student");
        Assert.NotNull(studentId);
        const string Appreciation = "Un trimestre sérieux : des progrès nets à l'oral, poursuivez ainsi.";
        await page.Locator($"#app-{studentId}").FillAsync(Appreciation);
        await Assertions.Expect(page.Locator($"#app-count-{studentId}")).ToHaveTextAsync($"{Appreciation.Length} / 600 caractères");
        await Assertions.Expect(page.Locator($"#app-state-{studentId}")).ToHaveTextAsync("enregistré");
        await page.SelectOptionAsync($"#pos-{studentId}", "3");
        await Assertions.Expect(page.Locator($"#pos-state-{studentId}")).ToHaveTextAsync("enregistré");
        await Assertions.Expect(page.Locator("#entry-status")).ToContainTextAsync("Enregistré");
        await ShotAsync(page, "saisie-enseignant");
        await AxeAsync(page, "saisie par discipline");

        await page.ReloadAsync();
        await Assertions.Expect(page.Locator($"#app-{studentId}")).ToHaveValueAsync(Appreciation);
        await Assertions.Expect(page.Locator($"#pos-{studentId}")).ToHaveValueAsync("3");
        await Assertions.Expect(page.Locator($"#app-count-{studentId}")).ToHaveTextAsync($"{Appreciation.Length} / 600 caractères");

        // And back to the computed positioning (« calculé » clears the override).
        await page.SelectOptionAsync($"#pos-{studentId}", "");
        await Assertions.Expect(page.Locator($"#pos-state-{studentId}")).ToHaveTextAsync("enregistré");
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator($"#pos-{studentId}")).ToHaveValueAsync("");
        await Assertions.Expect(page.Locator($"#app-{studentId}")).ToHaveValueAsync(Appreciation);

        // 4. « Saisies mixtes »: the administrator writes the general appreciation next to the subject lines, then attendance; the missing items.
        var bilan = $"/bilans/{Uri.EscapeDataString(classCode)}/{periodId}";
        await adminPage.GotoAsync(Url($"/bilans?periode={periodId}"));
        await adminPage.Locator($"table.bilan-board tbody tr[data-class='{classCode}'] select").SelectOptionAsync("mixed");
        await Assertions.Expect(adminPage.Locator($"table.bilan-board tbody tr[data-class='{classCode}'] .field-state")).ToHaveTextAsync("enregistré");
        await adminPage.GotoAsync(Url(bilan + "/appreciation-generale"));
        var general = adminPage.Locator($"section.bilan-line[data-student='{studentId}']");
        await Assertions.Expect(general.Locator("ul.readonly-lines")).ToContainTextAsync(Appreciation);
        const string General = "Bon trimestre dans l'ensemble.";
        await adminPage.Locator($"#gen-{studentId}").FillAsync(General);
        await Assertions.Expect(adminPage.Locator($"#gen-state-{studentId}")).ToHaveTextAsync("enregistré");
        await Assertions.Expect(adminPage.Locator($"#gen-count-{studentId}")).ToHaveTextAsync($"{General.Length} / 1 000 caractères");
        await ShotAsync(adminPage, "appreciation-generale");
        await AxeAsync(adminPage, "appréciation générale");
        await adminPage.ReloadAsync();
        await Assertions.Expect(adminPage.Locator($"#gen-{studentId}")).ToHaveValueAsync(General);

        await adminPage.GotoAsync(Url(bilan + "/vie-scolaire"));
        var attendance = adminPage.Locator($"table.attendance tr[data-student='{studentId}']");
        var lateness = attendance.Locator("input[type=number]").First;
        await lateness.FillAsync("2");
        await lateness.DispatchEventAsync("change");
        await Assertions.Expect(attendance.Locator(".field-state")).ToHaveTextAsync("enregistré");
        await Assertions.Expect(adminPage.Locator("#attendance-status")).ToContainTextAsync("Enregistré");
        await ShotAsync(adminPage, "vie-scolaire");
        await AxeAsync(adminPage, "vie scolaire");
        await adminPage.ReloadAsync();
        await Assertions.Expect(adminPage.Locator($"table.attendance tr[data-student='{studentId}'] input[type=number]").First).ToHaveValueAsync("2");

        await adminPage.GotoAsync(Url(bilan + "/manquants"));
        // The teacher's subject: every student but the one written above still lacks an appreciation.
        var missingRow = adminPage.Locator($"table.missing-subjects tr[data-subject='{school.SubjectCode}']");
        await Assertions.Expect(missingRow).ToHaveCountAsync(1);
        var students = int.Parse(await missingRow.Locator("td").Nth(1).InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        await Assertions.Expect(missingRow.Locator("td").Nth(2)).ToHaveTextAsync((students - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await ShotAsync(adminPage, "manquants");
        await AxeAsync(adminPage, "ce qui manque");

        // « Mon compte » (issue 17): a wrong current password is refused beside its field, then the password changes and the session stays.
        await adminPage.ClickAsync("a.who-account");
        await Assertions.Expect(adminPage.Locator("h1")).ToHaveTextAsync("Mon compte");
        await PageChecks.FillAsync(adminPage, "#current-password", "pas-le-bon-1");
        await PageChecks.FillAsync(adminPage, "#new-password", "Nouveau-mot-de-passe-2");
        await PageChecks.FillAsync(adminPage, "#confirm-password", "Nouveau-mot-de-passe-2");
        await adminPage.ClickAsync("button:has-text('Changer le mot de passe')");
        await Assertions.Expect(adminPage.Locator("#current-password-error")).ToContainTextAsync("actuel est incorrect");
        await PageChecks.FillAsync(adminPage, "#current-password", opened.AdminPassword);
        await adminPage.ClickAsync("button:has-text('Changer le mot de passe')");
        await Assertions.Expect(adminPage.Locator("#password-status")).ToContainTextAsync("Mot de passe changé");
        await AxeAsync(adminPage, "mon compte");
        await adminPage.GotoAsync(Url("/bilans"));
        await Assertions.Expect(adminPage.Locator("h1")).ToContainTextAsync("Bilans");
    }

    [Fact]
    public async Task Direction_archives_the_bulletins_and_a_parent_downloads_his_childs()
    {
        var school = await SetUpAsync("Collège Les Archives", seed: 29);
        using var client = school.Client;
        var (opened, classCode) = (school.Opened, school.ClassCode);
        var (start, end) = PeriodDates();
        var created = await school.Client.SendAsync(HttpMethod.Post, "/api/competences/periods", school.AdminToken,
            new { name = "Semestre archivé", start = start.ToString("yyyy-MM-dd"), end = end.ToString("yyyy-MM-dd"), classCodes = Array.Empty<string>() });
        var period = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(created.IsSuccessStatusCode, period.ToString());
        var periodId = period.GetProperty("id").GetInt64();
        var status = await school.Client.SendAsync(HttpMethod.Put, $"/api/competences/bilans/{Uri.EscapeDataString(classCode)}/{periodId}/status", school.AdminToken, new { status = "complete" });
        Assert.True(status.IsSuccessStatusCode, await status.Content.ReadAsStringAsync());

        // The administrator archives the class's bulletins: the bar follows the job to its end, then every student has his bulletin.
        var adminPage = await browser.SignInAsync(output, system.GatewayUrl, opened.BaseId, opened.AdminLogin, opened.AdminPassword);
        await adminPage.GotoAsync(Url($"/bilans/{Uri.EscapeDataString(classCode)}/{periodId}/archives"));
        var childRow = adminPage.Locator($"table.archives tr[data-student='{school.ChildId}']");
        await Assertions.Expect(childRow).ToContainTextAsync("Aucun", new() { Timeout = (float)Wait.TotalMilliseconds });
        var preview = await childRow.Locator("a", new() { HasText = "Prévisualiser" }).GetAttributeAsync("href");
        Assert.Equal("%PDF", Encoding.ASCII.GetString(await FetchAsync(adminPage, preview!), 0, 4));
        await adminPage.ClickAsync("button:has-text('Archiver les bulletins')");
        await Assertions.Expect(adminPage.Locator("#archive-progress")).ToContainTextAsync("Archivage terminé.", new() { Timeout = (float)Wait.TotalMilliseconds });
        await Assertions.Expect(childRow.Locator("a[download]")).ToHaveCountAsync(1);
        await ShotAsync(adminPage, "archives");
        await AxeAsync(adminPage, "archivage des bulletins");

        // The parent: « Bulletins de mes enfants », the child's bulletin, its PDF as archived.
        var parent = await browser.SignInAsync(output, system.GatewayUrl, opened.BaseId, school.ParentLogin.Login, school.ParentLogin.Password);
        await parent.ClickAsync("nav.menu a:has-text('Bulletins de mes enfants')");
        var child = parent.Locator($"section#enfant-{school.ChildId}");
        var link = child.Locator("ul.bulletins a", new() { HasText = "Semestre archivé" });
        await Assertions.Expect(link).ToHaveCountAsync(1);
        var pdf = await FetchAsync(parent, (await link.GetAttributeAsync("href"))!);
        Assert.Equal("%PDF", Encoding.ASCII.GetString(pdf, 0, 4));
        await ShotAsync(parent, "parent-bulletins");
        await AxeAsync(parent, "bulletins d'un parent");
    }

    /// <summary>An establishment with its directory (STS, students, guardians): a class taught by a teacher, one of its students with a legal guardian.</summary>
    private async Task<School> SetUpAsync(string name, int seed)
    {
        Directory.CreateDirectory(Shots);
        var client = system.CreateClient(followRedirects: false);
        var opened = await Oidc.OpenEstablishmentAsync(client, name);
        var admin = await Oidc.AdminTokenAsync(system, opened);
        var year = DateTime.Today.Month >= 8 ? DateTime.Today.Year : DateTime.Today.Year - 1;
        var gen = new ImportFileGenerator(seed: seed, uai: opened.Uai, year: year, counts: GeneratorCounts.Small);
        var guardianNames = gen.Guardians.GroupBy(g => (g.ExpectedLastName, g.FirstName)).ToDictionary(g => g.Key, g => g.Count());
        var studentNames = gen.Students.GroupBy(s => (s.ExpectedLastName, s.FirstName)).ToDictionary(g => g.Key, g => g.Count());
        var staffNames = gen.Staff.GroupBy(s => (s.ExpectedLastName, s.FirstName)).ToDictionary(g => g.Key, g => g.Count());
        GeneratedGuardian? GuardianOf(GeneratedStudent s) => gen.Guardians.FirstOrDefault(g =>
            guardianNames[(g.ExpectedLastName, g.FirstName)] == 1 && g.Links.Any(l => l.StudentId == s.SiecleId && l.Legal is 1 or 2));
        var (service, child) = gen.Services
            .Where(s => !s.IsGroup && gen.Staff.Any(t => t.Id == s.TeacherId && t.ExpectedProfile == "ENS" && staffNames[(t.ExpectedLastName, t.FirstName)] == 1))
            .Select(s => (service: s, child: gen.Students.FirstOrDefault(st => st.IsCurrent && st.ClassCodes[0] == s.StructureCode
                && studentNames[(st.ExpectedLastName, st.FirstName)] == 1 && GuardianOf(st) is not null)))
            .First(x => x.child is not null);
        var teacher = gen.Staff.First(t => t.Id == service.TeacherId);
        var guardian = GuardianOf(child!)!;
        output.WriteLine($"base {opened.BaseId}, class {service.StructureCode}, teacher {teacher.FirstName} {teacher.ExpectedLastName}, guardian {guardian.FirstName} {guardian.ExpectedLastName}");

        await Imports.UploadAndConfirmAsync(client, admin, gen.StsXml(), gen.StsFileName);
        await Imports.UploadAndConfirmAsync(client, admin, gen.StudentsXml(), "ElevesSansAdresses.xml");
        await Imports.UploadAndConfirmAsync(client, admin, ImportFileGenerator.Zip("ResponsablesAvecAdresses.xml", gen.GuardiansXml()), "ExportXML_ResponsablesAvecAdresses.zip");
        var credentials = await BrowserSignIn.InitialCredentialsAsync(client, admin, Wait,
            ("ENS", teacher.ExpectedLastName, teacher.FirstName), ("TUT", guardian.ExpectedLastName, guardian.FirstName));
        var teacherToken = await Oidc.AdminTokenAsync(system, opened with { AdminLogin = credentials[0].Login, AdminPassword = credentials[0].Password });

        // The teacher's subject as Competences names it, and the child's id (for the archive test).
        string? subjectCode = null;
        Guid? childId = null;
        Assert.True(await TestServers.EventuallyAsync(async () =>
        {
            var subjects = await GetJsonAsync(client, teacherToken, "/api/competences/subjects");
            subjectCode = subjects.EnumerateArray().FirstOrDefault(s => s.GetProperty("bcnCode").GetString() == service.SubjectBcnCode) is { ValueKind: JsonValueKind.Object } found
                ? found.GetProperty("code").GetString() : null;
            var structures = await GetJsonAsync(client, teacherToken, "/api/competences/me/structures");
            return subjectCode is not null && structures.GetProperty("classes").EnumerateArray().Any(c => c.GetProperty("code").GetString() == service.StructureCode && c.GetProperty("studentCount").GetInt32() > 0);
        }, Wait), "the teacher's subject or class never reached Competences");
        var guardianToken = await Oidc.AdminTokenAsync(system, opened with { AdminLogin = credentials[1].Login, AdminPassword = credentials[1].Password });
        Assert.True(await TestServers.EventuallyAsync(async () =>
        {
            var children = await GetJsonAsync(client, guardianToken, "/api/competences/me/children");
            childId = children.EnumerateArray().Where(c => c.GetProperty("lastName").GetString() == child!.ExpectedLastName && c.GetProperty("firstName").GetString() == child.FirstName)
                .Select(c => (Guid?)c.GetProperty("studentId").GetGuid()).FirstOrDefault();
            return childId is not null;
        }, Wait), "the guardian's child never reached Competences");
        return new School(client, opened, admin, service.StructureCode, subjectCode!, credentials[0], teacherToken, credentials[1], childId!.Value);
    }

    private sealed record School(HttpClient Client, OpenedEstablishment Opened, string AdminToken, string ClassCode, string SubjectCode,
        (string Login, string Password) TeacherLogin, string TeacherToken, (string Login, string Password) ParentLogin, Guid ChildId);

    /// <summary>Three weeks around today, inside the current school year (it switches on 1 August).</summary>
    private static (DateOnly Start, DateOnly End) PeriodDates()
    {
        var today = DateOnly.FromDateTime(DateTime.Today);
        var yearStart = new DateOnly(today.Month >= 8 ? today.Year : today.Year - 1, 8, 1);
        var start = today.AddDays(-14) < yearStart ? yearStart : today.AddDays(-14);
        var end = today.AddDays(7) >= yearStart.AddYears(1) ? yearStart.AddYears(1).AddDays(-1) : today.AddDays(7);
        return (start, end);
    }

    private static async Task<byte[]> FetchAsync(IPage page, string href)
    {
        var response = await page.Context.APIRequest.GetAsync(new Uri(new Uri(page.Url), href).ToString());
        var body = await response.BodyAsync();
        Assert.True(response.Status == 200, $"{href}: {response.Status} {Encoding.UTF8.GetString(body)[..Math.Min(body.Length, 400)]}");
        return body;
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string token, string url)
    {
        var response = await client.SendAsync(HttpMethod.Get, url, token);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, $"{url}: {body}");
        return body;
    }

    private Task ShotAsync(IPage page, string name) => Checks.ShotAsync(page, name);

    private Task AxeAsync(IPage page, string what) => Checks.AxeAsync(page, what);
}
