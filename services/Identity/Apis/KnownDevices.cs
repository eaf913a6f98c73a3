using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace Sacoche.Identity.Apis;

/// <summary>
/// « This browser signed into this login before »: an encrypted cookie listing the logins that
/// succeeded here. Their failures are counted per browser, so someone else's wrong passwords
/// never slow down the owner on her usual computer (OWASP's device cookies).
/// </summary>
internal static class KnownDevices
{
    private const string CookieName = "sacoche.device";
    private const int MaxLogins = 30;

    private sealed record Device(string Id, List<string> Logins);

    private static IDataProtector Protector(HttpContext http) =>
        http.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector("Sacoche.Identity.KnownDevice.v1");

    private static string Entry(int baseId, string login) => string.Create(CultureInfo.InvariantCulture, $"{baseId}:{login.Trim().ToLowerInvariant()}");

    private static Device? Read(HttpContext http)
    {
        if (http.Request.Cookies[CookieName] is not { Length: > 0 } value)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<Device>(Protector(http).Unprotect(value));
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or JsonException)
        {
            return null;
        }
    }

    /// <summary>This browser's id when <paramref name="login"/> signed in here before; otherwise null.</summary>
    public static string? IdFor(HttpContext http, int baseId, string login) =>
        Read(http) is { } device && device.Logins.Contains(Entry(baseId, login), StringComparer.Ordinal) ? device.Id : null;

    public static void Remember(HttpContext http, int baseId, string login)
    {
        var device = Read(http) ?? new Device(Guid.NewGuid().ToString("N"), []);
        var entry = Entry(baseId, login);
        device.Logins.Remove(entry);
        device.Logins.Insert(0, entry);
        if (device.Logins.Count > MaxLogins)
        {
            device.Logins.RemoveRange(MaxLogins, device.Logins.Count - MaxLogins);
        }
        http.Response.Cookies.Append(CookieName, Protector(http).Protect(JsonSerializer.Serialize(device)), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = http.Request.IsHttps,
            Path = "/account",
            MaxAge = TimeSpan.FromDays(365),
            IsEssential = true,
        });
    }
}
