using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Sacoche.ServiceDefaults.Security;

namespace Sacoche.ServiceDefaults.Data;

public static class SharedDataProtectionExtensions
{
    /// <summary>
    /// Data Protection keys (cookies, antiforgery, OIDC correlation, codes) kept in the service's
    /// database, so that every instance reads what another protected and a restart signs nobody out.
    /// </summary>
    public static IHostApplicationBuilder AddSharedDataProtection<TContext>(this IHostApplicationBuilder builder, string applicationName)
        where TContext : DbContext, IDataProtectionKeyContext
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName(applicationName).PersistKeysToDbContext<TContext>();
        // Keys encrypted with the configured certificate: a database dump alone cannot read cookies or stored tokens.
        var certificate = KeyProtection.Load(builder.Configuration, builder.Environment);
        if (certificate is not null)
        {
            dataProtection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }
        builder.Services.AddSingleton(new KeyProtectionCertificate(certificate));
        builder.Services.AddHostedService<DataProtectionKeyInitializer<TContext>>();
        return builder;
    }
}

/// <summary>
/// Several instances starting together would each create their own Data Protection key and, until
/// their key rings refresh, fail to read each other's cookies and antiforgery tokens. Under a
/// PostgreSQL advisory lock the first instance creates the key and the others find it.
/// </summary>
internal sealed class DataProtectionKeyInitializer<TContext>(IServiceScopeFactory scopes, IKeyManager keys, TimeProvider clock, KeyProtectionCertificate protection) : IHostedService
    where TContext : DbContext, IDataProtectionKeyContext
{
    private const long LockId = 0x5ac0c4e_0001;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({LockId})", connection))
        {
            await take.ExecuteNonQueryAsync(cancellationToken);
        }
        try
        {
            var now = clock.GetUtcNow();
            // Keys written before protection was configured sit in clear in the database: delete them
            // (what they protected — sessions, antiforgery tokens — ends once) and start a protected key.
            if (protection.Certificate is not null)
            {
                await db.Set<DataProtectionKey>()
                    .Where(k => k.Xml != null && k.Xml.Contains("<key ") && !k.Xml.Contains("encryptedSecret"))
                    .ExecuteDeleteAsync(cancellationToken);
            }
            if (!keys.GetAllKeys().Any(k => !k.IsRevoked && k.ActivationDate <= now && k.ExpirationDate > now.AddDays(2)))
            {
                keys.CreateNewKey(now, now.AddDays(90));
            }
        }
        finally
        {
            await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({LockId})", connection);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
            await connection.CloseAsync();
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
