namespace Sacoche.Identity.Domain;

public static class ReturnUrls
{
    /// <summary>Only same-site relative paths are followed after sign-in: no open redirect.</summary>
    public static string? LocalOrNull(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Contains("://", StringComparison.Ordinal)
            && url.All(c => !char.IsControl(c))
            ? url
            : null;
}
