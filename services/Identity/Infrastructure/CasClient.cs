using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sacoche.Identity.Infrastructure;

/// <summary>
/// Server-to-server CAS ticket validation client. An establishment's administrator chooses the CAS
/// address, so what Identity fetches is bounded: no redirects, a timeout (the caller's), at most
/// <see cref="MaxResponseBytes"/> read, and in Production no private, loopback or link-local address
/// (checked on the resolved address at connect time, so DNS cannot point elsewhere afterwards).
/// </summary>
public static class CasClient
{
    public const string Name = "cas";
    public const string NoTlsCheckName = "cas-no-tls-check";

    /// <summary>A CAS service response is a few hundred bytes; 1 MiB is far more than any real one.</summary>
    public const int MaxResponseBytes = 1024 * 1024;

    public static HttpMessageHandler CreateHandler(bool verifyTls = true, bool allowPrivateAddresses = true) => new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        SslOptions = verifyTls ? new() : new() { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        ConnectCallback = allowPrivateAddresses ? null : ConnectToPublicAddressAsync,
    };

    private static async ValueTask<Stream> ConnectToPublicAddressAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        var allowed = addresses.Where(IsPublic).ToArray();
        if (allowed.Length == 0)
        {
            throw new HttpRequestException($"CAS host resolves to no public address");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Not loopback, private (RFC 1918, ULA), link-local, CGNAT, unspecified or multicast.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return false;
        }
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] is 0 or 10 or 127 || b[0] >= 224
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 172 && b[1] is >= 16 and <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 100 && b[1] is >= 64 and <= 127));
        }
        return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast);
    }

    /// <summary>The body as text, or null when it is longer than <see cref="MaxResponseBytes"/> (never read further).</summary>
    public static async Task<string?> ReadCappedAsync(HttpContent content, CancellationToken ct)
    {
        if (content.Headers.ContentLength > MaxResponseBytes)
        {
            return null;
        }
        await using var stream = await content.ReadAsStreamAsync(ct);
        var buffer = new byte[MaxResponseBytes + 1];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), ct)) > 0)
        {
            total += read;
        }
        return total > MaxResponseBytes ? null : Encoding.UTF8.GetString(buffer, 0, total);
    }
}
