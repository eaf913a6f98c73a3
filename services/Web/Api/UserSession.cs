using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Sacoche.Web.Auth;

namespace Sacoche.Web.Api;

/// <summary>The signed-in user of the current page, static or interactive.</summary>
public sealed class UserSession(IServiceProvider services, IHttpContextAccessor http)
{
    public async Task<ClaimsPrincipal> GetUserAsync()
    {
        // In a request (static rendering, endpoints) the HttpContext is the truth; in a circuit, the authentication state.
        if (http.HttpContext is { } context && !context.WebSockets.IsWebSocketRequest && context.User.Identity?.IsAuthenticated == true)
        {
            return context.User;
        }
        try
        {
            var provider = services.GetService<AuthenticationStateProvider>();
            if (provider is not null)
            {
                return (await provider.GetAuthenticationStateAsync()).User;
            }
        }
        catch (InvalidOperationException)
        {
            // Outside of a component: no authentication state.
        }
        return http.HttpContext?.User ?? new ClaimsPrincipal(new ClaimsIdentity());
    }
}
