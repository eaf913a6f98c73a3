using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Sacoche.ServiceDefaults.Security;

/// <summary>
/// The key that protects keys kept in databases (Data Protection key rings, Identity's token
/// signing keys): an RSA certificate and its private key, PEM files given by configuration
/// (<c>KeyProtection:CertificateFile</c>, <c>KeyProtection:KeyFile</c>), never stored in a database.
/// Required in Production: a database dump alone must reveal no key.
/// </summary>
public static class KeyProtection
{
    public const string CertificateFileKey = "KeyProtection:CertificateFile";
    public const string KeyFileKey = "KeyProtection:KeyFile";
    private static readonly byte[] Magic = "SKP1"u8.ToArray();

    /// <summary>The configured certificate; null in Development/tests when none is configured; throws in Production.</summary>
    public static X509Certificate2? Load(IConfiguration configuration, IHostEnvironment environment)
    {
        var certificate = configuration[CertificateFileKey];
        var key = configuration[KeyFileKey];
        if (string.IsNullOrWhiteSpace(certificate))
        {
            return environment.IsProduction()
                ? throw new InvalidOperationException($"{CertificateFileKey} and {KeyFileKey} must be set in Production: the PEM certificate and RSA private key that encrypt the keys stored in the databases (see deploy/README.md, « Secrets at rest »).")
                : null;
        }
        if (!File.Exists(certificate) || (key is { Length: > 0 } && !File.Exists(key)))
        {
            throw new InvalidOperationException($"{CertificateFileKey} / {KeyFileKey}: file not found ({certificate}, {key}).");
        }
        var loaded = string.IsNullOrWhiteSpace(key) ? X509Certificate2.CreateFromPemFile(certificate) : X509Certificate2.CreateFromPemFile(certificate, key);
        if (loaded.GetRSAPrivateKey() is null)
        {
            throw new InvalidOperationException($"{CertificateFileKey}: an RSA certificate with its private key is required.");
        }
        return loaded;
    }

    public static bool IsSealed(ReadOnlySpan<byte> data) => data.StartsWith(Magic);

    /// <summary>Envelope: a fresh AES-256-GCM key, wrapped with the certificate's RSA key (OAEP-SHA256).</summary>
    public static byte[] Seal(X509Certificate2 certificate, ReadOnlySpan<byte> plaintext)
    {
        using var rsa = certificate.GetRSAPublicKey() ?? throw new InvalidOperationException("RSA certificate required");
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var wrapped = rsa.Encrypt(dataKey, RSAEncryptionPadding.OaepSHA256);
        var nonce = RandomNumberGenerator.GetBytes(12);
        var tag = new byte[16];
        var ciphertext = new byte[plaintext.Length];
        using (var aes = new AesGcm(dataKey, tag.Length))
        {
            aes.Encrypt(nonce, plaintext, ciphertext, tag, Magic);
        }
        CryptographicOperations.ZeroMemory(dataKey);
        var output = new byte[Magic.Length + 2 + wrapped.Length + nonce.Length + tag.Length + ciphertext.Length];
        var span = output.AsSpan();
        Magic.CopyTo(span);
        BinaryPrimitives.WriteUInt16BigEndian(span[Magic.Length..], (ushort)wrapped.Length);
        var offset = Magic.Length + 2;
        foreach (var part in new[] { wrapped, nonce, tag, ciphertext })
        {
            part.CopyTo(span[offset..]);
            offset += part.Length;
        }
        return output;
    }

    public static byte[] Open(X509Certificate2 certificate, ReadOnlySpan<byte> sealedData)
    {
        if (!IsSealed(sealedData))
        {
            throw new CryptographicException("not a sealed key");
        }
        using var rsa = certificate.GetRSAPrivateKey() ?? throw new CryptographicException("the certificate's private key is required");
        var wrappedLength = BinaryPrimitives.ReadUInt16BigEndian(sealedData[Magic.Length..]);
        var offset = Magic.Length + 2;
        var dataKey = rsa.Decrypt(sealedData.Slice(offset, wrappedLength).ToArray(), RSAEncryptionPadding.OaepSHA256);
        offset += wrappedLength;
        var nonce = sealedData.Slice(offset, 12);
        var tag = sealedData.Slice(offset + 12, 16);
        var ciphertext = sealedData[(offset + 28)..];
        var plaintext = new byte[ciphertext.Length];
        using (var aes = new AesGcm(dataKey, 16))
        {
            aes.Decrypt(nonce, ciphertext, tag, plaintext, Magic);
        }
        CryptographicOperations.ZeroMemory(dataKey);
        return plaintext;
    }
}

/// <summary>The configured key-protection certificate (null when none: Development and tests only).</summary>
public sealed record KeyProtectionCertificate(X509Certificate2? Certificate);
