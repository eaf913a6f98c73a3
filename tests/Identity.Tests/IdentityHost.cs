using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sacoche.Identity.Infrastructure;
using Sacoche.Testing.Infrastructure;

namespace Sacoche.Identity.Tests;

/// <summary>What the Identity fixtures that start a <see cref="WebApplicationFactory{TEntryPoint}"/> share.</summary>
internal static class IdentityHost
{
    /// <summary>Starts the host (migrations, bus) and waits until the newest table of Identity's schema answers (every migration has run).</summary>
    public static async Task StartAsync(WebApplicationFactory<Program> factory)
    {
        _ = factory.Server;
        Assert.True(await TestServers.EventuallyAsync(async () =>
        {
            using var scope = factory.Services.CreateScope();
            try
            {
                return await scope.ServiceProvider.GetRequiredService<IdentityDbContext>().AccountAudit.CountAsync() >= 0;
            }
            catch (Npgsql.PostgresException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60)), "Identity's migrations never ran");
    }
}
