using System.Globalization;
using Sacoche.Identity.Application.Establishments;
using Sacoche.ServiceDefaults.Http;
using Sacoche.ServiceDefaults.Security;

namespace Sacoche.Identity.Apis;

/// <summary>
/// Who may call an endpoint, as endpoint filters (one place, not an <c>if</c> per handler): the
/// operator (webmaster), an establishment's administrator (their own accounts), or whoever manages the
/// establishment of the route's <c>{baseId}</c>.
/// </summary>
internal static class Access
{
    public static TBuilder RequireWebmaster<TBuilder>(this TBuilder builder, string? detail = null) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) => User(context).IsWebmaster
            ? await next(context)
            : detail is null ? Problems.Forbidden() : Problems.Forbidden(detail));

    /// <summary>An administrator, within their own establishment (the token's <c>base</c>).</summary>
    public static TBuilder RequireAdmin<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) => User(context).IsAdmin ? await next(context) : Problems.Forbidden());

    /// <summary>
    /// The operator manages every establishment; an administrator only their own. Anyone else gets
    /// 404, as for an establishment that does not exist: ids of other establishments are not confirmed.
    /// </summary>
    public static TBuilder RequireEstablishmentManager<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var user = User(context);
            var manages = int.TryParse(context.HttpContext.GetRouteValue("baseId")?.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var baseId)
                && (user.IsWebmaster || (user.IsAdmin && user.EstablishmentId == baseId));
            return manages ? await next(context) : Problems.NotFound(EstablishmentsService.NotFound);
        });

    private static CurrentUser User(EndpointFilterInvocationContext context) => context.HttpContext.RequestServices.GetRequiredService<CurrentUser>();
}
