using System.IO.Compression;
using System.Net;
using System.Text;
using Sacoche.Contracts;
using Sacoche.Import.Tests.Integration;
using Sacoche.Testing.Generators;
using Sacoche.Testing.Infrastructure;
using static Sacoche.Import.Tests.Integration.ImportApiFixture;

namespace Sacoche.Import.Tests.Api;

/// <summary>Hostile or wrong files, uploads refused at once, tenant isolation and authorisation.</summary>
[Collection(ImportApiCollection.Name)]
public sealed class ImportRejectionTests(ImportApiFixture fx)
{
    private static readonly ImportFileGenerator Gen = new(31, counts: GeneratorCounts.Small);

    public static TheoryData<string, string, string> RejectedFiles => new()
    {
        { "wrong-uai", "ElevesSansAdresses.xml", "l'établissement 0759999Z" },
        { "wrong-year", "ElevesSansAdresses.xml", "année scolaire 2025-2026" },
        { "dtd-forbidden", "ElevesSansAdresses.xml", "DOCTYPE" },
        { "zip-too-large", "ExportXML_ElevesSansAdresses.zip", "archive" },
        { "private-timetable-software", "sts_emp_0341234A_2026.xml", "logiciel d'emploi du temps privé" },
        { "malformed-xml", "ElevesSansAdresses.xml", "mal formé" },
    };

    [Theory]
    [MemberData(nameof(RejectedFiles))]
    public async Task A_rejected_file_fails_with_a_french_problem_and_changes_nothing(string code, string fileName, string expectedText)
    {
        var b = 200 + RejectedFiles.Select(r => (string)r[0]).ToList().IndexOf(code);
        await fx.RegisterEstablishmentAsync(b, Gen.Uai);
        var admin = fx.Client(b);
        var (id, status) = await UploadAndWaitAsync(admin, Hostile(code), fileName);

        Assert.Equal("failed", status["status"]!.GetValue<string>());
        var error = Assert.Single(status["errors"]!.AsArray())!;
        Assert.Equal($"https://sacoche.fr/problems/{code}", error["type"]!.GetValue<string>());
        Assert.Contains(expectedText, error["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        var plan = await JsonAsync(await admin.GetAsync($"/api/import/imports/{id}/plan"), HttpStatusCode.Conflict);
        Assert.Equal("https://sacoche.fr/problems/import-failed", plan["type"]!.GetValue<string>());
        await JsonAsync(await admin.PostAsync($"/api/import/imports/{id}/confirm", null), HttpStatusCode.Conflict);
        Assert.Equal(0, await fx.ScalarAsync("SELECT count(*) FROM people WHERE establishment_id = @b", b));
        Assert.Equal(0, await fx.ScalarAsync("SELECT count(*) FROM structures WHERE establishment_id = @b", b));
    }

    private static byte[] Hostile(string code) => code switch
    {
        "wrong-uai" => new ImportFileGenerator(31, uai: "0759999Z", counts: GeneratorCounts.Small).StudentsXml(),
        "wrong-year" => new ImportFileGenerator(31, year: 2025, counts: GeneratorCounts.Small).StudentsXml(),
        "dtd-forbidden" => Encoding.UTF8.GetBytes("""
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE BEE_ELEVES [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
            <BEE_ELEVES><PARAMETRES><UAJ>&xxe;</UAJ><ANNEE_SCOLAIRE>2026</ANNEE_SCOLAIRE></PARAMETRES></BEE_ELEVES>
            """),
        "zip-too-large" => ZipBomb(),
        "private-timetable-software" => Sts(withApplicationSource: true),
        "malformed-xml" => Gen.StudentsXml()[..20000],
        _ => throw new ArgumentOutOfRangeException(nameof(code)),
    };

    private static byte[] Sts(bool withApplicationSource)
    {
        using var ms = new MemoryStream();
        Gen.WriteStsXml(ms, withApplicationSource: withApplicationSource);
        return ms.ToArray();
    }

    /// <summary>30 MB of the same byte behind a valid XML start: ~30 KB zipped (ratio ~1000).</summary>
    private static byte[] ZipBomb()
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var w = zip.CreateEntry("ElevesSansAdresses.xml", CompressionLevel.SmallestSize).Open();
            w.Write("<?xml version=\"1.0\"?><BEE_ELEVES><PARAMETRES><UAJ>"u8);
            var block = new byte[1 << 20];
            Array.Fill(block, (byte)'0');
            for (var i = 0; i < 30; i++)
            {
                w.Write(block);
            }
        }

        return ms.ToArray();
    }

