using Microsoft.Extensions.DependencyInjection.Extensions;
using Sacoche.Competences.Application;
using Sacoche.Competences.Application.Bilans;
using Sacoche.Competences.Application.Catalog;
using Sacoche.Competences.Application.CycleBilans;
using Sacoche.Competences.Application.Entries;
using Sacoche.Competences.Application.Evaluations;
using Sacoche.Competences.Application.Lsu;
using Sacoche.Competences.Application.Periods;
using Sacoche.Competences.Application.Referentials;
using Sacoche.Competences.Application.Reports;
using Sacoche.Competences.Application.Requests;
using Sacoche.Competences.Application.Roster;
using Sacoche.Competences.Application.Settings;
using Sacoche.Competences.Application.Subjects;
using Sacoche.Competences.Infrastructure;
using Sacoche.ServiceDefaults.Data;
using Sacoche.ServiceDefaults.Http;
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

        // Referentials, catalog, subjects, roster, settings (application services and their stores).
        builder.Services.AddScoped<ReferentialStore>();
        builder.Services.AddScoped<ReferentialService>();
        builder.Services.AddScoped<CatalogService>();
        builder.Services.AddScoped<SubjectService>();
        builder.Services.AddScoped<RosterService>();
        builder.Services.AddScoped<SettingsService>();

        // Evaluations, entries and reports (Application/Evaluations, Application/Entries, Application/Reports).
        builder.Services.AddScoped<EvaluationAccess>();
        builder.Services.AddScoped<EvaluationService>();
        builder.Services.AddScoped<EvaluationRequestService>();
        builder.Services.AddScoped<EntryService>();
        builder.Services.AddScoped<ReportAccess>();
        builder.Services.AddScoped<StudentReportService>();
        builder.Services.AddScoped<ClassReportService>();
        builder.Services.AddScoped<CommonCoreService>();

        // Periods and official bilans (Application/Periods, Application/Bilans).
        builder.Services.AddScoped<PeriodService>();
        builder.Services.AddScoped<BilanAccess>();
        builder.Services.AddScoped<BilanService>();
        builder.Services.AddScoped<ParcoursMeasuresService>();
        builder.Services.AddScoped<CycleBilanService>();
        builder.Services.AddScoped<ClassBilanLoader>();
        builder.Services.AddSingleton<BilanScoreCache>();
        builder.Services.AddScoped<BulletinService>();
        builder.Services.AddScoped<ArchiveService>();
        builder.Services.AddSingleton<ArchiveQueue>();
        builder.Services.AddHostedService<ArchiveWorker>();
        builder.Services.AddScoped<AttendanceImport>();
        builder.Services.AddScoped<LsuSettingsService>();
        builder.Services.AddScoped<LsuService>();
        builder.AddUploadLimit();

        return builder;
    }
}
