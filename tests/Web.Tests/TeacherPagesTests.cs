using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Sacoche.EndToEnd.Tests;
using Sacoche.Testing.Generators;
using Sacoche.Testing.Infrastructure;
using Xunit.Abstractions;

namespace Sacoche.Web.Tests;

/// <summary>
/// The teacher pages in a real browser: an evaluation created with the class picker and shared with a
/// colleague, edited (the API asks to confirm lost entries), seen by the colleague, deleted behind a
/// confirmation; a referential published to the academy catalog, previewed and imported back.
/// The establishment and its directory are set up through the APIs; everything under test goes through the UI.
/// </summary>
[Collection("web")]
public sealed class TeacherPagesTests(SystemFixture system, BrowserFixture browser, ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);
    private static readonly string Shots = Path.Combine(AppContext.BaseDirectory, "screenshots", "enseignant");
    private PageChecks Checks => _checks ??= new PageChecks(output, Shots);
    private PageChecks? _checks;

    private string Url(string path) => new Uri(system.GatewayUrl, path).ToString();

    [Fact]
    public async Task Evaluations_sharing_and_catalog_in_the_browser()
    {
        Directory.CreateDirectory(Shots);
        using var client = system.CreateClient();
        var opened = await Oidc.OpenEstablishmentAsync(client, "Collège Victor Hugo");
        var admin = await Oidc.AdminTokenAsync(system, opened);
        var gen = new ImportFileGenerator(seed: 21, uai: opened.Uai, year: DateTime.Today.Month >= 8 ? DateTime.Today.Year : DateTime.Today.Year - 1, counts: GeneratorCounts.Small);
        var unique = gen.Staff.GroupBy(s => (s.ExpectedLastName, s.FirstName)).Where(g => g.Count() == 1).Select(g => g.Single()).ToList();
        var service = gen.Services.First(s => !s.IsGroup && unique.Any(t => t.Id == s.TeacherId && t.ExpectedProfile == "ENS"));
        var teacher = unique.Single(t => t.Id == service.TeacherId);
        var colleague = unique.First(t => t.Id != teacher.Id && t.ExpectedProfile == "ENS");
        var subject = ImportFileGenerator.CollegeSubjects.First(s => s.BcnCode == service.SubjectBcnCode);
        output.WriteLine($"base {opened.BaseId}, teacher {teacher.FirstName} {teacher.ExpectedLastName}, colleague {colleague.FirstName} {colleague.ExpectedLastName}, class {service.StructureCode}");

        await Imports.UploadAndConfirmAsync(client, admin, gen.StsXml(), gen.StsFileName);
        await Imports.UploadAndConfirmAsync(client, admin, gen.StudentsXml(), "ElevesSansAdresses.xml");
        var credentials = await BrowserSignIn.InitialCredentialsAsync(client, admin, Wait,
            ("ENS", teacher.ExpectedLastName, teacher.FirstName), ("ENS", colleague.ExpectedLastName, colleague.FirstName));
        var (teacherLogin, teacherPassword) = credentials[0];
        var (colleagueLogin, colleaguePassword) = credentials[1];

        // A referential of the teacher's subject (set up by the administrator: not what is under test).
        string subjectCode = "";
        Assert.True(await TestServers.EventuallyAsync(async () =>
        {
            var subjects = await GetJsonAsync(client, admin, "/api/competences/subjects");
            subjectCode = subjects.EnumerateArray().Select(s => s.GetProperty("code").GetString()!).FirstOrDefault(c => c == subject.ManagementCode || c == subject.BcnCode) ?? "";
            return subjectCode.Length > 0;
        }, Wait), $"subject {subject.ManagementCode} never reached Competences");
        var levelCodes = (await GetJsonAsync(client, admin, "/api/competences/levels")).EnumerateArray().Select(l => l.GetProperty("code").GetString()!).ToList();
        var created = await client.SendAsync(HttpMethod.Post, "/api/competences/referentials", admin, new
        {
            subjectCode,
            levelCode = levelCodes[0],
            domains = new[] { new { code = "A", name = "Nombres et calculs", themes = new[] { new { name = "Fractions", items = new[] { new { name = "Comparer deux fractions" }, new { name = "Additionner des fractions" } } } } } },
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var referentialId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        var prof = await SignInAsync(opened.BaseId, teacherLogin, teacherPassword, teacher.FirstName);
        var other = await SignInAsync(opened.BaseId, colleagueLogin, colleaguePassword, colleague.FirstName);

        // 1. Create with the picker (the class comes from the teacher's services), shared with the colleague « saisir ».
        await prof.GotoAsync(Url("/evaluations"));
        await WaitForOptionAsync(prof, "#eval-target", $"classe:{service.StructureCode}");
        Assert.Equal("select", await prof.Locator("#eval-target").EvaluateAsync<string>("e => e.tagName.toLowerCase()"));
        await FillAsync(prof, "#eval-description", "Contrôle fractions");
        await prof.SelectOptionAsync("#eval-target", $"classe:{service.StructureCode}");
        await prof.SelectOptionAsync("#eval-referential", referentialId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await prof.ClickAsync("text=Tout cocher");
        await Assertions.Expect(prof.Locator("fieldset input[type=checkbox]:checked")).ToHaveCountAsync(2);
        var share = prof.GetByLabel($"Droit de {colleague.FirstName} {colleague.ExpectedLastName}", new() { Exact = true });
        await share.SelectOptionAsync("saisir");
        await ShotAsync(prof, "evaluation-creation-partage");
        await AxeAsync(prof, "évaluations (création)");
        await prof.ClickAsync("text=Créer l'évaluation");
        await prof.WaitForURLAsync("**/saisie");

        // Codes on both items for the first student: removing an item, or the evaluation, now loses entries.
        await prof.Locator("input[data-grid-row='0'][data-grid-col='0']").FocusAsync();
        await prof.Keyboard.PressAsync("3");
        await prof.Locator("input[data-grid-row='0'][data-grid-col='1']").FocusAsync();
        await prof.Keyboard.PressAsync("4");
        await Assertions.Expect(prof.Locator("td.saved")).ToHaveCountAsync(2);

        // 2. The colleague sees it with the right « saisir », and may neither modify nor delete it.
        await other.GotoAsync(Url("/evaluations"));
        var otherRow = other.Locator("tr[data-evaluation]", new() { HasText = "Contrôle fractions" });
        await Assertions.Expect(otherRow).ToContainTextAsync("saisir");
        await Assertions.Expect(otherRow.GetByRole(AriaRole.Button, new() { Name = "Modifier" })).ToHaveCountAsync(0);
        await Assertions.Expect(otherRow.GetByRole(AriaRole.Button, new() { Name = "Supprimer" })).ToHaveCountAsync(0);
        await ShotAsync(other, "collegue-evaluation-partagee");

        // 3. Edit: new description, one item removed (it has a code: the API asks to confirm), colleague raised to « modifier ».
        await prof.GotoAsync(Url("/evaluations"));
        var row = prof.Locator("tr[data-evaluation]", new() { HasText = "Contrôle fractions" });
        await Assertions.Expect(row).ToContainTextAsync("propriétaire");
        await row.GetByRole(AriaRole.Button, new() { Name = "Modifier" }).ClickAsync();
        await Assertions.Expect(prof.Locator("#form-title")).ToContainTextAsync("Modifier l'évaluation « Contrôle fractions »");
        await Assertions.Expect(prof.Locator("#form-title")).ToBeFocusedAsync();
        await Assertions.Expect(prof.Locator("#eval-target")).ToHaveValueAsync($"classe:{service.StructureCode}");
        await Assertions.Expect(share).ToHaveValueAsync("saisir");
        await FillAsync(prof, "#eval-description", "Contrôle fractions (corrigé)");
        await prof.Locator("fieldset label", new() { HasText = "Additionner des fractions" }).Locator("input").UncheckAsync();
        await share.SelectOptionAsync("modifier");
        await prof.ClickAsync("text=Enregistrer les modifications");
        var warning = prof.Locator(".alert.warning");
        await Assertions.Expect(warning).ToContainTextAsync("1 saisie(s)");
        await ShotAsync(prof, "evaluation-modification-confirmation");
        await AxeAsync(prof, "évaluations (modification)");
        await warning.GetByRole(AriaRole.Button, new() { Name = "Confirmer" }).ClickAsync();
        await Assertions.Expect(prof.Locator(".alert.success")).ToContainTextAsync("Contrôle fractions (corrigé)");
        row = prof.Locator("tr[data-evaluation]", new() { HasText = "Contrôle fractions (corrigé)" });
        await Assertions.Expect(row.Locator("td").Nth(3)).ToHaveTextAsync("1");
        await Assertions.Expect(row).ToContainTextAsync($"{colleague.FirstName} {colleague.ExpectedLastName} (modifier)");
        await ShotAsync(prof, "evaluation-modifiee");

        // The colleague now may modify (not delete).
        await other.ReloadAsync();
        otherRow = other.Locator("tr[data-evaluation]", new() { HasText = "Contrôle fractions (corrigé)" });
        await Assertions.Expect(otherRow).ToContainTextAsync("modifier");
        await Assertions.Expect(otherRow.GetByRole(AriaRole.Button, new() { Name = "Modifier" })).ToHaveCountAsync(1);
        await Assertions.Expect(otherRow.GetByRole(AriaRole.Button, new() { Name = "Supprimer" })).ToHaveCountAsync(0);

        // 4. Delete: a confirmation step, then the API's own confirmation (the remaining code would be lost).
        await row.GetByRole(AriaRole.Button, new() { Name = "Supprimer" }).ClickAsync();
        var dialog = prof.Locator("[role=alertdialog]");
        await Assertions.Expect(dialog).ToContainTextAsync("Supprimer l'évaluation « Contrôle fractions (corrigé) » ?");
        await Assertions.Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Oui, supprimer" })).ToBeFocusedAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Oui, supprimer" }).ClickAsync();
        await Assertions.Expect(dialog).ToContainTextAsync("1 saisie(s)");
        await ShotAsync(prof, "evaluation-suppression-confirmation");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Confirmer" }).ClickAsync();
        await Assertions.Expect(prof.Locator(".alert.success")).ToContainTextAsync("supprimée");
        await Assertions.Expect(prof.Locator("tr[data-evaluation]")).ToHaveCountAsync(0);
        await other.ReloadAsync();
        await Assertions.Expect(other.Locator("main")).ToContainTextAsync("Aucune évaluation pour l'instant.");

        // 5. Publish the referential from its editor.
        var description = $"Fractions en 6e, deux items (réf. {Guid.NewGuid().ToString("N")[..8]})";
        await prof.GotoAsync(Url($"/referentiels/{referentialId}"));
        await FillAsync(prof, "#publish-description", description);
        await prof.ClickAsync("text=Publier dans le catalogue académique");
        await Assertions.Expect(prof.Locator("#publish-title ~ .alert.success")).ToContainTextAsync("version 1");
        await ShotAsync(prof, "referentiel-publie");
        await AxeAsync(prof, "éditeur de référentiel");

        // 6. Find it in the catalog (menu link), preview, import: same subject and level is refused by the API, another level works.
        await prof.GetByRole(AriaRole.Link, new() { Name = "Catalogue académique", Exact = true }).ClickAsync();
        await Assertions.Expect(prof.Locator("h1")).ToHaveTextAsync("Catalogue académique de référentiels");
        await prof.SelectOptionAsync("#cat-subject", subjectCode);
        await prof.ClickAsync("button:has-text('Rechercher')");
        var entry = prof.Locator("tr[data-catalog]", new() { HasText = description });
        await Assertions.Expect(entry).ToHaveCountAsync(1);
        await Assertions.Expect(entry.Locator("td").Nth(3)).ToHaveTextAsync("2");
        await entry.GetByRole(AriaRole.Button, new() { Name = "Aperçu" }).ClickAsync();
        await Assertions.Expect(prof.Locator("#preview-title")).ToBeFocusedAsync();
        await Assertions.Expect(prof.Locator("ol.tree")).ToContainTextAsync("Additionner des fractions");
        await Assertions.Expect(prof.Locator("ol.tree")).ToContainTextAsync("Comparer deux fractions");
        await ShotAsync(prof, "catalogue-apercu");
        await AxeAsync(prof, "catalogue académique");
        await prof.GetByRole(AriaRole.Button, new() { Name = "Importer dans l'établissement" }).ClickAsync();
        await Assertions.Expect(prof.Locator(".alert.error")).ToContainTextAsync("existe déjà");
        await prof.SelectOptionAsync("#imp-level", levelCodes[1]);
        await prof.GetByRole(AriaRole.Button, new() { Name = "Importer dans l'établissement" }).ClickAsync();
        await Assertions.Expect(prof.Locator(".alert.success")).ToContainTextAsync("Référentiel importé");
        await ShotAsync(prof, "catalogue-importe");
        await prof.ClickAsync("text=Ouvrir le référentiel importé");
        await Assertions.Expect(prof.Locator("input[id^=i-name-]")).ToHaveCountAsync(2);
        await Assertions.Expect(prof.Locator("input[id^=i-name-]").Nth(1)).ToHaveValueAsync("Additionner des fractions");
        var referentials = await GetJsonAsync(client, admin, "/api/competences/referentials");
        Assert.Contains(referentials.EnumerateArray(), r => r.GetProperty("levelCode").GetString() == levelCodes[1] && r.GetProperty("subjectCode").GetString() == subjectCode);
    }

    private async Task<IPage> SignInAsync(int baseId, string login, string password, string firstName)
    {
        var page = await browser.SignInAsync(output, system.GatewayUrl, baseId, login, password);
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync(firstName);
        return page;
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string token, string url)
    {
        var response = await client.SendAsync(HttpMethod.Get, url, token);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private Task ShotAsync(IPage page, string name) => Checks.ShotAsync(page, name);

    private Task AxeAsync(IPage page, string what) => Checks.AxeAsync(page, what);

    private static Task FillAsync(IPage page, string selector, string value) => PageChecks.FillAsync(page, selector, value);

    /// <summary>The roster reaches Competences through events: reload until the picker offers the class.</summary>
    private static async Task WaitForOptionAsync(IPage page, string select, string value)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            await page.Locator(select).WaitForAsync();
            var options = await page.Locator($"{select} option").EvaluateAllAsync<string[]>("os => os.map(o => o.value)");
            if (options.Contains(value))
            {
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, $"{value} not in {select}: {string.Join(", ", options.Take(30))}");
            await Task.Delay(1000);
            await page.ReloadAsync();
        }
    }
}
