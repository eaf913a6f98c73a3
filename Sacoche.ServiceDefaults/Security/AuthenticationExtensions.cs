using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sacoche.Common.Security;

namespace Sacoche.ServiceDefaults.Security;

public static class AuthenticationExtensions
{
    /// <summary>
    /// Validates Identity's JWT access tokens locally: signing keys come from Identity's discovery
    /// document (<c>Identity:Issuer</c>, the public address through the gateway), and the audience
    /// must be this API's.
    /// </summary>
    public static IHostApplicationBuilder AddSacocheAuthentication(this IHostApplicationBuilder builder, string audience)
    {
        var issuer = builder.Configuration["Identity:Issuer"];
        if (string.IsNullOrWhiteSpace(issuer))
        {
            throw new InvalidOperationException("Missing configuration value Identity:Issuer (environment variable Identity__Issuer): the public URL of Identity, e.g. http://localhost:8080/.");
        }
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(o =>
            {
                o.Authority = issuer;
                o.Audience = audience;
                o.RequireHttpsMetadata = issuer.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
                o.MapInboundClaims = false;
                o.TokenValidationParameters.NameClaimType = SacocheClaims.Name;
                o.TokenValidationParameters.RoleClaimType = SacocheClaims.Profile;
                o.TokenValidationParameters.ClockSkew = TimeSpan.FromSeconds(30);
            });
        builder.Services.AddAuthorization();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<CurrentUser>();
        // The establishment a request's data is filtered by (TenantDbContext).
        builder.Services.AddScoped<Sacoche.ServiceDefaults.Data.TenantScope>();
        return builder;
    }
}

/// <summary>The caller, read from the validated token. The establishment scopes every query.</summary>
public sealed class CurrentUser(IHttpContextAccessor accessor)
{
    private ClaimsPrincipal Principal => accessor.HttpContext?.User ?? new ClaimsPrincipal();

    public bool IsAuthenticated => Principal.Identity?.IsAuthenticated == true;
    public Guid? UserId => Guid.TryParse(Principal.FindFirstValue(SacocheClaims.Subject), out var id) ? id : null;
    public int? EstablishmentId => int.TryParse(Principal.FindFirstValue(SacocheClaims.Base), out var b) ? b : null;
    public string Profile => Principal.FindFirstValue(SacocheClaims.Profile) ?? "";
    public string Name => Principal.FindFirstValue(SacocheClaims.Name) ?? "";
    public bool IsWebmaster => Profile == Profiles.Webmaster;
    public bool IsAdmin => Profile == Profiles.Admin;
}
