using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Core;
using Sacoche.Identity.Extensions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Sacoche.Identity.Infrastructure;

/// <summary>Registers (or updates) the OAuth clients from configuration at start.</summary>
internal sealed class ClientRegistration(IServiceScopeFactory scopes, IOptions<IdentityServiceOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var o = options.Value;
        var issuer = new Uri(o.Issuer.TrimEnd('/') + "/");

        var operatorClient = new OpenIddictApplicationDescriptor
        {
            ClientId = "sacoche-operator",
            ClientSecret = o.OperatorSecret,
            ClientType = ClientTypes.Confidential,
            DisplayName = "Opérateur académique",
            Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials, Permissions.Prefixes.Scope + "api" },
        };
        await UpsertAsync(manager, operatorClient, ct);

        // Public client for scripts and tests: loopback redirect on any port (RFC 8252, see LoopbackApplicationManager).
        var cli = new OpenIddictApplicationDescriptor
        {
            ClientId = "sacoche-cli",
            ClientType = ClientTypes.Public,
            DisplayName = "Scripts Sacoche",
            RedirectUris = { new Uri("http://127.0.0.1/callback"), new Uri("http://localhost/callback"), new Uri("http://[::1]/callback") },
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.Endpoints.EndSession,
                Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken, Permissions.ResponseTypes.Code,
                Permissions.Scopes.Profile, Permissions.Prefixes.Scope + "api", Permissions.Prefixes.Scope + "offline_access",
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        await UpsertAsync(manager, cli, ct);

        if (o.WebClientSecret.Length > 0)
        {
            var web = new OpenIddictApplicationDescriptor
            {
                ClientId = "sacoche-web",
                ClientSecret = o.WebClientSecret,
                ClientType = ClientTypes.Confidential,
                DisplayName = "Sacoche",
                Permissions =
                {
                    Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.Endpoints.EndSession,
                    Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken, Permissions.ResponseTypes.Code,
                    Permissions.Scopes.Profile, Permissions.Prefixes.Scope + "api", Permissions.Prefixes.Scope + "offline_access",
                },
                Requirements = { Requirements.Features.ProofKeyForCodeExchange },
            };
            foreach (var uri in o.WebRedirectUris)
            {
                web.RedirectUris.Add(new Uri(issuer, uri));
            }
            web.PostLogoutRedirectUris.Add(issuer);
            await UpsertAsync(manager, web, ct);
        }
    }

    private static async Task UpsertAsync(IOpenIddictApplicationManager manager, OpenIddictApplicationDescriptor descriptor, CancellationToken ct)
    {
        var existing = await manager.FindByClientIdAsync(descriptor.ClientId!, ct);
        try
        {
            if (existing is null)
            {
                await manager.CreateAsync(descriptor, ct);
            }
            else
            {
                await manager.UpdateAsync(existing, descriptor, ct);
            }
        }
        catch (Exception ex) when (ex is OpenIddictExceptions.ConcurrencyException or Microsoft.EntityFrameworkCore.DbUpdateException)
        {
            // Another instance registered it at the same moment: its registration is as good as ours.
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}

/// <summary>
/// RFC 8252 §7.3: for loopback redirect URIs the port is chosen by the native client at run time,
/// so it is ignored when comparing with the registered URI (scheme, host and path must match).
/// </summary>
internal sealed class LoopbackApplicationManager<TApplication>(
    IOpenIddictApplicationCache<TApplication> cache,
    ILogger<OpenIddictApplicationManager<TApplication>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictApplicationStore<TApplication> store)
    : OpenIddictApplicationManager<TApplication>(cache, logger, options, store) where TApplication : class
{
    public override async ValueTask<bool> ValidateRedirectUriAsync(TApplication application, string uri, CancellationToken cancellationToken = default)
    {
        if (await base.ValidateRedirectUriAsync(application, uri, cancellationToken))
        {
            return true;
        }
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var requested) || requested.Scheme != Uri.UriSchemeHttp || !requested.IsLoopback)
        {
            return false;
        }
        foreach (var registered in await Store.GetRedirectUrisAsync(application, cancellationToken))
        {
            if (Uri.TryCreate(registered, UriKind.Absolute, out var r) && r.IsLoopback && r.Scheme == requested.Scheme
                && string.Equals(r.Host, requested.Host, StringComparison.OrdinalIgnoreCase)
                && r.AbsolutePath == requested.AbsolutePath && string.IsNullOrEmpty(requested.Fragment))
            {
                return true;
            }
        }
        return false;
    }
}

