using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Sacoche.Contracts;
using Sacoche.Import.Tests.Integration;
using Sacoche.Testing.Generators;
using static Sacoche.Import.Tests.Integration.ImportApiFixture;

namespace Sacoche.Import.Tests.Api;

[CollectionDefinition(Name)]
public sealed class ImportApiCollection : ICollectionFixture<ImportApiFixture>
{
    public const string Name = "import-api";
}

/// <summary>Upload → analysis → plan → confirm → events on RabbitMQ, on real PostgreSQL and RabbitMQ.</summary>
[Collection(ImportApiCollection.Name)]
public sealed class ImportFlowTests(ImportApiFixture fx)
{
    private static readonly ImportFileGenerator Gen = new(20261001, counts: GeneratorCounts.Small);

    [Fact]
    public async Task Sts_students_and_guardians_are_applied_published_and_a_reimport_publishes_nothing()
    {
        const int b = 101;
        await fx.RegisterEstablishmentAsync(b, Gen.Uai);
        var admin = fx.Client(b);
        var facts = Gen.Expected;

        // STS-web: staff, classes, groups, services.
        var (stsId, status) = await UploadAndWaitAsync(admin, Gen.StsXml(), Gen.StsFileName);
        Assert.Equal("ready", status["status"]!.GetValue<string>());
        Assert.Equal("sts", status["kind"]!.GetValue<string>());
        Assert.Equal(100, status["progress"]!.GetValue<int>());
        var plan = await JsonAsync(await admin.GetAsync($"/api/import/imports/{stsId}/plan"), HttpStatusCode.OK);
        Assert.Equal(facts.Staff, plan["users"]!["add"]!.AsArray().Count);
        Assert.Equal(facts.Classes + facts.Groups, plan["structures"]!["add"]!.AsArray().Count);
        Assert.False(plan["isEmpty"]!.GetValue<bool>());
        var confirmed = await JsonAsync(await admin.PostAsync($"/api/import/imports/{stsId}/confirm", null), HttpStatusCode.OK);
        Assert.Equal("applied", confirmed["status"]!.GetValue<string>());

        Assert.True(await fx.Events.WaitForAsync(b, facts.Staff + 1), $"events received: {fx.Events.Count(b)}");
        var staff = fx.Events.UserImported(b);
        Assert.Equal(facts.Staff, staff.Count);
        Assert.All(staff, u => Assert.Equal(1, u.Version));
        var structure = Assert.Single(fx.Events.StructureImported(b));
        Assert.Equal(facts.Classes, structure.Classes.Count);
        Assert.Equal(facts.Groups, structure.Groups.Count);
        // Each class's level is its STS MEF (MEFS_APPARTENANCE), kept in the directory and sent as LevelCode.
        var mefs = Gen.Classes.ToDictionary(c => c.Code, c => c.Mef);
        Assert.All(structure.Classes, c => Assert.Equal(mefs[c.Code], c.LevelCode));
        Assert.Contains(structure.Classes, c => c.LevelCode!.StartsWith("100", StringComparison.Ordinal));
        Assert.Contains(structure.Classes, c => c.LevelCode!.StartsWith("103", StringComparison.Ordinal));
        Assert.Equal(facts.Classes, await fx.ScalarAsync("SELECT count(*) FROM structures WHERE establishment_id = @b AND kind = 1 AND mef_code ~ '^[0-9]{11}$'", b));
        Assert.NotEmpty(structure.Subjects);
        Assert.NotEmpty(structure.Services);
        var staffIds = staff.Select(u => u.UserId).ToHashSet();
        Assert.All(structure.Services, s => Assert.Contains(s.TeacherId, staffIds));
        Assert.Contains(staff, u => u.SubjectCodes.Count > 0);
        Assert.All(staff, u => Assert.True(u is { StsId: not null, StsType: "epp", Civility: "M" or "MME" }, $"{u.StsId} {u.StsType} {u.Civility}"));
        Assert.All(structure.Subjects, s => Assert.Matches("^[0-9]{6}$", s.BcnCode));

        // Students, then guardians (linked to the students now in the directory).
        var (studentsId, st) = await UploadAndWaitAsync(admin, Gen.StudentsXml(), "ElevesSansAdresses.xml");
        Assert.Equal("siecle-students", st["kind"]!.GetValue<string>());
        await JsonAsync(await admin.PostAsync($"/api/import/imports/{studentsId}/confirm", null), HttpStatusCode.OK);
        Assert.True(await TestEventually(() => fx.Events.UserImported(b).Count(u => u.Profile == "ELV") == facts.CurrentStudents));
        var students = fx.Events.UserImported(b).Where(u => u.Profile == "ELV").ToList();
        Assert.All(students, s => Assert.NotNull(s.ClassCode));
        Assert.Contains(students, s => s.Options.Count > 0);
        Assert.All(students.SelectMany(s => s.Options), o => Assert.True(o is { Modality: "O", SubjectBcnCode.Length: 6 }, o.ToString()));

        var zipped = ImportFileGenerator.Zip("ResponsablesAvecAdresses.xml", Gen.GuardiansXml());
        var (guardiansId, gs) = await UploadAndWaitAsync(admin, zipped, "ExportXML_ResponsablesAvecAdresses.zip");
        Assert.Equal("siecle-guardians", gs["kind"]!.GetValue<string>());
        await JsonAsync(await admin.PostAsync($"/api/import/imports/{guardiansId}/confirm", null), HttpStatusCode.OK);
        Assert.True(await TestEventually(() => fx.Events.UserImported(b).Count(u => u.Profile == "TUT") == facts.LegalGuardiansOfCurrentStudents));
        var studentIds = students.Select(s => s.UserId).ToHashSet();
        var guardians = fx.Events.UserImported(b).Where(u => u.Profile == "TUT").ToList();
        Assert.All(guardians, g => Assert.NotEmpty(g.ChildIds));
        Assert.All(guardians.SelectMany(g => g.ChildIds), c => Assert.Contains(c, studentIds));
        Assert.Equal(facts.LegalLinksToCurrentStudents, guardians.Sum(g => g.ChildIds.Count));
        Assert.All(guardians, g => Assert.True(g.Civility is "M" or "MME", g.Civility));
        Assert.Contains(guardians, g => g.Address is { City: not null });

        // The same three files again: empty plans, nothing published, no version moves.
        var before = fx.Events.Count(b);
        foreach (var (bytes, name) in new[] { (Gen.StsXml(), Gen.StsFileName), (Gen.StudentsXml(), "ElevesSansAdresses.xml"), (zipped, "ExportXML_ResponsablesAvecAdresses.zip") })
        {
            var (againId, again) = await UploadAndWaitAsync(admin, bytes, name);
            Assert.Equal("ready", again["status"]!.GetValue<string>());
            var againPlan = await JsonAsync(await admin.GetAsync($"/api/import/imports/{againId}/plan"), HttpStatusCode.OK);
            Assert.True(againPlan["isEmpty"]!.GetValue<bool>(), $"{name}: plan not empty: {againPlan["counts"]!.ToJsonString()}");
            var result = await JsonAsync(await admin.PostAsync($"/api/import/imports/{againId}/confirm", null), HttpStatusCode.OK);
            Assert.Equal(0, result["counts"]!["eventsPublished"]!.GetValue<int>());
        }

        await Task.Delay(1500);
        Assert.Equal(before, fx.Events.Count(b));
        Assert.Equal(0, await fx.ScalarAsync("SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL", b));
        Assert.Equal(1, await fx.ScalarAsync("SELECT max(version) FROM people WHERE establishment_id = @b", b));

        // Directory API.
        var people = await JsonAsync(await admin.GetAsync("/api/import/people?profile=ELV&pageSize=10"), HttpStatusCode.OK);
        Assert.Equal(facts.CurrentStudents, people["totalCount"]!.GetValue<int>());
        Assert.Equal(10, people["items"]!.AsArray().Count);
        var someStudent = students.First(s => guardians.Any(g => g.ChildIds.Contains(s.UserId)));
        var detail = await JsonAsync(await admin.GetAsync($"/api/import/people/{someStudent.UserId}"), HttpStatusCode.OK);
        Assert.Equal(someStudent.LastName, detail["lastName"]!.GetValue<string>());
        Assert.NotEmpty(detail["guardians"]!.AsArray());
        var search = await JsonAsync(await admin.GetAsync($"/api/import/people?q={Uri.EscapeDataString(someStudent.LastName)}"), HttpStatusCode.OK);
        Assert.Contains(search["items"]!.AsArray(), i => i!["id"]!.GetValue<Guid>() == someStudent.UserId);
        var byClass = await JsonAsync(await admin.GetAsync($"/api/import/people?class={Uri.EscapeDataString(someStudent.ClassCode!)}&pageSize=200"), HttpStatusCode.OK);
        Assert.All(byClass["items"]!.AsArray(), i => Assert.Equal(someStudent.ClassCode, i!["classCode"]!.GetValue<string>()));

        var structures = await JsonAsync(await admin.GetAsync("/api/import/structures"), HttpStatusCode.OK);
        Assert.Equal(facts.Classes + facts.Groups, structures.AsArray().Count);
        var cls = structures.AsArray().First(s => s!["code"]!.GetValue<string>() == someStudent.ClassCode)!;
        Assert.Equal(students.Count(s => s.ClassCode == someStudent.ClassCode), cls["memberCount"]!.GetValue<int>());
        Assert.NotEmpty(cls["teachers"]!.AsArray());
        var one = await JsonAsync(await admin.GetAsync($"/api/import/structures/{Uri.EscapeDataString(someStudent.ClassCode!)}"), HttpStatusCode.OK);
        Assert.Contains(one["members"]!.AsArray(), m => m!["id"]!.GetValue<Guid>() == someStudent.UserId);
        await JsonAsync(await admin.GetAsync("/api/import/structures/NOPE-404"), HttpStatusCode.NotFound);

        var history = await JsonAsync(await admin.GetAsync("/api/import/imports"), HttpStatusCode.OK);
        Assert.Equal(6, history["totalCount"]!.GetValue<int>());
        Assert.All(history["items"]!.AsArray(), i => Assert.Equal("applied", i!["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Only_the_selected_keys_are_applied()
    {
        const int b = 102;
        await fx.RegisterEstablishmentAsync(b, Gen.Uai);
        var admin = fx.Client(b);
        var (id, _) = await UploadAndWaitAsync(admin, Gen.StsXml(), Gen.StsFileName);
        var plan = await JsonAsync(await admin.GetAsync($"/api/import/imports/{id}/plan"), HttpStatusCode.OK);
        var users = plan["users"]!["add"]!.AsArray().Take(3).ToList();
        var classes = plan["structures"]!["add"]!.AsArray().Where(s => s!["kind"]!.GetValue<string>() == "class").Take(2).ToList();
        var keys = users.Concat(classes).Select(n => n!["key"]!.GetValue<string>()).ToList();
        Assert.Contains(keys, k => k.StartsWith("user:add:", StringComparison.Ordinal));

        await JsonAsync(await admin.PostAsJsonAsync($"/api/import/imports/{id}/confirm", new { keys }), HttpStatusCode.OK);
        Assert.Equal(3, await fx.ScalarAsync("SELECT count(*) FROM people WHERE establishment_id = @b", b));
        Assert.Equal(2, await fx.ScalarAsync("SELECT count(*) FROM structures WHERE establishment_id = @b", b));
        Assert.True(await TestEventually(() => fx.Events.UserImported(b).Count == 3));
        var ids = users.Select(u => u!["id"]!.GetValue<Guid>()).ToHashSet();
        Assert.All(fx.Events.UserImported(b), u => Assert.Contains(u.UserId, ids));

        // What was left out is proposed again by the next analysis of the same file.
        var (again, _) = await UploadAndWaitAsync(admin, Gen.StsXml(), Gen.StsFileName);
        var next = await JsonAsync(await admin.GetAsync($"/api/import/imports/{again}/plan"), HttpStatusCode.OK);
        Assert.Equal(Gen.Expected.Staff - 3, next["users"]!["add"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_suspicious_share_of_retirements_needs_explicit_confirmation()
    {
        const int b = 103;
        await fx.RegisterEstablishmentAsync(b, Gen.Uai);
        var admin = fx.Client(b);
        var (first, _) = await UploadAndWaitAsync(admin, StudentsCsv(20), "eleves.csv", "students");
        await JsonAsync(await admin.PostAsync($"/api/import/imports/{first}/confirm", null), HttpStatusCode.OK);
        Assert.Equal(20, await fx.ScalarAsync("SELECT count(*) FROM people WHERE establishment_id = @b AND exit_date IS NULL", b));

        // A file holding only 5 of the 20 students: 75 % would leave.
        var (partial, status) = await UploadAndWaitAsync(admin, StudentsCsv(5), "eleves-6A.csv", "students");
        Assert.Equal("spreadsheet-students", status["kind"]!.GetValue<string>());
        var plan = await JsonAsync(await admin.GetAsync($"/api/import/imports/{partial}/plan"), HttpStatusCode.OK);
        Assert.True(plan["requiresConfirmation"]!.GetValue<bool>());
        Assert.Equal(15, plan["users"]!["retire"]!.AsArray().Count);
        Assert.Contains(plan["warnings"]!.AsArray(), w => w!["message"]!.GetValue<string>().Contains("75 %", StringComparison.Ordinal));

        var refused = await JsonAsync(await admin.PostAsync($"/api/import/imports/{partial}/confirm", null), HttpStatusCode.Conflict);
        Assert.Equal("https://sacoche.fr/problems/confirmation-required", refused["type"]!.GetValue<string>());
        Assert.Contains("retirerait 75 %", refused["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(20, await fx.ScalarAsync("SELECT count(*) FROM people WHERE establishment_id = @b AND exit_date IS NULL", b));

        await JsonAsync(await admin.PostAsJsonAsync($"/api/import/imports/{partial}/confirm", new { confirmSuspicious = true }), HttpStatusCode.OK);
        Assert.Equal(5, await fx.ScalarAsync("SELECT count(*) FROM people WHERE establishment_id = @b AND exit_date IS NULL", b));
        Assert.Equal(20, await fx.ScalarAsync("SELECT count(*) FROM people WHERE establishment_id = @b", b)); // never deleted
        Assert.True(await TestEventually(() => fx.Events.UserRetired(b).Count == 15));
        Assert.All(fx.Events.UserRetired(b), r => Assert.Equal(new DateOnly(2026, 10, 1), r.ExitDate));
        Assert.All(fx.Events.UserRetired(b), r => Assert.Equal(2, r.Version));
    }

    [Fact]
    public async Task Confirming_the_same_import_twice_at_once_applies_it_once()
    {
        const int b = 104;
        await fx.RegisterEstablishmentAsync(b, Gen.Uai);
        var admin = fx.Client(b);
        var (id, _) = await UploadAndWaitAsync(admin, Gen.StsXml(), Gen.StsFileName);
        var responses = await Task.WhenAll(
            admin.PostAsync($"/api/import/imports/{id}/confirm", null),
            fx.Client(b).PostAsync($"/api/import/imports/{id}/confirm", null));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
        var conflict = await JsonAsync(responses.Single(r => r.StatusCode == HttpStatusCode.Conflict), HttpStatusCode.Conflict);
        Assert.Equal("https://sacoche.fr/problems/already-applied", conflict["type"]!.GetValue<string>());
        Assert.Equal(Gen.Expected.Staff, await fx.ScalarAsync("SELECT count(*) FROM people WHERE establishment_id = @b", b));
        Assert.Equal(Gen.Expected.Staff + 1, await fx.ScalarAsync("SELECT count(*) FROM outbox_messages WHERE payload->>'establishmentId' = @b::text", b));
    }

    [Fact]
    public async Task A_plan_computed_before_another_import_was_applied_is_analysed_again()
    {
        const int b = 105;
        await fx.RegisterEstablishmentAsync(b, Gen.Uai);
        var admin = fx.Client(b);
        var (sts, _) = await UploadAndWaitAsync(admin, Gen.StsXml(), Gen.StsFileName);
        var (students, _) = await UploadAndWaitAsync(admin, StudentsCsv(12), "eleves.csv", "students");
        await JsonAsync(await admin.PostAsync($"/api/import/imports/{students}/confirm", null), HttpStatusCode.OK);

        var stale = await JsonAsync(await admin.PostAsync($"/api/import/imports/{sts}/confirm", null), HttpStatusCode.Conflict);
        Assert.Equal("https://sacoche.fr/problems/stale-plan", stale["type"]!.GetValue<string>());
        var again = await WaitAnalysedAsync(admin, sts);
        Assert.Equal("ready", again["status"]!.GetValue<string>());
        await JsonAsync(await admin.PostAsync($"/api/import/imports/{sts}/confirm", null), HttpStatusCode.OK);
        Assert.Equal(12 + Gen.Expected.Staff, await fx.ScalarAsync("SELECT count(*) FROM people WHERE establishment_id = @b", b));
    }

    internal static byte[] StudentsCsv(int count)
    {
        var sb = new StringBuilder("Numéro;Genre;Nom;Prénom;Date de naissance;Courriel;Classe;Groupes\r\n");
        for (var i = 0; i < count; i++)
        {
            sb.Append($"E{i:000};{(i % 2 == 0 ? "M" : "F")};Élève{(char)('A' + i)};Prénom{(char)('a' + i)};0{1 + (i % 9)}/03/2013;;{(i < 5 ? "6A" : "6B")};G1\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(sb.ToString())];
    }

    private static Task<bool> TestEventually(Func<bool> condition)
        => Sacoche.Testing.Infrastructure.TestServers.EventuallyAsync(() => Task.FromResult(condition()), TimeSpan.FromSeconds(30));
}
