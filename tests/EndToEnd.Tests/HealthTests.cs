using System.Net;
using System.Text.Json;

namespace Sacoche.EndToEnd.Tests;

[Collection("system")]
public sealed class HealthTests(SystemFixture system)
{
    [Fact]
    public async Task Gateway_health_reports_every_service_healthy_by_name()
    {
        using var client = system.CreateClient();
        var response = await client.GetAsync("/health");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        var services = json.RootElement.GetProperty("services");
        foreach (var name in new[] { "identity", "import", "competences" })
        {
            var service = services.GetProperty(name);
            Assert.Equal("Healthy", service.GetProperty("status").GetString());
            // Each service's own readiness includes its database and the broker.
            var checks = service.GetProperty("details").GetProperty("checks");
            Assert.Equal("Healthy", checks.GetProperty(name + "db").GetProperty("status").GetString());
            Assert.Equal("Healthy", checks.GetProperty("masstransit-bus").GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task Gateway_adds_security_headers()
    {
        using var client = system.CreateClient();
        var response = await client.GetAsync("/health");
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task Protected_api_without_token_answers_401()
    {
        using var client = system.CreateClient();
        var response = await client.GetAsync("/api/competences/me");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
