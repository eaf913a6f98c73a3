using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Npgsql;
using Sacoche.Testing.Generators;
using Sacoche.Testing.Infrastructure;

namespace Sacoche.EndToEnd.Tests;

/// <summary>
/// Issue 9's fault test « Import killed during confirm »: the Import process dies (SIGKILL) in the
/// middle of the confirmation's transaction, then again between publishing events and marking them
/// sent. Either the import is applied entirely or not at all; it can be confirmed again; every
/// student ends up exactly once in Import's directory, in Identity and in Competences' roster.
/// </summary>
[Collection("system")]
public sealed class ImportKillTests(SystemFixture system)
{
    private const string Import = "import";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Import_killed_during_confirm_applies_nothing_then_a_retry_applies_everything_once()
    {
        using var client = system.CreateClient(followRedirects: false);
        var opened = await Oidc.OpenEstablishmentAsync(client, "Collège du Crash");
        var admin = await Oidc.AdminTokenAsync(system, opened);
        var est = opened.BaseId;
        var today = DateOnly.FromDateTime(DateTime.Today);
        var generator = new ImportFileGenerator(23, opened.Uai, today.Month >= 8 ? today.Year : today.Year - 1, GeneratorCounts.Large);
        var expected = generator.Expected.CurrentStudents;
        var importDb = system.DatabaseConnectionString("import");
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);

        var id = await UploadUntilReadyAsync(client, admin, generator.StudentsXml());

        // Deterministic "during": a lock on the imports table lets the confirmation write the
        // people, relations, structures and outbox rows, then blocks its last statement (the
        // import marked applied) — the process is killed there, before COMMIT is ever sent.
        await using (var blocker = new NpgsqlConnection(importDb))
        {
            await blocker.OpenAsync();
            await using var lockTx = await blocker.BeginTransactionAsync();
            await using (var lockCmd = new NpgsqlCommand("LOCK TABLE imports IN SHARE ROW EXCLUSIVE MODE", blocker, lockTx))
            {
                await lockCmd.ExecuteNonQueryAsync();
            }

            var confirm = client.SendAsync(HttpMethod.Post, $"/api/import/imports/{id}/confirm", admin, new { confirmSuspicious = true });
            Assert.True(await TestServers.EventuallyAsync(() => ConfirmBlockedAsync(importDb), Wait),
                "the confirmation never reached its last statement");
            // Its writes are really there, uncommitted, when the process dies.
            Assert.True(await ActivityAsync(importDb, "wait_event_type = 'Lock' AND backend_xid IS NOT NULL AND query LIKE '%UPDATE imports SET status = ''applied''%'"));

            await KillAsync(Import);
            var answer = await AnswerAsync(confirm);
            Assert.False(answer.IsSuccessStatusCode, $"the confirmation answered {(int)answer.StatusCode} although its process was killed");
            await lockTx.RollbackAsync();
        }

        // The orphaned backend notices its client is gone and rolls back.
        Assert.True(await TestServers.EventuallyAsync(async () => !await ConfirmBlockedAsync(importDb) && !await ConfirmRunningAsync(importDb), Wait));
        await StartAsync(Import);
        await WaitImportAnswersAsync(client, admin);

        // All or nothing: never people without the import marked applied, or the reverse, or half the events.
        var status = await Imports.StatusAsync(client, admin, id);
        var people = await CountAsync(importDb, $"SELECT count(*) FROM people WHERE establishment_id = {est}");
        var staged = await OutboxCountAsync(importDb, est, since);
        Assert.True((status == "ready" && people == 0 && staged == 0) || (status == "applied" && people >= expected && staged > expected),
            $"partly applied: import {status}, {people} people, {staged} events staged");
        // And here nothing: COMMIT was never sent. The import still waits for its confirmation.
        Assert.True(status == "ready", $"the process died before COMMIT, yet the import is {status}");
        await Task.Delay(2000);
        Assert.Equal(0, await AccountsTotalAsync(client, admin, "ELV"));

