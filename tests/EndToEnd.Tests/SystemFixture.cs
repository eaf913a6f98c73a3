using Aspire.Hosting;
using Sacoche.Testing.Infrastructure;

namespace Sacoche.EndToEnd.Tests;

/// <summary>The whole system for the end-to-end tests (the shared launcher, without direct service endpoints).</summary>
public class SystemFixture : IAsyncLifetime
{
    public const string OperatorSecret = "operator-secret-for-tests";
    private SacocheSystem? _system;

    private SacocheSystem System => _system ?? throw new InvalidOperationException("the system is not started");

    public Uri GatewayUrl => System.GatewayUrl;

    /// <summary>Where the AppHost keeps the key-protection certificate of this system (outside every database).</summary>
    public string KeyProtectionDir => System.KeyProtectionDir;

    /// <summary>The running AppHost: fault tests stop and start its resources.</summary>
    public DistributedApplication App => System.App;

    /// <summary>amqp:// URI of the system's virtual host.</summary>
    public string BrokerUri => System.BrokerUri;

    /// <summary>Connection string of one service's database (identity, import, competences), for assertions on stored state.</summary>
    public string DatabaseConnectionString(string service) => System.DatabaseConnectionString(service);

    /// <summary>More AppHost settings for a variant of the system (e.g. replicas).</summary>
    protected virtual IEnumerable<string> ExtraArguments => [];

    /// <summary>Publishes an integration event on the system's broker, as another service would.</summary>
    public Task PublishAsync<T>(T message) where T : class => System.PublishAsync(message);

    public HttpClient CreateClient(bool followRedirects = true) => System.CreateClient(followRedirects);

    // Generous start timeout: a shared, loaded machine starts 9 processes slowly; a healthy system takes well under a minute.
    public async Task InitializeAsync() =>
        _system = await SacocheSystem.StartAsync<Projects.Sacoche_AppHost>(
            "e2e", OperatorSecret, ["--Sacoche:DirectEndpoints=false", .. ExtraArguments], TimeSpan.FromMinutes(8));

    public async Task DisposeAsync()
    {
        if (_system is not null)
        {
            await _system.DisposeAsync();
        }
    }
}

[CollectionDefinition("system")]
public sealed class SystemCollection : ICollectionFixture<SystemFixture>;

/// <summary>Two instances of every service behind the gateway (DCP balances between them).</summary>
public sealed class ScaleOutFixture : SystemFixture
{
    protected override IEnumerable<string> ExtraArguments => ["--Sacoche:Replicas=2"];
}

[CollectionDefinition("scale-out")]
public sealed class ScaleOutCollection : ICollectionFixture<ScaleOutFixture>;
