using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sacoche.Competences.Infrastructure.EntityConfigurations;

internal sealed class RosterUserConfiguration : IEntityTypeConfiguration<RosterUser>
{
    public void Configure(EntityTypeBuilder<RosterUser> e)
    {
        e.ToTable("roster_users");
        e.HasKey(x => new { x.EstablishmentId, x.UserId });
        e.Property(x => x.Profile).HasMaxLength(3);
        e.Property(x => x.LastName).HasMaxLength(100);
        e.Property(x => x.FirstName).HasMaxLength(100);
        e.Property(x => x.ClassCode).HasMaxLength(40);
        e.Property(x => x.SiecleId).HasMaxLength(20);
        e.Property(x => x.StsId).HasMaxLength(20);
        e.Property(x => x.StsType).HasMaxLength(10);
        e.Property(x => x.Civility).HasMaxLength(3);
        e.Property(x => x.AddressLine1).HasMaxLength(100);
        e.Property(x => x.AddressLine2).HasMaxLength(100);
        e.Property(x => x.AddressLine3).HasMaxLength(100);
        e.Property(x => x.AddressLine4).HasMaxLength(100);
        e.Property(x => x.PostalCode).HasMaxLength(10);
        e.Property(x => x.City).HasMaxLength(100);
        e.HasIndex(x => new { x.EstablishmentId, x.ClassCode });
        // GIN cannot index the integer establishment_id without btree_gin: group membership only.
        e.HasIndex(x => x.GroupCodes).HasMethod("gin");
    }
}

internal sealed class StructureVersionConfiguration : IEntityTypeConfiguration<StructureVersion>
{
    public void Configure(EntityTypeBuilder<StructureVersion> e)
    {
        e.ToTable("structure_versions");
        e.HasKey(x => x.EstablishmentId);
        e.Property(x => x.EstablishmentId).ValueGeneratedNever();
    }
}

internal sealed class RosterClassConfiguration : IEntityTypeConfiguration<RosterClass>
{
    public void Configure(EntityTypeBuilder<RosterClass> e)
    {
        e.ToTable("roster_classes");
        e.HasKey(x => new { x.EstablishmentId, x.Code });
        e.Property(x => x.Code).HasMaxLength(40);
        e.Property(x => x.Name).HasMaxLength(100);
        e.Property(x => x.LevelCode).HasMaxLength(20);
    }
}

internal sealed class RosterGroupConfiguration : IEntityTypeConfiguration<RosterGroup>
{
    public void Configure(EntityTypeBuilder<RosterGroup> e)
    {
        e.ToTable("roster_groups");
        e.HasKey(x => new { x.EstablishmentId, x.Code });
        e.Property(x => x.Code).HasMaxLength(40);
        e.Property(x => x.Name).HasMaxLength(100);
    }
}

internal sealed class TeacherServiceConfiguration : IEntityTypeConfiguration<TeacherServiceRow>
{
    public void Configure(EntityTypeBuilder<TeacherServiceRow> e)
    {
        e.ToTable("teacher_services");
        e.HasKey(x => new { x.EstablishmentId, x.TeacherId, x.StructureCode, x.IsGroup, x.SubjectCode });
        e.Property(x => x.StructureCode).HasMaxLength(40);
        e.Property(x => x.SubjectCode).HasMaxLength(10);
    }
}

internal sealed class SubjectConfiguration : IEntityTypeConfiguration<Subject>
{
    public void Configure(EntityTypeBuilder<Subject> e)
    {
        e.ToTable("subjects");
        e.HasKey(x => new { x.EstablishmentId, x.Code });
        e.Property(x => x.Code).HasMaxLength(10);
        e.Property(x => x.BcnCode).HasMaxLength(6);
        e.Property(x => x.Name).HasMaxLength(100);
    }
}

internal sealed class NationalSubjectConfiguration : IEntityTypeConfiguration<NationalSubject>
{
    public void Configure(EntityTypeBuilder<NationalSubject> e)
    {
        e.ToTable("national_subjects");
        e.HasKey(x => x.Code);
        e.Property(x => x.Code).HasMaxLength(10);
        e.Property(x => x.BcnCode).HasMaxLength(6);
        e.Property(x => x.Name).HasMaxLength(100);
        e.HasData(NationalData.Subjects);
    }
}

internal sealed class LevelConfiguration : IEntityTypeConfiguration<Level>
{
    public void Configure(EntityTypeBuilder<Level> e)
    {
        e.ToTable("levels");
        e.HasKey(x => x.Code);
        e.Property(x => x.Code).HasMaxLength(10);
        e.Property(x => x.Name).HasMaxLength(60);
        e.Property(x => x.Ref).HasMaxLength(10);
        e.Property(x => x.MefMask).HasMaxLength(200);
        e.HasData(NationalData.Levels);
    }
}

