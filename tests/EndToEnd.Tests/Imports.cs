using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sacoche.Testing.Infrastructure;

namespace Sacoche.EndToEnd.Tests;

/// <summary>Imports through the gateway, as the admin's scripts would do them (shared by the E2E and browser tests).</summary>
public static class Imports
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    /// <summary>Uploads a file and waits until it is analysed ("ready" or "failed"); returns the import id.</summary>
    public static async Task<Guid> UploadAsync(HttpClient client, string token, byte[] file, string name)
    {
        Guid id = default;
        // Import learns the establishment from EstablishmentRegistered: until then it answers 409.
        for (var attempt = 0; id == default; attempt++)
        {
            using var form = new MultipartFormDataContent { { new ByteArrayContent(file), "file", name } };
            var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/import/files") { Content = form }.WithToken(token));
            if (response.StatusCode == HttpStatusCode.Conflict && attempt < 100)
            {
                await Task.Delay(200);
                continue;
            }
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, body.ToString());
            id = body.GetProperty("importId").GetGuid();
        }
        Assert.True(await TestServers.EventuallyAsync(async () => await StatusAsync(client, token, id) is "ready" or "failed", Wait), $"import {name} never analysed");
        return id;
    }

    /// <summary>Uploads, confirms the whole plan and waits until it is applied; returns the import's final state.</summary>
    public static async Task<JsonElement> UploadAndConfirmAsync(HttpClient client, string token, byte[] file, string name)
    {
        var id = await UploadAsync(client, token, file, name);
        var confirm = await client.SendAsync(HttpMethod.Post, $"/api/import/imports/{id}/confirm", token, new { confirmSuspicious = true });
        Assert.True(confirm.IsSuccessStatusCode, await confirm.Content.ReadAsStringAsync());
        Assert.True(await TestServers.EventuallyAsync(async () => await StatusAsync(client, token, id) == "applied", Wait), $"import {name} never applied");
        return await (await client.SendAsync(HttpMethod.Get, $"/api/import/imports/{id}", token)).Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<string?> StatusAsync(HttpClient client, string token, Guid id) =>
        (await (await client.SendAsync(HttpMethod.Get, $"/api/import/imports/{id}", token)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString();
}
