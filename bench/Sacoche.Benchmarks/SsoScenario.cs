using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Sacoche.Testing.Cas;

namespace Sacoche.Benchmarks;

/// <summary>
/// The morning rush of issues 3 and 6: complete ENT sign-ins through the gateway against the CAS test
/// server — /?sso&amp;base=N → CAS login → /sso/callback (server-to-server ticket validation) →
/// /connect/authorize (code + PKCE) → /connect/token. One login = four requests to Sacoche plus
/// the server-to-server validation; the ENT's login page itself is skipped (ticket issued directly).
/// Meanwhile the teachers already signed in type in their entry grids: each saves one cell at a
/// time (PUT …/entries with the version it last read), as the grid UI does.
/// </summary>
public static class SsoScenario
{
    public static async Task<IReadOnlyList<BenchRow>> RunAsync(BenchSchool school, int logins, int concurrency, int gridTeachers)
    {
        var (http, cas, baseId, users) = (school.Http, school.Cas, school.BaseId, school.Teachers);
        // Warm-up: JIT, connection pools, caches.
        for (var i = 0; i < 20; i++)
        {
            await SsoLogin.TokenAsync(http, cas, baseId, $"ens{i % users}");
        }

        Array.Clear(SsoLogin.StepTicks);
        var latencies = new double[logins];
        var errors = 0;
        var next = -1;
        using var rushOver = new CancellationTokenSource();
        var grids = Enumerable.Range(0, Math.Min(gridTeachers, school.Classes)).Select(t => GridTypist.RunAsync(school, t, rushOver.Token)).ToList();
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < logins)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await SsoLogin.TokenAsync(http, cas, baseId, $"ens{i % users}");
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref errors);
                }
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }));
        total.Stop();
        await rushOver.CancelAsync();
        var typed = await Task.WhenAll(grids);
        Array.Sort(latencies);
        var rate = logins / total.Elapsed.TotalSeconds;
        var steps = string.Join(", ", new[] { "entry", "callback", "authorize", "token" }.Select((name, k) =>
            $"{name} {SsoLogin.StepTicks[k] * 1000.0 / Stopwatch.Frequency / logins:0.0} ms"));
        var saves = typed.SelectMany(t => t.Latencies).Order().ToList();
        var saveErrors = typed.Sum(t => t.Errors);
        var conflicts = typed.Sum(t => t.Conflicts);
        var gridNote = grids.Count == 0 ? "" : $" while {grids.Count} teachers save grid cells";
        return
        [
            new("3", $"SSO logins/s through the gateway ({concurrency} concurrent, {logins} logins{gridNote})", "≥ 300/s", Stats.Num(rate, "logins/s"), "—",
                $"{errors} errors; 4 requests + 1 CAS validation per login"),
            new("3", "SSO login latency (CAS callback + validation + code + token)", "—", Stats.Ms(Stats.Percentile(latencies, 50)), Stats.Ms(Stats.Percentile(latencies, 95)),
                $"p99 {Stats.Ms(Stats.Percentile(latencies, 99))}; mean per step: {steps}"),
            .. grids.Count == 0 ? Array.Empty<BenchRow>() :
            [
                new("3/6", $"morning rush: grid cell saves through the gateway ({grids.Count} teachers typing, one cell per PUT, during the SSO logins)", "—",
                    Stats.Ms(Stats.Percentile(saves, 50)), Stats.Ms(Stats.Percentile(saves, 95)),
                    $"{saves.Count / total.Elapsed.TotalSeconds:0} saves/s; p99 {Stats.Ms(Stats.Percentile(saves, 99))}; {saveErrors} errors, {conflicts} conflicts (409)"),
            ],
        ];
    }
}

/// <summary>One teacher typing in the 15-item grid of their class: one cell per PUT, next cell at once.</summary>
public static class GridTypist
{
    public sealed record Result(List<double> Latencies, int Errors, int Conflicts);

    private static readonly string[] Codes = ["RR", "R", "V", "VV"];

    public static async Task<Result> RunAsync(BenchSchool school, int teacher, CancellationToken stop)
    {
        var evaluation = school.GridEvaluations[teacher];
        var students = school.Students[teacher];
        var items = school.ItemIds[..BenchSchool.GridItems];
        var versions = await GridVersionsAsync(school, school.TeacherTokens[teacher], evaluation);
        var latencies = new List<double>();
        int errors = 0, conflicts = 0;
        for (var k = 0; !stop.IsCancellationRequested; k++)
        {
            var (student, item) = (students[k % students.Length], items[k / students.Length % items.Length]);
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var response = await school.SendAsync(HttpMethod.Put, $"/api/competences/evaluations/{evaluation}/entries", school.TeacherTokens[teacher],
                    new[] { new { studentId = student, itemId = item, code = Codes[k % Codes.Length], version = versions.GetValueOrDefault((student, item)) } });
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (response.StatusCode == HttpStatusCode.Conflict)
                {
                    conflicts++;
                    versions = await GridVersionsAsync(school, school.TeacherTokens[teacher], evaluation);
                    continue;
                }
                response.EnsureSuccessStatusCode();
                foreach (var cell in (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray())
                {
                    versions[(cell.GetProperty("studentId").GetGuid(), cell.GetProperty("itemId").GetInt64())] = cell.GetProperty("version").GetInt32();
                }
            }
            catch (Exception)
            {
                errors++;
            }
        }
        return new(latencies, errors, conflicts);
    }

    /// <summary>The version of every cell, as the grid page reads them.</summary>
    public static async Task<Dictionary<(Guid, long), int>> GridVersionsAsync(BenchSchool school, string token, long evaluation)
    {
        using var response = await school.SendAsync(HttpMethod.Get, $"/api/competences/evaluations/{evaluation}/entries", token);
        response.EnsureSuccessStatusCode();
        var grid = await response.Content.ReadFromJsonAsync<JsonElement>();
        return grid.GetProperty("students").EnumerateArray().SelectMany(s => s.GetProperty("cells").EnumerateArray())
            .ToDictionary(c => (c.GetProperty("studentId").GetGuid(), c.GetProperty("itemId").GetInt64()), c => c.GetProperty("version").GetInt32());
    }
}

/// <summary>A complete ENT sign-in through the gateway; returns the access token.</summary>
public static class SsoLogin
{
    /// <summary>Time spent in each step (entry, callback, authorize, token), summed over all logins, in ticks.</summary>
    public static readonly long[] StepTicks = new long[4];

    private static void Step(int index, ref long mark)
    {
        var now = Stopwatch.GetTimestamp();
        Interlocked.Add(ref StepTicks[index], now - mark);
        mark = now;
    }

    public static async Task<string> TokenAsync(HttpClient http, CasTestServer cas, int baseId, string user)
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
            ["grant_type"] = "authorization_code",
            ["client_id"] = "sacoche-cli",
            ["code"] = code,
            ["code_verifier"] = verifier,
            ["redirect_uri"] = "http://127.0.0.1:50999/callback",
        }));
        if (!token.IsSuccessStatusCode)
        {
            throw new InvalidOperationException("token exchange failed: " + (int)token.StatusCode);
        }
        Step(3, ref mark);
        return (await token.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("access_token", out var access) && access.GetString() is { Length: > 0 } value
            ? value : throw new InvalidOperationException("token exchange answered no access_token");
    }

    private static string Expect(HttpResponseMessage response, HttpStatusCode status) =>
        response.StatusCode == status && response.Headers.Location is { } location
            ? location.IsAbsoluteUri ? location.ToString() : location.OriginalString
            : throw new InvalidOperationException($"expected {status}, got {(int)response.StatusCode}");
}
