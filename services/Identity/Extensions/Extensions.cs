using Sacoche.Identity.Infrastructure;
using Sacoche.ServiceDefaults.Data;
using Sacoche.ServiceDefaults.Messaging;
using Sacoche.ServiceDefaults.Security;

namespace Sacoche.Identity.Extensions;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddSacocheDbContext<IdentityDbContext>("identitydb");
        builder.AddSacocheMessaging<IdentityDbContext>("identity", typeof(IdentityDbContext).Assembly);
        builder.AddSacocheAuthentication("sacoche-identity");
        return builder;
    }
}
