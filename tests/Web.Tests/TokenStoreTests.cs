using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Sacoche.Testing.Infrastructure;
using Sacoche.Web.Auth;
using Sacoche.Web.Extensions;
using Sacoche.Web.Infrastructure;

namespace Sacoche.Web.Tests;

/// <summary>The UI's session store on its real database: what it keeps, and what Identity's revocations remove.</summary>
public sealed class TokenStoreTests : IAsyncLifetime
{
    private string _connection = "";
    private NpgsqlDataSource _db = null!;
    private readonly IDataProtectionProvider _protection = new EphemeralDataProtectionProvider();

    public async Task InitializeAsync()
    {
        _connection = await TestServers.CreateDatabaseAsync("webstore");
        await using (var context = new WebDbContext(new DbContextOptionsBuilder<WebDbContext>().UseNpgsql(_connection).UseSnakeCaseNamingConvention().Options))
        {
            await context.Database.MigrateAsync();
        }
        _db = NpgsqlDataSource.Create(_connection);
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        await TestServers.DropDatabaseAsync(_connection);
    }

    private TokenStore NewStore() => new(_db, _protection, new NoHttp(), Options.Create(new WebOptions { PublicUrl = "http://localhost:1/", ClientSecret = "0123456789abcdef" }),
        TimeProvider.System, NullLogger<TokenStore>.Instance);

    private static TokenSet Tokens() => new("access", "refresh", DateTimeOffset.UtcNow.AddMinutes(30));

    [Fact]
    public async Task The_webmaster_secret_never_reaches_the_database()
    {
        const string secret = "operator-secret-never-stored-42";
        await NewStore().SetOperatorAsync("sid-webmaster", secret, Tokens() with { RefreshToken = null }, CancellationToken.None);

        await using var command = _db.CreateCommand("SELECT tokens FROM ui_sessions WHERE id = 'sid-webmaster'");
        var blob = (byte[])(await command.ExecuteScalarAsync())!;
        // Even with the UI's keys (which a dump of the same database would hold), the secret is not there.
        var clear = System.Text.Encoding.UTF8.GetString(_protection.CreateProtector("Sacoche.Web.Sessions.v1").Unprotect(blob));
        Assert.Contains("access", clear, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, clear, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revocations_end_the_sessions_opened_before_them_only()
    {
        var store = NewStore();
        var pupil = Guid.NewGuid();
        var other = Guid.NewGuid();
        await store.SetAsync("pupil-old", pupil, 12, Tokens(), CancellationToken.None);
        await store.SetAsync("other", other, 12, Tokens(), CancellationToken.None);
        await store.SetAsync("elsewhere", Guid.NewGuid(), 13, Tokens(), CancellationToken.None);
        var revokedAt = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        await store.SetAsync("pupil-new", pupil, 12, Tokens(), CancellationToken.None);

        // The pupil's single sign-out: her older session goes, her newer one and the others stay.
        Assert.Equal(1, await store.RevokeAsync(12, pupil, revokedAt, CancellationToken.None));
        Assert.False(await store.IsOpenAsync("pupil-old", CancellationToken.None));
        Assert.True(await store.IsOpenAsync("pupil-new", CancellationToken.None));
        Assert.True(await store.IsOpenAsync("other", CancellationToken.None));
        // A repeated delivery changes nothing.
        Assert.Equal(0, await store.RevokeAsync(12, pupil, revokedAt, CancellationToken.None));

        // The establishment deactivated: every session of it, none of another.
        Assert.Equal(2, await store.RevokeAsync(12, null, DateTimeOffset.UtcNow, CancellationToken.None));
        Assert.True(await store.IsOpenAsync("elsewhere", CancellationToken.None));
        await Assert.ThrowsAsync<SessionExpiredException>(() => store.GetAccessTokenAsync("other", CancellationToken.None));
    }

    private sealed class NoHttp : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => throw new InvalidOperationException("no token request expected");
    }
}
