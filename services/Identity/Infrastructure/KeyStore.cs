using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using Sacoche.Identity.Domain;

namespace Sacoche.Identity.Infrastructure;

/// <summary>
/// Loads the token keys from the database, creating them on first start. Every instance uses the
/// same keys, and restarts keep issued tokens valid. ES256 signs ten times faster than RS256.
/// (In production the key material belongs in a secret store; the table is the simple default.)
/// </summary>
internal sealed class KeyStore(IServiceScopeFactory scopes) : IConfigureOptions<OpenIddictServerOptions>
{
    private const string SigningId = "signing-es256-1";
    private const string EncryptionId = "encryption-aes256-1";

    public void Configure(OpenIddictServerOptions options)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        db.Database.Migrate();

        var signing = GetOrCreate(db, SigningId, "signing", () =>
        {
            using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            return ec.ExportECPrivateKey();
        });
        var ecdsa = ECDsa.Create();
        ecdsa.ImportECPrivateKey(signing, out _);
        options.SigningCredentials.Add(new SigningCredentials(new ECDsaSecurityKey(ecdsa) { KeyId = SigningId }, SecurityAlgorithms.EcdsaSha256));

        var encryption = GetOrCreate(db, EncryptionId, "encryption", () => RandomNumberGenerator.GetBytes(32));
        options.EncryptionCredentials.Add(new EncryptingCredentials(new SymmetricSecurityKey(encryption) { KeyId = EncryptionId },
            SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512));
    }

    private static byte[] GetOrCreate(IdentityDbContext db, string id, string kind, Func<byte[]> create)
    {
        // ON CONFLICT: two instances starting together agree on the first key written.
        db.Database.ExecuteSqlInterpolated(
            $"INSERT INTO signing_keys (id, kind, material, created_at) VALUES ({id}, {kind}, {create()}, now()) ON CONFLICT (id) DO NOTHING");
        return db.SigningKeys.AsNoTracking().Single(k => k.Id == id).Material;
    }
}
