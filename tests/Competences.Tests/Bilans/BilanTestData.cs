using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sacoche.Competences.Tests.Api;
using Sacoche.Contracts;
using Sacoche.Testing.Infrastructure;
using Xunit;

namespace Sacoche.Competences.Tests.Bilans;

/// <summary>Helpers of the bilan tests: periods, statuses, extra roster users, settings, problems.</summary>
internal static class BilanTestData
{
    public static async Task<long> CreatePeriodAsync(HttpClient admin, string name, string start, string end, params string[] classCodes)
    {
        var response = await admin.PostAsJsonAsync("/api/competences/periods", new { name, start, end, classCodes });
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, json);
        return JsonDocument.Parse(json).RootElement.GetProperty("id").GetInt64();
    }

    public static async Task SetStatusAsync(CompetencesApp app, string classCode, long periodId, string status)
    {
        var response = await app.AdminClient().PutAsJsonAsync($"/api/competences/bilans/{classCode}/{periodId}/status", new { status });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Publishes users (new ones, or newer versions) and waits until the projection has them all at that version.</summary>
    public static async Task AddUsersAsync(CompetencesApp app, params UserImported[] users)
    {
        foreach (var u in users)
        {
            await app.PublishAsync(u);
        }
        string condition = string.Join(" OR ", users.Select(u => $"(user_id = '{u.UserId}' AND version = {u.Version})"));
        var ok = await TestServers.EventuallyAsync(async () => await app.CountAsync($"SELECT count(*) FROM roster_users WHERE {condition}") == users.Length,
            TimeSpan.FromSeconds(30));
        Assert.True(ok, "The roster events were not applied in time.");
    }

    /// <summary>Sets the bulletins' positioning mode (GET the settings, change « bilans », PUT them back).</summary>
    public static async Task SetModeAsync(CompetencesApp app, string mode, int from2, int from3, int from4)
    {
        var admin = app.AdminClient();
        var settings = JsonNode.Parse(await admin.GetStringAsync("/api/competences/settings"))!.AsObject();
        settings["bilans"] = new JsonObject { ["mode"] = mode, ["from2"] = from2, ["from3"] = from3, ["from4"] = from4 };
        var response = await admin.PutAsync("/api/competences/settings", new StringContent(settings.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public static async Task<JsonElement> OkJsonAsync(HttpResponseMessage response)
    {
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {json}");
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    /// <summary>Asserts a problem of the catalogue and returns it.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status} {code}, got {(int)response.StatusCode} {json}");
        var problem = JsonDocument.Parse(json).RootElement.Clone();
        Assert.Equal($"https://sacoche.fr/problems/{code}", problem.GetProperty("type").GetString());
        return problem;
    }

    public static Task<HttpResponseMessage> WriteSubjectAsync(HttpClient client, string classCode, long periodId, Guid student, string subject, object body) =>
        client.PutAsJsonAsync($"/api/competences/bilans/{classCode}/{periodId}/students/{student}/subjects/{subject}", body);

    public static Task<HttpResponseMessage> WriteGeneralAsync(HttpClient client, string classCode, long periodId, Guid student, object body) =>
        client.PutAsJsonAsync($"/api/competences/bilans/{classCode}/{periodId}/students/{student}/general", body);

    public static Task<HttpResponseMessage> WriteAttendanceAsync(HttpClient client, string classCode, long periodId, Guid student, object body) =>
        client.PutAsJsonAsync($"/api/competences/bilans/{classCode}/{periodId}/students/{student}/attendance", body);

    public static JsonElement StudentRow(JsonElement sheet, Guid student) =>
        sheet.GetProperty("students").EnumerateArray().Single(s => s.GetProperty("studentId").GetGuid() == student);

    public static JsonElement? Cell(JsonElement sheet, Guid student, string subject) =>
        StudentRow(sheet, student).GetProperty("cells").EnumerateArray().Where(c => c.GetProperty("subjectCode").GetString() == subject)
            .Select(c => (JsonElement?)c).SingleOrDefault();

    public static decimal? Dec(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetDecimal();
}
