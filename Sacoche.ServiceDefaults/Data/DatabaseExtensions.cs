using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Sacoche.ServiceDefaults.Messaging;

namespace Sacoche.ServiceDefaults.Data;

public static class DatabaseExtensions
{
    /// <summary>
    /// Registers the service's DbContext on PostgreSQL (snake_case names), applies the committed
    /// migrations at start (before Kestrel listens) and adds a readiness check.
    /// Fails at once when the connection string is missing: a silent hang is worse.
    /// </summary>
    public static IHostApplicationBuilder AddSacocheDbContext<TContext>(this IHostApplicationBuilder builder, string connectionName)
        where TContext : DbContext
    {
        var connectionString = builder.Configuration.GetRequiredConnectionString(connectionName);
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton(sp => new NpgsqlDataSourceBuilder(connectionString).Build());
        builder.Services.AddDbContext<TContext>((sp, options) => options
            .UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>())
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(new OutboxCommitInterceptor(sp.GetRequiredService<OutboxSignal>())));
        builder.Services.AddHostedService(sp => new MigrationService<TContext>(sp, connectionString, sp.GetRequiredService<ILogger<MigrationService<TContext>>>()));
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck<TContext>>(connectionName, tags: ["ready"]);
        return builder;
    }

    public static string GetRequiredConnectionString(this IConfiguration configuration, string name)
    {
        var value = configuration.GetConnectionString(name);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException(
                $"Missing configuration value ConnectionStrings:{name} (environment variable ConnectionStrings__{name}). " +
                "Start the system with ./sacoche run, which provides it.");
        }
        return value;
    }
}

/// <summary>
/// Applies migrations at start. Instances starting together are serialized by an advisory lock taken
/// in the server's maintenance database (the service's own database may not exist yet): EF Core's own
/// migration lock let two instances both add the same column.
/// </summary>
internal sealed class MigrationService<TContext>(IServiceProvider services, string connectionString, ILogger<MigrationService<TContext>> logger) : IHostedService
    where TContext : DbContext
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var maintenance = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var lockConnection = new NpgsqlConnection(maintenance.ConnectionString);
                await lockConnection.OpenAsync(cancellationToken);
                await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(hashtext('sacoche-migrate:' || $1))", lockConnection))
                {
                    take.Parameters.Add(new NpgsqlParameter { Value = target.Database ?? "" });
                    await take.ExecuteNonQueryAsync(cancellationToken);
                }
                // The lock ends with the connection, whatever happens below.
                await db.Database.MigrateAsync(cancellationToken);
                break;
            }
            catch (NpgsqlException ex) when (ex.IsTransient && attempt < 30)
            {
                logger.LogWarning("Database not reachable yet ({Message}), retrying", ex.Message);
                await Task.Delay(1000, cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

internal sealed class DatabaseHealthCheck<TContext>(TContext db) : IHealthCheck where TContext : DbContext
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("Base de données injoignable");
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("Base de données injoignable", ex);
        }
    }
}
