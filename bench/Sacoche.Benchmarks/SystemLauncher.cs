using System.Net;
using System.Net.Sockets;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using MassTransit;
using Sacoche.Testing.Infrastructure;

namespace Sacoche.Benchmarks;

/// <summary>The whole system on the benchmark servers (started by ./sacoche bench), as the tests start it.</summary>
public sealed class SystemLauncher : IAsyncDisposable
{
    public const string OperatorSecret = "operator-secret-for-benchmarks";
    private DistributedApplication _app = null!;
    private IBusControl? _bus;
    private string _vhost = "";
    public Uri GatewayUrl { get; private set; } = null!;
    public DistributedApplication App => _app;

    public static async Task<SystemLauncher> StartAsync()
    {
        var launcher = new SystemLauncher();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        launcher._vhost = await TestServers.CreateVirtualHostAsync("bench");
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Sacoche_AppHost>(
            [
                $"--ConnectionStrings:postgres={TestServers.PostgresServer}",
                $"--ConnectionStrings:rabbitmq={launcher._vhost}",
                $"--Sacoche:GatewayPort={port}",
                "--Sacoche:DatabasePrefix=bench_" + Guid.NewGuid().ToString("N")[..12],
                $"--Sacoche:OperatorSecret={OperatorSecret}",
                "--Sacoche:AllowHttpCas=true",
            ],
            (options, _) =>
            {
                options.DisableDashboard = true;
                options.AllowUnsecuredTransport = true;
            });
        launcher._app = await builder.BuildAsync();
        await launcher._app.StartAsync();
        await launcher._app.ResourceNotifications.WaitForResourceHealthyAsync("gateway");
        launcher.GatewayUrl = launcher._app.GetEndpoint("gateway", "http");
        return launcher;
    }

    public async Task PublishAsync<T>(T message) where T : class
    {
        if (_bus is null)
        {
            var uri = new Uri(_vhost);
            _bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(uri.Host, (ushort)uri.Port, Uri.UnescapeDataString(uri.AbsolutePath.Trim('/')), h =>
            {
                h.Username("guest");
                h.Password("guest");
            }));
            await _bus.StartAsync();
        }
        await _bus.Publish(message);
    }

    public async ValueTask DisposeAsync()
    {
        if (_bus is not null)
        {
            await _bus.StopAsync();
        }
        await _app.StopAsync();
        await _app.DisposeAsync();
        await TestServers.DeleteVirtualHostAsync(_vhost);
    }
}
