using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sacoche.Competences.Infrastructure.EntityConfigurations;

internal sealed class RosterStudentOptionConfiguration : IEntityTypeConfiguration<RosterStudentOption>
{
    public void Configure(EntityTypeBuilder<RosterStudentOption> e)
    {
        e.ToTable("roster_student_options");
        e.HasKey(x => new { x.EstablishmentId, x.StudentId, x.SubjectBcnCode });
        e.Property(x => x.SubjectBcnCode).HasMaxLength(6);
        e.Property(x => x.Modality).HasMaxLength(1);
    }
}

internal sealed class CycleBilanConfiguration : IEntityTypeConfiguration<CycleBilan>
{
    public void Configure(EntityTypeBuilder<CycleBilan> e)
    {
        e.ToTable("cycle_bilans");
        e.HasKey(x => new { x.EstablishmentId, x.StudentId, x.Cycle });
        e.Property(x => x.Synthesis).HasMaxLength(1500);
        e.Property(x => x.ComplementCode).HasMaxLength(3);
        e.Property(x => x.Version).IsConcurrencyToken();
    }
}

internal sealed class BilanParcoursConfiguration : IEntityTypeConfiguration<BilanParcours>
{
    public void Configure(EntityTypeBuilder<BilanParcours> e)
    {
        e.ToTable("bilan_parcours");
        e.HasKey(x => new { x.EstablishmentId, x.PeriodId, x.ClassCode, x.Code });
        e.Property(x => x.ClassCode).HasMaxLength(40);
        e.Property(x => x.Code).HasMaxLength(7);
        e.Property(x => x.Description).HasMaxLength(600);
    }
}

internal sealed class StudentMeasureConfiguration : IEntityTypeConfiguration<StudentMeasure>
{
    public void Configure(EntityTypeBuilder<StudentMeasure> e)
    {
        e.ToTable("student_measures");
        e.HasKey(x => new { x.EstablishmentId, x.StudentId, x.Code });
        e.Property(x => x.Code).HasMaxLength(5);
        e.Property(x => x.Complement).HasMaxLength(600);
    }
}

internal sealed class LsuSettingsConfiguration : IEntityTypeConfiguration<LsuSettings>
{
    public void Configure(EntityTypeBuilder<LsuSettings> e)
    {
        e.ToTable("lsu_settings");
        e.HasKey(x => x.EstablishmentId);
        e.Property(x => x.EstablishmentId).ValueGeneratedNever();
        e.Property(x => x.HeadOfEstablishment).HasMaxLength(100);
    }
}

internal sealed class LsuExportConfiguration : IEntityTypeConfiguration<LsuExport>
{
    public void Configure(EntityTypeBuilder<LsuExport> e)
    {
        e.ToTable("lsu_exports");
        e.HasKey(x => new { x.EstablishmentId, x.Id });
        e.Property(x => x.Id).UseIdentityAlwaysColumn();
        e.Property(x => x.FileName).HasMaxLength(60);
        e.Property(x => x.Sha256).HasMaxLength(64);
    }
}
