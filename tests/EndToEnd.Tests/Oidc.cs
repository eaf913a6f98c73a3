using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace Sacoche.EndToEnd.Tests;

/// <summary>What a script does with the public clients: operator credentials, and the sacoche-cli code flow with PKCE.</summary>
/// <summary>An establishment opened by the operator, with its administrator's credentials (shown once).</summary>
public sealed record OpenedEstablishment(int BaseId, string Uai, string AdminLogin, string AdminPassword);

public static partial class Oidc
{
    private static int _uaiCounter = Random.Shared.Next(100000, 900000);

    /// <summary>A UAI no other test of this run uses (7 digits + a letter).</summary>
    public static string NewUai() => $"0{Interlocked.Increment(ref _uaiCounter):D6}X";

    /// <summary>The operator opens an establishment (client credentials of sacoche-operator).</summary>
    public static async Task<OpenedEstablishment> OpenEstablishmentAsync(HttpClient client, string name = "Collège Jean Moulin")
    {
        var token = await OperatorTokenAsync(client);
        var uai = NewUai();
        var response = await client.SendAsync(HttpMethod.Post, "/api/identity/establishments", token,
            new { uai, name, contactName = "Mme Durand", contactEmail = "admin@college.test" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new OpenedEstablishment(body.GetProperty("baseId").GetInt32(), uai, body.GetProperty("adminLogin").GetString()!, body.GetProperty("adminPassword").GetString()!);
    }

    /// <summary>The administrator's access token, through the local sign-in and the sacoche-cli code flow.</summary>
    public static async Task<string> AdminTokenAsync(SystemFixture system, OpenedEstablishment e)
    {
        using var client = system.CreateClient(followRedirects: false);
        var (verifier, challenge) = Pkce();
        var query = await FollowToCallbackAsync(client, AuthorizeUrl(50123, challenge, e.BaseId), (e.AdminLogin, e.AdminPassword));
        return (await ExchangeCodeAsync(client, query["code"], verifier, 50123)).GetProperty("access_token").GetString()!;
    }

    public static async Task<string> OperatorTokenAsync(HttpClient client, string secret = SystemFixture.OperatorSecret)
    {
        var response = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "sacoche-operator",
            ["client_secret"] = secret,
            ["scope"] = "api",
        }));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    public static HttpRequestMessage WithToken(this HttpRequestMessage request, string token)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    public static async Task<HttpResponseMessage> SendAsync(this HttpClient client, HttpMethod method, string url, string token, object? body = null)
    {
        var request = new HttpRequestMessage(method, url).WithToken(token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        return await client.SendAsync(request);
    }

    public static (string Verifier, string Challenge) Pkce()
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (verifier, Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    public static string AuthorizeUrl(int callbackPort, string? challenge, int? baseId = null, string state = "xyz") =>
        "/connect/authorize?client_id=sacoche-cli&response_type=code&scope=openid%20api&state=" + state
        + "&redirect_uri=" + Uri.EscapeDataString($"http://127.0.0.1:{callbackPort}/callback")
        + (challenge is null ? "" : "&code_challenge=" + challenge + "&code_challenge_method=S256")
        + (baseId is null ? "" : "&base=" + baseId);

    /// <summary>
    /// Follows redirects by hand (the client keeps its cookies) until the loopback callback, and
    /// returns its query. The callback itself is never requested: like a CLI, we read the URL.
    /// Local sign-in forms met on the way are filled with <paramref name="login"/>.
    /// </summary>
    public static async Task<Dictionary<string, string>> FollowToCallbackAsync(HttpClient client, string url, (string Login, string Password)? login = null)
    {
        for (var hop = 0; hop < 15; hop++)
        {
            var response = await client.GetAsync(url);
            if (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.RedirectKeepVerb)
            {
                var location = response.Headers.Location!;
                var absolute = location.IsAbsoluteUri ? location : new Uri(client.BaseAddress!, location);
                if (absolute.Host == "127.0.0.1" && absolute.AbsolutePath == "/callback")
                {
                    return QueryHelpers.ParseQuery(absolute.Query).ToDictionary(kv => kv.Key, kv => kv.Value.ToString());
                }
                url = absolute.ToString();
                continue;
            }
            var html = await response.Content.ReadAsStringAsync();
            if (login is { } l && html.Contains("name=\"password\"", StringComparison.Ordinal))
            {
                response = await PostLoginFormAsync(client, html, l.Login, l.Password);
                Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
                url = new Uri(client.BaseAddress!, response.Headers.Location!).ToString();
                login = null;
                continue;
            }
            throw new Xunit.Sdk.XunitException($"Stopped at {url}: {(int)response.StatusCode} {html[..Math.Min(html.Length, 600)]}");
        }
        throw new Xunit.Sdk.XunitException("Too many redirects");
    }

    public static async Task<HttpResponseMessage> PostLoginFormAsync(HttpClient client, string formHtml, string login, string password)
    {
        var fields = HiddenField().Matches(formHtml).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));
        fields["login"] = login;
        fields["password"] = password;
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(fields));
    }

    public static async Task<JsonElement> ExchangeCodeAsync(HttpClient client, string code, string? verifier, int callbackPort)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = "sacoche-cli",
            ["code"] = code,
            ["redirect_uri"] = $"http://127.0.0.1:{callbackPort}/callback",
        };
        if (verifier is not null)
        {
            form["code_verifier"] = verifier;
        }
        var response = await client.PostAsync("/connect/token", new FormUrlEncodedContent(form));
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenField();
}
