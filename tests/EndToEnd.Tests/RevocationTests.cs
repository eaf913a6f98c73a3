using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sacoche.Contracts;
using Sacoche.Testing.Cas;
using Sacoche.Testing.Infrastructure;

namespace Sacoche.EndToEnd.Tests;

/// <summary>
/// Revocation: a password reset, a deactivated establishment and the ENT's single sign-out end the
/// sessions (refresh refused, Identity's cookie and the UI's session gone); a refresh token used
/// twice revokes its whole chain.
/// </summary>
[Collection("system")]
public sealed class RevocationTests(SystemFixture system) : IAsyncLifetime
{
    private CasTestServer _cas = null!;

    public async Task InitializeAsync() => _cas = await CasTestServer.StartAsync();

    public async Task DisposeAsync() => await _cas.DisposeAsync();

    private sealed record Tokens(string Access, string Refresh);

    private static string AuthorizeUrl(int port, string challenge, int baseId) =>
        Oidc.AuthorizeUrl(port, challenge, baseId).Replace("scope=openid%20api", "scope=openid%20api%20offline_access", StringComparison.Ordinal);

    /// <summary>The sacoche-cli code flow with offline_access: an access and a refresh token.</summary>
    private static async Task<Tokens> SignInAsync(HttpClient client, int baseId, (string Login, string Password)? login = null)
    {
        var (verifier, challenge) = Oidc.Pkce();
        var query = await Oidc.FollowToCallbackAsync(client, AuthorizeUrl(50400, challenge, baseId), login);
        var token = await Oidc.ExchangeCodeAsync(client, query["code"], verifier, 50400);
        Assert.True(token.TryGetProperty("refresh_token", out var refresh), token.ToString());
        return new Tokens(token.GetProperty("access_token").GetString()!, refresh.GetString()!);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> RefreshAsync(HttpClient client, string refreshToken)
    {
        var response = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = "sacoche-cli",
            ["refresh_token"] = refreshToken,
        }));
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }

    private static async Task<string> RefreshOkAsync(HttpClient client, string refreshToken)
    {
        var (status, body) = await RefreshAsync(client, refreshToken);
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        return body.GetProperty("refresh_token").GetString()!;
    }

    private static async Task AssertRefusedAsync(HttpClient client, string refreshToken)
    {
        var (status, body) = await RefreshAsync(client, refreshToken);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
    }

    /// <summary>A teacher imported into the establishment, with the login and password the administrator downloads.</summary>
    private async Task<(string Login, string Password)> ImportTeacherWithCredentialsAsync(HttpClient client, int baseId, string admin, string? entId = null)
    {
        await system.PublishAsync(new UserImported(baseId, Guid.NewGuid(), 1, "ENS", "Bernard", "Claire", "F", null, null, entId, null, null, [], [], null));
        string? row = null;
        Assert.True(await TestServers.EventuallyAsync(async () =>
        {
            var csv = System.Text.Encoding.UTF8.GetString(await (await client.SendAsync(HttpMethod.Get, "/api/identity/credentials/new", admin)).Content.ReadAsByteArrayAsync());
            row = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).FirstOrDefault();
            return row is not null;
        }, TimeSpan.FromSeconds(30)), "the teacher's account was never created");
        var cells = row!.Split(';');
        return (cells[3], cells[4]);
    }

    [Fact]
    public async Task A_password_reset_ends_the_sessions_opened_with_the_old_password()
    {
        using var api = system.CreateClient();
        var e = await Oidc.OpenEstablishmentAsync(api);
        var admin = await Oidc.AdminTokenAsync(system, e);
        var teacher = await ImportTeacherWithCredentialsAsync(api, e.BaseId, admin);

        using var browser = system.CreateClient(followRedirects: false);
        var tokens = await SignInAsync(browser, e.BaseId, teacher);
        var refresh = await RefreshOkAsync(browser, tokens.Refresh);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/account/session")).StatusCode);

        var accounts = await (await api.SendAsync(HttpMethod.Get, "/api/identity/accounts?q=" + teacher.Login, admin)).Content.ReadFromJsonAsync<JsonElement>();
        var id = accounts.GetProperty("items")[0].GetProperty("id").GetGuid();
        var reset = await api.SendAsync(HttpMethod.Post, $"/api/identity/accounts/{id}/password", admin);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        var newPassword = (await reset.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("password").GetString()!;

        await AssertRefusedAsync(browser, refresh);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/account/session")).StatusCode);
        // The new password opens a new session, whose refresh works.
        using var again = system.CreateClient(followRedirects: false);
        var fresh = await SignInAsync(again, e.BaseId, (teacher.Login, newPassword));
        await RefreshOkAsync(again, fresh.Refresh);
    }

    [Fact]
    public async Task A_deactivated_establishment_refuses_every_refresh()
    {
        using var api = system.CreateClient();
        var e = await Oidc.OpenEstablishmentAsync(api);
        using var browser = system.CreateClient(followRedirects: false);
        var tokens = await SignInAsync(browser, e.BaseId, (e.AdminLogin, e.AdminPassword));
        var refresh = await RefreshOkAsync(browser, tokens.Refresh);

        var op = await Oidc.OperatorTokenAsync(api);
        Assert.Equal(HttpStatusCode.NoContent, (await api.SendAsync(HttpMethod.Delete, $"/api/identity/establishments/{e.BaseId}", op)).StatusCode);

        await AssertRefusedAsync(browser, refresh);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/account/session")).StatusCode);
    }

    [Fact]
    public async Task A_refresh_token_used_twice_revokes_its_chain()
    {
        using var api = system.CreateClient();
        var e = await Oidc.OpenEstablishmentAsync(api);
        using var browser = system.CreateClient(followRedirects: false);
        var first = (await SignInAsync(browser, e.BaseId, (e.AdminLogin, e.AdminPassword))).Refresh;
        var second = await RefreshOkAsync(browser, first);

        // The first token again (a copy replayed by a thief): refused, and the legitimate newer one dies with it.
        await AssertRefusedAsync(browser, first);
        await AssertRefusedAsync(browser, second);
    }

    [Fact]
    public async Task The_ent_single_sign_out_ends_the_ui_session_and_refresh_on_a_shared_computer()
    {
        using var api = system.CreateClient();
        var e = await Oidc.OpenEstablishmentAsync(api);
        var admin = await Oidc.AdminTokenAsync(system, e);
        var put = await api.SendAsync(HttpMethod.Put, $"/api/identity/establishments/{e.BaseId}/connection", admin,
            new { mode = "cas", connector = "perso", casHost = _cas.Host, casPort = _cas.Port, casRoot = _cas.Root, casScheme = "http" });
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        await system.PublishAsync(new UserImported(e.BaseId, Guid.NewGuid(), 1, "ELV", "Roux", "Léa", "F", null, null, "lea.roux", null, "6A", [], [], null));
        Assert.True(await TestServers.EventuallyAsync(async () =>
            (await (await api.SendAsync(HttpMethod.Get, "/api/identity/accounts?q=lea.roux", admin)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("totalCount").GetInt32() == 1,
            TimeSpan.FromSeconds(30)));

        // The pupil clicks « Sacoche » in the ENT on the classroom computer: the UI shows her space.
        using var computer = system.CreateClient(followRedirects: true);
        _cas.SetUser("lea.roux");
        var home = await computer.GetStringAsync($"/?sso&base={e.BaseId}");
        Assert.Contains("Léa Roux", System.Net.WebUtility.HtmlDecode(home), StringComparison.Ordinal);
        var ticket = _cas.LastSuccessfulValidation!.Ticket;
        // A script of hers, signed in through the ENT too, holds a refresh token.
        using var script = system.CreateClient(followRedirects: false);
        var tokens = await SignInAsync(script, e.BaseId);

        // She logs out of the ENT, which tells Sacoche (back channel) the ticket of the classroom sign-in.
        // Every session of her account ends: Sacoche cannot tell which browser is the shared one.
        Assert.Equal(HttpStatusCode.OK, await _cas.SendSingleLogoutAsync(new Uri(system.GatewayUrl, $"/sso/callback?base={e.BaseId}").ToString(), ticket));

        await AssertRefusedAsync(script, tokens.Refresh);
        // The next pupil on that computer opens Sacoche: not her session (the UI learns it through an event).
        _cas.SetUser("nobody.yet");
        Assert.True(await TestServers.EventuallyAsync(async () =>
            !System.Net.WebUtility.HtmlDecode(await computer.GetStringAsync("/")).Contains("Léa Roux", StringComparison.Ordinal),
            TimeSpan.FromSeconds(15)), "the UI still shows the previous pupil's session after the ENT's single sign-out");
        Assert.Contains("Se connecter", System.Net.WebUtility.HtmlDecode(await computer.GetStringAsync("/")), StringComparison.Ordinal);
    }
}