        // The administrator confirms again: applied, and only once.
        var retry = await client.SendAsync(HttpMethod.Post, $"/api/import/imports/{id}/confirm", admin, new { confirmSuspicious = true });
        Assert.True(retry.IsSuccessStatusCode, await retry.Content.ReadAsStringAsync());
        Assert.Equal("applied", await Imports.StatusAsync(client, admin, id));
        var again = await client.SendAsync(HttpMethod.Post, $"/api/import/imports/{id}/confirm", admin, new { confirmSuspicious = true });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var students = await ImportStudentsAsync(importDb, est);
        Assert.Equal(expected, students.Count);
        Assert.True(await TestServers.EventuallyAsync(async () => await AccountsTotalAsync(client, admin, "ELV") == expected
            && (await RosterStudentsAsync(est)).Count == expected, Wait), "Identity or Competences never got every student");
        await AssertEveryStudentOnceAsync(client, admin, est, students);

        // Crash between publishing and marking sent: the restarted relay publishes the same
        // messages again (same MessageIds); consumers must not apply them twice.
        await KillAsync(Import);
        var published = await ExecuteAsync(importDb,
            $"UPDATE outbox_messages SET sent_at = NULL WHERE created_at >= @since AND {ForEstablishment(est)}", since);
        Assert.True(published > expected, $"only {published} events were staged for {expected} students");
        await StartAsync(Import);
        await WaitImportAnswersAsync(client, admin);
        Assert.True(await TestServers.EventuallyAsync(async () => await CountAsync(importDb,
            $"SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL AND {ForEstablishment(est)}") == 0, Wait), "the relay did not publish again");
        Assert.True(await TestServers.EventuallyAsync(async () => await BrokerIdleAsync(), Wait), "the duplicates were never consumed");
        await AssertEveryStudentOnceAsync(client, admin, est, students);
        Assert.Equal(expected, (await ImportStudentsAsync(importDb, est)).Count);
        var poisoned = (await TestServers.QueueDepthsAsync(system.BrokerUri)).Where(q => q.Key.EndsWith("_error", StringComparison.Ordinal) && q.Value > 0).ToList();
        Assert.True(poisoned.Count == 0, "messages in error queues: " + string.Join(", ", poisoned));
    }

    /// <summary>Each student of Import's directory has exactly one account in Identity and one roster row in Competences, at the same version.</summary>
    private async Task AssertEveryStudentOnceAsync(HttpClient client, string admin, int est, Dictionary<Guid, long> students)
    {
        var accounts = new List<Guid>();
        for (var page = 1; ; page++)
        {
            var body = await (await client.SendAsync(HttpMethod.Get, $"/api/identity/accounts?profile=ELV&pageSize=200&page={page}", admin)).Content.ReadFromJsonAsync<JsonElement>();
            var items = body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
            accounts.AddRange(items);
            if (items.Count < 200)
            {
                break;
            }
        }
        Assert.Equal(students.Count, accounts.Count);
        Assert.Equal(students.Count, accounts.Distinct().Count());
        Assert.True(accounts.ToHashSet().SetEquals(students.Keys), "Identity's students are not Import's");

        var roster = await RosterStudentsAsync(est);
        Assert.True(roster.Keys.ToHashSet().SetEquals(students.Keys), "Competences' roster is not Import's directory");
        var behind = students.Where(s => roster[s.Key] != s.Value).Take(5).ToList();
        Assert.True(behind.Count == 0, "roster versions differ from the directory's: " + string.Join(", ", behind));
    }

    private async Task<Dictionary<Guid, long>> RosterStudentsAsync(int est) =>
        await VersionsAsync(system.DatabaseConnectionString("competences"),
            $"SELECT user_id, version FROM roster_users WHERE establishment_id = {est} AND profile = 'ELV' AND exit_date IS NULL");

    private static async Task<Dictionary<Guid, long>> ImportStudentsAsync(string importDb, int est)
    {
        // Also proves that no student was written twice under two ids (one row per SIECLE id).
        Assert.Equal(0, await CountAsync(importDb,
            $"SELECT count(*) FROM (SELECT siecle_id FROM people WHERE establishment_id = {est} AND profile = 'ELV' GROUP BY siecle_id HAVING count(*) > 1) d"));
        return await VersionsAsync(importDb, $"SELECT id, version FROM people WHERE establishment_id = {est} AND profile = 'ELV' AND exit_date IS NULL");
    }

    private static async Task<Dictionary<Guid, long>> VersionsAsync(string db, string sql)
    {
        await using var conn = new NpgsqlConnection(db);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await using var r = await cmd.ExecuteReaderAsync();
        var result = new Dictionary<Guid, long>();
        while (await r.ReadAsync())
        {
            result.Add(r.GetGuid(0), r.GetInt64(1));
        }
        return result;
    }

    private static string ForEstablishment(int est) => $"(payload->>'establishmentId' = '{est}' OR payload->>'EstablishmentId' = '{est}')";

    private static Task<long> OutboxCountAsync(string db, int est, DateTimeOffset since) =>
        ScalarAsync(db, $"SELECT count(*) FROM outbox_messages WHERE created_at >= @since AND {ForEstablishment(est)}", since);

    private static Task<bool> ConfirmBlockedAsync(string db) => ActivityAsync(db, "wait_event_type = 'Lock' AND query LIKE '%UPDATE imports SET status = ''applied''%'");

    private static Task<bool> ConfirmRunningAsync(string db) => ActivityAsync(db, "query LIKE '%UPDATE imports SET status = ''applied''%' AND state <> 'idle'");

    private static async Task<bool> ActivityAsync(string db, string condition) =>
        await CountAsync(db, $"SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND {condition}") > 0;

    private static async Task<long> CountAsync(string db, string sql) => await ScalarAsync(db, sql, null);

    private static async Task<long> ScalarAsync(string db, string sql, DateTimeOffset? since)
    {
        await using var conn = new NpgsqlConnection(db);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        if (since is { } s)
        {
            cmd.Parameters.AddWithValue("since", s);
        }
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<int> ExecuteAsync(string db, string sql, DateTimeOffset since)
    {
        await using var conn = new NpgsqlConnection(db);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        cmd.Parameters.AddWithValue("since", since);
        return await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Every queue of the system's virtual host empty on two reads one statistics period apart.</summary>
    private async Task<bool> BrokerIdleAsync()
    {
        for (var read = 0; read < 2; read++)
        {
            if ((await TestServers.QueueDepthsAsync(system.BrokerUri)).Any(q => !q.Key.EndsWith("_error", StringComparison.Ordinal) && q.Value > 0))
            {
                return false;
            }
            await Task.Delay(TimeSpan.FromSeconds(6));
        }
        return true;
    }

    /// <summary>SIGKILL to the service's process tree (no graceful shutdown), then waits until Aspire sees it gone.</summary>
    private async Task KillAsync(string resource)
    {
        Assert.True(system.App.ResourceNotifications.TryGetCurrentState(resource, out var state), $"no resource {resource}");
        var pid = Convert.ToInt32(state!.Snapshot.Properties.Single(p => p.Name == "executable.pid").Value, System.Globalization.CultureInfo.InvariantCulture);
        using (var process = Process.GetProcessById(pid))
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        using var cts = new CancellationTokenSource(Wait);
        await system.App.ResourceNotifications.WaitForResourceAsync(resource, e => e.Snapshot.State?.Text is not ("Running" or "Starting"), cts.Token);
    }

    private async Task StartAsync(string resource)
    {
        Assert.True(system.App.ResourceNotifications.TryGetCurrentState(resource, out var state));
        var result = await system.App.ResourceCommands.ExecuteCommandAsync(state!.ResourceId, KnownResourceCommands.StartCommand);
        Assert.True(result.Success, result.Message);
        using var cts = new CancellationTokenSource(Wait);
        await system.App.ResourceNotifications.WaitForResourceAsync(resource, KnownResourceStates.Running, cts.Token);
    }

    private static async Task WaitImportAnswersAsync(HttpClient client, string admin) =>
        Assert.True(await TestServers.EventuallyAsync(async () => (await client.SendAsync(HttpMethod.Get, "/api/import/imports", admin)).IsSuccessStatusCode, Wait),
            "Import did not answer again after its restart");

    private static async Task<HttpResponseMessage> AnswerAsync(Task<HttpResponseMessage> request)
    {
        try
        {
            return await request;
        }
        catch (HttpRequestException)
        {
            return new HttpResponseMessage(HttpStatusCode.BadGateway);
        }
    }

    private static async Task<Guid> UploadUntilReadyAsync(HttpClient client, string admin, byte[] file)
    {
        var id = await Imports.UploadAsync(client, admin, file, "ElevesSansAdresses.xml");
        Assert.Equal("ready", await Imports.StatusAsync(client, admin, id));
        return id;
    }

    private static async Task<int> AccountsTotalAsync(HttpClient client, string token, string profile)
    {
        var r = await client.SendAsync(HttpMethod.Get, $"/api/identity/accounts?profile={profile}&pageSize=1", token);
        return r.IsSuccessStatusCode ? (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("totalCount").GetInt32() : -1;
    }
}
