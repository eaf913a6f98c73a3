using MassTransit;
using Microsoft.EntityFrameworkCore;
using Sacoche.Competences.Infrastructure;
using Sacoche.Contracts;
using Sacoche.ServiceDefaults.Messaging;

namespace Sacoche.Competences.IntegrationEvents;

// The roster projection: Import owns the directory, Competences keeps the part it needs.
// The inbox filter runs each consumer in one transaction and skips a redelivered MessageId; a
// consumer applies a snapshot only when its version is newer than the stored one (out-of-order safe).

public sealed class UserImportedConsumer(CompetencesDbContext db) : IConsumer<UserImported>
{
    public async Task Consume(ConsumeContext<UserImported> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        string[] groups = [.. m.GroupCodes ?? []];
        Guid[] children = [.. m.ChildIds ?? []];
        string[] subjects = [.. m.SubjectCodes ?? []];
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO roster_users (establishment_id, user_id, version, profile, last_name, first_name, class_code, group_codes, child_ids, subject_codes, exit_date,
                siecle_id, birth_date)
            VALUES ({m.EstablishmentId}, {m.UserId}, {m.Version}, {m.Profile}, {m.LastName}, {m.FirstName}, {m.ClassCode}, {groups}, {children}, {subjects}, {m.ExitDate},
                {m.SiecleId}, {m.BirthDate})
            ON CONFLICT (establishment_id, user_id) DO UPDATE SET
                version = EXCLUDED.version, profile = EXCLUDED.profile, last_name = EXCLUDED.last_name, first_name = EXCLUDED.first_name,
                class_code = EXCLUDED.class_code, group_codes = EXCLUDED.group_codes, child_ids = EXCLUDED.child_ids,
                subject_codes = EXCLUDED.subject_codes, exit_date = EXCLUDED.exit_date, siecle_id = EXCLUDED.siecle_id, birth_date = EXCLUDED.birth_date
            WHERE roster_users.version < EXCLUDED.version
            """, ct);
    }
}

public sealed class UserRetiredConsumer(CompetencesDbContext db) : IConsumer<UserRetired>
{
    public async Task Consume(ConsumeContext<UserRetired> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        // Scores stay attached: the user only gets an exit date.
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            UPDATE roster_users SET exit_date = {m.ExitDate}, version = {m.Version}
            WHERE establishment_id = {m.EstablishmentId} AND user_id = {m.UserId} AND version < {m.Version}
            """, ct);
    }
}

public sealed class StructureImportedConsumer(CompetencesDbContext db) : IConsumer<StructureImported>
{
    public async Task Consume(ConsumeContext<StructureImported> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        int b = m.EstablishmentId;
        // Claims the new version atomically; 0 rows = an equal or newer snapshot is already applied.
        var claimed = await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO structure_versions (establishment_id, version) VALUES ({b}, {m.Version})
            ON CONFLICT (establishment_id) DO UPDATE SET version = EXCLUDED.version
            WHERE structure_versions.version < EXCLUDED.version
            """, ct);
        if (claimed == 0)
        {
            return;
        }

        await db.Classes.IgnoreQueryFilters().Where(c => c.EstablishmentId == b).ExecuteDeleteAsync(ct);
        await db.Groups.IgnoreQueryFilters().Where(g => g.EstablishmentId == b).ExecuteDeleteAsync(ct);
        await db.TeacherServices.IgnoreQueryFilters().Where(s => s.EstablishmentId == b).ExecuteDeleteAsync(ct);
        db.Classes.AddRange(m.Classes.DistinctBy(c => c.Code).Select(c => new RosterClass
        {
            EstablishmentId = b,
            Code = c.Code,
            Name = c.Name,
            LevelCode = c.LevelCode,
            PrincipalTeacherId = c.PrincipalTeacherId,
        }));
        db.Groups.AddRange(m.Groups.DistinctBy(g => g.Code).Select(g => new RosterGroup
        {
            EstablishmentId = b,
            Code = g.Code,
            Name = g.Name,
            ClassCodes = [.. g.ClassCodes],
        }));
        db.TeacherServices.AddRange(m.Services.DistinctBy(s => (s.TeacherId, s.StructureCode, s.IsGroup, s.SubjectCode)).Select(s => new TeacherServiceRow
        {
            EstablishmentId = b,
            TeacherId = s.TeacherId,
            StructureCode = s.StructureCode,
            IsGroup = s.IsGroup,
            SubjectCode = s.SubjectCode,
        }));
        await db.SaveChangesAsync(ct);

        // Subjects are upserted, never deleted: referentials keep pointing at them.
        foreach (var s in m.Subjects.DistinctBy(s => s.Code))
        {
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO subjects (establishment_id, code, bcn_code, name, imported) VALUES ({b}, {s.Code}, {s.BcnCode}, {s.Name}, TRUE)
                ON CONFLICT (establishment_id, code) DO UPDATE SET bcn_code = EXCLUDED.bcn_code, name = EXCLUDED.name, imported = TRUE
                """, ct);
        }
    }
}
