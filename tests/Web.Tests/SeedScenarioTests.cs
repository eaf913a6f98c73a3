using System.Text;
using Microsoft.Playwright;
using Sacoche.EndToEnd.Tests;
using Sacoche.Testing.Cas;
using Sacoche.Testing.Generators;
using Xunit.Abstractions;

namespace Sacoche.Web.Tests;

/// <summary>
/// The seed guide, end to end in a real browser through the gateway: the operator opens an
/// establishment → its administrator switches it to the ENT (the CAS test server) and imports
/// STS-web, SIECLE students and guardians, then the ENT identifiers → a teacher clicks « Sacoche »
/// in the ENT (<c>/?sso&amp;base=N</c>) and lands on the welcome page → builds a referential and an
/// evaluation and types codes in the grid with the keyboard → a student signs in and sees the scores.
/// Screenshots of every step under the test output (screenshots/); axe checks on the main pages.
/// </summary>
[Collection("web")]
public sealed class SeedScenarioTests(SystemFixture system, BrowserFixture browser, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string Shots = Path.Combine(AppContext.BaseDirectory, "screenshots");
    private CasTestServer _cas = null!;
    private PageChecks Checks => _checks ??= new PageChecks(output, Shots);
    private PageChecks? _checks;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Shots);
        _cas = await CasTestServer.StartAsync();
    }

    public async Task DisposeAsync() => await _cas.DisposeAsync();

    private string Url(string path) => new Uri(system.GatewayUrl, path).ToString();

    private Task<IPage> NewPageAsync(int width = 1280, int height = 900) => browser.NewPageAsync(output, width, height);

    private Task ShotAsync(IPage page, string name) => Checks.ShotAsync(page, name);

    private Task AxeAsync(IPage page, string what) => Checks.AxeAsync(page, what);

    private static Task FillAsync(IPage page, string selector, string value) => PageChecks.FillAsync(page, selector, value);

    private async Task<IPage> SsoAsync(int baseId, string entId, string expectedName)
    {
        var page = await NewPageAsync();
        _cas.SetUser(entId);
        // The ENT id reaches Identity through events: retry the ENT link until the account knows it.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            await page.GotoAsync(Url($"/?sso&base={baseId}"));
            var text = await page.Locator("body").InnerTextAsync();
            if (text.Contains("Bienvenue dans votre espace identifié", StringComparison.Ordinal))
            {
                break;
            }
            Assert.True(DateTime.UtcNow < deadline, $"SSO of {entId} never succeeded: {text[..Math.Min(400, text.Length)]}");
            await Task.Delay(1000);
        }
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync(expectedName);
        return page;
    }

    [Fact]
    public async Task Seed_scenario_in_the_browser()
    {
        var uai = $"0{Random.Shared.Next(100000, 999999):D6}W";
        var gen = new ImportFileGenerator(seed: 8, uai: uai, year: DateTime.Today.Month >= 8 ? DateTime.Today.Year : DateTime.Today.Year - 1, counts: GeneratorCounts.Small);
        var service = gen.Services.First(s => !s.IsGroup);
        var teacher = gen.Staff.First(s => s.Id == service.TeacherId);
        var subject = ImportFileGenerator.CollegeSubjects.First(s => s.BcnCode == service.SubjectBcnCode);
        var nameCounts = gen.Students.GroupBy(s => (s.ExpectedLastName, s.FirstName)).ToDictionary(g => g.Key, g => g.Count());
        var students = gen.Students.Where(s => s.IsCurrent && s.ClassCodes.Contains(service.StructureCode) && nameCounts[(s.ExpectedLastName, s.FirstName)] == 1)
            .OrderBy(s => s.ExpectedLastName, StringComparer.Ordinal).ThenBy(s => s.FirstName, StringComparer.Ordinal).Take(3).ToList();
        Assert.Equal(3, students.Count);
        output.WriteLine($"teacher {teacher.FirstName} {teacher.ExpectedLastName}, class {service.StructureCode}, subject {subject.ManagementCode}/{subject.BcnCode}");

        // 1. The operator opens the establishment in the webmaster space.
        var op = await NewPageAsync();
        await op.GotoAsync(Url("/webmestre"));
        await ShotAsync(op, "webmestre-connexion");
        await op.FillAsync("#secret", SystemFixture.OperatorSecret);
        await op.ClickAsync("text=Entrer dans l'espace webmestre");
        await Assertions.Expect(op.Locator("h1")).ToHaveTextAsync("Établissements");
        await FillAsync(op, "#uai", uai);
        await FillAsync(op, "#name", "Collège Jean Moulin");
        await FillAsync(op, "#contact", "Mme Durand");
        await op.ClickAsync("button:has-text(\"Ouvrir l'établissement\")");
        var login = (await op.Locator("[data-testid=admin-login]").InnerTextAsync()).Trim();
        var password = (await op.Locator("[data-testid=admin-password]").InnerTextAsync()).Trim();
        var heading = await op.Locator("#created-title").InnerTextAsync();
        var baseId = int.Parse(System.Text.RegularExpressions.Regex.Match(heading, @"base n° (\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        await ShotAsync(op, "webmestre-etablissement-ouvert");
        await AxeAsync(op, "établissements");

        // 2. Its administrator signs in with the address ?base=N (local sign-in of that establishment).
        var admin = await NewPageAsync();
        await BrowserSignIn.SignInAsync(admin, system.GatewayUrl, baseId, login, password, page => ShotAsync(page, "admin-connexion"));
        await Assertions.Expect(admin.Locator("main")).ToContainTextAsync("Vous êtes dans l'environnement administrateur.");
        await Assertions.Expect(admin.Locator("main")).ToContainTextAsync($"?sso&base={baseId}");
        await ShotAsync(admin, "admin-accueil");
        await AxeAsync(admin, "accueil administrateur");

        // 3. ENT mode with the CAS test server.
        await admin.GotoAsync(Url("/admin/etablissement"));
        await admin.Locator("text=Authentification par l'ENT (serveur CAS)").ClickAsync();
        await admin.SelectOptionAsync("#connector", "perso");
        await admin.SelectOptionAsync("#cas-scheme", "http");
        await FillAsync(admin, "#cas-host", _cas.Host);
        await FillAsync(admin, "#cas-port", _cas.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await FillAsync(admin, "#cas-root", _cas.Root);
        await admin.ClickAsync("text=Enregistrer le mode de connexion");
        await Assertions.Expect(admin.Locator(".alert.success")).ToContainTextAsync("par l'ENT");
        await ShotAsync(admin, "admin-mode-ent");
        await AxeAsync(admin, "établissement");

        // 4. Imports: STS-web, SIECLE students, SIECLE guardians (wizard: upload, analysis, review, confirm).
        await admin.GotoAsync(Url("/admin/imports"));
        await ImportAsync(admin, gen.StsXml(), gen.StsFileName, "sts");
        await ImportAsync(admin, gen.StudentsXml(), "ElevesSansAdresses.xml", "eleves");
        await ImportAsync(admin, ImportFileGenerator.Zip("ResponsablesAvecAdresses.xml", gen.GuardiansXml()), "ExportXML_ResponsablesAvecAdresses.zip", "responsables");

        // 5. ENT identifiers: the teacher and three students of the class.
        var csv = new StringBuilder("Identifiant;Nom;Prénom\n");
        var teacherEnt = $"ent.{teacher.Id}".ToLowerInvariant();
        csv.Append(teacherEnt).Append(';').Append(teacher.ExpectedLastName).Append(';').Append(teacher.FirstName).Append('\n');
        foreach (var (s, i) in students.Select((s, i) => (s, i)))
        {
            csv.Append($"eleve.{i}.{baseId}").Append(';').Append(s.ExpectedLastName).Append(';').Append(s.FirstName).Append('\n');
        }
        await admin.GotoAsync(Url("/admin/identifiants-ent"));
        await admin.SelectOptionAsync("#ent-format", "perso");
        await SetFileAsync(admin, "#ent-file", "text=Analyser le fichier", new FilePayload { Name = "identifiants-ent.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv.ToString()) });
        await admin.ClickAsync("text=Analyser le fichier");
        await Assertions.Expect(admin.Locator("#ent-report-title")).ToBeVisibleAsync();
        await ShotAsync(admin, "admin-identifiants-ent-rapport");
        await admin.ClickAsync("text=Confirmer l'attribution des identifiants");
        await Assertions.Expect(admin.Locator(".alert.success")).ToContainTextAsync("Identifiants ENT attribués");
        await ShotAsync(admin, "admin-identifiants-ent-confirmes");
        await AxeAsync(admin, "identifiants ENT");

        // 6. The teacher clicks « Sacoche » in the ENT: ?sso&base=N → CAS → welcome page.
        var prof = await SsoAsync(baseId, teacherEnt, teacher.FirstName);
        await Assertions.Expect(prof.Locator("main")).ToContainTextAsync("Vous êtes dans l'environnement personnel enseignant.");
        await ShotAsync(prof, "enseignant-accueil-sso");
        await AxeAsync(prof, "accueil enseignant");

        // 7. A referential of the teacher's subject: one domain, one theme, two items.
        await prof.GotoAsync(Url("/referentiels"));
        var subjectValue = await WaitForOptionAsync(prof, "#ref-subject", subject.ManagementCode, subject.BcnCode);
        await prof.SelectOptionAsync("#ref-subject", subjectValue);
        await prof.SelectOptionAsync("#ref-level", new SelectOptionValue { Index = 1 });
        await prof.ClickAsync("text=Créer le référentiel");
        await prof.ClickAsync("text=+ Domaine");
        await FillAsync(prof, "input[id^=d-name-]", "Nombres et calculs");
        await prof.ClickAsync("text=+ Thème");
        await FillAsync(prof, "input[id^=t-name-]", "Fractions");
        await prof.ClickAsync("text=+ Item");
        await FillAsync(prof, "input[id^=i-name-] >> nth=0", "Comparer deux fractions");
        await prof.ClickAsync("text=+ Item");
        await FillAsync(prof, "input[id^=i-name-] >> nth=1", "Additionner des fractions");
        await prof.ClickAsync("text=Enregistrer le référentiel");
        await Assertions.Expect(prof.Locator(".alert.success")).ToContainTextAsync("Référentiel enregistré");
        await ShotAsync(prof, "enseignant-referentiel");
        await AxeAsync(prof, "référentiel");

        // 8. An evaluation of the class on both items, then the grid typed with the keyboard.
        await prof.GotoAsync(Url("/evaluations"));
        // The class picker (a <select> once Competences lists the teacher's classes), else the code typed.
        if (await prof.Locator("#eval-target").EvaluateAsync<string>("e => e.tagName") == "SELECT")
        {
            await prof.SelectOptionAsync("#eval-target", await WaitForOptionAsync(prof, "#eval-target", $"classe:{service.StructureCode}"));
        }
        else
        {
            await FillAsync(prof, "#eval-target", service.StructureCode);
        }
        await FillAsync(prof, "#eval-description", "Contrôle fractions");
        await prof.SelectOptionAsync("#eval-referential", new SelectOptionValue { Index = 1 });
        await prof.ClickAsync("text=Tout cocher");
        await ShotAsync(prof, "enseignant-evaluation");
        await prof.ClickAsync("text=Créer l'évaluation");
        await prof.WaitForURLAsync("**/saisie");
        var first = prof.Locator("input[data-grid-row='0'][data-grid-col='0']");
        await first.FocusAsync();
        // Column 1: RR, V, VV down the first three rows, typed as 1, 3, 4 (the cursor moves down by itself).
        await prof.Keyboard.PressAsync("1");
        await prof.Keyboard.PressAsync("3");
        await prof.Keyboard.PressAsync("4");
        // Column 2: VV for the first student who has an ENT id, then « a » (absent) for the next row.
        var rows = (await prof.Locator("table.grid tbody th").AllInnerTextsAsync()).Select(t => t.Trim()).ToList();
        var row = rows.FindIndex(t => students.Any(s => t.Contains(s.ExpectedLastName, StringComparison.Ordinal) && t.Contains(s.FirstName, StringComparison.Ordinal)));
        Assert.True(row >= 0 && row < rows.Count - 1, $"a student with an ENT id in the grid: {string.Join(", ", rows)}");
        var target = students.First(s => rows[row].Contains(s.ExpectedLastName, StringComparison.Ordinal) && rows[row].Contains(s.FirstName, StringComparison.Ordinal));
        await prof.Locator($"input[data-grid-row='{row}'][data-grid-col='1']").FocusAsync();
        await prof.Keyboard.PressAsync("4");
        await prof.Keyboard.PressAsync("a");
        await Assertions.Expect(prof.Locator("td.saved")).ToHaveCountAsync(5);
        Assert.Equal(0, await prof.Locator("td.error").CountAsync());
        await Assertions.Expect(first).ToHaveValueAsync("RR");
        await Assertions.Expect(prof.Locator($"input[data-grid-row='{row}'][data-grid-col='1']")).ToHaveValueAsync("VV");
        await ShotAsync(prof, "enseignant-saisie-clavier");
        await AxeAsync(prof, "grille de saisie");
        await prof.SetViewportSizeAsync(390, 844);
        await ShotAsync(prof, "enseignant-saisie-telephone");

        // 9. That student signs in through the ENT and sees the scores.
        var eleve = await SsoAsync(baseId, $"eleve.{students.IndexOf(target)}.{baseId}", target.FirstName);
        await Assertions.Expect(eleve.Locator("main")).ToContainTextAsync("Vous êtes dans l'environnement élève.");
        await ShotAsync(eleve, "eleve-accueil");
        await eleve.GotoAsync(Url("/releve"));
        await Assertions.Expect(eleve.Locator("main")).ToContainTextAsync("Additionner des fractions");
        await Assertions.Expect(eleve.Locator("main .swatch", new() { HasText = "VV" })).ToHaveCountAsync(row == 2 ? 2 : 1);
        if (row < 3)
        {
            await Assertions.Expect(eleve.Locator("main")).ToContainTextAsync("Comparer deux fractions");
            await Assertions.Expect(eleve.Locator("main .swatch", new() { HasText = new[] { "RR", "V", "VV" }[row] }).First).ToBeVisibleAsync();
        }
        await ShotAsync(eleve, "eleve-releve");
        await AxeAsync(eleve, "relevé élève");
        await eleve.SetViewportSizeAsync(390, 844);
        await ShotAsync(eleve, "eleve-releve-telephone");
    }

    private async Task ImportAsync(IPage admin, byte[] content, string fileName, string step)
    {
        await admin.SelectOptionAsync("#kind", "");
        await SetFileAsync(admin, "#file", "text=Envoyer le fichier", new FilePayload { Name = fileName, MimeType = "application/octet-stream", Buffer = content });
        await admin.ClickAsync("text=Envoyer le fichier");
        await Assertions.Expect(admin.Locator("#review-title")).ToBeVisibleAsync(new() { Timeout = 120_000 });
        await ShotAsync(admin, $"admin-import-{step}-verification");
        if (step == "sts")
        {
            await AxeAsync(admin, "vérification d'import");
        }
        await admin.ClickAsync("text=Confirmer l'import");
        await Assertions.Expect(admin.Locator("#done-title")).ToBeVisibleAsync(new() { Timeout = 120_000 });
        await ShotAsync(admin, $"admin-import-{step}-termine");
        await admin.ClickAsync("text=Importer un autre fichier");
    }

    /// <summary>
    /// Blazor's InputFile starts listening once its circuit rendered it: a file set earlier is not seen.
    /// Set it until the button that needs it is enabled.
    /// </summary>
    private static async Task SetFileAsync(IPage page, string input, string button, FilePayload file)
    {
        for (var attempt = 0; ; attempt++)
        {
            await page.Locator(input).SetInputFilesAsync(file);
            try
            {
                await Assertions.Expect(page.Locator(button)).ToBeEnabledAsync(new() { Timeout = 3000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 5)
            {
            }
        }
    }

    /// <summary>The imported subjects reach Competences through events: wait until the option is there.</summary>
    private static async Task<string> WaitForOptionAsync(IPage page, string select, params string[] values)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var options = await page.Locator($"{select} option").EvaluateAllAsync<string[]>("os => os.map(o => o.value)");
            if (values.FirstOrDefault(options.Contains) is { } found)
            {
                return found;
            }
            Assert.True(DateTime.UtcNow < deadline, $"none of {string.Join(", ", values)} in {select}: {string.Join(", ", options.Take(30))}");
            await Task.Delay(1000);
            await page.ReloadAsync();
        }
    }
}
