using Microsoft.AspNetCore.Components.Web;

namespace Sacoche.Web.Components;

/// <summary>Interactive pages render on the server once the circuit is up (no prerendering: no double API calls, no dead buttons).</summary>
public static class Modes
{
    public static readonly InteractiveServerRenderMode Interactive = new(prerender: false);
}
