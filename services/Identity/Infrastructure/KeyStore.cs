using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using Sacoche.Identity.Domain;
using Sacoche.ServiceDefaults.Security;

namespace Sacoche.Identity.Infrastructure;

/// <summary>
/// Loads the token keys from the database, creating them on first start. Every instance uses the
/// same keys, and restarts keep issued tokens valid. ES256 signs ten times faster than RS256.
/// The material is sealed with the key-protection certificate (configuration, never the database):
/// a dump alone cannot forge a token. Without a certificate (Development, tests) it stays in clear.
/// </summary>
internal sealed class KeyStore(IServiceScopeFactory scopes, KeyProtectionCertificate protection, ILogger<KeyStore> logger) : IConfigureOptions<OpenIddictServerOptions>
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

    private byte[] GetOrCreate(IdentityDbContext db, string id, string kind, Func<byte[]> create)
    {
        var certificate = protection.Certificate;
        var fresh = create();
        // ON CONFLICT: two instances starting together agree on the first key written.
        db.Database.ExecuteSqlInterpolated(
            $"INSERT INTO signing_keys (id, kind, material, created_at) VALUES ({id}, {kind}, {(certificate is null ? fresh : KeyProtection.Seal(certificate, fresh))}, now()) ON CONFLICT (id) DO NOTHING");
        CryptographicOperations.ZeroMemory(fresh);
        var stored = db.SigningKeys.AsNoTracking().Single(k => k.Id == id).Material;
        if (KeyProtection.IsSealed(stored))
        {
            return certificate is null
                ? throw new InvalidOperationException($"The token keys are sealed: configure {KeyProtection.CertificateFileKey} and {KeyProtection.KeyFileKey} (the certificate that sealed them).")
                : KeyProtection.Open(certificate, stored);
        }
        if (certificate is not null)
        {
            // Written before protection was configured: sealed in place (tokens already issued stay valid).
            db.Database.ExecuteSqlInterpolated($"UPDATE signing_keys SET material = {KeyProtection.Seal(certificate, stored)} WHERE id = {id} AND material = {stored}");
            logger.LogWarning("Token key {KeyId} was stored in clear: now sealed; rotate it if a database copy may have leaked", id);
        }
        return stored;
    }
}
