using System.Net;
using System.Net.Http.Json;
using System.Text;
using Sacoche.Import.Tests.Integration;
using static Sacoche.Import.Tests.Integration.ImportApiFixture;

namespace Sacoche.Import.Tests.Api;

/// <summary>ENT identifier CSV → report → homonym resolved by the admin → confirm → UserImported with the id.</summary>
[Collection(ImportApiCollection.Name)]
public sealed class EntIdentifiersApiTests(ImportApiFixture fx)
{
    private static byte[] Utf8(string s) => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(s)];

    private static readonly byte[] Students = Utf8(
        "Numéro;Genre;Nom;Prénom;Date de naissance;Courriel;Classe;Groupes\r\n" +
        "E001;M;Dupont;Jean;01/01/2013;;6A;\r\n" +
        "E002;F;Martin;Léa;02/02/2013;;6A;\r\n" +
        "E003;F;Martin;Léa;03/03/2013;;6B;\r\n" +
        "E004;F;Durand;Zoé;04/04/2013;;6B;\r\n");

    private static readonly byte[] EntCsv = Utf8(
        "Identifiant;Nom;Prénom\r\n" +
        "UT001;DUPONT;Jean\r\n" +
        "UT002;MARTIN;Lea\r\n" +
        "UT999;Inconnu;Personne\r\n");

    [Fact]
    public async Task Ent_ids_are_matched_resolved_confirmed_and_published_once()
    {
        const int b = 301;
        await fx.RegisterEstablishmentAsync(b, "0341234A");
        var admin = fx.Client(b);
        var (importId, _) = await UploadAndWaitAsync(admin, Students, "eleves.csv", "students");
        await JsonAsync(await admin.PostAsync($"/api/import/imports/{importId}/confirm", null), HttpStatusCode.OK);
        Assert.True(await fx.Events.WaitForAsync(b, 4 + 1));

        var missing = await JsonAsync(await admin.GetAsync("/api/import/ent-identifiers/missing"), HttpStatusCode.OK);
        Assert.Equal(4, missing["count"]!.GetValue<int>());

        var created = await JsonAsync(await UploadRawAsync(admin, "/api/import/ent-identifiers", EntCsv, "ent.csv"), HttpStatusCode.Created);
        Assert.Equal("perso", created["format"]!.GetValue<string>());
        var summary = created["summary"]!;
        Assert.Equal(1, summary["assigned"]!.GetValue<int>());
        Assert.Equal(1, summary["homonyms"]!.GetValue<int>());
        Assert.Equal(1, summary["notFound"]!.GetValue<int>());
        var id = created["id"]!.GetValue<Guid>();

        var report = await JsonAsync(await admin.GetAsync($"/api/import/ent-identifiers/{id}"), HttpStatusCode.OK);
        var homonym = report["rows"]!.AsArray().Single(r => r!["outcome"]!.GetValue<string>() == "homonyms")!;
        var candidates = homonym["candidates"]!.AsArray();
        Assert.Equal(2, candidates.Count);
        Assert.All(candidates, c => Assert.Equal("Martin", c!["user"]!["lastName"]!.GetValue<string>()));
        var line = homonym["line"]!.GetValue<int>();
        var chosen = candidates.Single(c => c!["user"]!["classCode"]!.GetValue<string>() == "6B")!["user"]!["userId"]!.GetValue<Guid>();

        var csv = await admin.GetAsync($"/api/import/ent-identifiers/{id}/report.csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.Contains("Homonymes", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);

        var wrong = await JsonAsync(await admin.PostAsJsonAsync($"/api/import/ent-identifiers/{id}/resolve", new { choices = new[] { new { line, userId = (Guid?)Guid.NewGuid() } } }), HttpStatusCode.BadRequest);
        Assert.Equal("https://sacoche.fr/problems/invalid-choices", wrong["type"]!.GetValue<string>());
        Assert.Contains("candidats", wrong["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(wrong["errors"]!["choices"]!.AsArray(), m => m!.GetValue<string>().Contains("candidats", StringComparison.Ordinal));
        var resolved = await JsonAsync(await admin.PostAsJsonAsync($"/api/import/ent-identifiers/{id}/resolve", new { choices = new[] { new { line, userId = (Guid?)chosen } } }), HttpStatusCode.OK);
        Assert.Equal(2, resolved["assignments"]!.GetValue<int>());

        await JsonAsync(await fx.Client(b + 1).GetAsync($"/api/import/ent-identifiers/{id}"), HttpStatusCode.NotFound);

        var before = fx.Events.Count(b);
        var confirmed = await JsonAsync(await admin.PostAsync($"/api/import/ent-identifiers/{id}/confirm", null), HttpStatusCode.OK);
        Assert.Equal(2, confirmed["counts"]!["changed"]!.GetValue<int>());
        Assert.True(await fx.Events.WaitForAsync(b, before + 2));
        var withIds = fx.Events.UserImported(b).Where(u => u.EntId is not null).ToList();
        Assert.Equal(2, withIds.Count);
        Assert.Contains(withIds, u => u.EntId == "UT002" && u.UserId == chosen && u.Version == 2);
        Assert.Contains(withIds, u => u.EntId == "UT001" && u.LastName == "Dupont");
        await JsonAsync(await admin.PostAsync($"/api/import/ent-identifiers/{id}/confirm", null), HttpStatusCode.Conflict);

        missing = await JsonAsync(await admin.GetAsync("/api/import/ent-identifiers/missing"), HttpStatusCode.OK);
        Assert.Equal(2, missing["count"]!.GetValue<int>());
        Assert.DoesNotContain(missing["items"]!.AsArray(), i => i!["id"]!.GetValue<Guid>() == chosen);

        // The same export again: nothing to write, nothing published.
        var again = await JsonAsync(await UploadRawAsync(admin, "/api/import/ent-identifiers", EntCsv, "ent.csv"), HttpStatusCode.Created);
        Assert.Equal(2, again["summary"]!["unchanged"]!.GetValue<int>());
        var second = await JsonAsync(await admin.PostAsync($"/api/import/ent-identifiers/{again["id"]!.GetValue<Guid>()}/confirm", null), HttpStatusCode.OK);
        Assert.Equal(0, second["counts"]!["changed"]!.GetValue<int>());
        await Task.Delay(1000);
        Assert.Equal(before + 2, fx.Events.Count(b));
    }

    [Fact]
    public async Task Unknown_format_or_connector_and_empty_files_are_refused()
    {
        const int b = 310;
        await fx.RegisterEstablishmentAsync(b, "0341234A");
        var admin = fx.Client(b);
        var format = await JsonAsync(await UploadRawAsync(admin, "/api/import/ent-identifiers", EntCsv, "ent.csv", new Dictionary<string, string> { ["format"] = "nope" }), HttpStatusCode.BadRequest);
        Assert.Equal("https://sacoche.fr/problems/unknown-format", format["type"]!.GetValue<string>());
        var connector = await JsonAsync(await UploadRawAsync(admin, "/api/import/ent-identifiers", EntCsv, "ent.csv", new Dictionary<string, string> { ["connector"] = "nope" }), HttpStatusCode.BadRequest);
        Assert.Equal("https://sacoche.fr/problems/unknown-connector", connector["type"]!.GetValue<string>());
        await JsonAsync(await UploadRawAsync(admin, "/api/import/ent-identifiers", [], "ent.csv"), HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.Forbidden, (await fx.Client(b, "ENS").GetAsync("/api/import/ent-identifiers/missing")).StatusCode);
    }
}
