using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sacoche.Contracts;
using Sacoche.Testing.Cas;
using Sacoche.Testing.Infrastructure;

namespace Sacoche.EndToEnd.Tests;

/// <summary>
/// The seed scenario of Identity through the gateway: the operator opens an establishment, its
/// admin switches it to the ENT (the CAS test server), a teacher follows <c>/?sso&amp;base=N</c>,
/// and a script gets a token for the Competences API with the sacoche-cli code flow + PKCE.
/// </summary>
[Collection("system")]
public sealed class IdentityTests(SystemFixture system) : IAsyncLifetime
{
    private CasTestServer _cas = null!;

    public async Task InitializeAsync() => _cas = await CasTestServer.StartAsync();

    public async Task DisposeAsync() => await _cas.DisposeAsync();

    private Task<OpenedEstablishment> OpenEstablishmentAsync(HttpClient client) => Oidc.OpenEstablishmentAsync(client);

    private Task<string> AdminTokenAsync(OpenedEstablishment e) => Oidc.AdminTokenAsync(system, e);

    private async Task UseCasAsync(HttpClient client, OpenedEstablishment e, string adminToken)
    {
        var response = await client.SendAsync(HttpMethod.Put, $"/api/identity/establishments/{e.BaseId}/connection", adminToken,
            new { mode = "cas", connector = "perso", casHost = _cas.Host, casPort = _cas.Port, casRoot = _cas.Root, casScheme = "http" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<Guid> ImportTeacherAsync(OpenedEstablishment e, string entId, long version = 1, DateOnly? exit = null)
    {
        var id = Guid.NewGuid();
        await system.PublishAsync(new UserImported(e.BaseId, id, version, "ENS", "Lefèvre", "Élodie", "F", null, null, entId, null, null, [], [], exit));
        return id;
    }

    private async Task WaitForAccountAsync(HttpClient client, string adminToken, string entId)
    {
        Assert.True(await TestServers.EventuallyAsync(async () =>
        {
            var r = await client.SendAsync(HttpMethod.Get, "/api/identity/accounts?q=" + Uri.EscapeDataString(entId), adminToken);
            return r.IsSuccessStatusCode && (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("totalCount").GetInt32() == 1;
        }, TimeSpan.FromSeconds(30)), "the account was never created from UserImported");
    }

    [Fact]
    public async Task Teacher_signs_in_through_the_ENT_and_a_script_gets_a_token_for_competences()
    {
        using var client = system.CreateClient(followRedirects: true);
        var e = await OpenEstablishmentAsync(client);
        var admin = await AdminTokenAsync(e);
        await UseCasAsync(client, e, admin);
        var teacherId = await ImportTeacherAsync(e, "elodie.lefevre");
        await WaitForAccountAsync(client, admin, "elodie.lefevre");

        // The ENT returns the login with other case and accents: matched all the same.
        _cas.SetUser("Elodie.LEFEVRE");
        var welcome = await client.GetAsync($"/?sso&base={e.BaseId}");
        var html = await welcome.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, welcome.StatusCode);
        Assert.Contains("Bienvenue", html, StringComparison.Ordinal);
        Assert.Contains("Élodie Lefèvre", System.Net.WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Contains("Vous êtes dans l'environnement personnel enseignant", System.Net.WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Contains($"?sso&base={e.BaseId}", System.Net.WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Equal(1, _cas.SuccessfulValidationCount);

        // With the ENT session, the CLI code flow completes without any password.
        using var cli = system.CreateClient(followRedirects: false);
        var (verifier, challenge) = Oidc.Pkce();
        _cas.SetUser("elodie.lefevre");
        var query = await Oidc.FollowToCallbackAsync(cli, Oidc.AuthorizeUrl(50200, challenge, e.BaseId, state: "s1"));
        Assert.Equal("s1", query["state"]);
        var token = await Oidc.ExchangeCodeAsync(cli, query["code"], verifier, 50200);
        var accessToken = token.GetProperty("access_token").GetString()!;
        var me = await client.SendAsync(HttpMethod.Get, "/api/competences/me", accessToken);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var body = await me.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(teacherId, body.GetProperty("sub").GetGuid());
        Assert.Equal(e.BaseId, body.GetProperty("base").GetInt32());
        Assert.Equal("ENS", body.GetProperty("profile").GetString());
        Assert.Equal("Élodie Lefèvre", body.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_user_changes_his_own_password_and_his_session_stays()
    {
        using var client = system.CreateClient(followRedirects: false);
        var e = await Oidc.OpenEstablishmentAsync(client, "Collège du mot de passe");
        var token = await Oidc.AdminTokenAsync(system, e);
        async Task<JsonElement> ProblemAsync(object body)
        {
            var refused = await client.SendAsync(HttpMethod.Post, "/api/identity/me/password", token, body);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            return await refused.Content.ReadFromJsonAsync<JsonElement>();
        }

        // The current password is required; the new one needs 8 characters mixing letters and another sign.
        Assert.Contains("actuel est incorrect", (await ProblemAsync(new { currentPassword = "pas-le-bon-1", newPassword = "Nouveau-mot-2" }))
            .GetProperty("errors").GetProperty("currentPassword")[0].GetString());
        Assert.Contains("8 caractères", (await ProblemAsync(new { currentPassword = e.AdminPassword, newPassword = "court1" }))
            .GetProperty("errors").GetProperty("newPassword")[0].GetString());
        Assert.Contains("lettres", (await ProblemAsync(new { currentPassword = e.AdminPassword, newPassword = "seulementdeslettres" }))
            .GetProperty("errors").GetProperty("newPassword")[0].GetString());

        var changed = await client.SendAsync(HttpMethod.Post, "/api/identity/me/password", token,
            new { currentPassword = e.AdminPassword, newPassword = "Nouveau-mot-de-passe-2" });
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        // The session stays; the new password signs in, the old one no longer does.
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Get, "/api/identity/me", token)).StatusCode);
        Assert.False(string.IsNullOrEmpty(await Oidc.AdminTokenAsync(system, e with { AdminPassword = "Nouveau-mot-de-passe-2" })));
        var form = await client.GetAsync($"/account/login?base={e.BaseId}");
        var old = await Oidc.PostLoginFormAsync(client, await form.Content.ReadAsStringAsync(), e.AdminLogin, e.AdminPassword);
        Assert.NotEqual(HttpStatusCode.Redirect, old.StatusCode);
    }

    [Fact]
    public async Task Cas_failures_give_clear_french_pages()
    {
        using var client = system.CreateClient(followRedirects: true);
        var e = await OpenEstablishmentAsync(client);
        var admin = await AdminTokenAsync(e);

        // Local-password establishment: ?sso is refused with the reference's message.
        var notCas = await client.GetAsync($"/?sso&base={e.BaseId}");
        Assert.Contains("Établissement non paramétré pour une authentification externe", System.Net.WebUtility.HtmlDecode(await notCas.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var unknown = await client.GetAsync("/?sso&base=999999");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        await UseCasAsync(client, e, admin);
        _cas.SetUser("inconnu42");
        var page = await client.GetAsync($"/?sso&uai={e.Uai}");
        var html = System.Net.WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Contains($"Identification réussie mais identifiant CAS « inconnu42 » inconnu dans Sacoche (base n° {e.BaseId})", html, StringComparison.Ordinal);

        // An ENT answering invalid XML: a clear page, never a crash.
        _cas.AnswerInvalidXml = true;
        _cas.SetUser("a&b");
        var garbled = await client.GetAsync($"/?sso&base={e.BaseId}");
        Assert.True((int)garbled.StatusCode is 403 or 502, garbled.StatusCode.ToString());
        Assert.DoesNotContain("Exception", await garbled.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        _cas.AnswerInvalidXml = false;
    }

    [Fact]
    public async Task Replayed_ticket_and_other_service_url_are_refused()
    {
        using var client = system.CreateClient(followRedirects: false);
        var e = await OpenEstablishmentAsync(client);
        var admin = await AdminTokenAsync(e);
        await UseCasAsync(client, e, admin);
        await ImportTeacherAsync(e, "t.replay");
        await WaitForAccountAsync(client, admin, "t.replay");
        _cas.SetUser("t.replay");

        var service = new Uri(system.GatewayUrl, $"/sso/callback?base={e.BaseId}").ToString();
        var ticket = _cas.IssueTicket(service);
        var first = await client.GetAsync($"/sso/callback?base={e.BaseId}&ticket={ticket}");
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        using var fresh = system.CreateClient(followRedirects: false);
        var replay = await fresh.GetAsync($"/sso/callback?base={e.BaseId}&ticket={ticket}");
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Contains("INVALID_TICKET", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A ticket issued for another service URL (another returnUrl) does not validate here.
        var other = _cas.IssueTicket(service + "&returnUrl=%2Fautre");
        var mismatch = await fresh.GetAsync($"/sso/callback?base={e.BaseId}&ticket={other}");
        Assert.Equal(HttpStatusCode.Unauthorized, mismatch.StatusCode);
        Assert.Contains("INVALID_SERVICE", await mismatch.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exited_account_cannot_sign_in_by_sso()
    {
        using var client = system.CreateClient(followRedirects: true);
        var e = await OpenEstablishmentAsync(client);
        var admin = await AdminTokenAsync(e);
        await UseCasAsync(client, e, admin);
        var id = await ImportTeacherAsync(e, "t.parti");
        await WaitForAccountAsync(client, admin, "t.parti");
        await system.PublishAsync(new UserRetired(e.BaseId, id, 2, DateOnly.FromDateTime(DateTime.Today.AddDays(-1))));
        _cas.SetUser("t.parti");
        Assert.True(await TestServers.EventuallyAsync(async () =>
        {
            // A fresh browser each time: one that got in before the retirement was applied stays signed in.
            using var browser = system.CreateClient(followRedirects: true);
            var page = await browser.GetAsync($"/?sso&base={e.BaseId}");
            return page.StatusCode == HttpStatusCode.Forbidden && System.Net.WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()).Contains("Compte désactivé", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Open_redirects_are_not_followed()
    {
        using var client = system.CreateClient(followRedirects: false);
        var e = await OpenEstablishmentAsync(client);
        foreach (var evil in new[] { "//evil.example/x", "https://evil.example/", "/\\evil.example", "http:/evil.example" })
        {
            var form = await client.GetAsync($"/account/login?base={e.BaseId}&returnUrl={Uri.EscapeDataString(evil)}");
            var response = await Oidc.PostLoginFormAsync(client, await form.Content.ReadAsStringAsync(), e.AdminLogin, e.AdminPassword);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/", response.Headers.Location!.OriginalString);
        }
        // The CAS service URL only ever carries a local returnUrl.
        var admin = await AdminTokenAsync(e);
        await UseCasAsync(client, e, admin);
        var sso = await client.GetAsync($"/?sso&base={e.BaseId}&returnUrl={Uri.EscapeDataString("https://evil.example/")}");
        Assert.Equal(HttpStatusCode.Redirect, sso.StatusCode);
        Assert.DoesNotContain("evil", Uri.UnescapeDataString(sso.Headers.Location!.ToString()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_in_and_sign_out_refuse_cross_site_requests()
    {
        using var client = system.CreateClient(followRedirects: false);
        var e = await OpenEstablishmentAsync(client);

        // Login CSRF: another site's form carries no antiforgery token (nor our antiforgery cookie).
        using var attacker = system.CreateClient(followRedirects: false);
        var forged = await attacker.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["base"] = e.BaseId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["login"] = e.AdminLogin,
            ["password"] = e.AdminPassword,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("La page de connexion a expiré", System.Net.WebUtility.HtmlDecode(await forged.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await attacker.GetAsync("/account/session")).StatusCode);

        var form = await client.GetAsync($"/account/login?base={e.BaseId}");
        Assert.Equal(HttpStatusCode.Redirect, (await Oidc.PostLoginFormAsync(client, await form.Content.ReadAsStringAsync(), e.AdminLogin, e.AdminPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/session")).StatusCode);

        // A cross-site link, a browser that does not say where it comes from, or a tokenless POST: a confirmation, still signed in.
        foreach (var (method, path, site) in new[] { ("GET", "/account/logout", "cross-site"), ("GET", "/account/logout", null), ("GET", "/connect/logout", "cross-site"), ("POST", "/account/logout", "cross-site"), ("POST", "/connect/logout", "same-site") })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method == "POST")
            {
                request.Content = new FormUrlEncodedContent([]); // a form without our antiforgery token
            }
            if (site is not null)
            {
                request.Headers.Add("Sec-Fetch-Site", site);
            }
            var page = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("Voulez-vous vous déconnecter de Sacoche ?", System.Net.WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/session")).StatusCode);
        }

        // The confirmation's own form signs out.
        var confirmation = await client.GetAsync("/account/logout");
        var fields = System.Text.RegularExpressions.Regex.Matches(await confirmation.Content.ReadAsStringAsync(), "name=\"([^\"]+)\" value=\"([^\"]*)\"")
            .ToDictionary(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value), m => System.Net.WebUtility.HtmlDecode(m.Groups[2].Value));
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/account/logout", new FormUrlEncodedContent(fields))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/account/session")).StatusCode);
    }

    [Fact]
    public async Task Wrong_passwords_slow_down_attempts_without_locking_the_owner_out()
    {
        using var teacher = system.CreateClient(followRedirects: false);
        var e = await OpenEstablishmentAsync(teacher);
        async Task<HttpResponseMessage> TryAsync(HttpClient client, string login, string password)
        {
            var form = await client.GetAsync($"/account/login?base={e.BaseId}");
            return await Oidc.PostLoginFormAsync(client, await form.Content.ReadAsStringAsync(), login, password);
        }
        // Her own browser: she signed in from it before.
        Assert.Equal(HttpStatusCode.Redirect, (await TryAsync(teacher, e.AdminLogin, e.AdminPassword)).StatusCode);

        // Someone else (same school address) types wrong passwords for her login, then for an unknown one.
        using var pupil = system.CreateClient(followRedirects: false);
        foreach (var login in new[] { e.AdminLogin, "personne" })
        {
            var answers = new List<(HttpStatusCode Status, string Text)>();
            // Delays double (1 s, 2 s, 4 s…): on a slow machine an attempt may come after a short one has passed.
            for (var i = 0; i < 12 && (answers.Count == 0 || answers[^1].Status != (HttpStatusCode)429); i++)
            {
                var wrong = await TryAsync(pupil, login, "mauvais-" + i);
                answers.Add((wrong.StatusCode, System.Net.WebUtility.HtmlDecode(await wrong.Content.ReadAsStringAsync())));
            }
            // The first five: « wrong password »; then a delay, the same for a real and an unknown login.
            Assert.All(answers.Take(5), a => Assert.Equal(HttpStatusCode.Unauthorized, a.Status));
            Assert.All(answers.Take(5), a => Assert.Contains("Identifiant ou mot de passe incorrect", a.Text, StringComparison.Ordinal));
            Assert.Equal((HttpStatusCode)429, answers[^1].Status);
            Assert.Contains("Trop d'essais infructueux pour cet identifiant : patientez", answers[^1].Text, StringComparison.Ordinal);
        }
        // Her next sign-in, from her browser, goes through at once: no 15-minute lockout of the victim.
        Assert.Equal(HttpStatusCode.Redirect, (await TryAsync(teacher, e.AdminLogin, e.AdminPassword)).StatusCode);
    }

    [Fact]
    public async Task Pkce_is_required_and_tokens_are_bound_to_their_establishment()
    {
        using var client = system.CreateClient(followRedirects: false);
        var e1 = await OpenEstablishmentAsync(client);
        var e2 = await OpenEstablishmentAsync(client);

        var noPkce = await client.GetAsync(Oidc.AuthorizeUrl(50300, challenge: null, e1.BaseId));
        var location = noPkce.Headers.Location?.ToString() ?? await noPkce.Content.ReadAsStringAsync();
        Assert.Contains("code_challenge", Uri.UnescapeDataString(location), StringComparison.Ordinal);
        Assert.DoesNotContain("code=", location, StringComparison.Ordinal);

        var admin1 = await AdminTokenAsync(e1);
        var other = await client.SendAsync(HttpMethod.Get, $"/api/identity/establishments/{e2.BaseId}", admin1);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        var otherConnection = await client.SendAsync(HttpMethod.Put, $"/api/identity/establishments/{e2.BaseId}/connection", admin1, new { mode = "normal" });
        Assert.Equal(HttpStatusCode.NotFound, otherConnection.StatusCode);
        var own = await client.SendAsync(HttpMethod.Get, $"/api/identity/establishments/{e1.BaseId}", admin1);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        var create = await client.SendAsync(HttpMethod.Post, "/api/identity/establishments", admin1, new { uai = Oidc.NewUai(), name = "Pirate" });
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
    }

    [Fact]
    public async Task Establishment_creation_validates_uai()
    {
        using var client = system.CreateClient();
        var token = await Oidc.OperatorTokenAsync(client);
        var bad = await client.SendAsync(HttpMethod.Post, "/api/identity/establishments", token, new { uai = "12345", name = "X" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("7 chiffres", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var e = await OpenEstablishmentAsync(client);
        var dup = await client.SendAsync(HttpMethod.Post, "/api/identity/establishments", token, new { uai = e.Uai, name = "Doublon" });
        Assert.Equal(HttpStatusCode.Conflict, dup.StatusCode);
        var wrongSecret = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "sacoche-operator",
            ["client_secret"] = "mauvais",
            ["scope"] = "api",
        }));
        Assert.False(wrongSecret.IsSuccessStatusCode);
        var connectors = await client.SendAsync(HttpMethod.Get, "/api/identity/ent-connectors", token);
        Assert.True((await connectors.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength() > 50);
    }
}

[Collection("system")]
public sealed class AccountLifecycleTests(SystemFixture system) : IAsyncLifetime
{
    private CasTestServer _cas = null!;

    public async Task InitializeAsync() => _cas = await CasTestServer.StartAsync();

    public async Task DisposeAsync() => await _cas.DisposeAsync();

    private async Task<(int BaseId, string Admin)> OpenAsync(HttpClient client)
    {
        var e = await Oidc.OpenEstablishmentAsync(client, "Lycée Victor Hugo");
        return (e.BaseId, await Oidc.AdminTokenAsync(system, e));
    }

    [Fact]
    public async Task Imported_users_get_logins_and_their_credentials_download_once()
    {
        using var client = system.CreateClient(followRedirects: false);
        var (baseId, admin) = await OpenAsync(client);
        // Two homonyms: the template ppp.nnnnnnnn gives the same login, made unique by a suffix.
        await system.PublishAsync(new UserImported(baseId, Guid.NewGuid(), 1, "ELV", "Dupont-Aignan", "Zoé", "F", null, null, null, "123", "4A", [], [], null));
        await system.PublishAsync(new UserImported(baseId, Guid.NewGuid(), 1, "ELV", "Dupont-Aignan", "Zoé", "F", null, null, null, "124", "4B", [], [], null));
        Assert.True(await TestServers.EventuallyAsync(async () =>
            (await (await client.SendAsync(HttpMethod.Get, "/api/identity/accounts?profile=ELV", admin)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("totalCount").GetInt32() == 2,
            TimeSpan.FromSeconds(30)));

        var csvResponse = await client.SendAsync(HttpMethod.Get, "/api/identity/credentials/new", admin);
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType!.MediaType);
        var bytes = await csvResponse.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = System.Text.Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Profil;Nom;Prénom;Identifiant;Mot de passe", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(';')).ToList();
        Assert.Equal(2, rows.Count);
        // "zoé" → z,o,e (accent dropped, 3 letters); "Dupont-Aignan" → 8 letters "dupontai".
        Assert.Equal(new[] { "zoe.dupontai", "zoe.dupontai2" }, rows.Select(r => r[3]).Order().ToArray());

        // Delivered once: a second download has no rows.
        var again = System.Text.Encoding.UTF8.GetString(await (await client.SendAsync(HttpMethod.Get, "/api/identity/credentials/new", admin)).Content.ReadAsByteArrayAsync());
        Assert.Single(again.Split("\r\n", StringSplitOptions.RemoveEmptyEntries));

        // The downloaded password works at once (before or after the background hashing).
        var form = await client.GetAsync($"/account/login?base={baseId}");
        var signIn = await Oidc.PostLoginFormAsync(client, await form.Content.ReadAsStringAsync(), rows[0][3], rows[0][4]);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
    }

    [Fact]
    public async Task Ent_single_sign_out_ends_the_session()
    {
        using var client = system.CreateClient(followRedirects: false);
        var (baseId, admin) = await OpenAsync(client);
        var put = await client.SendAsync(HttpMethod.Put, $"/api/identity/establishments/{baseId}/connection", admin,
            new { mode = "cas", connector = "perso", casHost = _cas.Host, casPort = _cas.Port, casRoot = _cas.Root, casScheme = "http" });
        Assert.True(put.IsSuccessStatusCode);
        await system.PublishAsync(new UserImported(baseId, Guid.NewGuid(), 1, "ENS", "Martin", "Paul", "M", null, null, "p.martin", null, null, [], [], null));
        Assert.True(await TestServers.EventuallyAsync(async () =>
            (await (await client.SendAsync(HttpMethod.Get, "/api/identity/accounts?q=p.martin", admin)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("totalCount").GetInt32() == 1,
            TimeSpan.FromSeconds(30)));

        using var browser = system.CreateClient(followRedirects: true);
        _cas.SetUser("p.martin");
        var welcome = await browser.GetAsync($"/?sso={baseId}");
        Assert.Contains("Bienvenue", await welcome.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/account/session")).StatusCode);
        var ticket = _cas.LastSuccessfulValidation!.Ticket;

        // The ENT posts a SAML logoutRequest naming the ticket to our service URL.
        var status = await _cas.SendSingleLogoutAsync(new Uri(system.GatewayUrl, $"/sso/callback?base={baseId}").ToString(), ticket);
        Assert.Equal(HttpStatusCode.OK, status);
        // Identity's session, opened with that ticket, is over.
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/account/session")).StatusCode);

        // Logging out of an ENT session also logs out of the ENT (a fresh Identity session first).
        await browser.GetAsync($"/sso/start?base={baseId}");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/account/session")).StatusCode);
        var logoutsBefore = _cas.LogoutCount;
        using var signOut = new HttpRequestMessage(HttpMethod.Get, "/account/logout");
        signOut.Headers.Add("Sec-Fetch-Site", "same-origin"); // as the UI's « Se déconnecter » button navigates
        await browser.SendAsync(signOut);
        Assert.Equal(logoutsBefore + 1, _cas.LogoutCount);
    }
}
