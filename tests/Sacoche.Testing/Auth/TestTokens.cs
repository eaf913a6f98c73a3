using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Sacoche.Testing.Auth;

/// <summary>
/// Access tokens for testing one service alone (WebApplicationFactory), shaped like Identity's:
/// sub, base, profile, name, aud. The service under test validates them with this test key
/// instead of fetching Identity's discovery document. End-to-end tests use real Identity tokens.
/// </summary>
public static class TestTokens
{
    public const string Issuer = "http://identity.test/";
    private static readonly ECDsaSecurityKey Key = new(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "sacoche-test" };

    public static string Create(string audience, Guid userId, int? establishmentId, string profile, string name = "Test User", TimeSpan? lifetime = null)
    {
        var claims = new List<Claim> { new("sub", userId.ToString()), new("profile", profile), new("name", name) };
        if (establishmentId is { } b)
        {
            claims.Add(new Claim("base", b.ToString(System.Globalization.CultureInfo.InvariantCulture), ClaimValueTypes.Integer));
        }
        var now = DateTime.UtcNow;
        var token = new JwtSecurityToken(Issuer, audience, claims, now.AddSeconds(-5), now.Add(lifetime ?? TimeSpan.FromMinutes(30)),
            new SigningCredentials(Key, SecurityAlgorithms.EcdsaSha256));
        return new JwtSecurityTokenHandler().WriteToken(token);
    }

    /// <summary>Makes the service accept tokens from <see cref="Create"/> (call in ConfigureTestServices).</summary>
    public static IServiceCollection AcceptTestTokens(this IServiceCollection services)
    {
        services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
        {
            var configuration = new OpenIdConnectConfiguration { Issuer = Issuer };
            configuration.SigningKeys.Add(Key);
            o.Configuration = configuration;
            o.ConfigurationManager = null;
            o.Authority = null;
            o.TokenValidationParameters.ValidIssuer = Issuer;
            o.TokenValidationParameters.IssuerSigningKey = Key;
        });
        return services;
    }
}
