using System.Net.Http.Headers;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sacoche.Identity.Application.SignIn;
using Sacoche.Identity.Domain;
using Sacoche.Identity.Extensions;
using Sacoche.Identity.Infrastructure;
using Sacoche.Testing.Auth;
using Sacoche.Testing.Infrastructure;

namespace Sacoche.Identity.Tests.Administrators;

/// <summary>
/// Identity on real PostgreSQL and RabbitMQ (own database and virtual host), its API called over HTTP
/// with test access tokens (the <c>api</c> policy validates them instead of Identity's own), and
/// sign-ins through the real <see cref="SignInService"/>.
/// </summary>
public sealed class AdministratorsFixture : IAsyncLifetime
{
    public const string AdminPassword = "Premier-Admin-42";
    private string _database = "";
    private string _virtualHost = "";

    public WebApplicationFactory<Program> Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _database = await TestServers.CreateDatabaseAsync("identity_admins");
        _virtualHost = await TestServers.CreateVirtualHostAsync("identity-admins");
        Factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("ConnectionStrings:identitydb", _database);
            b.UseSetting("ConnectionStrings:rabbitmq", _virtualHost);
            b.UseSetting("Identity:Issuer", "http://localhost:8080/");
            b.UseSetting("Identity:OperatorSecret", "operator-secret-for-tests");
            b.ConfigureTestServices(s =>
            {
                s.AddAuthentication().AddJwtBearer(o =>
                {
                    o.MapInboundClaims = false;
                    o.TokenValidationParameters.ValidAudience = ApiAudiences.Identity;
                });
                s.AcceptTestTokens();
                s.Configure<AuthorizationOptions>(o => o.AddPolicy("api", p => p.AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme).RequireAuthenticatedUser()));
            });
        });
        await IdentityHost.StartAsync(Factory);
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await TestServers.DropDatabaseAsync(_database);
        await TestServers.DeleteVirtualHostAsync(_virtualHost);
    }

    /// <summary>A new establishment with its first administrator (login « admin ») and a teacher.</summary>
    public async Task<(int BaseId, Account Admin, Account Teacher)> AddEstablishmentAsync()
    {
        using var scope = Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var e = new Establishment { Uai = $"0{Random.Shared.Next(100000, 999999):D6}A", Name = "Collège des administrateurs", CreatedAt = DateTimeOffset.UtcNow };
        db.Establishments.Add(e);
        await db.SaveChangesAsync();
        var admin = new Account { EstablishmentId = e.BaseId, Id = Guid.NewGuid(), Profile = "ADM", LastName = "Premier", FirstName = "Admin", Login = "admin", CreatedAt = DateTimeOffset.UtcNow };
        admin.PasswordHash = new PasswordHasher<Account>().HashPassword(admin, AdminPassword);
        var teacher = new Account { EstablishmentId = e.BaseId, Id = Guid.NewGuid(), Profile = "ENS", LastName = "Martin", FirstName = "Anne", Login = "anne.martin", CreatedAt = DateTimeOffset.UtcNow };
        db.Accounts.AddRange(admin, teacher);
        await db.SaveChangesAsync();
        return (e.BaseId, admin, teacher);
    }

    public HttpClient Client(Account caller)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            TestTokens.Create(ApiAudiences.Identity, caller.Id, caller.EstablishmentId, caller.Profile, $"{caller.FirstName} {caller.LastName}"));
        return client;
    }

    /// <summary>A password sign-in from a browser of its own (no throttling between tests).</summary>
    public async Task<SignInCheck> SignInAsync(int baseId, string login, string password)
    {
        using var scope = Factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<SignInService>()
            .CheckPasswordAsync(new SignInAttempt(baseId, login, password, "10.9.9.9", Guid.NewGuid().ToString("N")), CancellationToken.None);
    }

    public async Task<Account> AccountAsync(Guid id)
    {
        using var scope = Factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IdentityDbContext>().Accounts.AsNoTracking().SingleAsync(a => a.Id == id);
    }

    public async Task<List<AccountAudit>> AuditAsync(int baseId)
    {
        using var scope = Factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IdentityDbContext>().AccountAudit.AsNoTracking()
            .Where(a => a.EstablishmentId == baseId).OrderBy(a => a.Id).ToListAsync();
    }

    public async Task<int> CountAsync(int baseId)
    {
        using var scope = Factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IdentityDbContext>().Accounts.CountAsync(a => a.EstablishmentId == baseId);
    }

    /// <summary>Is a session of <paramref name="id"/> opened at <paramref name="at"/> still alive?</summary>
    public async Task<bool> SessionAliveAsync(Guid id, DateTimeOffset at)
    {
        using var scope = Factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<SignInService>().LiveAccountAsync(id, at, CancellationToken.None) is not null;
    }
}
