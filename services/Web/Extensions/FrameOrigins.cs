using System.Globalization;
using System.Net.Http.Json;
using Microsoft.Extensions.Caching.Memory;
using Sacoche.ServiceDefaults.Security;

namespace Sacoche.Web.Extensions;

/// <summary>Identity's answer to <c>GET /sso/frame-origin?base=N</c>.</summary>
public sealed record FrameOriginResponse(string? Origin);

/// <summary>
/// The ENT origin allowed to frame the pages of an establishment (<see cref="FramePolicy"/>), asked
/// of Identity and kept a few minutes per base. A failure never breaks a page: no ENT origin, then
/// only Sacoche itself may frame it.
/// </summary>
public sealed class FrameOrigins(HttpClient http, IMemoryCache cache, ILogger<FrameOrigins> logger)
{
    public const string HttpClientName = "frame-origins";
    public static readonly TimeSpan CacheDuration = TimeSpan.FromMinutes(2);
    /// <summary>After a failure, ask again only this much later: a stopped Identity must not slow every page down.</summary>
    public static readonly TimeSpan FailureCacheDuration = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<string?> OriginAsync(int baseId, CancellationToken ct)
    {
        var key = (nameof(FrameOrigins), baseId);
        if (cache.TryGetValue(key, out string? cached))
        {
            return cached;
        }
        string? origin = null;
        var duration = CacheDuration;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(Timeout);
            var answer = await http.GetFromJsonAsync<FrameOriginResponse>(
                "sso/frame-origin?base=" + baseId.ToString(CultureInfo.InvariantCulture), timeout.Token);
            // Checked again here: the value ends up in a header.
            origin = FramePolicy.OriginOf(answer?.Origin);
        }
        catch (Exception ex)
        {
            if (ct.IsCancellationRequested)
            {
                return null; // the browser went away: nothing to remember
            }
            logger.LogWarning("ENT frame origin of base {BaseId} unavailable ({Error}): only Sacoche may frame its pages", baseId, ex.GetType().Name);
            duration = FailureCacheDuration;
        }
        cache.Set(key, origin, duration);
        return origin;
    }
}
