using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Sacoche.Identity.Tests.Framing;

namespace Sacoche.Identity.Tests.Api;

/// <summary>
/// Identity's JSON API as the operator (client credentials) calls it: the responses' field names,
/// the catalogue's problems with <c>errors</c> as field → messages, and who may call what.
/// </summary>
public sealed class ApiContractTests(IdentityFixture identity) : IClassFixture<IdentityFixture>
{
    private static int _uai = Random.Shared.Next(100000, 900000);

    private static string NewUai() => $"0{Interlocked.Increment(ref _uai):D6}K";

    private async Task<HttpClient> OperatorAsync()
    {
        var client = identity.Factory.CreateClient();
        var response = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "sacoche-operator",
            ["client_secret"] = "operator-secret-for-tests",
            ["scope"] = "api",
        }));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString());
        return client;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private static string[] Names(JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToArray();

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("https://sacoche.fr/problems/" + code, (await JsonAsync(response)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Opening_an_establishment_answers_201_with_its_administrator_credentials()
    {
        using var client = await OperatorAsync();
        var uai = NewUai();

        var response = await client.PostAsJsonAsync("/api/identity/establishments", new { uai, name = "Collège du contrat" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await JsonAsync(response);
        Assert.Equal(["baseId", "uai", "name", "adminLogin", "adminPassword"], Names(created));
        Assert.Equal($"/api/identity/establishments/{created.GetProperty("baseId").GetInt32()}", response.Headers.Location?.OriginalString);
        Assert.Equal("admin", created.GetProperty("adminLogin").GetString());

        var view = await JsonAsync(await client.GetAsync(response.Headers.Location));
        Assert.Equal(["baseId", "uai", "name", "contactName", "contactEmail", "active", "mode", "loginTemplate", "createdAt"], Names(view));
        var connection = await JsonAsync(await client.GetAsync(response.Headers.Location + "/connection"));
        Assert.Equal(["mode", "connector", "casHost", "casPort", "casRoot", "casLoginUrl", "casValidateUrl", "casLogoutUrl", "casProtocol", "verifyTls", "casScheme"], Names(connection));
    }

    [Fact]
    public async Task Refused_establishments_answer_catalogue_problems_with_field_messages()
    {
        using var client = await OperatorAsync();

        var invalid = await client.PostAsJsonAsync("/api/identity/establishments", new { uai = "123", name = "Collège" });
        await AssertProblemAsync(invalid, HttpStatusCode.BadRequest, "validation");
        var uaiMessages = (await JsonAsync(invalid)).GetProperty("errors").GetProperty("uai");
        Assert.Equal(JsonValueKind.Array, uaiMessages.ValueKind);
        Assert.Contains("7 chiffres", uaiMessages[0].GetString(), StringComparison.Ordinal);

        var uai = NewUai();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/identity/establishments", new { uai, name = "Collège A" })).StatusCode);
        await AssertProblemAsync(await client.PostAsJsonAsync("/api/identity/establishments", new { uai, name = "Collège B" }), HttpStatusCode.Conflict, "uai-taken");

        await AssertProblemAsync(await client.GetAsync("/api/identity/establishments/999999"), HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Wrong_CAS_settings_are_reported_under_the_request_fields()
    {
        using var client = await OperatorAsync();
        var e = await identity.AddAsync(_ => { });

        var response = await client.PutAsJsonAsync($"/api/identity/establishments/{e.BaseId}/connection", new { mode = "cas", connector = "perso", casRoot = "cas" });

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation");
        var problem = await JsonAsync(response);
        var host = problem.GetProperty("errors").GetProperty("casHost");
        Assert.Equal("L'adresse (nom d'hôte) du serveur CAS est obligatoire.", host[0].GetString());
        Assert.Contains("L'adresse (nom d'hôte) du serveur CAS est obligatoire.", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_operator_is_no_establishment_administrator()
    {
        using var client = await OperatorAsync();

        await AssertProblemAsync(await client.GetAsync("/api/identity/accounts"), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await client.GetAsync("/api/identity/credentials/new"), HttpStatusCode.Forbidden, "forbidden");

        var me = await JsonAsync(await client.GetAsync("/api/identity/me"));
        Assert.Equal(["sub", "base", "profile", "name", "establishmentName", "uai", "mode"], Names(me));
        Assert.Equal(JsonValueKind.Null, me.GetProperty("base").ValueKind);
    }

    [Fact]
    public async Task Without_a_token_the_API_answers_401_and_connectors_need_one_too()
    {
        using var anonymous = identity.Factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/identity/establishments")).StatusCode);

        using var client = await OperatorAsync();
        var connectors = await JsonAsync(await client.GetAsync("/api/identity/ent-connectors"));
        Assert.True(connectors.GetArrayLength() > 0);
        Assert.Equal(["connector", "department", "label", "vendor", "csvFormat", "host", "port", "root", "loginUrl", "logoutUrl", "validateUrl", "requiresSchoolSubdomain"],
            Names(connectors[0]));
    }

    [Fact]
    public async Task Identity_serves_no_page_at_the_root_the_gateway_gives_it_to_the_UI()
    {
        using var client = identity.Factory.CreateClient(new() { AllowAutoRedirect = false });

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/")).StatusCode);
        // The ENT entry itself stays, under Identity's own path.
        var unknown = await client.GetAsync("/sso/start?base=999999");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("Établissement inconnu", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