internal sealed class SettingsConfiguration : IEntityTypeConfiguration<SettingsRow>
{
    public void Configure(EntityTypeBuilder<SettingsRow> e)
    {
        e.ToTable("establishment_settings");
        e.HasKey(x => x.EstablishmentId);
        e.Property(x => x.EstablishmentId).ValueGeneratedNever();
        e.Property(x => x.Document).HasColumnType("jsonb");
    }
}

internal sealed class ReferentialConfiguration : IEntityTypeConfiguration<Referential>
{
    public void Configure(EntityTypeBuilder<Referential> e)
    {
        e.ToTable("referentials");
        e.HasKey(x => new { x.EstablishmentId, x.Id });
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.SubjectCode).HasMaxLength(10);
        e.Property(x => x.LevelCode).HasMaxLength(10);
        e.Property(x => x.Method).HasMaxLength(20);
        e.Property(x => x.Retroactivity).HasMaxLength(10);
        e.Property(x => x.SynthesisMode).HasMaxLength(10).HasDefaultValue("domaine");
        e.HasIndex(x => new { x.EstablishmentId, x.SubjectCode, x.LevelCode }).IsUnique();
    }
}

internal sealed class DomainConfiguration : IEntityTypeConfiguration<ReferentialDomainRow>
{
    public void Configure(EntityTypeBuilder<ReferentialDomainRow> e)
    {
        e.ToTable("referential_domains");
        e.HasKey(x => new { x.EstablishmentId, x.Id });
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.Code).HasMaxLength(1);
        e.Property(x => x.Ref).HasMaxLength(20);
        e.Property(x => x.Name).HasMaxLength(255);
        e.HasIndex(x => new { x.EstablishmentId, x.ReferentialId });
        e.HasOne<Referential>().WithMany().HasForeignKey(x => new { x.EstablishmentId, x.ReferentialId }).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ThemeConfiguration : IEntityTypeConfiguration<ReferentialThemeRow>
{
    public void Configure(EntityTypeBuilder<ReferentialThemeRow> e)
    {
        e.ToTable("referential_themes");
        e.HasKey(x => new { x.EstablishmentId, x.Id });
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.Ref).HasMaxLength(20);
        e.Property(x => x.Name).HasMaxLength(255);
        e.HasIndex(x => new { x.EstablishmentId, x.ReferentialId });
        e.HasOne<ReferentialDomainRow>().WithMany().HasForeignKey(x => new { x.EstablishmentId, x.DomainId }).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ItemConfiguration : IEntityTypeConfiguration<ReferentialItemRow>
{
    public void Configure(EntityTypeBuilder<ReferentialItemRow> e)
    {
        e.ToTable("referential_items");
        e.HasKey(x => new { x.EstablishmentId, x.Id });
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.Ref).HasMaxLength(20);
        e.Property(x => x.Name).HasMaxLength(255);
        e.Property(x => x.Abbreviation).HasMaxLength(15);
        e.Property(x => x.Link).HasMaxLength(255);
        e.Property(x => x.Comment).HasMaxLength(1000);
        e.HasIndex(x => new { x.EstablishmentId, x.ReferentialId });
        e.HasOne<ReferentialThemeRow>().WithMany().HasForeignKey(x => new { x.EstablishmentId, x.ThemeId }).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EvaluationConfiguration : IEntityTypeConfiguration<Evaluation>
{
    public void Configure(EntityTypeBuilder<Evaluation> e)
    {
        e.ToTable("evaluations");
        e.HasKey(x => new { x.EstablishmentId, x.Id });
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.ClassCode).HasMaxLength(40);
        e.Property(x => x.GroupCode).HasMaxLength(40);
        e.Property(x => x.Description).HasMaxLength(60);
        e.HasIndex(x => new { x.EstablishmentId, x.OwnerId });
    }
}

internal sealed class EvaluationItemConfiguration : IEntityTypeConfiguration<EvaluationItem>
{
    public void Configure(EntityTypeBuilder<EvaluationItem> e)
    {
        e.ToTable("evaluation_items");
        e.HasKey(x => new { x.EstablishmentId, x.EvaluationId, x.ItemId });
        e.HasIndex(x => new { x.EstablishmentId, x.ItemId });
        e.HasOne<Evaluation>().WithMany().HasForeignKey(x => new { x.EstablishmentId, x.EvaluationId }).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<ReferentialItemRow>().WithMany().HasForeignKey(x => new { x.EstablishmentId, x.ItemId }).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EvaluationStudentConfiguration : IEntityTypeConfiguration<EvaluationStudent>
{
    public void Configure(EntityTypeBuilder<EvaluationStudent> e)
    {
        e.ToTable("evaluation_students");
        e.HasKey(x => new { x.EstablishmentId, x.EvaluationId, x.StudentId });
        e.HasOne<Evaluation>().WithMany().HasForeignKey(x => new { x.EstablishmentId, x.EvaluationId }).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EvaluationShareConfiguration : IEntityTypeConfiguration<EvaluationShare>
{
    public void Configure(EntityTypeBuilder<EvaluationShare> e)
    {
        e.ToTable("evaluation_shares");
        e.HasKey(x => new { x.EstablishmentId, x.EvaluationId, x.TeacherId });
        e.Property(x => x.Right).HasMaxLength(10);
        e.HasIndex(x => new { x.EstablishmentId, x.TeacherId });
        e.HasOne<Evaluation>().WithMany().HasForeignKey(x => new { x.EstablishmentId, x.EvaluationId }).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EvaluationRequestConfiguration : IEntityTypeConfiguration<EvaluationRequestRow>
{
    public void Configure(EntityTypeBuilder<EvaluationRequestRow> e)
    {
        e.ToTable("evaluation_requests");
        e.HasKey(x => new { x.EstablishmentId, x.Id });
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.SubjectCode).HasMaxLength(40);
        e.Property(x => x.Message).HasMaxLength(500);
        e.Property(x => x.Answer).HasMaxLength(500);
        e.Property(x => x.Status).HasMaxLength(10);
        // One pending request per student and item.
        e.HasIndex(x => new { x.EstablishmentId, x.StudentId, x.ItemId }).IsUnique().HasFilter("status = 'pending'");
        e.HasIndex(x => new { x.EstablishmentId, x.SubjectCode, x.Status });
        e.HasOne<ReferentialItemRow>().WithMany().HasForeignKey(x => new { x.EstablishmentId, x.ItemId }).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EntryConfiguration : IEntityTypeConfiguration<Entry>
{
    public void Configure(EntityTypeBuilder<Entry> e)
    {
        e.ToTable("entries");
        e.HasKey(x => new { x.EstablishmentId, x.EvaluationId, x.StudentId, x.ItemId });
        e.Property(x => x.Code).HasMaxLength(2);
        // The student report reads all entries of one student in one query.
        e.HasIndex(x => new { x.EstablishmentId, x.StudentId, x.ItemId });
        e.HasIndex(x => new { x.EstablishmentId, x.ItemId });
        e.HasOne<Evaluation>().WithMany().HasForeignKey(x => new { x.EstablishmentId, x.EvaluationId }).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<ReferentialItemRow>().WithMany().HasForeignKey(x => new { x.EstablishmentId, x.ItemId }).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EntryAuditConfiguration : IEntityTypeConfiguration<EntryAudit>
{
    public void Configure(EntityTypeBuilder<EntryAudit> e)
    {
        e.ToTable("entry_audits");
        e.HasKey(x => new { x.EstablishmentId, x.Id });
        e.Property(x => x.Id).UseIdentityAlwaysColumn();
        e.Property(x => x.OldCode).HasMaxLength(2);
        e.Property(x => x.NewCode).HasMaxLength(2);
        // Kept when an evaluation is deleted: no foreign key.
        e.HasIndex(x => new { x.EstablishmentId, x.EvaluationId, x.StudentId, x.ItemId });
    }
}

internal sealed class CommonCorePositioningConfiguration : IEntityTypeConfiguration<CommonCorePositioning>
{
    public void Configure(EntityTypeBuilder<CommonCorePositioning> e)
    {
        e.ToTable("common_core_positionings");
        e.HasKey(x => new { x.EstablishmentId, x.StudentId, x.Cycle, x.Component });
        e.Property(x => x.Component).HasMaxLength(10);
    }
}

internal sealed class CatalogReferentialConfiguration : IEntityTypeConfiguration<CatalogReferential>
{
    public void Configure(EntityTypeBuilder<CatalogReferential> e)
    {
        // Academy-wide: no establishment_id in the key, no tenant filter (published snapshots only).
        e.ToTable("catalog_referentials");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).UseIdentityAlwaysColumn();
        e.Property(x => x.SubjectCode).HasMaxLength(10);
        e.Property(x => x.SubjectName).HasMaxLength(100);
        e.Property(x => x.LevelCode).HasMaxLength(10);
        e.Property(x => x.LevelName).HasMaxLength(60);
        e.Property(x => x.Description).HasMaxLength(1000);
        e.Property(x => x.Method).HasMaxLength(20);
        e.Property(x => x.Retroactivity).HasMaxLength(10);
        e.Property(x => x.SynthesisMode).HasMaxLength(10);
        e.Property(x => x.Tree).HasColumnType("jsonb");
        e.HasIndex(x => new { x.AuthorEstablishmentId, x.SourceReferentialId, x.Version }).IsUnique();
        e.HasIndex(x => new { x.SubjectCode, x.LevelCode });
        e.Property(x => x.WithdrawnBy).HasMaxLength(100);
        // The listing, newest first; the publication rate of one user.
        e.HasIndex(x => new { x.PublishedAt, x.Id });
        e.HasIndex(x => new { x.PublishedBy, x.PublishedAt });
    }
}
