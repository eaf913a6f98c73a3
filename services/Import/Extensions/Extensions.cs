using Sacoche.Import.Infrastructure;
using Sacoche.ServiceDefaults.Data;
using Sacoche.ServiceDefaults.Messaging;
using Sacoche.ServiceDefaults.Security;

namespace Sacoche.Import.Extensions;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddSacocheDbContext<ImportDbContext>("importdb");
        builder.AddSacocheMessaging<ImportDbContext>("import", typeof(ImportDbContext).Assembly);
        builder.AddSacocheAuthentication("sacoche-import");
        return builder;
    }
}
