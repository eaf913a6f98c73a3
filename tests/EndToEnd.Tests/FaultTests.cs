using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sacoche.Testing.Cas;
using Sacoche.Testing.Generators;
using Sacoche.Testing.Infrastructure;

namespace Sacoche.EndToEnd.Tests;

/// <summary>Issue 9's fault tests: the broker, the database or the ENT fail; nothing is lost, nothing hangs.</summary>
[Collection("system")]
public sealed class FaultTests(SystemFixture system)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    private async Task<(int BaseId, string Uai, string Admin)> OpenAsync(HttpClient client)
    {
        var e = await Oidc.OpenEstablishmentAsync(client, "Collège de la Panne");
        return (e.BaseId, e.Uai, await Oidc.AdminTokenAsync(system, e));
    }

    private static async Task<int> CountAsync(HttpClient client, string token, string profile)
    {
        var r = await client.SendAsync(HttpMethod.Get, $"/api/identity/accounts?profile={profile}&pageSize=1", token);
        return r.IsSuccessStatusCode ? (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("totalCount").GetInt32() : -1;
    }

    [Fact]
    public async Task Import_confirmed_while_rabbitmq_is_down_reaches_identity_once_it_returns()
    {
        using var client = system.CreateClient(followRedirects: false);
        var (_, uai, admin) = await OpenAsync(client);
        var today = DateOnly.FromDateTime(DateTime.Today);
        var generator = new ImportFileGenerator(11, uai, today.Month >= 8 ? today.Year : today.Year - 1, GeneratorCounts.Small);

        // Import must know the establishment before the broker goes away.
        var id = await Imports.UploadAsync(client, admin, generator.StudentsXml(), "ElevesSansAdresses.xml");
        Assert.Equal("ready", await Imports.StatusAsync(client, admin, id));

        await TestServers.StopRabbitMqAsync();
        try
        {
            // The confirm only needs PostgreSQL: the events wait in Import's outbox.
            var confirm = await client.SendAsync(HttpMethod.Post, $"/api/import/imports/{id}/confirm", admin, new { confirmSuspicious = true });
            Assert.True(confirm.IsSuccessStatusCode, await confirm.Content.ReadAsStringAsync());
            await Task.Delay(2000);
            Assert.Equal(0, await CountAsync(client, admin, "ELV"));
        }
        finally
        {
            await TestServers.StartRabbitMqAsync();
        }
        Assert.True(await TestServers.EventuallyAsync(async () => await CountAsync(client, admin, "ELV") == generator.Expected.CurrentStudents, Wait),
            "events written during the outage were not all delivered");
        await Task.Delay(1000);
        Assert.Equal(generator.Expected.CurrentStudents, await CountAsync(client, admin, "ELV"));
        await WaitHealthyAsync(client);
    }

    [Fact]
    public async Task Services_recover_from_a_postgresql_restart_without_being_restarted()
    {
        using var client = system.CreateClient(followRedirects: false);
        var (_, _, admin) = await OpenAsync(client);
        await TestServers.RestartPostgresAsync();
        // Pools hold dead connections: the first calls may fail, then everything answers again.
        Assert.True(await TestServers.EventuallyAsync(async () => await CountAsync(client, admin, "ADM") == 1, Wait));
        Assert.True(await TestServers.EventuallyAsync(async () => (await client.SendAsync(HttpMethod.Get, "/api/import/imports", admin)).IsSuccessStatusCode, Wait));
        await WaitHealthyAsync(client);
    }

    [Fact]
    public async Task Ent_cas_server_down_gives_a_french_page_within_the_timeout()
    {
        using var client = system.CreateClient(followRedirects: false);
        var (baseId, _, admin) = await OpenAsync(client);
        await using var cas = await CasTestServer.StartAsync();
        var put = await client.SendAsync(HttpMethod.Put, $"/api/identity/establishments/{baseId}/connection", admin,
            new { mode = "cas", connector = "perso", casHost = cas.Host, casPort = cas.Port, casRoot = cas.Root, casScheme = "http" });
        Assert.True(put.IsSuccessStatusCode);
        cas.ValidationDelay = Timeout.InfiniteTimeSpan; // the ENT accepts the connection and never answers
        var ticket = cas.IssueTicket(new Uri(system.GatewayUrl, $"/sso/callback?base={baseId}").ToString(), "quelquun");
        var sw = Stopwatch.StartNew();
        var page = await client.GetAsync($"/sso/callback?base={baseId}&ticket={ticket}");
        sw.Stop();
        Assert.Equal(HttpStatusCode.BadGateway, page.StatusCode);
        Assert.Contains("Serveur de l'ENT injoignable", WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        // Bounded by Identity:Cas:ValidationTimeout (10 s), not by the client's 60 s.
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(30), $"took {sw.Elapsed}");
    }

    private static async Task WaitHealthyAsync(HttpClient client) =>
        Assert.True(await TestServers.EventuallyAsync(async () => (await client.GetAsync("/health")).IsSuccessStatusCode, Wait), "the system did not become healthy again");
}
