using System.Net;
using System.Net.Sockets;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using MassTransit;
using Sacoche.Testing.Infrastructure;

namespace Sacoche.EndToEnd.Tests;

/// <summary>
/// The whole system as the AppHost wires it (gateway, Identity, Import, Competences), started with
/// Aspire.Hosting.Testing on the test PostgreSQL (own databases) and RabbitMQ (own virtual host).
/// </summary>
public class SystemFixture : IAsyncLifetime
{
    public const string OperatorSecret = "operator-secret-for-tests";
    private DistributedApplication? _app;
    private string _vhost = "";
    private string _prefix = "";

    public Uri GatewayUrl { get; private set; } = null!;

    /// <summary>Where the AppHost keeps the key-protection certificate of this system (outside every database).</summary>
    public string KeyProtectionDir { get; } = Path.Combine(Path.GetTempPath(), "sacoche-keys-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>The running AppHost: fault tests stop and start its resources.</summary>
    public DistributedApplication App => _app ?? throw new InvalidOperationException("the system is not started");

    /// <summary>amqp:// URI of the system's virtual host.</summary>
    public string BrokerUri => _vhost;

    /// <summary>Connection string of one service's database (identity, import, competences), for assertions on stored state.</summary>
    public string DatabaseConnectionString(string service) => $"{TestServers.PostgresServer};Database={_prefix}_{service}";

    /// <summary>More AppHost settings for a variant of the system (e.g. replicas).</summary>
    protected virtual IEnumerable<string> ExtraArguments => [];
    private MassTransit.IBusControl? _bus;

    /// <summary>Publishes an integration event on the system's broker, as another service would.</summary>
    public async Task PublishAsync<T>(T message) where T : class
    {
        if (_bus is null)
        {
            var uri = new Uri(_vhost);
            _bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(uri.Host, (ushort)uri.Port, Uri.UnescapeDataString(uri.AbsolutePath.Trim('/')), h =>
            {
                h.Username("guest");
                h.Password("guest");
            }));
            await _bus.StartAsync();
        }
        await _bus.Publish(message);
    }

    public async Task InitializeAsync()
    {
        var port = FreePort();
        GatewayUrl = new Uri($"http://localhost:{port}/");
        _vhost = await TestServers.CreateVirtualHostAsync("e2e");
        _prefix = "e2e_" + Guid.NewGuid().ToString("N")[..12];
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Sacoche_AppHost>(
            [
                $"--ConnectionStrings:postgres={TestServers.PostgresServer}",
                $"--ConnectionStrings:rabbitmq={_vhost}",
                $"--Sacoche:GatewayPort={port}",
                $"--Sacoche:DatabasePrefix={_prefix}",
                $"--Sacoche:OperatorSecret={OperatorSecret}",
                "--Sacoche:AllowHttpCas=true",
                "--Sacoche:DirectEndpoints=false",
                $"--Sacoche:KeyProtectionDir={KeyProtectionDir}",
                .. ExtraArguments,
            ],
            (options, _) =>
            {
                options.DisableDashboard = true;
                options.AllowUnsecuredTransport = true;
            });
        _app = await builder.BuildAsync();
        // Generous: a shared, loaded machine starts 9 processes slowly; a healthy system takes well under a minute.
        using var start = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await _app.StartAsync(start.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", start.Token);
        // The testing builder may move ports: the gateway's allocated endpoint is the truth.
        GatewayUrl = _app.GetEndpoint("gateway", "http");
        Console.WriteLine($"gateway at {GatewayUrl} (asked {port})");
    }

    public HttpClient CreateClient(bool followRedirects = true) =>
        new(new HttpClientHandler { AllowAutoRedirect = followRedirects, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = GatewayUrl,
            Timeout = TimeSpan.FromSeconds(60),
        };

    public async Task DisposeAsync()
    {
        if (_bus is not null)
        {
            await _bus.StopAsync();
        }
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        foreach (var db in new[] { "identity", "import", "competences", "web" })
        {
            await TestServers.DropDatabaseAsync($"{TestServers.PostgresServer};Database={_prefix}_{db}");
        }
        await TestServers.DeleteVirtualHostAsync(_vhost);
        if (Directory.Exists(KeyProtectionDir))
        {
            Directory.Delete(KeyProtectionDir, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
