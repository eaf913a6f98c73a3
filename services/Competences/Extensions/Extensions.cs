using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sacoche.Competences.Application;
using Sacoche.Competences.Application.Entries;
using Sacoche.Competences.Application.Evaluations;
using Sacoche.Competences.Application.Reports;
using Sacoche.Competences.Infrastructure;
using Sacoche.ServiceDefaults.Data;
using Sacoche.ServiceDefaults.Messaging;
using Sacoche.ServiceDefaults.Security;

namespace Sacoche.Competences.Extensions;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddSacocheDbContext<CompetencesDbContext>("competencesdb");
        builder.AddSacocheMessaging<CompetencesDbContext>("competences", typeof(CompetencesDbContext).Assembly);
        builder.AddSacocheAuthentication("sacoche-competences");
        builder.Services.AddScoped<Access>();
        builder.Services.AddScoped<SettingsStore>();
        builder.Services.AddOptions<CatalogOptions>().BindConfiguration(CatalogOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);

        // Evaluations, entries and reports (Application/Evaluations, Application/Entries, Application/Reports).
        builder.Services.AddScoped<EvaluationAccess>();
        builder.Services.AddScoped<EvaluationService>();
        builder.Services.AddScoped<EntryService>();
        builder.Services.AddScoped<ReportAccess>();
        builder.Services.AddScoped<StudentReportService>();
        builder.Services.AddScoped<ClassReportService>();
        builder.Services.AddScoped<CommonCoreService>();
        // End of evaluations, entries and reports.

        // Start only once the bus and its receive endpoints are up: an event published right after start-up (the
        // roster from Import, or a test fixture's seed) must find the queues bound, not vanish into an unbound exchange.
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromSeconds(60);
        });
        return builder;
    }
}
