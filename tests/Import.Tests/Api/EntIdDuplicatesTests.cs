using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Sacoche.Contracts;
using Sacoche.Import.Tests.Integration;
using static Sacoche.Import.Tests.Integration.ImportApiFixture;

namespace Sacoche.Import.Tests.Api;

/// <summary>
/// An ENT id is unique per establishment under the fold CAS sign-in uses (case, accents and surrounding
/// spaces ignored): a second person is refused with a French reason, keeps what he had, and the rest applies.
/// </summary>
[Collection(ImportApiCollection.Name)]
public sealed class EntIdDuplicatesTests(ImportApiFixture fx)
{
    private static byte[] Utf8(string s) => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(s)];

    private static readonly byte[] Students = Utf8(
        "Numéro;Genre;Nom;Prénom;Date de naissance;Courriel;Classe;Groupes\r\n" +
        "E001;M;Dupont;Jean;01/01/2013;;6B;\r\n" +
        "E002;F;Martin;Léa;02/02/2013;;6A;\r\n" +
        "E003;F;Durand;Zoé;03/03/2013;;6A;\r\n");

    private static readonly byte[] EntCsv = Utf8(
        "Identifiant;Nom;Prénom\r\n" +
        "JDupont;DUPONT;Jean\r\n" +
        "jdupont;MARTIN;Lea\r\n" +
        "zdurand;DURAND;Zoe\r\n");

    private const string Refusal = "Identifiant ENT « jdupont » déjà attribué à Dupont Jean (ELV, 6B)";

    [Fact]
    public async Task Two_people_of_one_file_with_the_same_folded_id_the_second_is_refused_and_a_reimport_changes_nothing()
    {
        const int b = 330;
        var admin = await StudentsAsync(b);

        var created = await JsonAsync(await UploadRawAsync(admin, "/api/import/ent-identifiers", EntCsv, "ent.csv"), HttpStatusCode.Created);
        var summary = created["summary"]!;
        Assert.Equal(2, summary["assigned"]!.GetValue<int>());
        Assert.Equal(1, summary["duplicateEntId"]!.GetValue<int>());
        var id = created["id"]!.GetValue<Guid>();

        var report = await JsonAsync(await admin.GetAsync($"/api/import/ent-identifiers/{id}"), HttpStatusCode.OK);
        var refused = Line(report, 3);
        Assert.Equal("duplicateEntId", refused["outcome"]!.GetValue<string>());
        Assert.StartsWith(Refusal, refused["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("ligne 2", refused["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Martin", refused["user"]!["lastName"]!.GetValue<string>());
        Assert.Equal("Dupont", refused["currentHolder"]!["lastName"]!.GetValue<string>());
        Assert.Equal("assigned", Line(report, 2)["outcome"]!.GetValue<string>());
        Assert.Equal("assigned", Line(report, 4)["outcome"]!.GetValue<string>());

        var csv = Encoding.UTF8.GetString(await (await admin.GetAsync($"/api/import/ent-identifiers/{id}/report.csv")).Content.ReadAsByteArrayAsync());
        Assert.Contains(Refusal, csv, StringComparison.Ordinal);

        var before = fx.Events.Count(b);
        var confirmed = await JsonAsync(await admin.PostAsync($"/api/import/ent-identifiers/{id}/confirm", null), HttpStatusCode.OK);
        Assert.Equal(2, confirmed["counts"]!["changed"]!.GetValue<int>());
        Assert.Equal(1, confirmed["counts"]!["duplicateEntId"]!.GetValue<int>());
        Assert.True(await fx.Events.WaitForAsync(b, before + 2));
        await Task.Delay(500);
        Assert.Equal(before + 2, fx.Events.Count(b));
        var carriers = fx.Events.UserImported(b).Where(u => string.Equals(u.EntId?.Trim(), "jdupont", StringComparison.OrdinalIgnoreCase)).ToList();
        var carrier = Assert.Single(carriers);
        Assert.Equal("Dupont", carrier.LastName);
        Assert.Equal("JDupont", carrier.EntId);
        Assert.DoesNotContain(fx.Events.UserImported(b), u => u.LastName == "Martin" && u.EntId is not null);
        Assert.Contains(fx.Events.UserImported(b), u => u.LastName == "Durand" && u.EntId == "zdurand");
        Assert.Equal(0, await fx.ScalarAsync("SELECT count(*) FROM people WHERE establishment_id = @b AND last_name = 'Martin' AND ent_id IS NOT NULL", b));

        // The same file again: the holder is unchanged, the second person is still refused (now by the directory), nothing is written.
        var again = await JsonAsync(await UploadRawAsync(admin, "/api/import/ent-identifiers", EntCsv, "ent.csv"), HttpStatusCode.Created);
        Assert.Equal(2, again["summary"]!["unchanged"]!.GetValue<int>());
        Assert.Equal(1, again["summary"]!["duplicateEntId"]!.GetValue<int>());
        Assert.Equal(0, again["summary"]!["assigned"]!.GetValue<int>());
        var againId = again["id"]!.GetValue<Guid>();
        var againReport = await JsonAsync(await admin.GetAsync($"/api/import/ent-identifiers/{againId}"), HttpStatusCode.OK);
        Assert.StartsWith(Refusal, Line(againReport, 3)["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var second = await JsonAsync(await admin.PostAsync($"/api/import/ent-identifiers/{againId}/confirm", null), HttpStatusCode.OK);
        Assert.Equal(0, second["counts"]!["changed"]!.GetValue<int>());
        await Task.Delay(1000);
        Assert.Equal(before + 2, fx.Events.Count(b));
    }

    [Fact]
    public async Task An_id_held_in_the_directory_under_another_case_or_accents_is_refused_and_the_refused_person_keeps_his_id()
    {
        const int b = 331;
        var admin = await StudentsAsync(b);
        await ApplyAsync(b, admin, Utf8("Identifiant;Nom;Prénom\r\nJDupont;DUPONT;Jean\r\nUT-LEA;MARTIN;Lea\r\nÉlodie.Durand;DURAND;Zoe\r\n"));

        var before = fx.Events.Count(b);
        var created = await JsonAsync(await UploadRawAsync(admin, "/api/import/ent-identifiers",
            Utf8("Identifiant;Nom;Prénom\r\n jdupont ;MARTIN;Lea\r\nelodie.durand;DURAND;Zoe\r\n"), "ent.csv"), HttpStatusCode.Created);
        Assert.Equal(1, created["summary"]!["duplicateEntId"]!.GetValue<int>());
        Assert.Equal(1, created["summary"]!["unchanged"]!.GetValue<int>());
        var id = created["id"]!.GetValue<Guid>();
        var report = await JsonAsync(await admin.GetAsync($"/api/import/ent-identifiers/{id}"), HttpStatusCode.OK);
        var refused = Line(report, 2);
        Assert.Equal("duplicateEntId", refused["outcome"]!.GetValue<string>());
        Assert.StartsWith(Refusal, refused["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("« UT-LEA »", refused["message"]!.GetValue<string>(), StringComparison.Ordinal); // what he keeps

        var confirmed = await JsonAsync(await admin.PostAsync($"/api/import/ent-identifiers/{id}/confirm", null), HttpStatusCode.OK);
        Assert.Equal(0, confirmed["counts"]!["changed"]!.GetValue<int>());
        await Task.Delay(1000);
        Assert.Equal(before, fx.Events.Count(b));
        Assert.Equal(1, await fx.ScalarAsync("SELECT count(*) FROM people WHERE establishment_id = @b AND last_name = 'Martin' AND ent_id = 'UT-LEA'", b));
    }

    [Fact]
    public async Task An_id_taken_between_the_report_and_the_confirmation_refuses_that_line_only()
    {
        const int b = 332;
        var admin = await StudentsAsync(b);

        // Report 1 gives "jdupont" to Martin and "zdurand" to Durand; before it is confirmed, report 2 gives "JDUPONT" to Dupont.
        var first = await JsonAsync(await UploadRawAsync(admin, "/api/import/ent-identifiers",
            Utf8("Identifiant;Nom;Prénom\r\njdupont;MARTIN;Lea\r\nzdurand;DURAND;Zoe\r\n"), "ent1.csv"), HttpStatusCode.Created);
        Assert.Equal(2, first["summary"]!["assigned"]!.GetValue<int>());
        await ApplyAsync(b, admin, Utf8("Identifiant;Nom;Prénom\r\nJDUPONT;DUPONT;Jean\r\n"));

        var before = fx.Events.Count(b);
        var id = first["id"]!.GetValue<Guid>();
        var confirmed = await JsonAsync(await admin.PostAsync($"/api/import/ent-identifiers/{id}/confirm", null), HttpStatusCode.OK);
        Assert.Equal(1, confirmed["counts"]!["changed"]!.GetValue<int>());
        Assert.Equal(1, confirmed["counts"]!["duplicateEntId"]!.GetValue<int>());
        Assert.True(await fx.Events.WaitForAsync(b, before + 1));
        Assert.Contains(fx.Events.UserImported(b), u => u.LastName == "Durand" && u.EntId == "zdurand");
        Assert.DoesNotContain(fx.Events.UserImported(b), u => u.LastName == "Martin" && u.EntId is not null);

        // The stored report says why.
        var report = await JsonAsync(await admin.GetAsync($"/api/import/ent-identifiers/{id}"), HttpStatusCode.OK);
        Assert.Equal("applied", report["status"]!.GetValue<string>());
        Assert.Equal(1, report["summary"]!["duplicateEntId"]!.GetValue<int>());
        Assert.Equal(1, report["summary"]!["assigned"]!.GetValue<int>());
        var refused = Line(report, 2);
        Assert.Equal("duplicateEntId", refused["outcome"]!.GetValue<string>());
        Assert.StartsWith(Refusal, refused["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_id_in_another_establishment_is_accepted()
    {
        const int b1 = 333, b2 = 334;
        var admin1 = await StudentsAsync(b1);
        var admin2 = await StudentsAsync(b2);
        await ApplyAsync(b1, admin1, Utf8("Identifiant;Nom;Prénom\r\nJDupont;DUPONT;Jean\r\n"));

        var before = fx.Events.Count(b2);
        var created = await JsonAsync(await UploadRawAsync(admin2, "/api/import/ent-identifiers", Utf8("Identifiant;Nom;Prénom\r\njdupont;MARTIN;Lea\r\n"), "ent.csv"), HttpStatusCode.Created);
        Assert.Equal(1, created["summary"]!["assigned"]!.GetValue<int>());
        Assert.Equal(0, created["summary"]!["duplicateEntId"]?.GetValue<int>() ?? 0);
        var confirmed = await JsonAsync(await admin2.PostAsync($"/api/import/ent-identifiers/{created["id"]!.GetValue<Guid>()}/confirm", null), HttpStatusCode.OK);
        Assert.Equal(1, confirmed["counts"]!["changed"]!.GetValue<int>());
        Assert.True(await fx.Events.WaitForAsync(b2, before + 1));
        Assert.Contains(fx.Events.UserImported(b2), u => u.LastName == "Martin" && u.EntId == "jdupont");
        Assert.Contains(fx.Events.UserImported(b1), u => u.LastName == "Dupont" && u.EntId == "JDupont");
    }

    private async Task<HttpClient> StudentsAsync(int b)
    {
        await fx.RegisterEstablishmentAsync(b, "0341234A");
        var admin = fx.Client(b);
        var (importId, _) = await UploadAndWaitAsync(admin, Students, "eleves.csv", "students");
        await JsonAsync(await admin.PostAsync($"/api/import/imports/{importId}/confirm", null), HttpStatusCode.OK);
        Assert.True(await fx.Events.WaitForAsync(b, 3 + 1));
        return admin;
    }

    /// <summary>Uploads and confirms an ENT export, then waits for the events of the people it changed.</summary>
    private async Task ApplyAsync(int b, HttpClient admin, byte[] csv)
    {
        var before = fx.Events.Count(b);
        var created = await JsonAsync(await UploadRawAsync(admin, "/api/import/ent-identifiers", csv, "ent.csv"), HttpStatusCode.Created);
        var confirmed = await JsonAsync(await admin.PostAsync($"/api/import/ent-identifiers/{created["id"]!.GetValue<Guid>()}/confirm", null), HttpStatusCode.OK);
        Assert.True(await fx.Events.WaitForAsync(b, before + confirmed["counts"]!["changed"]!.GetValue<int>()));
    }

    private static JsonNode Line(JsonNode report, int line)
        => report["rows"]!.AsArray().Single(r => r!["line"]!.GetValue<int>() == line)!;
}
