using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Sacoche.Contracts;
using Sacoche.Testing.Auth;
using Sacoche.Testing.Infrastructure;
using Xunit;

namespace Sacoche.Competences.Tests.Api;

/// <summary>
/// The Competences service on its own database and RabbitMQ virtual host (one per test class),
/// accepting test tokens, with a small roster fed through the bus like Import would.
/// </summary>
public sealed class CompetencesApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Audience = "sacoche-competences";
    public const int Base = 101;
    public const int OtherBase = 202;

    public string Database { get; private set; } = "";
    private string _vhost = "";

    // Establishment 101: class 3A (T1 maths, T2 SVT), class 3B (T2 maths), group G1 (T1 français, students of 3A and 3B).
    public Guid Admin { get; } = Guid.NewGuid();
    public Guid Direction { get; } = Guid.NewGuid();
    public Guid Teacher1 { get; } = Guid.NewGuid();
    public Guid Teacher2 { get; } = Guid.NewGuid();
    public Guid Teacher3 { get; } = Guid.NewGuid(); // no service at all
    public Guid Student1 { get; } = Guid.NewGuid(); // 3A, G1
    public Guid Student2 { get; } = Guid.NewGuid(); // 3A
    public Guid Student3 { get; } = Guid.NewGuid(); // 3B, G1
    public Guid Guardian1 { get; } = Guid.NewGuid(); // parent of Student1
    // Establishment 202: same class code 3A, on purpose.
    public Guid OtherTeacher { get; } = Guid.NewGuid();
    public Guid OtherStudent { get; } = Guid.NewGuid();
    public Guid OtherAdmin { get; } = Guid.NewGuid();

    public async Task InitializeAsync()
    {
        Database = await TestServers.CreateDatabaseAsync("competences");
        _vhost = await TestServers.CreateVirtualHostAsync("competences");
        _ = Server; // start the host: migrations, bus
        await SeedRosterAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await TestServers.DropDatabaseAsync(Database);
        await TestServers.DeleteVirtualHostAsync(_vhost);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:competencesdb", Database);
        builder.UseSetting("ConnectionStrings:rabbitmq", _vhost);
        builder.UseSetting("Identity:Issuer", TestTokens.Issuer);
        builder.UseSetting("Outbox:PollInterval", "00:00:00.200");
        builder.ConfigureTestServices(services => services.AcceptTestTokens());
    }

    public HttpClient Client(Guid user, string profile, int? establishment = Base)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Create(Audience, user, establishment, profile));
        return client;
    }

    public HttpClient AdminClient() => Client(Admin, "ADM");

    public HttpClient Teacher1Client() => Client(Teacher1, "ENS");

    public Task PublishAsync<T>(T message, Guid? messageId = null) where T : class =>
        Services.GetRequiredService<IBus>().Publish(message, ctx =>
        {
            if (messageId is { } id)
            {
                ctx.MessageId = id;
            }
        });

    public static UserImported User(int b, Guid id, string profile, string last, string first, string? classCode = null,
        string[]? groups = null, Guid[]? children = null, string[]? subjects = null, long version = 1) =>
        new(b, id, version, profile, last, first, null, null, null, null, null, classCode, groups ?? [], children ?? [], null)
        {
            SubjectCodes = subjects ?? [],
        };

    private async Task SeedRosterAsync()
    {
        await PublishAsync(new StructureImported(Base, 1,
            [new ClassInfo("3A", "3e A", "10310019110", Teacher1), new ClassInfo("3B", "3e B", "10310019110", null)],
            [new GroupInfo("G1", "Groupe français", ["3A", "3B"])],
            [new SubjectInfo("MATHS", "061300", "Mathématiques"), new SubjectInfo("SVT", "062900", "SVT"), new SubjectInfo("FRANC", "020700", "Français")],
            [new TeacherService(Teacher1, "3A", false, "MATHS"), new TeacherService(Teacher1, "G1", true, "FRANC"),
             new TeacherService(Teacher2, "3A", false, "SVT"), new TeacherService(Teacher2, "3B", false, "MATHS")]));
        await PublishAsync(new StructureImported(OtherBase, 1, [new ClassInfo("3A", "3e A", null, null)], [], [],
            [new TeacherService(OtherTeacher, "3A", false, "MATHS")]));
        UserImported[] users =
        [
            User(Base, Admin, "ADM", "Admin", "Alice"),
            User(Base, Direction, "DIR", "Principal", "Paul"),
            User(Base, Teacher1, "ENS", "Martin", "Tom", subjects: ["MATHS", "FRANC"]),
            User(Base, Teacher2, "ENS", "Durand", "Théo", subjects: ["SVT", "MATHS"]),
            User(Base, Teacher3, "ENS", "Petit", "Léa"),
            User(Base, Student1, "ELV", "Bernard", "Emma", "3A", ["G1"]),
            User(Base, Student2, "ELV", "Dubois", "Hugo", "3A"),
            User(Base, Student3, "ELV", "Moreau", "Jade", "3B", ["G1"]),
            User(Base, Guardian1, "TUT", "Bernard", "Marc", children: [Student1]),
            User(OtherBase, OtherTeacher, "ENS", "Autre", "Prof", subjects: ["MATHS"]),
            User(OtherBase, OtherStudent, "ELV", "Autre", "Élève", "3A"),
            User(OtherBase, OtherAdmin, "ADM", "Autre", "Admin"),
        ];
        foreach (var u in users)
        {
            await PublishAsync(u);
        }
        var ok = await TestServers.EventuallyAsync(async () =>
            await CountAsync("SELECT count(*) FROM roster_users") == users.Length
            && await CountAsync("SELECT count(*) FROM teacher_services") == 5, TimeSpan.FromSeconds(30));
        Assert.True(ok, "The roster events were not applied in time.");
    }

    public async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private int _subjects;

    /// <summary>A fresh establishment subject (created by the admin), so each test has its own referentials.</summary>
    public async Task<string> NewSubjectAsync()
    {
        var code = $"T{Interlocked.Increment(ref _subjects)}";
        var response = await AdminClient().PostAsJsonAsync("/api/competences/subjects", new { code, name = $"Matière de test {code}" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return code;
    }

    /// <summary>Creates a small maths referential for 3e (as Teacher1) and returns its item ids in order.</summary>
    public async Task<(long ReferentialId, long[] ItemIds)> CreateReferentialAsync(HttpClient client, string subject = "MATHS", string level = "3E",
        int items = 3, string? method = null, int? limit = null, string? retroactivity = null, string itemName = "Compétence")
    {
        var body = new
        {
            subjectCode = subject,
            levelCode = level,
            method,
            limit,
            retroactivity,
            domains = new[]
            {
                new
                {
                    code = "N",
                    name = "Nombres et calculs",
                    themes = new[]
                    {
                        new { name = "Fractions", items = Enumerable.Range(1, items).Select(i => new { name = $"{itemName} {i}", coef = 1 }).ToArray() },
                    },
                },
            },
        };
        var response = await client.PostAsJsonAsync("/api/competences/referentials", body);
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, json);
        using var doc = JsonDocument.Parse(json);
        var ids = doc.RootElement.GetProperty("domains")[0].GetProperty("themes")[0].GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("id").GetInt64()).ToArray();
        return (doc.RootElement.GetProperty("id").GetInt64(), ids);
    }

    /// <summary>A referential with <paramref name="count"/> items spread over themes of 50.</summary>
    public async Task<(long ReferentialId, long[] ItemIds)> CreateReferentialWithItemsAsync(HttpClient client, string subject, string level, int count)
    {
        var themes = Enumerable.Range(0, (count + 49) / 50).Select(t => new
        {
            name = $"Thème {t + 1}",
            items = Enumerable.Range(t * 50, Math.Min(50, count - t * 50)).Select(i => new { name = $"Item {i + 1}" }).ToArray(),
        }).ToArray();
        var response = await client.PostAsJsonAsync("/api/competences/referentials", new { subjectCode = subject, levelCode = level, domains = new[] { new { code = "A", name = "Domaine", themes } } });
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, json);
        using var doc = JsonDocument.Parse(json);
        var ids = doc.RootElement.GetProperty("domains")[0].GetProperty("themes").EnumerateArray()
            .SelectMany(t => t.GetProperty("items").EnumerateArray()).Select(i => i.GetProperty("id").GetInt64()).ToArray();
        return (doc.RootElement.GetProperty("id").GetInt64(), ids);
    }

    /// <summary>Creates an evaluation and returns its id.</summary>
    public static async Task<long> CreateEvaluationAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/competences/evaluations", body);
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, json);
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("id").GetInt64();
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
