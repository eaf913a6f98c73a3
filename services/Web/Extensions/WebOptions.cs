namespace Sacoche.Web.Extensions;

/// <summary>Configuration of the UI (section "Web"; the issuer comes from Identity:Issuer like every service).</summary>
public sealed class WebOptions
{
    /// <summary>Public address of the system (the gateway), e.g. http://localhost:8080/ — also the OIDC issuer.</summary>
    public string PublicUrl { get; set; } = "";

    /// <summary>Secret of the confidential OIDC client <c>sacoche-web</c>.</summary>
    public string ClientSecret { get; set; } = "";

    /// <summary>Where the UI calls the APIs; the gateway (public URL) unless set.</summary>
    public string? ApiBaseUrl { get; set; }

    public string Root => PublicUrl.TrimEnd('/') + "/";

    public Uri ApiBase => new((string.IsNullOrWhiteSpace(ApiBaseUrl) ? PublicUrl : ApiBaseUrl).TrimEnd('/') + "/");
}
