using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sacoche.Competences.Infrastructure.EntityConfigurations;

internal sealed class PeriodConfiguration : IEntityTypeConfiguration<Period>
{
    public void Configure(EntityTypeBuilder<Period> e)
    {
        e.ToTable("periods");
        e.HasKey(x => new { x.EstablishmentId, x.Id });
        e.Property(x => x.Name).HasMaxLength(40);
    }
}

internal sealed class BilanStatusConfiguration : IEntityTypeConfiguration<BilanStatusRow>
{
    public void Configure(EntityTypeBuilder<BilanStatusRow> e)
    {
        e.ToTable("bilan_statuses");
        e.HasKey(x => new { x.EstablishmentId, x.PeriodId, x.ClassCode });
        e.Property(x => x.ClassCode).HasMaxLength(40);
        // Two simultaneous changes: the one that read a status no longer there retries (the history stays a chain).
        e.Property(x => x.Status).HasMaxLength(10).IsConcurrencyToken();
    }
}

internal sealed class BilanStatusChangeConfiguration : IEntityTypeConfiguration<BilanStatusChange>
{
    public void Configure(EntityTypeBuilder<BilanStatusChange> e)
    {
        e.ToTable("bilan_status_changes");
        e.HasKey(x => new { x.EstablishmentId, x.Id });
        e.Property(x => x.Id).UseIdentityAlwaysColumn();
        e.Property(x => x.ClassCode).HasMaxLength(40);
        e.Property(x => x.OldStatus).HasMaxLength(10);
        e.Property(x => x.NewStatus).HasMaxLength(10);
        e.HasIndex(x => new { x.EstablishmentId, x.PeriodId, x.ClassCode });
    }
}

internal sealed class BilanSubjectLineConfiguration : IEntityTypeConfiguration<BilanSubjectLine>
{
    public void Configure(EntityTypeBuilder<BilanSubjectLine> e)
    {
        e.ToTable("bilan_subject_lines");
        e.HasKey(x => new { x.EstablishmentId, x.PeriodId, x.StudentId, x.SubjectCode });
        e.Property(x => x.SubjectCode).HasMaxLength(40);
        e.Property(x => x.Override).HasPrecision(4, 1);
        e.Property(x => x.OverrideMode).HasMaxLength(10);
        e.Property(x => x.Appreciation).HasMaxLength(600);
        e.Property(x => x.Version).IsConcurrencyToken();
    }
}

internal sealed class BilanGeneralLineConfiguration : IEntityTypeConfiguration<BilanGeneralLine>
{
    public void Configure(EntityTypeBuilder<BilanGeneralLine> e)
    {
        e.ToTable("bilan_general_lines");
        e.HasKey(x => new { x.EstablishmentId, x.PeriodId, x.StudentId });
        e.Property(x => x.Appreciation).HasMaxLength(1000);
        e.Property(x => x.Version).IsConcurrencyToken();
    }
}

internal sealed class BilanAttendanceLineConfiguration : IEntityTypeConfiguration<BilanAttendanceLine>
{
    public void Configure(EntityTypeBuilder<BilanAttendanceLine> e)
    {
        e.ToTable("bilan_attendance_lines");
        e.HasKey(x => new { x.EstablishmentId, x.PeriodId, x.StudentId });
        e.Property(x => x.Comment).HasMaxLength(300);
        e.Property(x => x.Version).IsConcurrencyToken();
    }
}

internal sealed class BilanArchiveConfiguration : IEntityTypeConfiguration<BilanArchive>
{
    public void Configure(EntityTypeBuilder<BilanArchive> e)
    {
        e.ToTable("bilan_archives");
        e.HasKey(x => new { x.EstablishmentId, x.Id });
        e.Property(x => x.Id).UseIdentityAlwaysColumn();
        e.Property(x => x.ClassCode).HasMaxLength(40);
        e.Property(x => x.PeriodName).HasMaxLength(40);
        e.Property(x => x.Sha256).HasMaxLength(64).IsFixedLength();
        e.HasIndex(x => new { x.EstablishmentId, x.StudentId, x.PeriodId, x.Version }).IsUnique();
        e.HasIndex(x => new { x.EstablishmentId, x.PeriodId, x.ClassCode });
    }
}

internal sealed class BilanArchiveJobConfiguration : IEntityTypeConfiguration<BilanArchiveJob>
{
    public void Configure(EntityTypeBuilder<BilanArchiveJob> e)
    {
        e.ToTable("bilan_archive_jobs");
        e.HasKey(x => new { x.EstablishmentId, x.Id });
        e.Property(x => x.Id).UseIdentityAlwaysColumn();
        e.Property(x => x.ClassCode).HasMaxLength(40);
        e.Property(x => x.Status).HasMaxLength(10);
        e.Property(x => x.Error).HasMaxLength(500);
        // The worker looks for unfinished jobs across establishments.
        e.HasIndex(x => x.Status).HasFilter("status IN ('pending', 'running')");
    }
}

internal sealed class EstablishmentRowConfiguration : IEntityTypeConfiguration<EstablishmentRow>
{
    public void Configure(EntityTypeBuilder<EstablishmentRow> e)
    {
        e.ToTable("establishments");
        e.HasKey(x => x.EstablishmentId);
        e.Property(x => x.EstablishmentId).ValueGeneratedNever();
        e.Property(x => x.Uai).HasMaxLength(8);
        e.Property(x => x.Name).HasMaxLength(200);
    }
}
