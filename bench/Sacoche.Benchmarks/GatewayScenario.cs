using System.Diagnostics;
using System.Net;
using Aspire.Hosting.Testing;
using Sacoche.Testing.Infrastructure;

namespace Sacoche.Benchmarks;

/// <summary>
/// Issue 9: the gateway's cost. The same request (an API answering 401 without a token: routing,
/// authentication, ProblemDetails) sent directly to Competences, through the YARP gateway, and
/// through nginx (Debian package, when installed) proxying the same service, in the same run.
/// </summary>
public static class GatewayScenario
{
    public static async Task<IReadOnlyList<BenchRow>> RunAsync(SacocheSystem system, TimeSpan duration, int concurrency)
    {
        var direct = system.App.GetEndpoint("competences", "http");
        var rows = new List<BenchRow>();
        var directResult = await LoadAsync(direct, duration, concurrency);
        var gatewayResult = await LoadAsync(system.GatewayUrl, duration, concurrency);
        rows.Add(new("9", $"direct to Competences ({concurrency} concurrent, {duration.TotalSeconds:0} s)", "—",
            Stats.Ms(directResult.P50), Stats.Ms(directResult.P95), $"{directResult.Rps:0} req/s"));
        rows.Add(new("9", "through the gateway (YARP)", "—", Stats.Ms(gatewayResult.P50), Stats.Ms(gatewayResult.P95),
            $"{gatewayResult.Rps:0} req/s; throughput ratio {gatewayResult.Rps / directResult.Rps:0.00}, added p50 {gatewayResult.P50 - directResult.P50:0.00} ms"));
        await using var nginx = await Nginx.StartAsync(direct);
        if (nginx is not null)
        {
            var nginxResult = await LoadAsync(nginx.Url, duration, concurrency);
            rows.Add(new("9", "through nginx (same service)", "—", Stats.Ms(nginxResult.P50), Stats.Ms(nginxResult.P95),
                $"{nginxResult.Rps:0} req/s; YARP/nginx throughput ratio {gatewayResult.Rps / nginxResult.Rps:0.00}"));
        }
        else
        {
            rows.Add(new("9", "through nginx", "—", "—", "—", "nginx not installed (apt-get install nginx)"));
        }
        return rows;
    }

    private sealed record Result(double Rps, double P50, double P95);

    private static async Task<Result> LoadAsync(Uri baseUrl, TimeSpan duration, int concurrency)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency };
        using var http = new HttpClient(handler) { BaseAddress = baseUrl };
        for (var i = 0; i < 200; i++)
        {
            using var warm = await http.GetAsync("/api/competences/me");
        }
        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        var stop = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (stop.Elapsed < duration)
            {
                var t = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync("/api/competences/me");
                if (response.StatusCode != HttpStatusCode.Unauthorized)
                {
                    throw new InvalidOperationException($"unexpected {(int)response.StatusCode}");
                }
                latencies.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
        }));
        var sorted = latencies.Order().ToList();
        return new Result(sorted.Count / stop.Elapsed.TotalSeconds, Stats.Percentile(sorted, 50), Stats.Percentile(sorted, 95));
    }

    private sealed class Nginx : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly string _dir;
        public Uri Url { get; }

        private Nginx(Process process, string dir, Uri url) => (_process, _dir, Url) = (process, dir, url);

        public static async Task<Nginx?> StartAsync(Uri upstream)
        {
            if (!File.Exists("/usr/sbin/nginx"))
            {
                return null;
            }
            var dir = Directory.CreateTempSubdirectory("sacoche-nginx").FullName;
            using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            await File.WriteAllTextAsync(Path.Combine(dir, "nginx.conf"), $$"""
                daemon off; worker_processes 1; pid {{dir}}/nginx.pid; error_log {{dir}}/error.log;
                events { worker_connections 1024; }
                http {
                  access_log off;
                  client_body_temp_path {{dir}}; proxy_temp_path {{dir}}; fastcgi_temp_path {{dir}}; uwsgi_temp_path {{dir}}; scgi_temp_path {{dir}};
                  upstream svc { server 127.0.0.1:{{upstream.Port}}; keepalive 64; }
                  server {
                    listen 127.0.0.1:{{port}};
                    location / { proxy_pass http://svc; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_set_header Host $host;
                                 proxy_set_header X-Forwarded-For $remote_addr; proxy_set_header X-Forwarded-Proto $scheme; }
                  }
                }
                """);
            var process = Process.Start(new ProcessStartInfo("/usr/sbin/nginx", $"-c {dir}/nginx.conf -p {dir}") { RedirectStandardError = true })!;
            for (var i = 0; i < 50; i++)
            {
                try
                {
                    using var probe = new System.Net.Sockets.TcpClient();
                    await probe.ConnectAsync(IPAddress.Loopback, port);
                    return new Nginx(process, dir, new Uri($"http://127.0.0.1:{port}/"));
                }
                catch (System.Net.Sockets.SocketException)
                {
                    await Task.Delay(100);
                }
            }
            process.Kill();
            return null;
        }

        public async ValueTask DisposeAsync()
        {
            _process.Kill();
            await _process.WaitForExitAsync();
            _process.Dispose();
            Directory.Delete(_dir, recursive: true);
        }
    }
}
