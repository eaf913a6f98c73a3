using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sacoche.Import.Infrastructure.EntityConfigurations;

internal sealed class EstablishmentConfiguration : IEntityTypeConfiguration<Establishment>
{
    public void Configure(EntityTypeBuilder<Establishment> e)
    {
        e.ToTable("establishments");
        e.HasKey(x => x.EstablishmentId);
        e.Property(x => x.EstablishmentId).ValueGeneratedNever();
        e.Property(x => x.Uai).HasMaxLength(8);
        e.Property(x => x.Name).HasMaxLength(200);
        e.Property(x => x.StructureHash).HasMaxLength(64);
    }
}

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> e)
    {
        e.ToTable("people");
        e.HasKey(x => new { x.EstablishmentId, x.Id });
        e.Property(x => x.Profile).HasMaxLength(8);
        e.Property(x => x.Gender).HasMaxLength(1);
        e.Property(x => x.Address).HasColumnType("jsonb");
        e.Property(x => x.PrincipalOfClasses).HasColumnType("jsonb");
        e.Property(x => x.Options).HasColumnType("jsonb");
        e.Property(x => x.StsType).HasMaxLength(10);
        e.Property(x => x.Civility).HasMaxLength(3);
        e.HasIndex(x => new { x.EstablishmentId, x.Profile, x.LastName, x.FirstName });
        e.HasIndex(x => new { x.EstablishmentId, x.ClassCode });
        e.HasIndex(x => new { x.EstablishmentId, x.SiecleId });
        e.HasIndex(x => new { x.EstablishmentId, x.EntId }).IsUnique().HasFilter("ent_id IS NOT NULL");

        // What CAS sign-in compares (case, accents and surrounding spaces ignored): one holder per establishment.
        e.HasIndex(x => new { x.EstablishmentId, x.EntIdKey }).IsUnique()
            .HasFilter("ent_id_key IS NOT NULL AND ent_id_key <> ''")
            .HasDatabaseName(DirectoryStore.EntIdKeyIndex);
    }
}

internal sealed class StructureConfiguration : IEntityTypeConfiguration<Structure>
{
    public void Configure(EntityTypeBuilder<Structure> e)
    {
        e.ToTable("structures");
        e.HasKey(x => new { x.EstablishmentId, x.Kind, x.Code });
        e.Property(x => x.Kind).HasConversion<short>();
        e.Property(x => x.Code).HasMaxLength(64);
        e.Property(x => x.MefCode).HasMaxLength(20);
        e.Property(x => x.StsMefCodes).HasDefaultValueSql("'{}'::text[]");
    }
}

internal sealed class MembershipConfiguration : IEntityTypeConfiguration<Membership>
{
    public void Configure(EntityTypeBuilder<Membership> e)
    {
        e.ToTable("memberships");
        e.HasKey(x => new { x.EstablishmentId, x.PersonId, x.GroupCode });
        e.Property(x => x.GroupCode).HasMaxLength(64);
        e.HasIndex(x => new { x.EstablishmentId, x.GroupCode });
    }
}

internal sealed class GuardianLinkConfiguration : IEntityTypeConfiguration<GuardianLink>
{
    public void Configure(EntityTypeBuilder<GuardianLink> e)
    {
        e.ToTable("guardian_links");
        e.HasKey(x => new { x.EstablishmentId, x.GuardianId, x.StudentKey });
        e.HasIndex(x => new { x.EstablishmentId, x.StudentId });
    }
}

internal sealed class TeacherServiceConfiguration : IEntityTypeConfiguration<TeacherServiceRow>
{
    public void Configure(EntityTypeBuilder<TeacherServiceRow> e)
    {
        e.ToTable("teacher_services");
        e.HasKey(x => new { x.EstablishmentId, x.TeacherId, x.Kind, x.StructureCode, x.SubjectCode });
        e.Property(x => x.Kind).HasConversion<short>();
        e.Property(x => x.StructureCode).HasMaxLength(64);
        e.Property(x => x.SubjectCode).HasMaxLength(32);
        e.HasIndex(x => new { x.EstablishmentId, x.StructureCode });
    }
}

internal sealed class SubjectConfiguration : IEntityTypeConfiguration<Subject>
{
    public void Configure(EntityTypeBuilder<Subject> e)
    {
        e.ToTable("subjects");
        e.HasKey(x => new { x.EstablishmentId, x.Code });
        e.Property(x => x.Code).HasMaxLength(32);
    }
}

internal sealed class ImportJobConfiguration : IEntityTypeConfiguration<ImportJob>
{
    public void Configure(EntityTypeBuilder<ImportJob> e)
    {
        e.ToTable("imports");
        e.HasKey(x => new { x.EstablishmentId, x.Id });
        e.Property(x => x.Kind).HasMaxLength(32);
        e.Property(x => x.SpreadsheetKind).HasMaxLength(16);
        e.Property(x => x.Status).HasMaxLength(16);
        e.Property(x => x.FileName).HasMaxLength(260);
        e.HasIndex(x => new { x.EstablishmentId, x.CreatedAt });
        // The worker's claim: pending rows in arrival order, across establishments.
        e.HasIndex(x => new { x.Status, x.CreatedAt }).HasFilter("status IN ('pending', 'parsing')");
    }
}

internal sealed class ImportFileConfiguration : IEntityTypeConfiguration<ImportFile>
{
    public void Configure(EntityTypeBuilder<ImportFile> e)
    {
        e.ToTable("import_files");
        e.HasKey(x => new { x.EstablishmentId, x.ImportId });
    }
}

internal sealed class EntImportConfiguration : IEntityTypeConfiguration<EntImport>
{
    public void Configure(EntityTypeBuilder<EntImport> e)
    {
        e.ToTable("ent_imports");
        e.HasKey(x => new { x.EstablishmentId, x.Id });
        e.Property(x => x.Status).HasMaxLength(16);
        e.Property(x => x.Format).HasMaxLength(64);
        e.Property(x => x.Connector).HasMaxLength(64);
        e.Property(x => x.FileName).HasMaxLength(260);
        e.HasIndex(x => new { x.EstablishmentId, x.CreatedAt });
    }
}
