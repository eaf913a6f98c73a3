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

    [Fact]
    public async Task Direction_checks_the_LSU_file_fixes_what_is_missing_and_exports_it_valid()
    {
        var school = await SetUpAsync("Collège Le Livret", seed: 31);
        using var client = school.Client;
        var (opened, classCode) = (school.Opened, school.ClassCode);
        var bilan = $"/api/competences/bilans/{Uri.EscapeDataString(classCode)}";
        var (start, end) = PeriodDates();
        var created = await client.SendAsync(HttpMethod.Post, "/api/competences/periods", school.AdminToken,
            new { name = "Trimestre du livret", start = start.ToString("yyyy-MM-dd"), end = end.ToString("yyyy-MM-dd"), classCodes = Array.Empty<string>() });
        var periodId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        await SetStatusAsync(client, school.AdminToken, $"{bilan}/{periodId}", "mixed");

        // The term's typing, through the API: every subject line, general appreciation and attendance, except the child's general appreciation.
        const string Appreciation = "Des progrès constants ; la méthode s'affirme.";
        var sheet = await GetJsonAsync(client, school.AdminToken, $"{bilan}/{periodId}");
        foreach (var student in sheet.GetProperty("students").EnumerateArray())
        {
            var id = student.GetProperty("studentId").GetGuid();
            foreach (var cell in student.GetProperty("cells").EnumerateArray())
            {
                await PutOkAsync(client, school.AdminToken, $"{bilan}/{periodId}/students/{id}/subjects/{Uri.EscapeDataString(cell.GetProperty("subjectCode").GetString()!)}",
                    new { positioning = 3, appreciation = Appreciation, elements = new[] { "Lire et comprendre des textes variés" }, version = cell.GetProperty("version").GetInt32() });
            }
            if (id != school.ChildId)
            {
                await PutOkAsync(client, school.AdminToken, $"{bilan}/{periodId}/students/{id}/general",
                    new { appreciation = "Un bon trimestre.", version = student.GetProperty("general").GetProperty("version").GetInt32() });
            }
            await PutOkAsync(client, school.AdminToken, $"{bilan}/{periodId}/students/{id}/attendance",
                new { lateness = 1, justifiedAbsences = 2, unjustifiedAbsences = 0, version = student.GetProperty("attendance").GetProperty("version").GetInt32() });
        }
        await SetStatusAsync(client, school.AdminToken, $"{bilan}/{periodId}", "complete");

        // 1. The check lists what is missing, with a link to the page where it is fixed; the export waits.
        var page = await browser.SignInAsync(output, system.GatewayUrl, opened.BaseId, opened.AdminLogin, opened.AdminPassword);
        await page.ClickAsync("nav.menu a:has-text('Livret scolaire (LSU)')");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Livret scolaire unique (LSU)");
        var periodBox = page.Locator("fieldset label.check", new() { HasText = "Trimestre du livret" }).Locator("input");
        await periodBox.CheckAsync();
        var classBox = page.Locator($"table.lsu-classes tr[data-class='{classCode}'] input[type=checkbox]");
        await Assertions.Expect(classBox).ToBeCheckedAsync(new() { Timeout = (float)Wait.TotalMilliseconds });
        await page.ClickAsync("button:has-text('Vérifier')");
        var missing = page.Locator("ul.lsu-problems.error li[data-code='missing-general-appreciation']");
        await Assertions.Expect(missing).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("button:has-text('Exporter le fichier LSU')")).ToBeDisabledAsync();
        await ShotAsync(page, "lsu-verification");
        await AxeAsync(page, "LSU : vérification");
        if (await page.Locator("li[data-code='no-head-of-establishment']").CountAsync() > 0)
        {
            // Several heads from STS-web: the administrator names the one that signs.
            var candidate = await page.Locator("#lsu-head-candidates option").First.GetAttributeAsync("value");
            await PageChecks.FillAsync(page, "#lsu-head", candidate!);
            await page.ClickAsync("button:has-text('Enregistrer le responsable')");
            await Assertions.Expect(page.Locator("[data-testid=head-effective]")).ToHaveTextAsync(candidate!);
        }

        // 2. The link leads to the general appreciation (the class back to « Saisies mixtes » for it).
        await SetStatusAsync(client, school.AdminToken, $"{bilan}/{periodId}", "mixed");
        var fix = await missing.Locator("a", new() { HasText = "Corriger" }).GetAttributeAsync("href");
        Assert.Equal($"/bilans/{Uri.EscapeDataString(classCode)}/{periodId}/appreciation-generale", fix);
        await missing.Locator("a", new() { HasText = "Corriger" }).ClickAsync();
        await page.Locator($"#gen-{school.ChildId}").FillAsync("Un trimestre solide, à poursuivre.");
        await Assertions.Expect(page.Locator($"#gen-state-{school.ChildId}")).ToHaveTextAsync("enregistré");
        await SetStatusAsync(client, school.AdminToken, $"{bilan}/{periodId}", "complete");

        // 3. Check again: valid; export; the file is offered for download and in the history.
        await page.GotoAsync(Url("/bilans/lsu"));
        await page.Locator("fieldset label.check", new() { HasText = "Trimestre du livret" }).Locator("input").CheckAsync();
        await Assertions.Expect(classBox).ToBeCheckedAsync(new() { Timeout = (float)Wait.TotalMilliseconds });
        await page.ClickAsync("button:has-text('Vérifier')");
        await Assertions.Expect(page.Locator("[data-testid=check-summary]")).ToContainTextAsync("le fichier serait valide");
        await Assertions.Expect(page.Locator("ul.lsu-problems.error")).ToHaveCountAsync(0);
        await page.ClickAsync("button:has-text('Exporter le fichier LSU')");
        await Assertions.Expect(page.Locator(".alert.success")).ToContainTextAsync("validé par le schéma officiel");
        var download = page.Locator("a[download]", new() { HasText = "Télécharger" });
        var xml = Encoding.UTF8.GetString(await FetchAsync(page, (await download.GetAttributeAsync("href"))!));
        await Assertions.Expect(page.Locator("table.lsu-exports tbody tr")).ToHaveCountAsync(1);
        await ShotAsync(page, "lsu-export");
        await AxeAsync(page, "LSU : export");

        // The file: valid against the official schema, with the child's ELEVE_ID, his class and the line typed above.
        var schemas = new System.Xml.Schema.XmlSchemaSet();
        schemas.Add("urn:fr:edu:scolarite:lsun:bilans:import", RepositoryFile("services/Competences/Application/Lsu/livret-scolaire_2d_schema_3.0c.xsd"));
        var document = System.Xml.Linq.XDocument.Parse(xml);
        var invalid = new List<string>();
        System.Xml.Schema.Extensions.Validate(document, schemas, (_, e) => invalid.Add(e.Message));
        Assert.Empty(invalid);
        await XmllintAsync(xml);
        System.Xml.Linq.XNamespace ns = "urn:fr:edu:scolarite:lsun:bilans:import";
        var eleve = document.Descendants(ns + "eleve").Single(e => (string?)e.Attribute("id-be") == school.ChildSiecleId);
        Assert.Equal(classCode, (string?)eleve.Attribute("code-division"));
        var childBilan = document.Descendants(ns + "bilan-periodique").Single(b => (string?)b.Attribute("eleve-ref") == (string?)eleve.Attribute("id"));
        var acquis = childBilan.Descendants(ns + "acquis").ToList();
        Assert.NotEmpty(acquis);
        Assert.All(acquis, a => Assert.Equal("3", (string?)a.Attribute("positionnement")));
        Assert.All(acquis, a => Assert.Equal(Appreciation, (string?)a.Element(ns + "appreciation")));
        Assert.Equal("Un trimestre solide, à poursuivre.", (string?)childBilan.Element(ns + "acquis-conseils"));
        Assert.Equal("2", (string?)childBilan.Element(ns + "vie-scolaire")?.Attribute("nb-abs-justifiees"));
    }

    private static async Task SetStatusAsync(HttpClient client, string token, string bilan, string status)
    {
        var response = await client.SendAsync(HttpMethod.Put, $"{bilan}/status", token, new { status });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task PutOkAsync(HttpClient client, string token, string url, object body)
    {
        var response = await client.SendAsync(HttpMethod.Put, url, token, body);
        Assert.True(response.IsSuccessStatusCode, $"{url}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>libxml2's validator, as the academy's operators check a file by hand (skipped where xmllint is not installed).</summary>
    private async Task XmllintAsync(string xml)
    {
        if (!File.Exists("/usr/bin/xmllint"))
        {
            output.WriteLine("xmllint not installed: the file was validated by .NET's XmlSchemaSet only");
            return;
        }
        var file = Path.Combine(Path.GetTempPath(), $"lsu-{Guid.NewGuid():N}.xml");
        await File.WriteAllTextAsync(file, xml);
        try
        {
            var run = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/usr/bin/xmllint",
                ["--noout", "--schema", RepositoryFile("services/Competences/Application/Lsu/livret-scolaire_2d_schema_3.0c.xsd"), file])
            { RedirectStandardError = true })!;
            var errors = await run.StandardError.ReadToEndAsync();
            await run.WaitForExitAsync();
            Assert.True(run.ExitCode == 0, "xmllint: " + errors);
            output.WriteLine("xmllint: " + errors.Trim());
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>A file of the repository (the project's own copy of the schema), found from the test's output folder.</summary>
    private static string RepositoryFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sacoche.sln")))
            {
                return Path.Combine(dir.FullName, relative);
            }
        }
        throw new FileNotFoundException(relative);
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
        return new School(client, opened, admin, service.StructureCode, subjectCode!, credentials[0], teacherToken, credentials[1], childId!.Value, child!.SiecleId);
    }

    private sealed record School(HttpClient Client, OpenedEstablishment Opened, string AdminToken, string ClassCode, string SubjectCode,
        (string Login, string Password) TeacherLogin, string TeacherToken, (string Login, string Password) ParentLogin, Guid ChildId, string ChildSiecleId);

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
