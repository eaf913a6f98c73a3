using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;
using Sacoche.Testing.Cas;
using Sacoche.Testing.Generators;
using Sacoche.Testing.Infrastructure;

namespace Sacoche.EndToEnd.Tests;

/// <summary>
/// Issues 4 and 5 across services: files uploaded to Import through the gateway, plan, confirm →
/// UserImported events consumed by Identity (accounts) and Competences (roster); the ENT CSV then
/// gives a teacher the id that CAS returns, and that teacher signs in by SSO.
/// </summary>
[Collection("system")]
public sealed class ImportFlowTests(SystemFixture system)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Sts_and_students_reach_identity_and_competences_then_ent_ids_enable_sso()
    {
        using var client = system.CreateClient(followRedirects: false);
        var opened = await Oidc.OpenEstablishmentAsync(client, "Collège Les Tilleuls");
        var (baseId, uai) = (opened.BaseId, opened.Uai);
        var admin = await Oidc.AdminTokenAsync(system, opened);

        var today = DateOnly.FromDateTime(DateTime.Today);
        var year = today.Month >= 8 ? today.Year : today.Year - 1;
        var generator = new ImportFileGenerator(7, uai, year, GeneratorCounts.Small);

        // STS first (staff, classes, services), then students.
        var sts = await Imports.UploadAndConfirmAsync(client, admin, generator.StsXml(), $"sts_emp_{uai}_{year}.xml");
        Assert.True(sts.GetProperty("status").GetString() == "applied", sts.ToString());
        Assert.True(await TestServers.EventuallyAsync(async () => await CountAccountsAsync(client, admin, "ENS") >= generator.Expected.Teachers, Wait),
            "Identity never got the teachers' accounts");
        var students = await Imports.UploadAndConfirmAsync(client, admin, generator.StudentsXml(), "ElevesSansAdresses.xml");
        Assert.True(students.GetProperty("status").GetString() == "applied", students.ToString());
        Assert.True(await TestServers.EventuallyAsync(async () => await CountAccountsAsync(client, admin, "ELV") == generator.Expected.CurrentStudents, Wait),
            "Identity never got every current student (leavers and students without class excluded)");

        // Competences holds the roster: a class report lists the class's students.
        // A current student: no exit date and a class (the first one is kept when a file lists several).
        var current = generator.Students.Where(s => s.ExitDate is null && s.ClassCodes.Count > 0).ToList();
        var someClass = current[0].ClassCodes[0];
        var classSize = current.Count(s => s.ClassCodes[0] == someClass);
        Assert.True(await TestServers.EventuallyAsync(async () =>
        {
            var report = await client.SendAsync(HttpMethod.Get, $"/api/competences/reports/classes/{Uri.EscapeDataString(someClass)}", admin);
            return report.IsSuccessStatusCode
                && (await report.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("students").GetArrayLength() == classSize;
        }, Wait), "Competences never listed the class's students");

        // What the LSU export needs reached the roster too: a teacher's STS id, type and civility.
        var stsTeacher = generator.Staff.First(s => s.Function is null or "ENS");
        var civility = stsTeacher.Sex == 1 ? "M" : "MME";
        Assert.True(await TestServers.EventuallyAsync(async () => await CountAsync(system.DatabaseConnectionString("competences"),
            $"SELECT count(*) FROM roster_users WHERE establishment_id = {baseId} AND profile = 'ENS' AND sts_id = '{stsTeacher.Id}' AND sts_type = 'epp' AND civility = '{civility}'") == 1, Wait),
            "Competences' roster never got the teacher's STS id, type and civility");

        // Each class's level (its STS MEF) reached the roster too: a 3e class ends cycle 4.
        var third = generator.Classes.First(c => c.Mef.StartsWith("103", StringComparison.Ordinal));
        Assert.True(await TestServers.EventuallyAsync(async () => await CountAsync(system.DatabaseConnectionString("competences"),
            $"SELECT count(*) FROM roster_classes WHERE establishment_id = {baseId} AND code = '{third.Code}' AND level_code = '{third.Mef}'") == 1, Wait),
            "Competences' roster never got the class's MEF as its level");

        // Re-importing the same STS file: empty plan, nothing applied twice.
        var again = await Imports.UploadAsync(client, admin, generator.StsXml(), $"sts_emp_{uai}_{year}.xml");
        var plan = await (await client.SendAsync(HttpMethod.Get, $"/api/import/imports/{again}/plan", admin)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(plan.GetProperty("isEmpty").GetBoolean(), plan.ToString());

        // ENT identifiers: the "perso" format (id_ent ; nom ; prénom) for one teacher.
        var teacher = generator.Staff.First(s => s.Function is null or "ENS");
        var csv = "Identifiant;Nom;Prénom\r\n" + $"ent.{teacher.Id};{teacher.ExpectedLastName};{teacher.FirstName}\r\n";
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") } }, "file", "ent.csv" },
            { new StringContent("perso"), "format" },
        };
        var upload = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/import/ent-identifiers") { Content = form }.WithToken(admin));
        var report = await upload.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(upload.StatusCode == HttpStatusCode.Created, report.ToString());
        var confirm = await client.SendAsync(HttpMethod.Post, $"/api/import/ent-identifiers/{report.GetProperty("id").GetGuid()}/confirm", admin, new { });
        Assert.True(confirm.IsSuccessStatusCode, await confirm.Content.ReadAsStringAsync());
        Assert.True(await TestServers.EventuallyAsync(async () =>
            (await (await client.SendAsync(HttpMethod.Get, $"/api/identity/accounts?q=ent.{teacher.Id}", admin)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("totalCount").GetInt32() == 1,
            Wait), "Identity never received the ENT id");

        // The ENT's CAS answers with that id: the teacher is signed in (no « identifiant CAS inconnu »).
        await using var cas = await CasTestServer.StartAsync();
        var connection = await client.SendAsync(HttpMethod.Put, $"/api/identity/establishments/{baseId}/connection", admin,
            new { mode = "cas", connector = "perso", casHost = cas.Host, casPort = cas.Port, casRoot = cas.Root, casScheme = "http" });
        Assert.True(connection.IsSuccessStatusCode);
        var service = new Uri(system.GatewayUrl, $"/sso/callback?base={baseId}").ToString();
        var ticket = cas.IssueTicket(service, $"ENT.{teacher.Id}".ToUpperInvariant());
        var callback = await client.GetAsync($"/sso/callback?base={baseId}&ticket={ticket}");
        Assert.True(callback.StatusCode == HttpStatusCode.Redirect, await callback.Content.ReadAsStringAsync());
    }

    private static async Task<long> CountAsync(string db, string sql)
    {
        await using var conn = new NpgsqlConnection(db);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<int> CountAccountsAsync(HttpClient client, string token, string profile)
    {
        var response = await client.SendAsync(HttpMethod.Get, $"/api/identity/accounts?profile={profile}&pageSize=1", token);
        return response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("totalCount").GetInt32() : -1;
    }
}
