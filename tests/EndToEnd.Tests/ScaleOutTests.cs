using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sacoche.Testing.Generators;
using Sacoche.Testing.Infrastructure;

namespace Sacoche.EndToEnd.Tests;

/// <summary>
/// Issue 9: with two instances of Identity, Import and Competences, sessions, codes and tokens
/// made by one instance work on the other (shared keys), and competing consumers apply each event
/// once (no duplicate accounts).
/// </summary>
[Collection("scale-out")]
public sealed class ScaleOutTests(ScaleOutFixture system)
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
        Guid id = Guid.Empty;
        Assert.True(await TestServers.EventuallyAsync(async () =>
        {
            using var form = new MultipartFormDataContent { { new ByteArrayContent(generator.StudentsXml()), "file", "ElevesSansAdresses.xml" } };
            var r = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/import/files") { Content = form }.WithToken(admin));
            if (r.StatusCode != HttpStatusCode.Accepted) { return false; }
            id = (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("importId").GetGuid();
            return true;
        }, TimeSpan.FromSeconds(60)));
        Assert.True(await TestServers.EventuallyAsync(async () =>
            (await (await client.SendAsync(HttpMethod.Get, $"/api/import/imports/{id}", admin)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString() == "ready",
            TimeSpan.FromSeconds(60)));
        var confirm = await client.SendAsync(HttpMethod.Post, $"/api/import/imports/{id}/confirm", admin, new { confirmSuspicious = true });
        Assert.True(confirm.IsSuccessStatusCode, await confirm.Content.ReadAsStringAsync());
        // Confirming again, on whichever instance answers, applies nothing twice.
        Assert.Equal(HttpStatusCode.Conflict, (await client.SendAsync(HttpMethod.Post, $"/api/import/imports/{id}/confirm", admin, new { confirmSuspicious = true })).StatusCode);

        async Task<int> Students() => (await (await client.SendAsync(HttpMethod.Get, "/api/identity/accounts?profile=ELV&pageSize=1", admin))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("total").GetInt32();
        Assert.True(await TestServers.EventuallyAsync(async () => await Students() == generator.Expected.CurrentStudents, TimeSpan.FromSeconds(60)));
        await Task.Delay(1000);
        Assert.Equal(generator.Expected.CurrentStudents, await Students());
    }
}
