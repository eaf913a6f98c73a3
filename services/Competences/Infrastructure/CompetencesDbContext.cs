using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Npgsql;
using Sacoche.ServiceDefaults.Data;
using Sacoche.ServiceDefaults.Messaging;
using Sacoche.ServiceDefaults.Security;

namespace Sacoche.Competences.Infrastructure;

/// <summary>
/// Competences' database. Every tenant-owned set is filtered by the caller's establishment
/// (<see cref="TenantDbContext"/>); consumers have no caller and use <c>IgnoreQueryFilters()</c>
/// with an explicit establishment.
/// </summary>
public sealed class CompetencesDbContext(DbContextOptions<CompetencesDbContext> options, TenantScope tenant) : TenantDbContext(options, tenant)
{
    public const string IdSequence = "competences_ids";

    public DbSet<RosterUser> Users => Set<RosterUser>();
    public DbSet<StructureVersion> StructureVersions => Set<StructureVersion>();
    public DbSet<RosterClass> Classes => Set<RosterClass>();
    public DbSet<RosterGroup> Groups => Set<RosterGroup>();
    public DbSet<TeacherServiceRow> TeacherServices => Set<TeacherServiceRow>();
    public DbSet<Subject> Subjects => Set<Subject>();
    public DbSet<NationalSubject> NationalSubjects => Set<NationalSubject>();
    public DbSet<Level> Levels => Set<Level>();
    public DbSet<SettingsRow> Settings => Set<SettingsRow>();
    public DbSet<Referential> Referentials => Set<Referential>();
    public DbSet<ReferentialDomainRow> Domains => Set<ReferentialDomainRow>();
    public DbSet<ReferentialThemeRow> Themes => Set<ReferentialThemeRow>();
    public DbSet<ReferentialItemRow> Items => Set<ReferentialItemRow>();
    public DbSet<Evaluation> Evaluations => Set<Evaluation>();
    public DbSet<EvaluationItem> EvaluationItems => Set<EvaluationItem>();
    public DbSet<EvaluationStudent> EvaluationStudents => Set<EvaluationStudent>();
    public DbSet<EvaluationShare> EvaluationShares => Set<EvaluationShare>();
    public DbSet<Entry> Entries => Set<Entry>();
    public DbSet<EvaluationRequestRow> EvaluationRequests => Set<EvaluationRequestRow>();
    public DbSet<EntryAudit> EntryAudits => Set<EntryAudit>();
    public DbSet<CommonCorePositioning> CommonCorePositionings => Set<CommonCorePositioning>();
    public DbSet<Period> Periods => Set<Period>();
    public DbSet<BilanStatusRow> BilanStatuses => Set<BilanStatusRow>();
    public DbSet<BilanStatusChange> BilanStatusChanges => Set<BilanStatusChange>();
    public DbSet<BilanSubjectLine> BilanSubjectLines => Set<BilanSubjectLine>();
    public DbSet<BilanGeneralLine> BilanGeneralLines => Set<BilanGeneralLine>();
    public DbSet<BilanAttendanceLine> BilanAttendanceLines => Set<BilanAttendanceLine>();
    public DbSet<BilanArchive> BilanArchives => Set<BilanArchive>();
    public DbSet<BilanArchiveJob> BilanArchiveJobs => Set<BilanArchiveJob>();
    public DbSet<EstablishmentRow> Establishments => Set<EstablishmentRow>();
    public DbSet<RosterStudentOption> RosterStudentOptions => Set<RosterStudentOption>();
    public DbSet<CycleBilan> CycleBilans => Set<CycleBilan>();
    public DbSet<BilanParcours> BilanParcours => Set<BilanParcours>();
    public DbSet<StudentMeasure> StudentMeasures => Set<StudentMeasure>();
    public DbSet<LsuSettings> LsuSettings => Set<LsuSettings>();
    public DbSet<LsuExport> LsuExports => Set<LsuExport>();
    /// <summary>The academy catalog: shared by every establishment, deliberately not tenant-filtered.</summary>
    public DbSet<CatalogReferential> Catalog => Set<CatalogReferential>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutbox();
        modelBuilder.HasSequence<long>(IdSequence);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CompetencesDbContext).Assembly);
        AddTenantFilters(modelBuilder);
    }

    /// <summary>Allocates <paramref name="count"/> ids from the shared sequence in one round trip.</summary>
    public async Task<long[]> NextIdsAsync(int count, CancellationToken ct)
    {
        if (count == 0)
        {
            return [];
        }
        return [.. await Database.SqlQuery<long>($"SELECT nextval('competences_ids') AS \"Value\" FROM generate_series(1, {count})").ToListAsync(ct)];
    }

    /// <summary>
    /// Saves a versioned write (bilan lines, end-of-cycle bilans); false when a concurrent writer won — a stale version token,
    /// or a first row inserted at the same time — and the tracked changes are dropped so the caller can answer with the current value.
    /// </summary>
    public async Task<bool> TrySaveVersionedAsync(CancellationToken ct)
    {
        try
        {
            await SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            ChangeTracker.Clear();
            return false;
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            ChangeTracker.Clear();
            return false;
        }
    }

    /// <summary>The open Npgsql connection of this context (for COPY-free bulk statements).</summary>
    public async Task<NpgsqlConnection> OpenConnectionAsync(CancellationToken ct)
    {
        await Database.OpenConnectionAsync(ct);
        DbConnection connection = Database.GetDbConnection();
        return (NpgsqlConnection)connection;
    }
}

/// <summary>Used only by <c>dotnet ef migrations</c>; never at run time.</summary>
internal sealed class CompetencesDbContextFactory : IDesignTimeDbContextFactory<CompetencesDbContext>
{
    public CompetencesDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<CompetencesDbContext>()
        .UseNpgsql("Host=localhost;Database=design").UseSnakeCaseNamingConvention().Options, new TenantScope());
}