    [Fact]
    public async Task Empty_unsupported_or_unqualified_uploads_are_refused_at_once()
    {
        const int b = 220;
        await fx.RegisterEstablishmentAsync(b, Gen.Uai);
        var admin = fx.Client(b);

        var empty = await JsonAsync(await UploadRawAsync(admin, "/api/import/files", [], "ElevesSansAdresses.xml"), HttpStatusCode.BadRequest);
        Assert.Equal("https://sacoche.fr/problems/empty-file", empty["type"]!.GetValue<string>());
        Assert.Equal("Le fichier est vide.", empty["detail"]!.GetValue<string>());

        var image = await JsonAsync(await UploadRawAsync(admin, "/api/import/files", [0x89, 0x50, 0x4E, 0x47, 1, 2, 3], "photo.png"), HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("https://sacoche.fr/problems/unsupported-file", image["type"]!.GetValue<string>());

        var unknownRoot = await JsonAsync(await UploadRawAsync(admin, "/api/import/files", "<?xml version=\"1.0\"?><AUTRE/>"u8.ToArray(), "autre.xml"), HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("https://sacoche.fr/problems/unsupported-file", unknownRoot["type"]!.GetValue<string>());
        Assert.Contains("non reconnu", unknownRoot["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        var empSts = await JsonAsync(await UploadRawAsync(admin, "/api/import/files", Gen.StsXml(), "emp_sts_0341234A_2026.xml"), HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("https://sacoche.fr/problems/unsupported-file", empSts["type"]!.GetValue<string>());
        Assert.Contains("sts_emp_", empSts["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        var csv = await JsonAsync(await UploadRawAsync(admin, "/api/import/files", ImportFlowTests.StudentsCsv(3), "eleves.csv"), HttpStatusCode.BadRequest);
        Assert.Equal("https://sacoche.fr/problems/spreadsheet-kind-required", csv["type"]!.GetValue<string>());

        var notMultipart = await admin.PostAsync("/api/import/files", new StringContent("x"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notMultipart.StatusCode);
        Assert.Equal(0, await fx.ScalarAsync("SELECT count(*) FROM imports WHERE establishment_id = @b", b));
    }

    [Fact]
    public async Task Another_establishment_sees_404_and_non_admins_403()
    {
        const int b = 230;
        await fx.RegisterEstablishmentAsync(b, Gen.Uai);
        await fx.RegisterEstablishmentAsync(b + 1, Gen.Uai);
        var admin = fx.Client(b);
        var (id, _) = await UploadAndWaitAsync(admin, Gen.StsXml(), Gen.StsFileName);
        await JsonAsync(await admin.PostAsync($"/api/import/imports/{id}/confirm", null), HttpStatusCode.OK);
        var person = (await JsonAsync(await admin.GetAsync("/api/import/people?pageSize=1"), HttpStatusCode.OK))["items"]![0]!["id"]!.GetValue<Guid>();

        var other = fx.Client(b + 1);
        foreach (var path in new[] { $"/api/import/imports/{id}", $"/api/import/imports/{id}/plan", $"/api/import/people/{person}" })
        {
            var problem = await JsonAsync(await other.GetAsync(path), HttpStatusCode.NotFound);
            Assert.Equal("https://sacoche.fr/problems/not-found", problem["type"]!.GetValue<string>());
        }

        await JsonAsync(await other.PostAsync($"/api/import/imports/{id}/confirm", null), HttpStatusCode.NotFound);
        Assert.Equal(0, (await JsonAsync(await other.GetAsync("/api/import/people"), HttpStatusCode.OK))["totalCount"]!.GetValue<int>());
        Assert.Equal(0, (await JsonAsync(await other.GetAsync("/api/import/imports"), HttpStatusCode.OK))["totalCount"]!.GetValue<int>());

        Assert.Equal(HttpStatusCode.Forbidden, (await fx.Client(b, "ENS").GetAsync($"/api/import/imports/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await fx.Client(null, "WBM").GetAsync("/api/import/people")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await UploadRawAsync(fx.Client(b, "ELV"), "/api/import/files", Gen.StsXml(), Gen.StsFileName)).StatusCode);
        using var anonymous = fx.Factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/import/imports")).StatusCode);
    }

    [Fact]
    public async Task An_unknown_establishment_cannot_upload_until_identity_registers_it()
    {
        const int b = 240;
        var admin = fx.Client(b);
        var refused = await JsonAsync(await UploadRawAsync(admin, "/api/import/files", Gen.StsXml(), Gen.StsFileName), HttpStatusCode.Conflict);
        Assert.Equal("https://sacoche.fr/problems/unknown-establishment", refused["type"]!.GetValue<string>());

        // Identity's event, through RabbitMQ (re-published until the service's queue exists: the consumer is idempotent).
        var registered = await TestServers.EventuallyAsync(async () =>
        {
            await fx.PublishAsync(new EstablishmentRegistered(b, "0341234a", "Collège Jean Moulin", DateTimeOffset.UtcNow));
            await Task.Delay(300);
            return await fx.ScalarAsync("SELECT count(*) FROM establishments WHERE establishment_id = @b AND uai = '0341234A'", b) == 1;
        }, TimeSpan.FromSeconds(30));
        Assert.True(registered);

        var (_, status) = await UploadAndWaitAsync(admin, Gen.StsXml(), Gen.StsFileName);
        Assert.Equal("ready", status["status"]!.GetValue<string>());
    }
}
