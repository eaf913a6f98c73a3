using System.Net;
using System.Net.Sockets;
using Sacoche.Identity.Domain;
using Sacoche.Identity.Extensions;
using Sacoche.Identity.Infrastructure;

namespace Sacoche.Identity.Tests.Cas;

/// <summary>What an establishment's CAS settings can make Identity fetch: bounded size, public addresses, limited rate, TLS checked.</summary>
public class CasReachTests
{
    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData("172.31.255.255", false)]
    [InlineData("192.168.1.10", false)]
    [InlineData("169.254.169.254", false)] // cloud metadata
    [InlineData("100.64.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("::ffff:127.0.0.1", false)]
    [InlineData("172.32.0.1", true)]
    [InlineData("193.51.24.1", true)]
    [InlineData("2001:660::1", true)]
    public void Public_addresses(string address, bool expected) => Assert.Equal(expected, CasClient.IsPublic(IPAddress.Parse(address)));

    [Fact]
    public async Task A_loopback_cas_server_is_not_reached_when_private_addresses_are_refused()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var refused = new HttpClient(CasClient.CreateHandler(verifyTls: true, allowPrivateAddresses: false));
        await Assert.ThrowsAsync<HttpRequestException>(() => refused.GetAsync(new Uri($"http://127.0.0.1:{port}/cas/p3/serviceValidate")));
        await Assert.ThrowsAsync<HttpRequestException>(() => refused.GetAsync(new Uri($"http://localhost:{port}/cas/p3/serviceValidate")));
        Assert.False(listener.Pending()); // nothing ever connected

        using var allowed = new HttpClient(CasClient.CreateHandler(verifyTls: true, allowPrivateAddresses: true)) { Timeout = TimeSpan.FromSeconds(1) };
        var attempt = allowed.GetAsync(new Uri($"http://127.0.0.1:{port}/"));
        using var accepted = await listener.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(5));
        await Assert.ThrowsAnyAsync<Exception>(() => attempt); // connected (then timed out: the listener never answers)
    }

    [Fact]
    public async Task An_endless_answer_is_read_up_to_the_cap_only()
    {
        var stream = new EndlessStream();
        Assert.Null(await CasClient.ReadCappedAsync(new StreamContent(stream), CancellationToken.None));
        Assert.InRange(stream.Served, CasClient.MaxResponseBytes + 1, CasClient.MaxResponseBytes + 64 * 1024);

        var declared = new StreamContent(new EndlessStream());
        declared.Headers.ContentLength = 50L * 1024 * 1024;
        Assert.Null(await CasClient.ReadCappedAsync(declared, CancellationToken.None));

        Assert.Equal("<cas:serviceResponse/>", await CasClient.ReadCappedAsync(new StringContent("<cas:serviceResponse/>"), CancellationToken.None));
    }

    [Fact]
    public void Callbacks_are_limited_per_ip_and_per_establishment()
    {
        using var limiter = new CasCallbackLimiter(new CasOptions { CallbacksPerIpPerMinute = 3, CallbacksPerEstablishmentPerMinute = 5 });
        Assert.Equal([true, true, true, false], Enumerable.Range(0, 4).Select(_ => limiter.TryAcquire("203.0.113.1", 1)).ToArray());
        // Another IP, same establishment: 2 left of its 5.
        Assert.Equal([true, true, false], Enumerable.Range(0, 3).Select(_ => limiter.TryAcquire("203.0.113.2", 1)).ToArray());
        // Another establishment is not affected by the first one's.
        Assert.True(limiter.TryAcquire("203.0.113.3", 2));
    }

    [Fact]
    public void Tls_checks_stay_on_unless_plain_http_is_allowed()
    {
        var e = new Establishment { Uai = "0750001A", Name = "Collège test", CasHost = "ent.example.fr", CasPort = 443, CasRoot = "cas", CasVerifyTls = false, CasScheme = "https", CasProtocol = "3.0" };
        Assert.True(e.CasSettings(allowHttp: false).VerifyTls);
        Assert.False(e.CasSettings(allowHttp: true).VerifyTls);
    }

    private sealed class EndlessStream : Stream
    {
        public long Served { get; private set; }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Served; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(count, 16 * 1024);
            buffer.AsSpan(offset, n).Fill((byte)'a');
            Served += n;
            return n;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
