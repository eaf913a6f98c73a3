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

        // Fields added for the LSU (absent from older events: null, no options). Ids that do not fit are
        // dropped rather than cut; address text is cut to its column.
        var stsId = m.StsId is { Length: <= 20 } sts ? sts : null;
        var stsType = m.StsType is { Length: <= 10 } type ? type : null;
        var civility = m.Civility is "M" or "MME" ? m.Civility : null;
        var a = m.Address;
        var applied = await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO roster_users (establishment_id, user_id, version, profile, last_name, first_name, class_code, group_codes, child_ids, subject_codes, exit_date,
                siecle_id, birth_date, sts_id, sts_type, civility, address_line1, address_line2, address_line3, address_line4, postal_code, city)
            VALUES ({m.EstablishmentId}, {m.UserId}, {m.Version}, {m.Profile}, {m.LastName}, {m.FirstName}, {m.ClassCode}, {groups}, {children}, {subjects}, {m.ExitDate},
                {m.SiecleId}, {m.BirthDate}, {stsId}, {stsType}, {civility}, {Cut(a?.Line1, 100)}, {Cut(a?.Line2, 100)}, {Cut(a?.Line3, 100)}, {Cut(a?.Line4, 100)},
                {Cut(a?.PostalCode, 10)}, {Cut(a?.City, 100)})
            ON CONFLICT (establishment_id, user_id) DO UPDATE SET
                version = EXCLUDED.version, profile = EXCLUDED.profile, last_name = EXCLUDED.last_name, first_name = EXCLUDED.first_name,
                class_code = EXCLUDED.class_code, group_codes = EXCLUDED.group_codes, child_ids = EXCLUDED.child_ids,
                subject_codes = EXCLUDED.subject_codes, exit_date = EXCLUDED.exit_date, siecle_id = EXCLUDED.siecle_id, birth_date = EXCLUDED.birth_date,
                sts_id = EXCLUDED.sts_id, sts_type = EXCLUDED.sts_type, civility = EXCLUDED.civility,
                address_line1 = EXCLUDED.address_line1, address_line2 = EXCLUDED.address_line2, address_line3 = EXCLUDED.address_line3,
                address_line4 = EXCLUDED.address_line4, postal_code = EXCLUDED.postal_code, city = EXCLUDED.city
            WHERE roster_users.version < EXCLUDED.version
            """, ct);
        if (applied == 0)
        {
            return; // an equal or newer snapshot is already there: its options too
        }

        // The snapshot's options replace the user's (same transaction, given by the inbox filter).
        var options = (m.Options ?? [])
            .Where(o => o is { SubjectBcnCode.Length: > 0 and <= 6, Modality.Length: 1 })
            .DistinctBy(o => o.SubjectBcnCode)
            .ToList();
        await db.RosterStudentOptions.IgnoreQueryFilters()
            .Where(o => o.EstablishmentId == m.EstablishmentId && o.StudentId == m.UserId)
            .ExecuteDeleteAsync(ct);
        if (options.Count > 0)
        {
            string[] codes = [.. options.Select(o => o.SubjectBcnCode)];
            string[] modalities = [.. options.Select(o => o.Modality)];
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO roster_student_options (establishment_id, student_id, subject_bcn_code, modality)
                SELECT {m.EstablishmentId}, {m.UserId}, u.code, u.modality FROM unnest({codes}, {modalities}) AS u(code, modality)
                """, ct);
        }
    }

    private static string? Cut(string? s, int max) => s is not null && s.Length > max ? s[..max] : s;
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
            var bcn = BcnCode(s.BcnCode);
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO subjects (establishment_id, code, bcn_code, name, imported) VALUES ({b}, {s.Code}, {bcn}, {s.Name}, TRUE)
                ON CONFLICT (establishment_id, code) DO UPDATE SET bcn_code = EXCLUDED.bcn_code, name = EXCLUDED.name, imported = TRUE
                """, ct);
        }
    }

    /// <summary>6 digits, left-padded with zeros (older Import versions kept the file's text); null when it is not a BCN code.</summary>
    private static string? BcnCode(string? code)
    {
        var c = code?.Trim();
        return c is { Length: > 0 and <= 6 } && c.All(char.IsAsciiDigit) ? c.PadLeft(6, '0') : null;
    }
}
