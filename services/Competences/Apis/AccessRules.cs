using Sacoche.Common.Results;
using Sacoche.Competences.Application;
using Sacoche.ServiceDefaults.Security;
using HttpProblems = Sacoche.ServiceDefaults.Http.Problems;

namespace Sacoche.Competences.Apis;

/// <summary>
/// The one way an endpoint states who may call it when the profile alone decides: an endpoint filter that
/// answers the catalogue's <c>forbidden</c> with a French detail saying who may. Rules that depend on the data
/// (the subject a teacher teaches, an evaluation's share) are the application services' (<see cref="Access"/>).
/// </summary>
public static class AccessRules
{
    public static TBuilder RequireAccess<TBuilder>(this TBuilder builder, Func<Access, bool> rule, string detail) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
            rule(context.HttpContext.RequestServices.GetRequiredService<Access>()) ? await next(context) : HttpProblems.For(Error.Forbidden(detail)));

    /// <summary>Staff of the establishment (any profile but students, guardians and the webmaster).</summary>
    public static TBuilder RequireStaff<TBuilder>(this TBuilder builder, string detail) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAccess(a => a.IsStaff, detail);

    public static TBuilder RequireAdmin<TBuilder>(this TBuilder builder, string detail) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAccess(a => a.Profile == Profiles.Admin, detail);
}
