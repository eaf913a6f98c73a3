using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Sacoche.Gateway.Tests;

/// <summary>
/// The gateway reads the one upload limit (Uploads:MaxBytes, here 1 Mo) and answers a body over it with the
/// catalogue's problem, whether the request announces its length or streams it (chunked) to the Import service.
/// </summary>
public sealed class UploadLimitTests : IAsyncLifetime
{
    private const int MaxBytes = 1024 * 1024;

    private WebApplication import = null!;
    private WebApplicationFactory<Program> gateway = null!;

    /// <summary>Stands for the Import service: reads the whole body, then answers 200.</summary>
    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null);
        import = builder.Build();
        import.MapPost("/api/import/files", async (HttpRequest request) =>
        {
            await request.Body.CopyToAsync(Stream.Null);
            return Results.Ok();
        });
        await import.StartAsync();

        gateway = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Uploads:MaxBytes", MaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
            b.UseSetting("services:import:http:0", import.Urls.Single());
        });
        gateway.UseKestrel(0);
        gateway.StartServer();
    }

    public async Task DisposeAsync()
    {
        await gateway.DisposeAsync();
        await import.DisposeAsync();
    }

    private static async Task AssertTooLargeProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("https://sacoche.fr/problems/file-too-large", problem.GetProperty("type").GetString());
        Assert.Equal("Fichier trop volumineux", problem.GetProperty("title").GetString());
        Assert.Equal(413, problem.GetProperty("status").GetInt32());
        Assert.Equal("Le fichier dépasse la taille maximale autorisée (1 Mo).", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_request_announcing_a_length_over_the_limit_is_refused_with_the_catalogue_problem()
    {
        using var client = gateway.CreateClient();
        using var response = await client.PostAsync("/api/import/files", new ByteArrayContent(new byte[3 * MaxBytes]));
        await AssertTooLargeProblemAsync(response);
    }

    [Fact]
    public async Task A_streamed_request_over_the_limit_is_refused_with_the_catalogue_problem()
    {
        using var client = gateway.CreateClient();
        var body = new StreamContent(new MemoryStream(new byte[3 * MaxBytes]));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/import/files") { Content = body };
        request.Headers.TransferEncodingChunked = true;
        using var response = await client.SendAsync(request);
        await AssertTooLargeProblemAsync(response);
    }

    [Fact]
    public async Task A_request_within_the_limit_reaches_the_service()
    {
        using var client = gateway.CreateClient();
        using var response = await client.PostAsync("/api/import/files", new ByteArrayContent(new byte[MaxBytes]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
