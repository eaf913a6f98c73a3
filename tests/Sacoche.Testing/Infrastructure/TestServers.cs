using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Npgsql;

namespace Sacoche.Testing.Infrastructure;

/// <summary>
/// The real PostgreSQL and RabbitMQ servers the tests use. `./sacoche test` starts throwaway
/// servers and exports their addresses; without them a test fails with a message saying so.
/// </summary>
public static class TestServers
{
    public static string PostgresServer => Required("SACOCHE_TEST_POSTGRES");
    public static string RabbitMq => Required("SACOCHE_TEST_RABBITMQ");

    private static string Required(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: run the tests with ./sacoche test, which starts PostgreSQL and RabbitMQ.");

    /// <summary>A connection string to a new, empty database; dropped by <see cref="DropDatabaseAsync"/>.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)].ToLowerInvariant();
        await using var conn = new NpgsqlConnection(PostgresServer + ";Database=postgres");
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn);
        await cmd.ExecuteNonQueryAsync();
        return $"{PostgresServer};Database={name}";
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection(PostgresServer + ";Database=postgres");
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", conn);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// A RabbitMQ virtual host of its own, so that test classes running in parallel never consume
    /// each other's messages. Created through the management API (fast, no Erlang VM start).
    /// </summary>
    public static async Task<string> CreateVirtualHostAsync(string prefix)
    {
        var vhost = $"{prefix}-{Guid.NewGuid():N}";
        using var http = ManagementClient();
        (await http.PutAsync($"api/vhosts/{vhost}", new StringContent("{}", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        (await http.PutAsync($"api/permissions/{vhost}/guest",
            new StringContent("""{"configure":".*","write":".*","read":".*"}""", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        var amqp = new UriBuilder(RabbitMq) { Path = "/" + vhost };
        return amqp.Uri.ToString();
    }

    public static async Task DeleteVirtualHostAsync(string amqpUri)
    {
        var vhost = Uri.UnescapeDataString(new Uri(amqpUri).AbsolutePath.Trim('/'));
        using var http = ManagementClient();
        await http.DeleteAsync($"api/vhosts/{vhost}");
    }

    /// <summary>Number of messages waiting in a queue of a virtual host (0 when the queue does not exist).</summary>
    public static async Task<int> QueueDepthAsync(string amqpUri, string queue)
    {
        var vhost = Uri.EscapeDataString(Uri.UnescapeDataString(new Uri(amqpUri).AbsolutePath.Trim('/')));
        using var http = ManagementClient();
        var response = await http.GetAsync($"api/queues/{vhost}/{Uri.EscapeDataString(queue)}");
        if (!response.IsSuccessStatusCode)
        {
            return 0;
        }
        using var doc = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.TryGetProperty("messages", out var m) && m.ValueKind == System.Text.Json.JsonValueKind.Number ? m.GetInt32() : 0;
    }

    /// <summary>
    /// Messages (ready + unacknowledged) of every queue of a virtual host, by queue name. The
    /// management statistics lag by up to 5 s: poll, never read once.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, int>> QueueDepthsAsync(string amqpUri)
    {
        var vhost = Uri.EscapeDataString(Uri.UnescapeDataString(new Uri(amqpUri).AbsolutePath.Trim('/')));
        using var http = ManagementClient();
        using var doc = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync($"api/queues/{vhost}?columns=name,messages"));
        return doc.RootElement.EnumerateArray().ToDictionary(
            q => q.GetProperty("name").GetString()!,
            q => q.TryGetProperty("messages", out var m) && m.ValueKind == System.Text.Json.JsonValueKind.Number ? m.GetInt32() : 0);
    }

    private static HttpClient ManagementClient()
    {
        var port = Required("SACOCHE_TEST_RABBITMQ_MGMT");
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("guest:guest"u8.ToArray()));
        return http;
    }

    /// <summary>Stops the broker's AMQP side (the node stays up): clients see connection refused.</summary>
    public static Task StopRabbitMqAsync() => RabbitCtlAsync("stop_app");

    public static Task StartRabbitMqAsync() => RunAsync(Required("SACOCHE_TEST_RABBITMQ_CTL"), "start_app");

    private static Task RabbitCtlAsync(string command) => RunAsync(Required("SACOCHE_TEST_RABBITMQ_CTL"), command);

    /// <summary>Restarts PostgreSQL (fast shutdown: every open connection is cut).</summary>
    public static Task RestartPostgresAsync() => RunAsync(Required("SACOCHE_TEST_PG_CTL"), "restart");

    private static async Task RunAsync(string ctl, string command)
    {
        using var process = Process.Start(new ProcessStartInfo(ctl, command) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(ctl)} {command} failed: {await process.StandardError.ReadToEndAsync()}");
        }
    }

    /// <summary>Polls <paramref name="condition"/> until true or the timeout: for asynchronous effects (events), not for timing.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < timeout)
        {
            if (await condition())
            {
                return true;
            }
            await Task.Delay(100);
        }
        return await condition();
    }
}
