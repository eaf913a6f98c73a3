using System.Security.Cryptography;
using Npgsql;

namespace Sacoche.EndToEnd.Tests;

/// <summary>
/// Secrets at rest: with the key-protection certificate configured (as ./sacoche run and Production
/// do), what the databases hold cannot be used without it — a dump alone forges no token and
/// decrypts no cookie or stored session.
/// </summary>
[Collection("system")]
public sealed class SecretsAtRestTests(SystemFixture system)
{
    private async Task<List<T>> QueryAsync<T>(string service, string sql, Func<NpgsqlDataReader, T> read)
    {
        await using var connection = new NpgsqlConnection(system.DatabaseConnectionString(service));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }
        return rows;
    }

    [Fact]
    public async Task Token_keys_are_sealed_and_unusable_from_a_dump()
    {
        // A token issued proves the keys exist and work with the certificate.
        using var client = system.CreateClient();
        Assert.NotEmpty(await Oidc.OperatorTokenAsync(client));

        var keys = await QueryAsync("identity", "SELECT id, material FROM signing_keys", r => (Id: r.GetString(0), Material: (byte[])r[1]));
        Assert.Equal(2, keys.Count);
        Assert.All(keys, k => Assert.Equal("SKP1"u8.ToArray(), k.Material[..4]));
        var signing = keys.Single(k => k.Id.StartsWith("signing", StringComparison.Ordinal)).Material;
        using var ecdsa = ECDsa.Create();
        Assert.ThrowsAny<CryptographicException>(() => ecdsa.ImportECPrivateKey(signing, out _));
        Assert.ThrowsAny<CryptographicException>(() => ecdsa.ImportECPrivateKey(signing[4..], out _));
    }

    [Theory]
    [InlineData("identity")]
    [InlineData("web")]
    public async Task Data_protection_key_rings_are_encrypted(string service)
    {
        var xml = await QueryAsync(service, "SELECT xml FROM data_protection_keys", r => r.GetString(0));
        var keys = xml.Where(x => x.Contains("<key ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(keys);
        Assert.All(keys, x =>
        {
            Assert.Contains("encryptedSecret", x, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", x, StringComparison.Ordinal);
        });
    }
}
