using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sacoche.Testing.Generators;
using Sacoche.Testing.Infrastructure;

namespace Sacoche.EndToEnd.Tests;

/// <summary>
/// Issue 9: with two instances of Identity, Import, Competences and the UI, sessions, codes and tokens
/// made by one instance work on the other (shared keys), competing consumers apply each event
/// once (no duplicate accounts or pupils), grid saves keep their per-cell versions, and the UI
/// serves a session from either of its instances.
/// </summary>
[Collection("scale-out")]
public sealed partial class ScaleOutTests(ScaleOutFixture system)
{
    [Fact]
    public async Task Sign_in_tokens_and_imports_work_across_two_instances_of_each_service()
    {
        using var client = system.CreateClient(followRedirects: false);
        var opened = await Oidc.OpenEstablishmentAsync(client, "Cité scolaire double");
        var (baseId, uai) = (opened.BaseId, opened.Uai);
        var login = (opened.AdminLogin, opened.AdminPassword);

        // Ten complete code flows: the login form, the authorize and the token requests land on
        // either instance; each must read what the other protected (cookies, codes).
        string admin = "";
        for (var i = 0; i < 10; i++)
        {
            using var browser = system.CreateClient(followRedirects: false);
            var (verifier, challenge) = Oidc.Pkce();
            var query = await Oidc.FollowToCallbackAsync(browser, Oidc.AuthorizeUrl(50800, challenge, baseId), login);
            var token = await Oidc.ExchangeCodeAsync(browser, query["code"], verifier, 50800);
            Assert.True(token.TryGetProperty("access_token", out var access), token.ToString());
            admin = access.GetString()!;
            // Tokens validate on every instance of every API.
            for (var k = 0; k < 4; k++)
            {
                Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Get, "/api/competences/me", admin)).StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Get, "/api/identity/accounts?pageSize=1", admin)).StatusCode);
            }
        }

        // An import: parsed by one Import instance, events consumed by two Identity instances.
        var today = DateOnly.FromDateTime(DateTime.Today);
        var generator = new ImportFileGenerator(5, uai, today.Month >= 8 ? today.Year : today.Year - 1, GeneratorCounts.Small);
        var id = await Imports.UploadAsync(client, admin, generator.StudentsXml(), "ElevesSansAdresses.xml");
        Assert.Equal("ready", await Imports.StatusAsync(client, admin, id));
        var confirm = await client.SendAsync(HttpMethod.Post, $"/api/import/imports/{id}/confirm", admin, new { confirmSuspicious = true });
        Assert.True(confirm.IsSuccessStatusCode, await confirm.Content.ReadAsStringAsync());
        // Confirming again, on whichever instance answers, applies nothing twice.
        Assert.Equal(HttpStatusCode.Conflict, (await client.SendAsync(HttpMethod.Post, $"/api/import/imports/{id}/confirm", admin, new { confirmSuspicious = true })).StatusCode);

        async Task<int> Students() => (await (await client.SendAsync(HttpMethod.Get, "/api/identity/accounts?profile=ELV&pageSize=1", admin))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("totalCount").GetInt32();
        Assert.True(await TestServers.EventuallyAsync(async () => await Students() == generator.Expected.CurrentStudents, TimeSpan.FromSeconds(60)));
        await Task.Delay(1000);
        Assert.Equal(generator.Expected.CurrentStudents, await Students());

        // The same events reach two Competences instances: each pupil is in its class once.
        async Task<JsonElement> Structures() => await (await client.SendAsync(HttpMethod.Get, "/api/competences/me/structures", admin)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(await TestServers.EventuallyAsync(async () =>
            (await Structures()).GetProperty("classes").EnumerateArray().Sum(c => c.GetProperty("studentCount").GetInt32()) == generator.Expected.CurrentStudents,
            TimeSpan.FromSeconds(60)));
        var someClass = (await Structures()).GetProperty("classes").EnumerateArray().First(c => c.GetProperty("studentCount").GetInt32() > 0).GetProperty("code").GetString()!;
        await EntriesWorkAcrossInstancesAsync(client, admin, someClass);
    }

    [Fact]
    public async Task The_ui_keeps_its_session_across_two_instances_and_signs_out_everywhere()
    {
        using var operatorClient = system.CreateClient(followRedirects: false);
        var opened = await Oidc.OpenEstablishmentAsync(operatorClient, "Collège des deux interfaces");
        using var browser = system.CreateClient(followRedirects: false);

        // /?base=N → Identity's sign-in form → code flow back to the UI (its correlation cookie is read
        // by whichever UI instance gets the callback) → the welcome page.
        var url = $"/?base={opened.BaseId}";
        string html = "";
        for (var hop = 0; hop < 20; hop++)
        {
            var response = await browser.GetAsync(url);
            if ((int)response.StatusCode is >= 300 and < 400)
            {
                url = new Uri(browser.BaseAddress!, response.Headers.Location!).PathAndQuery;
                continue;
            }
            html = await response.Content.ReadAsStringAsync();
            if (!html.Contains("name=\"password\"", StringComparison.Ordinal))
            {
                break;
            }
            var posted = await Oidc.PostLoginFormAsync(browser, html, opened.AdminLogin, opened.AdminPassword);
            Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
            url = new Uri(browser.BaseAddress!, posted.Headers.Location!).PathAndQuery;
        }
        Assert.Contains("Bienvenue dans votre espace identifié", html);

        // Pages keep coming, each instance finding the session (and its tokens for the API call that
        // fetches the establishment's name) in the shared store.
        for (var i = 0; i < 12; i++)
        {
            html = await browser.GetStringAsync("/");
            Assert.Contains("Bienvenue dans votre espace identifié", html);
            Assert.Contains("Collège des deux interfaces", WebUtility.HtmlDecode(html)); // Blazor encodes non-ASCII text
        }

        // Signing out on one instance ends the session on both.
        var token = AntiforgeryField().Match(html);
        Assert.True(token.Success, "no antiforgery field in the page");
        var signOut = await browser.PostAsync("/deconnexion", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [WebUtility.HtmlDecode(token.Groups[1].Value)] = WebUtility.HtmlDecode(token.Groups[2].Value),
        }));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        for (var i = 0; i < 6; i++)
        {
            Assert.DoesNotContain("Bienvenue dans votre espace identifié", await browser.GetStringAsync("/"));
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("name=\"(__RequestVerificationToken)\" value=\"([^\"]+)\"")]
    private static partial System.Text.RegularExpressions.Regex AntiforgeryField();

    /// <summary>Grid saves land on either Competences instance: versions follow each other, a stale version is refused wherever it lands.</summary>
    private static async Task EntriesWorkAcrossInstancesAsync(HttpClient client, string admin, string classCode)
    {
        var level = (await (await client.SendAsync(HttpMethod.Get, "/api/competences/levels", admin)).Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("code").GetString();
        var referential = await client.SendAsync(HttpMethod.Post, "/api/competences/referentials", admin, new
        {
            subjectCode = "MATHS",
            levelCode = level,
            domains = new[] { new { code = "N", name = "Nombres", themes = new[] { new { name = "Fractions", items = new[] { new { name = "Comparer" }, new { name = "Additionner" } } } } } },
        });
        var refJson = await referential.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(referential.IsSuccessStatusCode, refJson.ToString());
        long[] items = [.. refJson.GetProperty("domains")[0].GetProperty("themes")[0].GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64())];
        var created = await client.SendAsync(HttpMethod.Post, "/api/competences/evaluations", admin,
            new { classCode, date = DateOnly.FromDateTime(DateTime.Today), description = "Deux instances", itemIds = items });
        var evaluation = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(created.IsSuccessStatusCode, evaluation.ToString());
        var id = evaluation.GetProperty("id").GetInt64();
        var grid = await (await client.SendAsync(HttpMethod.Get, $"/api/competences/evaluations/{id}/entries", admin)).Content.ReadFromJsonAsync<JsonElement>();
        var student = grid.GetProperty("students")[0].GetProperty("studentId").GetGuid();

        // Eight successive saves of one cell, each with the version the previous answer gave.
        string[] codes = ["1", "2", "3", "4", "1", "2", "3", "4"];
        var version = 0;
        foreach (var code in codes)
        {
            var saved = await client.SendAsync(HttpMethod.Put, $"/api/competences/evaluations/{id}/entries", admin, new[] { new { studentId = student, itemId = items[0], code, version } });
            var cells = await saved.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(saved.IsSuccessStatusCode, cells.ToString());
            Assert.Equal(version + 1, cells[0].GetProperty("version").GetInt32());
            version = cells[0].GetProperty("version").GetInt32();
        }
        // A stale version (the first one) conflicts on whichever instance answers, and changes nothing.
        for (var k = 0; k < 4; k++)
        {
            var stale = await client.SendAsync(HttpMethod.Put, $"/api/competences/evaluations/{id}/entries", admin, new[] { new { studentId = student, itemId = items[0], code = "1", version = 1 } });
            Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        }
        var final = await (await client.SendAsync(HttpMethod.Get, $"/api/competences/evaluations/{id}/entries", admin)).Content.ReadFromJsonAsync<JsonElement>();
        var cell = final.GetProperty("students").EnumerateArray().First(s => s.GetProperty("studentId").GetGuid() == student)
            .GetProperty("cells").EnumerateArray().Single(c => c.GetProperty("itemId").GetInt64() == items[0]);
        Assert.Equal(codes.Length, cell.GetProperty("version").GetInt32());
    }
}
