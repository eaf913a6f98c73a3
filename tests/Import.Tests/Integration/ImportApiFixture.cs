using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Sacoche.Contracts;
using Sacoche.Testing.Auth;
using Sacoche.Testing.Infrastructure;

namespace Sacoche.Import.Tests.Integration;

/// <summary>A clock stopped inside the generated files' school year.</summary>
public sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>
/// The Import service on real PostgreSQL (own database) and RabbitMQ (own virtual host), with a
/// separate bus that records every event the service publishes. Tests isolate themselves by
/// using their own establishment (base) ids.
/// </summary>
public sealed class ImportApiFixture : IAsyncLifetime
{
    public const string Audience = "sacoche-import";

    private string database = "";
    private string vhost = "";
    private IBusControl? recorderBus;

    public WebApplicationFactory<Program> Factory { get; private set; } = null!;

    public EventRecorder Events { get; } = new();

    /// <summary>1 October 2026: inside school year 2026-2027, the generator's default.</summary>
    public FixedTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 10, 1, 10, 0, 0, TimeSpan.Zero));

    public string ConnectionString => database;

    public async Task InitializeAsync()
    {
        database = await TestServers.CreateDatabaseAsync("import_api");
        vhost = await TestServers.CreateVirtualHostAsync("import-api");
        recorderBus = await StartRecorderAsync(vhost, Events);
        Factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("ConnectionStrings:importdb", database);
            b.UseSetting("ConnectionStrings:rabbitmq", vhost);
            b.UseSetting("Identity:Issuer", TestTokens.Issuer);
            b.UseSetting("Outbox:PollInterval", "00:00:00.200");
            b.UseSetting("Import:PollInterval", "00:00:00.300");
            b.ConfigureTestServices(s =>
            {
                s.AcceptTestTokens();
                s.AddSingleton<TimeProvider>(Clock);
            });
        });
        _ = Factory.Server; // starts the host: migrations, bus, worker
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        if (recorderBus is not null)
        {
            await recorderBus.StopAsync();
        }

        await TestServers.DropDatabaseAsync(database);
        await TestServers.DeleteVirtualHostAsync(vhost);
    }

    /// <summary>What EstablishmentRegistered would have stored (the consumer has its own test).</summary>
    public async Task RegisterEstablishmentAsync(int baseId, string uai)
    {
        await using var conn = new NpgsqlConnection(database);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "INSERT INTO establishments (establishment_id, uai, name, registered_at, directory_version, structure_version) VALUES (@b, @u, @n, now(), 0, 0) ON CONFLICT DO NOTHING", conn);
        cmd.Parameters.AddWithValue("b", baseId);
        cmd.Parameters.AddWithValue("u", uai);
        cmd.Parameters.AddWithValue("n", $"Collège de test {baseId}");
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task<long> ScalarAsync(string sql, int baseId)
    {
        await using var conn = new NpgsqlConnection(database);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        cmd.Parameters.AddWithValue("b", baseId);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public Task PublishAsync<T>(T message) where T : class => recorderBus!.Publish(message);

    public HttpClient Client(int? baseId, string profile = "ADM", Guid? userId = null)
    {
        var client = Factory.CreateClient();
        client.Timeout = TimeSpan.FromMinutes(3);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Create(Audience, userId ?? Guid.NewGuid(), baseId, profile, "Admin Test"));
        return client;
    }

    public static async Task<HttpResponseMessage> UploadRawAsync(HttpClient client, string path, byte[] content, string fileName, IDictionary<string, string>? fields = null)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        foreach (var (k, v) in fields ?? new Dictionary<string, string>())
        {
            form.Add(new StringContent(v), k);
        }

        return await client.PostAsync(path, form);
    }

    /// <summary>Uploads a file (202 expected) and waits for its analysis; returns the final status document.</summary>
    public static async Task<(Guid Id, JsonNode Status)> UploadAndWaitAsync(HttpClient client, byte[] content, string fileName, string? kind = null)
    {
        using var response = await UploadRawAsync(client, "/api/import/files", content, fileName, kind is null ? null : new Dictionary<string, string> { ["kind"] = kind });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"upload {fileName}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var id = (await response.Content.ReadFromJsonAsync<JsonNode>())!["importId"]!.GetValue<Guid>();
        return (id, await WaitAnalysedAsync(client, id));
    }

    public static async Task<JsonNode> WaitAnalysedAsync(HttpClient client, Guid id)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var status = (await client.GetFromJsonAsync<JsonNode>($"/api/import/imports/{id}"))!;
            var s = status["status"]!.GetValue<string>();
            if (s is not ("pending" or "parsing") || DateTime.UtcNow > deadline)
            {
                return status;
            }

            await Task.Delay(100);
        }
    }

    public static async Task<JsonNode> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    private static async Task<IBusControl> StartRecorderAsync(string amqp, EventRecorder recorder)
    {
        var uri = new Uri(amqp);
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(uri.Host, (ushort)uri.Port, Uri.UnescapeDataString(uri.AbsolutePath.Trim('/')), h =>
            {
                h.Username("guest");
                h.Password("guest");
            });
            cfg.ReceiveEndpoint("test-event-recorder", e =>
            {
                e.Handler<UserImported>(ctx => recorder.Add(ctx.MessageId, ctx.Message));
                e.Handler<UserRetired>(ctx => recorder.Add(ctx.MessageId, ctx.Message));
                e.Handler<StructureImported>(ctx => recorder.Add(ctx.MessageId, ctx.Message));
            });
        });
        await bus.StartAsync();
        return bus;
    }
}

/// <summary>Events as they arrived on RabbitMQ (deduplicated by MessageId, which is the outbox row id).</summary>
public sealed class EventRecorder
{
    private readonly ConcurrentDictionary<Guid, object> messages = new();

    public Task Add(Guid? messageId, object message)
    {
        messages.TryAdd(messageId ?? Guid.NewGuid(), message);
        return Task.CompletedTask;
    }

    public IReadOnlyList<UserImported> UserImported(int baseId) => messages.Values.OfType<UserImported>().Where(m => m.EstablishmentId == baseId).ToList();

    public IReadOnlyList<UserRetired> UserRetired(int baseId) => messages.Values.OfType<UserRetired>().Where(m => m.EstablishmentId == baseId).ToList();

    public IReadOnlyList<StructureImported> StructureImported(int baseId) => messages.Values.OfType<StructureImported>().Where(m => m.EstablishmentId == baseId).ToList();

    public int Count(int baseId) => UserImported(baseId).Count + UserRetired(baseId).Count + StructureImported(baseId).Count;

    /// <summary>Waits until <paramref name="expected"/> events of the base arrived; returns whether they did.</summary>
    public Task<bool> WaitForAsync(int baseId, int expected, TimeSpan? timeout = null)
        => TestServers.EventuallyAsync(() => Task.FromResult(Count(baseId) >= expected), timeout ?? TimeSpan.FromSeconds(30));
}
