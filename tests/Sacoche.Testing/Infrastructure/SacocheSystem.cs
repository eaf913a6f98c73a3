using System.Net;
using System.Net.Sockets;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using MassTransit;

namespace Sacoche.Testing.Infrastructure;

/// <summary>
/// The whole system as the AppHost wires it (gateway, Identity, Import, Competences, Web), started
/// with Aspire.Hosting.Testing on the test PostgreSQL (own databases) and RabbitMQ (own virtual
/// host). One launcher for the end-to-end tests and the benchmarks; disposing it drops what it made.
/// </summary>
public sealed class SacocheSystem : IAsyncDisposable
{
    private static readonly string[] Databases = ["identity", "import", "competences", "web"];
    private DistributedApplication? _app;
    private IBusControl? _bus;
    private string _prefix = "";

    private SacocheSystem(string operatorSecret, string keyProtectionDir)
    {
        OperatorSecret = operatorSecret;
        KeyProtectionDir = keyProtectionDir;
    }

    public string OperatorSecret { get; }

    /// <summary>Where the AppHost keeps the key-protection certificate of this system (outside every database).</summary>
    public string KeyProtectionDir { get; }

    public Uri GatewayUrl { get; private set; } = null!;

    /// <summary>The running AppHost: fault tests stop and start its resources; benchmarks reach a service directly.</summary>
    public DistributedApplication App => _app ?? throw new InvalidOperationException("the system is not started");

    /// <summary>amqp:// URI of the system's virtual host.</summary>
    public string BrokerUri { get; private set; } = "";

    /// <summary>Connection string of one service's database (identity, import, competences, web), for assertions on stored state.</summary>
    public string DatabaseConnectionString(string service) => $"{TestServers.PostgresServer};Database={_prefix}_{service}";

    /// <summary>
    /// Starts the AppHost <typeparamref name="TAppHost"/> (<c>Projects.Sacoche_AppHost</c> of the caller).
    /// <paramref name="label"/> names the databases and virtual host; <paramref name="arguments"/> are more AppHost settings.
    /// </summary>
    public static async Task<SacocheSystem> StartAsync<TAppHost>(string label, string operatorSecret, IEnumerable<string> arguments, TimeSpan startTimeout)
        where TAppHost : class
    {
        var system = new SacocheSystem(operatorSecret, Path.Combine(Path.GetTempPath(), "sacoche-keys-" + Guid.NewGuid().ToString("N")[..12]));
        try
        {
            await system.StartAsync<TAppHost>(label, arguments, startTimeout);
            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync<TAppHost>(string label, IEnumerable<string> arguments, TimeSpan startTimeout) where TAppHost : class
    {
        _prefix = label + "_" + Guid.NewGuid().ToString("N")[..12];
        BrokerUri = await TestServers.CreateVirtualHostAsync(label);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<TAppHost>(
            [
                $"--ConnectionStrings:postgres={TestServers.PostgresServer}",
                $"--ConnectionStrings:rabbitmq={BrokerUri}",
                $"--Sacoche:GatewayPort={FreePort()}",
                $"--Sacoche:DatabasePrefix={_prefix}",
                $"--Sacoche:OperatorSecret={OperatorSecret}",
                "--Sacoche:AllowHttpCas=true",
                $"--Sacoche:KeyProtectionDir={KeyProtectionDir}",
                .. arguments,
            ],
            (options, _) =>
            {
                options.DisableDashboard = true;
                options.AllowUnsecuredTransport = true;
            });
        _app = await builder.BuildAsync();
        using var start = new CancellationTokenSource(startTimeout);
        await _app.StartAsync(start.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", start.Token);
        // The testing builder may move ports: the gateway's allocated endpoint is the truth.
        GatewayUrl = _app.GetEndpoint("gateway", "http");
    }

    /// <summary>Publishes an integration event on the system's broker, as another service would.</summary>
    public async Task PublishAsync<T>(T message) where T : class
    {
        if (_bus is null)
        {
            var uri = new Uri(BrokerUri);
            _bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(uri.Host, (ushort)uri.Port, Uri.UnescapeDataString(uri.AbsolutePath.Trim('/')), h =>
            {
                h.Username("guest");
                h.Password("guest");
            }));
            await _bus.StartAsync();
        }
        await _bus.Publish(message);
    }

    public HttpClient CreateClient(bool followRedirects = true) =>
        new(new HttpClientHandler { AllowAutoRedirect = followRedirects, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = GatewayUrl,
            Timeout = TimeSpan.FromSeconds(60),
        };

    public async ValueTask DisposeAsync()
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
        if (_prefix.Length > 0)
        {
            foreach (var db in Databases)
            {
                await TestServers.DropDatabaseAsync(DatabaseConnectionString(db));
            }
        }
        if (BrokerUri.Length > 0)
        {
            await TestServers.DeleteVirtualHostAsync(BrokerUri);
        }
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
