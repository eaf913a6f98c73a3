using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Sacoche.Contracts;
using Sacoche.Testing.Cas;

namespace Sacoche.Benchmarks;

/// <summary>
/// The morning rush of issue 3: complete ENT sign-ins through the gateway against the CAS test
/// server — /?sso&amp;base=N → CAS login → /sso/callback (server-to-server ticket validation) →
/// /connect/authorize (code + PKCE) → /connect/token. One login = four requests to Sacoche plus
/// the server-to-server validation; the ENT's login page itself is skipped (ticket issued directly).
/// </summary>
public static class SsoScenario
{
    public static async Task<IReadOnlyList<BenchRow>> RunAsync(SystemLauncher system, int logins, int concurrency, int users)
    {
        await using var cas = await CasTestServer.StartAsync();
        using var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, MaxConnectionsPerServer = 256 };
        using var http = new HttpClient(handler) { BaseAddress = system.GatewayUrl, Timeout = TimeSpan.FromSeconds(30) };

        var baseId = await SetUpEstablishmentAsync(system, http, cas, users);
        // Warm-up: JIT, connection pools, caches.
        for (var i = 0; i < 20; i++)
        {
            await LoginAsync(http, cas, baseId, $"ens{i % users}");
        }

        Array.Clear(StepTicks);
        var latencies = new double[logins];
        var errors = 0;
        var next = -1;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < logins)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await LoginAsync(http, cas, baseId, $"ens{i % users}");
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref errors);
                }
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }));
        total.Stop();
        Array.Sort(latencies);
        var rate = logins / total.Elapsed.TotalSeconds;
        var steps = string.Join(", ", new[] { "entry", "callback", "authorize", "token" }.Select((name, k) =>
            $"{name} {StepTicks[k] * 1000.0 / Stopwatch.Frequency / logins:0.0} ms"));
        return
        [
            new("3", $"SSO logins/s through the gateway ({concurrency} concurrent, {logins} logins)", "≥ 300/s", Stats.Num(rate, "logins/s"), "—",
                $"{errors} errors; 4 requests + 1 CAS validation per login"),
            new("3", "SSO login latency (CAS callback + validation + code + token)", "—", Stats.Ms(Stats.Percentile(latencies, 50)), Stats.Ms(Stats.Percentile(latencies, 95)),
                $"p99 {Stats.Ms(Stats.Percentile(latencies, 99))}; mean per step: {steps}"),
        ];
    }

    private static async Task<int> SetUpEstablishmentAsync(SystemLauncher system, HttpClient http, CasTestServer cas, int users)
    {
        var token = await OperatorTokenAsync(http);
        var uai = $"0{Random.Shared.Next(100000, 999999)}B";
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/identity/establishments") { Content = JsonContent.Create(new { uai, name = "Collège du banc d'essai" }) };
        create.Headers.Authorization = new("Bearer", token);
        var created = await (await http.SendAsync(create)).Content.ReadFromJsonAsync<JsonElement>();
        var baseId = created.GetProperty("baseId").GetInt32();
        using var connection = new HttpRequestMessage(HttpMethod.Put, $"/api/identity/establishments/{baseId}/connection")
        {
            Content = JsonContent.Create(new { mode = "cas", connector = "perso", casHost = cas.Host, casPort = cas.Port, casRoot = cas.Root, casScheme = "http" }),
        };
        connection.Headers.Authorization = new("Bearer", token);
        (await http.SendAsync(connection)).EnsureSuccessStatusCode();
        for (var i = 0; i < users; i++)
        {
            await system.PublishAsync(new UserImported(baseId, Guid.NewGuid(), 1, "ENS", $"Nom{i}", $"Prénom{i}", null, null, null, $"ens{i}", null, null, [], [], null));
        }
        // Wait until the last account exists (a CAS login for it succeeds).
        for (var attempt = 0; attempt < 300; attempt++)
        {
            try
            {
                await LoginAsync(http, cas, baseId, $"ens{users - 1}");
                return baseId;
            }
            catch (InvalidOperationException)
            {
                await Task.Delay(100);
            }
        }
        throw new InvalidOperationException("accounts were not created from UserImported in time");
    }

    private static async Task<string> OperatorTokenAsync(HttpClient http)
    {
        var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "sacoche-operator", ["client_secret"] = SystemLauncher.OperatorSecret, ["scope"] = "api",
        }));
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    /// <summary>Time spent in each step (entry, callback, authorize, token), summed over all logins, in ticks.</summary>
    public static readonly long[] StepTicks = new long[4];

    private static void Step(int index, ref long mark)
    {
        var now = Stopwatch.GetTimestamp();
        Interlocked.Add(ref StepTicks[index], now - mark);
        mark = now;
    }

    private static async Task LoginAsync(HttpClient http, CasTestServer cas, int baseId, string user)
    {
        var mark = Stopwatch.GetTimestamp();
        // 1. The ENT link (Identity's entry, which /?sso&base=N reaches through the UI): redirect to the CAS server.
        using var entry = await http.GetAsync($"/sso/start?base={baseId}");
        var casLogin = Expect(entry, HttpStatusCode.Redirect);
        Step(0, ref mark);
        // 2. The CAS server authenticates the user and sends the browser back with a ticket: the
        //    ENT's own login page is not ours to measure, so the test server issues the ticket directly.
        var service = System.Web.HttpUtility.ParseQueryString(new Uri(casLogin).Query)["service"]!;
        var callback = new Uri(service + (service.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "ticket=" + cas.IssueTicket(service, user));
        // 3. Callback: server-to-server ticket validation, session cookie.
        using var callbackResponse = await http.GetAsync(callback.PathAndQuery);
        Expect(callbackResponse, HttpStatusCode.Redirect);
        Step(1, ref mark);
        var cookie = string.Join("; ", callbackResponse.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        // 4. Authorization code with PKCE, 5. token exchange.
        var verifier = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        using var authorize = new HttpRequestMessage(HttpMethod.Get,
            "/connect/authorize?client_id=sacoche-cli&response_type=code&scope=openid%20api&redirect_uri=http%3A%2F%2F127.0.0.1%3A50999%2Fcallback&code_challenge=" + challenge + "&code_challenge_method=S256");
        authorize.Headers.Add("Cookie", cookie);
        using var authorizeResponse = await http.SendAsync(authorize);
        var code = System.Web.HttpUtility.ParseQueryString(new Uri(Expect(authorizeResponse, HttpStatusCode.Redirect)).Query)["code"]
            ?? throw new InvalidOperationException("no code");
        Step(2, ref mark);
        using var token = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = "sacoche-cli", ["code"] = code, ["code_verifier"] = verifier,
            ["redirect_uri"] = "http://127.0.0.1:50999/callback",
        }));
        if (!token.IsSuccessStatusCode)
        {
            throw new InvalidOperationException("token exchange failed: " + (int)token.StatusCode);
        }
        Step(3, ref mark);
    }

    private static string Expect(HttpResponseMessage response, HttpStatusCode status) =>
        response.StatusCode == status && response.Headers.Location is { } location
            ? location.IsAbsoluteUri ? location.ToString() : location.OriginalString
            : throw new InvalidOperationException($"expected {status}, got {(int)response.StatusCode}");
}
