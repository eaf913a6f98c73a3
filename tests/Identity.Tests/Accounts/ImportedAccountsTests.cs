using System.Collections.Concurrent;
using System.Diagnostics;
using MassTransit;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sacoche.Contracts;
using Sacoche.Identity.Domain;
using Sacoche.Identity.Infrastructure;
using Sacoche.Testing.Generators;
using Sacoche.Testing.Infrastructure;
using Xunit.Abstractions;

namespace Sacoche.Identity.Tests.Accounts;

/// <summary>
/// Identity on real PostgreSQL and RabbitMQ (own database and virtual host), with what it logs and
/// every failed consume attempt recorded: an import must create its accounts without a single fault.
/// </summary>
public sealed class ImportedAccountsFixture : IAsyncLifetime
{
    private string _database = "";

    public string VirtualHost { get; private set; } = "";

    public WebApplicationFactory<Program> Factory { get; private set; } = null!;

    public FailureRecorder Failures { get; } = new();

    public async Task InitializeAsync()
    {
        _database = await TestServers.CreateDatabaseAsync("identity_imported");
        VirtualHost = await TestServers.CreateVirtualHostAsync("identity-imported");
        Factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("ConnectionStrings:identitydb", _database);
            b.UseSetting("ConnectionStrings:rabbitmq", VirtualHost);
            b.UseSetting("Identity:Issuer", "http://localhost:8080/");
            b.UseSetting("Identity:OperatorSecret", "operator-secret-for-tests");
            b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(Failures));
        });
        await IdentityHost.StartAsync(Factory);
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await TestServers.DropDatabaseAsync(_database);
        await TestServers.DeleteVirtualHostAsync(VirtualHost);
    }

    public async Task<int> AddEstablishmentAsync()
    {
        using var scope = Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var e = new Establishment { Uai = $"0{Random.Shared.Next(100000, 999999):D6}M", Name = "Collège des homonymes", CreatedAt = DateTimeOffset.UtcNow };
        db.Establishments.Add(e);
        await db.SaveChangesAsync();
        return e.BaseId;
    }

    public async Task<List<Account>> AccountsAsync(int baseId)
    {
        using var scope = Factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IdentityDbContext>().Accounts.AsNoTracking()
            .Where(a => a.EstablishmentId == baseId && a.Profile == "ELV").ToListAsync();
    }

    public async Task<int> CountAsync(int baseId)
    {
        using var scope = Factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IdentityDbContext>().Accounts
            .CountAsync(a => a.EstablishmentId == baseId && a.Profile == "ELV");
    }
}

/// <summary>
/// The warnings and errors logged by the service: a failed insert (EF Core's error) and each retry of
/// the message (MassTransit's R-RETRY warning) among them.
/// </summary>
public sealed class FailureRecorder : ILoggerProvider
{
    public ConcurrentQueue<string> Logged { get; } = new();

    public int Retries => Logged.Count(l => l.Contains("R-RETRY", StringComparison.Ordinal));

    public int Errors => Logged.Count(l => l.StartsWith(nameof(LogLevel.Error), StringComparison.Ordinal));

    public ILogger CreateLogger(string categoryName) => new Recorder(categoryName, Logged);

    public void Dispose()
    {
    }

    private sealed class Recorder(string category, ConcurrentQueue<string> logged) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                logged.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception?.GetType().Name}");
            }
        }
    }
}

/// <summary>
/// Import publishes one <see cref="UserImported"/> per user, all at once; Identity consumes them in
/// parallel. Namesakes get the same login from the template and are told apart by 2, 3… without any
/// insert failing on the unique index (issue 20, item 5: no exception-driven retries).
/// </summary>
public sealed class ImportedAccountsTests(ImportedAccountsFixture identity, ITestOutputHelper output) : IClassFixture<ImportedAccountsFixture>
{
    private static UserImported Student(int baseId, string lastName, string firstName) =>
        new(baseId, Guid.NewGuid(), 1, "ELV", lastName, firstName, null, null, null, null, null, "6A", [], [], null);

    private async Task ImportAsync(int baseId, IReadOnlyList<UserImported> events, TimeSpan timeout)
    {
        identity.Failures.Logged.Clear();
        var bus = identity.Factory.Services.GetRequiredService<IBus>();
        var clock = Stopwatch.StartNew();
        await bus.PublishBatch(events);
        Assert.True(await TestServers.EventuallyAsync(async () => await identity.CountAsync(baseId) >= events.Count, timeout),
            $"{await identity.CountAsync(baseId)} accounts of {events.Count}; {identity.Failures.Retries} retries");
        var elapsed = clock.Elapsed;
        output.WriteLine($"{events.Count} accounts in {elapsed.TotalSeconds:F2} s: {events.Count / elapsed.TotalSeconds:F0} accounts/s; " +
            $"{identity.Failures.Retries} retries, {identity.Failures.Errors} errors logged");
    }

    private void AssertNoFailure()
    {
        foreach (var line in identity.Failures.Logged.Take(5))
        {
            output.WriteLine(line);
        }
        Assert.Empty(identity.Failures.Logged);
    }

    [Fact]
    public async Task Two_hundred_namesakes_imported_at_once_get_distinct_logins_without_a_failed_attempt()
    {
        var baseId = await identity.AddEstablishmentAsync();
        var events = Enumerable.Range(0, 200).Select(_ => Student(baseId, "Dupont", "Jean")).ToList();

        await ImportAsync(baseId, events, TimeSpan.FromMinutes(3));

        var accounts = await identity.AccountsAsync(baseId);
        Assert.Equal(events.Select(e => e.UserId).Order(), accounts.Select(a => a.Id).Order());
        // The template's login for the first, then 2, 3… as a sequential import gives them.
        string[] expected = ["jea.dupont", .. Enumerable.Range(2, 199).Select(i => $"jea.dupont{i}")];
        Assert.Equal(expected.Order(StringComparer.Ordinal), accounts.Select(a => a.Login).Order(StringComparer.Ordinal));
        AssertNoFailure();
        Assert.Equal(0, await TestServers.QueueDepthAsync(identity.VirtualHost, "identity-user-imported_error"));
    }

    [Fact]
    public async Task The_students_of_a_large_college_are_imported_without_a_failed_attempt()
    {
        var baseId = await identity.AddEstablishmentAsync();
        var students = new ImportFileGenerator(20, counts: GeneratorCounts.Large).Students;
        var events = students.Select(s => Student(baseId, s.ExpectedLastName, s.FirstName)).ToList();

        await ImportAsync(baseId, events, TimeSpan.FromMinutes(5));

        var accounts = await identity.AccountsAsync(baseId);
        Assert.Equal(events.Select(e => e.UserId).Order(), accounts.Select(a => a.Id).Order());
        Assert.Equal(accounts.Count, accounts.Select(a => a.Login).Distinct(StringComparer.Ordinal).Count());
        var template = accounts.Count(a => a.Login == Credentials.LoginFromTemplate("ppp.nnnnnnnn", a.FirstName, a.LastName));
        output.WriteLine($"{template} logins straight from the template, {accounts.Count - template} with a suffix");
        AssertNoFailure();
    }
}
