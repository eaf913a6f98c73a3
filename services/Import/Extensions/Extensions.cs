using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sacoche.Import.Apis;
using Sacoche.Import.Application.EntIdentifiers;
using Sacoche.Import.Application.ImportFiles;
using Sacoche.Import.Application.People;
using Sacoche.Import.Application.Structures;
using Sacoche.Import.Domain.EntIdentifiers;
using Sacoche.Import.Infrastructure;
using Sacoche.Import.Workers;
using Sacoche.People.Ent;
using Sacoche.ServiceDefaults.Data;
using Sacoche.ServiceDefaults.Http;
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

        builder.AddUploadLimit();
        builder.Services.AddOptions<ImportOptions>().BindConfiguration("Import").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddAuthorizationBuilder().AddPolicy(ImportApi.AdminPolicy, p => p
            .RequireAuthenticatedUser()
            .RequireClaim(SacocheClaims.Profile, Profiles.Admin)
            .RequireClaim(SacocheClaims.Base));
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddScoped<ImportProcessor>();
        builder.Services.AddScoped<ImportApplier>();
        builder.Services.AddScoped<EntIdentifierApplier>();
        builder.Services.AddScoped<ImportFilesService>();
        builder.Services.AddScoped<EntIdentifiersService>();
        builder.Services.AddScoped<PeopleService>();
        builder.Services.AddScoped<StructuresService>();
        builder.Services.AddSingleton(_ => EntCsvFormats.FromEmbedded());
        builder.Services.AddSingleton(_ => EntConnectors.FromEmbedded());
        builder.Services.AddSingleton<ImportQueue>();
        builder.Services.AddHostedService<ImportWorker>();
        return builder;
    }
}
