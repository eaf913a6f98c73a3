using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Xml.Linq;
using Sacoche.Competences.Tests.Api;
using Sacoche.Contracts;
using Sacoche.Testing.Infrastructure;
using Xunit;
using Xunit.Abstractions;
using static Sacoche.Competences.Tests.Lsu.LsuTestData;
using static Sacoche.Competences.Tests.Reports.ReportTestData;

namespace Sacoche.Competences.Tests.Lsu;

/// <summary>
/// The LSU export (docs/domain/lsu.md) on complete data. Roster (SQL, until the imports fill it): SIECLE ids Student1 1001,
/// Student2 1002, Student3 1003; Teacher1 STS 5001 (epp, M), Teacher2 STS 5002 (local, MME); Guardian1 M with a full address;
/// Student1 follows SVT (062900) in modality F. Periods T1, T2, T3 of 2026–2027 for every class (mode « position »: 1 = 0–24…
/// 4 = 75–100). MATHS (061300) of 3A in T1: Student1 V, V (mean 67 → 3) overridden to 4, Student2 RR, RR (0 → 1); SVT not
/// evaluated. Every line has an element and an appreciation, every student a general appreciation (Student2's SVT appreciation holds a vertical tab, which XML cannot carry); Student1's T1 attendance
/// 2 late, 3 justified, 1 unjustified half-days, 4 missed hours. 3A complete for T1–T3, 3B for T1–T2 (T3 « mixed »).
/// Parcours PAR_CIT of 3A in T2; Student1 PAP, Student2 PPRE « Soutien en lecture ». Cycle 4: Student1 locked (CPD_FRA V → 4,
/// MET_APP RR → 1 positioned 3, complement LCA level 2), Student2 not locked.
/// </summary>
public sealed class LsuExportTests(CompetencesApp app, ITestOutputHelper output) : IClassFixture<CompetencesApp>
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly Dictionary<string, long[]> Ready = [];
    private static readonly DateTimeOffset LockedAt = new(2027, 6, 20, 10, 30, 0, TimeSpan.Zero);

    private async Task<long[]> SetupAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (Ready.TryGetValue(app.Database, out var ready))
            {
                return ready;
            }
            var admin = app.AdminClient();
            await app.PublishAsync(new EstablishmentRegistered(CompetencesApp.Base, "0341234a", "Collège Jean Moulin", DateTimeOffset.UtcNow));
            Assert.True(await TestServers.EventuallyAsync(async () => await app.CountAsync("SELECT count(*) FROM establishments WHERE uai = '0341234A'") == 1,
                TimeSpan.FromSeconds(60)));
            await SetRosterAsync(app, app.Student1, "siecle_id", "1001");
            await SetRosterAsync(app, app.Student2, "siecle_id", "1002");
            await SetRosterAsync(app, app.Student3, "siecle_id", "1003");
            await SqlAsync(app, "UPDATE roster_users SET sts_id = '5001', sts_type = 'epp', civility = 'M' WHERE user_id = @u", ("u", app.Teacher1));
            await SqlAsync(app, "UPDATE roster_users SET sts_id = '5002', sts_type = 'local', civility = 'MME' WHERE user_id = @u", ("u", app.Teacher2));
            await SqlAsync(app, "UPDATE roster_users SET civility = 'M', address_line1 = '12 rue des Lilas', address_line2 = 'Bâtiment B', postal_code = '34000', city = 'Montpellier' WHERE user_id = @u",
                ("u", app.Guardian1));
            await SqlAsync(app, "INSERT INTO roster_student_options (establishment_id, student_id, subject_bcn_code, modality) VALUES (101, @s, '062900', 'F')", ("s", app.Student1));

            long t1 = await BilanTestPeriods.CreateAsync(admin, "Trimestre 1", "2026-09-01", "2026-11-30");
            long t2 = await BilanTestPeriods.CreateAsync(admin, "Trimestre 2", "2026-12-01", "2027-02-28");
            long t3 = await BilanTestPeriods.CreateAsync(admin, "Trimestre 3", "2027-03-01", "2027-06-30");
            var (_, items) = await app.CreateReferentialAsync(app.Teacher1Client(), "MATHS", "3E", items: 2);
            await EvaluateAsync(admin, "2026-10-10", items, (app.Student1, items[0], "V"), (app.Student1, items[1], "V"), (app.Student2, items[0], "RR"), (app.Student2, items[1], "RR"));

            long[] periods = [t1, t2, t3];
            for (int n = 0; n < periods.Length; n++)
            {
                long p = periods[n];
                await Bilans.BilanTestData.SetStatusAsync(app, "3A", p, "mixed");
                await Bilans.BilanTestData.SetStatusAsync(app, "3B", p, "mixed");
                await LineAsync(admin, "3A", p, app.Student1, "MATHS", $"Emma progresse en mathématiques (T{n + 1}).", ["Calcul littéral", "Proportionnalité"], n == 0 ? 4 : null);
                await LineAsync(admin, "3A", p, app.Student1, "SVT", $"Bon investissement en SVT (T{n + 1}).", ["Le vivant et son évolution"]);
                await LineAsync(admin, "3A", p, app.Student1, "FRANC", $"Lecture attentive (T{n + 1}).", ["Lire et comprendre"]);
                await LineAsync(admin, "3A", p, app.Student2, "MATHS", "Des efforts à poursuivre.", ["Calcul littéral"]);
                await LineAsync(admin, "3A", p, app.Student2, "SVT", "Travail\vrégulier.", ["Le vivant et son évolution"]); // a vertical tab: no XML character
                await LineAsync(admin, "3B", p, app.Student3, "FRANC", "Bonne participation.", ["Lire et comprendre"]);
                await LineAsync(admin, "3B", p, app.Student3, "MATHS", "Résultats solides.", ["Géométrie plane"]);
                await GeneralAsync(admin, "3A", p, app.Student1, $"Un bon trimestre, Emma (T{n + 1}).");
                await GeneralAsync(admin, "3A", p, app.Student2, "Hugo doit s'investir davantage.");
                await GeneralAsync(admin, "3B", p, app.Student3, "Jade a bien travaillé.");
                await AttendanceAsync(admin, "3A", p, app.Student1, 2, 3, 1, 4, "Retards le lundi matin.");
                await AttendanceAsync(admin, "3A", p, app.Student2, 0, 1, 0);
                await AttendanceAsync(admin, "3B", p, app.Student3, 1, 0, 0);
                await Bilans.BilanTestData.SetStatusAsync(app, "3A", p, "complete");
                if (n < 2)
                {
                    await Bilans.BilanTestData.SetStatusAsync(app, "3B", p, "complete");
                }
            }

            await SqlAsync(app, "INSERT INTO bilan_parcours (establishment_id, period_id, class_code, code, description, changed_by, changed_at) VALUES (101, @p, '3A', 'PAR_CIT', 'Conseil de vie collégienne : élection des délégués.', @u, now())",
                ("p", t2), ("u", app.Admin));
            await SqlAsync(app, "INSERT INTO student_measures (establishment_id, student_id, code, complement, changed_by, changed_at) VALUES (101, @s1, 'PAP', NULL, @u, now()), (101, @s2, 'PPRE', 'Soutien en lecture', @u, now())",
                ("s1", app.Student1), ("s2", app.Student2), ("u", app.Admin));

            // Cycle 4: CPD_FRA acquired (V → 4), MET_APP not acquired (RR → 1) then positioned 3.
            var subject = await app.NewSubjectAsync();
            var socle = await CreateSocleReferentialAsync(admin, subject, "3E", ["CPD_FRA", "MET_APP"]);
            await EvaluateAsync(admin, "2026-10-12", socle, (app.Student1, socle[0], "V"), (app.Student1, socle[1], "RR"));
            await OkAsync(await admin.PutAsJsonAsync($"/api/competences/common-core/students/{app.Student1}/positionings", new { cycle = 4, component = "MET_APP", degree = 3 }));
            await SqlAsync(app, """
                INSERT INTO cycle_bilans (establishment_id, student_id, cycle, synthesis, complement_code, complement_level, locked_at, version, changed_by, changed_at)
                VALUES (101, @s1, 4, 'Emma a atteint les objectifs du cycle 4.', 'LCA', 2, @locked, 1, @u, now()),
                       (101, @s2, 4, 'Hugo : bilan en cours.', NULL, NULL, NULL, 1, @u, now())
                """, ("s1", app.Student1), ("s2", app.Student2), ("locked", LockedAt), ("u", app.Admin));
            Ready[app.Database] = periods;
            return periods;
        }
        finally
        {
            Gate.Release();
        }
    }

    [Fact]
    public async Task Lsu_settings_name_the_only_direction_member_and_teachers_get_403_everywhere()
    {
        await SetupAsync();
        var settings = await GetJsonAsync(app.AdminClient(), "/api/competences/lsu/settings");
        Assert.Equal(JsonValueKind.Null, settings.GetProperty("headOfEstablishment").ValueKind);
        Assert.Equal("PRINCIPAL Paul", settings.GetProperty("effective").GetString());
        Assert.Equal(["PRINCIPAL Paul"], settings.GetProperty("candidates").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(HttpStatusCode.OK, (await app.Client(app.Direction, "DIR").GetAsync("/api/competences/lsu/settings")).StatusCode);

        var teacher = app.Teacher1Client();
        Assert.Equal(HttpStatusCode.Forbidden, (await teacher.GetAsync("/api/competences/lsu/settings")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await teacher.PutAsJsonAsync("/api/competences/lsu/settings", new { headOfEstablishment = "X" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await teacher.GetAsync("/api/competences/lsu/check?periodId=1")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await teacher.PostAsJsonAsync("/api/competences/lsu/exports", new { periodIds = new[] { 1 } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await teacher.GetAsync("/api/competences/lsu/exports")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await teacher.GetAsync("/api/competences/lsu/exports/1")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Client(app.Student1, "ELV").GetAsync("/api/competences/lsu/exports")).StatusCode);
    }

    [Fact]
    public async Task One_period_of_one_class_is_valid_and_carries_the_data_entered()
    {
        var periods = await SetupAsync();
        var admin = app.AdminClient();
        var export = await ExportAsync(admin, new { periodIds = new[] { periods[0] }, classCodes = new[] { "3A" }, cycleBilans = false });
        var bytes = await DownloadAsync(admin, export);
        Assert.Equal(export.GetProperty("size").GetInt64(), bytes.LongLength);
        Assert.Equal(export.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Assert.Matches(@"^LSU_0341234A_\d{8}\.xml$", export.GetProperty("fileName").GetString());
        Assert.Equal(2, export.GetProperty("students").GetInt32());
        Assert.Equal(2, export.GetProperty("periodicBilans").GetInt32());
        Assert.Equal("Alice Admin", export.GetProperty("createdByName").GetString());
        var doc = Validate(bytes);

        Assert.Equal("3.0", doc.Root!.Attribute("schemaVersion")?.Value);
        Assert.Equal("0341234A", doc.Root.Descendants(Ns + "etablissement").Single().Value);
        Assert.Equal("Sacoche", doc.Root.Descendants(Ns + "editeur").Single().Value);
        var head = All(doc, "responsable-etab").Single();
        Assert.Equal("PRINCIPAL Paul", Attr(head, "libelle"));
        var eleves = All(doc, "eleve").ToList();
        Assert.Equal(["1001", "1002"], eleves.Select(e => Attr(e, "id-be")).Order());
        Assert.All(eleves, e => Assert.Equal("3A", Attr(e, "code-division")));
        Assert.Equal("Bernard", Attr(eleves.Single(e => Attr(e, "id-be") == "1001"), "nom"));
        var periode = All(doc, "periode").Single();
        Assert.Equal(("2026", "1", "3"), (Attr(periode, "millesime"), Attr(periode, "indice"), Attr(periode, "nb-periodes")));

        var teachers = All(doc, "enseignant").ToDictionary(t => Attr(t, "id-sts")!);
        Assert.Equal(["5001", "5002"], teachers.Keys.Order());
        Assert.Equal(("epp", "M", "Martin", "Tom"), (Attr(teachers["5001"], "type"), Attr(teachers["5001"], "civilite"), Attr(teachers["5001"], "nom"), Attr(teachers["5001"], "prenom")));
        Assert.Equal(("local", "MME"), (Attr(teachers["5002"], "type"), Attr(teachers["5002"], "civilite")));
        var disciplines = All(doc, "discipline").Select(d => (Attr(d, "code"), Attr(d, "modalite-election"), Attr(d, "libelle"))).ToHashSet();
        Assert.Contains(("061300", "S", "Mathématiques"), disciplines);
        Assert.Contains(("062900", "F", "SVT"), disciplines);
        Assert.Contains(("062900", "S", "SVT"), disciplines);
        Assert.Contains(("020700", "S", "Français"), disciplines);

        var emma = Bilan(doc, "1001", 1);
        Assert.Equal(Attr(head, "id"), Attr(emma, "responsable-etab-ref"));
        Assert.Equal(Attr(teachers["5001"], "id"), Attr(emma, "prof-princ-refs")); // Teacher1 is 3A's principal teacher
        Assert.Equal("2026-09-01", Attr(emma, "date-scolarite"));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", Attr(emma, "date-conseil-classe"));
        Assert.StartsWith(Attr(emma, "date-conseil-classe")! + "T", Attr(emma, "date-verrou"));
        var maths = Acquis(doc, emma, "061300");
        Assert.Equal("4", Attr(maths, "positionnement")); // the override over the computed 3
        Assert.Null(Attr(maths, "eleve-non-note"));
        Assert.Equal("Emma progresse en mathématiques (T1).", maths.Element(Ns + "appreciation")?.Value);
        Assert.Equal(Attr(teachers["5001"], "id"), Attr(maths, "enseignant-refs"));
        var elements = All(doc, "element-programme").ToDictionary(e => Attr(e, "id")!, e => Attr(e, "libelle"));
        Assert.Equal(["Calcul littéral", "Proportionnalité"], Attr(maths, "element-programme-refs")!.Split(' ').Select(id => elements[id]).Order());
        var svt = Acquis(doc, emma, "062900");
        Assert.Equal("true", Attr(svt, "eleve-non-note"));
        Assert.Null(Attr(svt, "positionnement"));
        Assert.Equal(Attr(teachers["5002"], "id"), Attr(svt, "enseignant-refs"));
        Assert.Equal("DI_062900_F", Attr(svt, "discipline-ref"));
        Assert.Equal("Un bon trimestre, Emma (T1).", emma.Element(Ns + "acquis-conseils")?.Value);
        var vie = emma.Element(Ns + "vie-scolaire")!;
        Assert.Equal(("2", "3", "1", "4"), (Attr(vie, "nb-retards"), Attr(vie, "nb-abs-justifiees"), Attr(vie, "nb-abs-injustifiees"), Attr(vie, "nb-heures-manquees")));
        Assert.Equal("Retards le lundi matin.", vie.Element(Ns + "commentaire")?.Value);
        var guardian = emma.Descendants(Ns + "responsable").Single();
        Assert.Equal(("M", "Bernard", "Marc"), (Attr(guardian, "civilite"), Attr(guardian, "nom"), Attr(guardian, "prenom")));
        var address = guardian.Element(Ns + "adresse")!;
        Assert.Equal(("12 rue des Lilas", "Bâtiment B", "34000", "Montpellier"), (Attr(address, "ligne1"), Attr(address, "ligne2"), Attr(address, "code-postal"), Attr(address, "commune")));

        var hugo = Bilan(doc, "1002", 1);
        Assert.Equal("1", Attr(Acquis(doc, hugo, "061300"), "positionnement")); // computed from RR, RR
        Assert.Equal("DI_062900_S", Attr(Acquis(doc, hugo, "062900"), "discipline-ref"));
        Assert.Equal("Travail régulier.", Acquis(doc, hugo, "062900").Element(Ns + "appreciation")?.Value);
        Assert.Empty(hugo.Descendants(Ns + "responsables"));
        Assert.Empty(All(doc, "bilan-cycle"));
    }

    [Fact]
    public async Task Three_periods_of_several_classes_give_each_class_its_periods_and_leave_out_what_is_not_complete()
    {
        var periods = await SetupAsync();
        var admin = app.AdminClient();
        string query = $"periodId={periods[0]},{periods[1]}&periodId={periods[2]}";
        var check = await GetJsonAsync(admin, $"/api/competences/lsu/check?{query}");
        Assert.True(check.GetProperty("valid").GetBoolean(), check.ToString());
        Assert.Equal(["3A", "3B"], check.GetProperty("scope").GetProperty("classCodes").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(8, check.GetProperty("periodicBilans").GetInt32());
        Assert.Equal(3, check.GetProperty("students").GetInt32());
        var notComplete = check.GetProperty("problems").EnumerateArray().Single(p => p.GetProperty("code").GetString() == "bilan-not-complete");
        Assert.Equal(("warning", "3B", periods[2]), (notComplete.GetProperty("severity").GetString(), notComplete.GetProperty("classCode").GetString(), notComplete.GetProperty("periodId").GetInt64()));
        Assert.Equal($"/bilans/3B/{periods[2]}", notComplete.GetProperty("link").GetString());

        var watch = Stopwatch.StartNew();
        var export = await ExportAsync(admin, new { periodIds = periods, classCodes = Array.Empty<string>(), cycleBilans = false });
        output.WriteLine($"Export of 3 periods × 2 classes (8 bilans): {watch.ElapsedMilliseconds} ms, {export.GetProperty("size").GetInt64()} bytes.");
        Assert.Equal(8, export.GetProperty("periodicBilans").GetInt32());
        var doc = Validate(await DownloadAsync(admin, export));
        Assert.Equal([("1", "3"), ("2", "3"), ("3", "3")], All(doc, "periode").Select(p => (Attr(p, "indice")!, Attr(p, "nb-periodes")!)).Order());
        Assert.Equal(8, All(doc, "bilan-periodique").Count());
        Assert.Equal(["1001", "1002", "1003"], All(doc, "eleve").Select(e => Attr(e, "id-be")).Order());
        Assert.Equal("3B", Attr(All(doc, "eleve").Single(e => Attr(e, "id-be") == "1003"), "code-division"));
        // 3B is « mixed » for T3: Jade's T1 and T2 only.
        Assert.NotNull(Bilan(doc, "1003", 1));
        Assert.NotNull(Bilan(doc, "1003", 2));
        Assert.Throws<InvalidOperationException>(() => Bilan(doc, "1003", 3));
        Assert.Equal("Emma progresse en mathématiques (T3).", Acquis(doc, Bilan(doc, "1001", 3), "061300").Element(Ns + "appreciation")?.Value);
        // Jade's maths are Teacher2's (3B), her French Teacher1's (group G1); 3B has no principal teacher.
        var jade = Bilan(doc, "1003", 2);
        Assert.Equal("ENS_local_5002", Attr(Acquis(doc, jade, "061300"), "enseignant-refs"));
        Assert.Equal("ENS_epp_5001", Attr(Acquis(doc, jade, "020700"), "enseignant-refs"));
        Assert.Null(Attr(jade, "prof-princ-refs"));
    }

    [Fact]
    public async Task A_class_with_parcours_and_measures_exports_them()
    {
        var periods = await SetupAsync();
        var admin = app.AdminClient();
        var doc = Validate(await DownloadAsync(admin, await ExportAsync(admin, new { periodIds = new[] { periods[1] }, classCodes = new[] { "3A" } })));
        var commun = All(doc, "parcours-commun").Single();
        Assert.Equal(("3A", Attr(All(doc, "periode").Single(), "id")), (Attr(commun, "code-division"), Attr(commun, "periode-ref")));
        var parcours = commun.Elements(Ns + "parcours").Single();
        Assert.Equal(("PAR_CIT", "Conseil de vie collégienne : élection des délégués."), (Attr(parcours, "code"), parcours.Value));
        Assert.Equal(("2", "3"), (Attr(All(doc, "periode").Single(), "indice"), Attr(All(doc, "periode").Single(), "nb-periodes")));

        var ppre = Bilan(doc, "1002", 2).Descendants(Ns + "modalite-accompagnement").Single();
        Assert.Equal("PPRE", Attr(ppre, "code"));
        Assert.Equal("Soutien en lecture", ppre.Element(Ns + "complement-ppre")?.Value);
        var pap = Bilan(doc, "1001", 2).Descendants(Ns + "modalite-accompagnement").Single();
        Assert.Equal("PAP", Attr(pap, "code"));
        Assert.Null(pap.Element(Ns + "complement-ppre"));
        // No parcours in T1: no parcours-communs at all.
        var t1 = Validate(await DownloadAsync(admin, await ExportAsync(admin, new { periodIds = new[] { periods[0] }, classCodes = new[] { "3A" } })));
        Assert.Empty(All(t1, "parcours-communs"));
    }

    [Fact]
    public async Task Cycle_bilans_of_a_3e_class_carry_the_effective_degrees_the_synthesis_and_the_complement()
    {
        await SetupAsync();
        var admin = app.AdminClient();
        var check = await GetJsonAsync(admin, "/api/competences/lsu/check?classCodes=3A&cycle=4");
        Assert.True(check.GetProperty("valid").GetBoolean(), check.ToString());
        Assert.Equal(1, check.GetProperty("cycleBilans").GetInt32());
        var codes = check.GetProperty("problems").EnumerateArray().Select(p => (p.GetProperty("code").GetString(), p.GetProperty("studentId").GetGuid())).ToList();
        Assert.Contains(("cycle-bilan-not-locked", app.Student2), codes);
        Assert.Contains(("cycle-bilan-domain-not-assessed", app.Student1), codes);
        var unlocked = check.GetProperty("problems").EnumerateArray().First(p => p.GetProperty("code").GetString() == "cycle-bilan-not-locked");
        Assert.Equal($"/socle/eleve/{app.Student2}/bilan-de-cycle?cycle=4", unlocked.GetProperty("link").GetString());

        var export = await ExportAsync(admin, new { periodIds = Array.Empty<long>(), classCodes = new[] { "3A" }, cycleBilans = true });
        Assert.Equal((1, 0, 1), (export.GetProperty("cycleBilanCount").GetInt32(), export.GetProperty("periodicBilans").GetInt32(), export.GetProperty("students").GetInt32()));
        var doc = Validate(await DownloadAsync(admin, export));
        Assert.Empty(All(doc, "periodes"));
        Assert.Empty(All(doc, "bilans-periodiques"));
        var bilan = All(doc, "bilan-cycle").Single();
        Assert.Equal(("EL1001", "4", "2026"), (Attr(bilan, "eleve-ref"), Attr(bilan, "cycle"), Attr(bilan, "millesime")));
        var local = TimeZoneInfo.ConvertTime(LockedAt, TimeZoneInfo.Local);
        Assert.Equal(local.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture), Attr(bilan, "date-verrou"));
        Assert.Equal(local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Attr(bilan, "date-creation"));
        var degrees = bilan.Descendants(Ns + "domaine").ToDictionary(d => Attr(d, "code")!, d => Attr(d, "positionnement"));
        Assert.Equal(8, degrees.Count);
        Assert.Equal("4", degrees["CPD_FRA"]); // computed: 1 item of 1 acquired
        Assert.Equal("3", degrees["MET_APP"]); // the positionnement over the computed 1
        Assert.All(degrees.Where(d => d.Key is not ("CPD_FRA" or "MET_APP")), d => Assert.Equal("0", d.Value));
        Assert.Equal("Emma a atteint les objectifs du cycle 4.", bilan.Element(Ns + "synthese")?.Value);
        var complement = bilan.Element(Ns + "enseignement-complement")!;
        Assert.Equal(("LCA", "2"), (Attr(complement, "code"), Attr(complement, "positionnement")));
        Assert.Equal("ENS_epp_5001", Attr(bilan, "prof-princ-refs"));
        Assert.Equal("Bernard", Attr(bilan.Descendants(Ns + "responsable").Single(), "nom"));
    }

    [Fact]
    public async Task In_mode_moyenne_the_marks_out_of_20_and_the_class_mean_are_exported()
    {
        var periods = await SetupAsync();
        var admin = app.AdminClient();
        await Bilans.BilanTestData.SetModeAsync(app, "moyenne", 25, 50, 75);
        try
        {
            var doc = Validate(await DownloadAsync(admin, await ExportAsync(admin, new { periodIds = new[] { periods[0] }, classCodes = new[] { "3A" } })));
            // Emma: 67 / 5 = 13.4 (the level-4 override was chosen in mode « position »: not applied); Hugo: 0; the class: (13.4 + 0) / 2.
            var emma = Acquis(doc, Bilan(doc, "1001", 1), "061300");
            Assert.Equal(("13.4/20", "6.7/20"), (Attr(emma, "moyenne-eleve"), Attr(emma, "moyenne-structure")));
            Assert.Null(Attr(emma, "positionnement"));
            var hugo = Acquis(doc, Bilan(doc, "1002", 1), "061300");
            Assert.Equal(("0/20", "6.7/20"), (Attr(hugo, "moyenne-eleve"), Attr(hugo, "moyenne-structure")));
            var svt = Acquis(doc, Bilan(doc, "1001", 1), "062900");
            Assert.Equal(("true", "true"), (Attr(svt, "eleve-non-note"), Attr(svt, "structure-non-notee")));
        }
        finally
        {
            await Bilans.BilanTestData.SetModeAsync(app, "position", 25, 50, 75);
        }
    }

    [Fact]
    public async Task Two_exports_of_the_same_data_are_the_same_file_listed_newest_first_and_hidden_from_other_establishments()
    {
        var periods = await SetupAsync();
        var admin = app.AdminClient();
        var body = new { periodIds = new[] { periods[0] }, classCodes = new[] { "3A" }, cycleBilans = true };
        var first = await ExportAsync(admin, body);
        var second = await ExportAsync(admin, body);
        Assert.NotEqual(first.GetProperty("id").GetInt64(), second.GetProperty("id").GetInt64());
        Assert.Equal(first.GetProperty("sha256").GetString(), second.GetProperty("sha256").GetString());
        var a = Validate(await DownloadAsync(admin, first));
        var b = Validate(await DownloadAsync(admin, second));
        static IEnumerable<string> Ids(XDocument d) => d.Descendants().Select(e => e.Attribute("id")?.Value).OfType<string>().Order(StringComparer.Ordinal);
        Assert.Equal(Ids(a), Ids(b));

        var list = await GetJsonAsync(admin, "/api/competences/lsu/exports");
        var ids = list.EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).ToList();
        Assert.True(ids.IndexOf(second.GetProperty("id").GetInt64()) < ids.IndexOf(first.GetProperty("id").GetInt64()));
        var listed = list.EnumerateArray().Single(e => e.GetProperty("id").GetInt64() == first.GetProperty("id").GetInt64());
        Assert.Equal([periods[0]], listed.GetProperty("periodIds").EnumerateArray().Select(p => p.GetInt64()));
        Assert.Equal(["3A"], listed.GetProperty("classCodes").EnumerateArray().Select(p => p.GetString()));
        Assert.True(listed.GetProperty("cycleBilans").GetBoolean());
        Assert.Equal(app.Admin, listed.GetProperty("createdBy").GetGuid());

        var other = app.Client(app.OtherAdmin, "ADM", CompetencesApp.OtherBase);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/competences/lsu/exports/{first.GetProperty("id").GetInt64()}")).StatusCode);
        Assert.Empty((await GetJsonAsync(other, "/api/competences/lsu/exports")).EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/competences/lsu/exports/999999")).StatusCode);
    }
}

/// <summary>Creates a period as the admin and returns its id.</summary>
internal static class BilanTestPeriods
{
    public static Task<long> CreateAsync(HttpClient admin, string name, string start, string end, params string[] classCodes) =>
        Bilans.BilanTestData.CreatePeriodAsync(admin, name, start, end, classCodes);
}
