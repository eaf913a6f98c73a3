using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Sacoche.Contracts;
using Sacoche.Import.Domain;
using Sacoche.Import.Domain.EntIdentifiers;
using Sacoche.People;
using Sacoche.ServiceDefaults.Messaging;

namespace Sacoche.Import.Infrastructure;

/// <summary>What the domain's snapshot does not carry: the published version and the ENT id.</summary>
public sealed record PersonState(long Version, string? EntId);

public sealed record LoadedDirectory(DirectorySnapshot Snapshot, IReadOnlyDictionary<Guid, PersonState> State);

/// <summary>
/// Set-based reads and writes of the directory on one connection and transaction: a whole
/// establishment is loaded in five queries and written with <c>INSERT … SELECT FROM unnest(…)</c>
/// (docs/architecture.md, « Measured costs »: EF AddRange is ~7× slower for 5,650 rows).
/// Every statement names the establishment explicitly.
/// </summary>
public static class DirectoryStore
{
    public static async Task<LoadedDirectory> LoadAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, int est, CancellationToken ct)
    {
        var groups = new Dictionary<Guid, List<string>>();
        await using (var cmd = Command(conn, tx, "SELECT person_id, group_code FROM memberships WHERE establishment_id = @e ORDER BY group_code", est))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                ListOf(groups, r.GetGuid(0)).Add(r.GetString(1));
            }
        }

        var children = new Dictionary<Guid, List<GuardianChild>>();
        await using (var cmd = Command(conn, tx, "SELECT guardian_id, student_key, legal_rank FROM guardian_links WHERE establishment_id = @e ORDER BY student_key", est))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                ListOf(children, r.GetGuid(0)).Add(new GuardianChild(r.GetString(1), r.GetInt32(2)));
            }
        }

        var services = new Dictionary<Guid, List<TeachingAssignment>>();
        await using (var cmd = Command(conn, tx, "SELECT teacher_id, kind, structure_code, subject_code FROM teacher_services WHERE establishment_id = @e ORDER BY structure_code, subject_code", est))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                var subject = r.GetString(3);
                ListOf(services, r.GetGuid(0)).Add(new TeachingAssignment((StructureKind)r.GetInt16(1), r.GetString(2), subject.Length == 0 ? null : subject));
            }
        }

        var people = new List<DirectoryPerson>();
        var state = new Dictionary<Guid, PersonState>();
        const string sql = """
            SELECT id, profile, last_name, first_name, birth_date, gender, email, siecle_id, elenoet, ine, old_ine, sts_id,
                   reference, class_code, exit_date, ent_id, version, address::text, phone_home, phone_mobile, phone_work,
                   principal_of_classes::text, sts_type, civility, options::text
            FROM people WHERE establishment_id = @e ORDER BY last_name, first_name, id
            """;
        await using (var cmd = Command(conn, tx, sql, est))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                var id = r.GetGuid(0);
                people.Add(new DirectoryPerson
                {
                    Id = id,
                    Profile = r.GetString(1),
                    LastName = r.GetString(2),
                    FirstName = r.GetString(3),
                    BirthDate = r.IsDBNull(4) ? null : r.GetFieldValue<DateOnly>(4),
                    Gender = ParseGender(Str(r, 5)),
                    Email = Str(r, 6),
                    SiecleId = Str(r, 7),
                    Elenoet = Str(r, 8),
                    Ine = Str(r, 9),
                    OldIne = Str(r, 10),
                    StsId = Str(r, 11),
                    Reference = Str(r, 12),
                    ClassCode = Str(r, 13),
                    ExitDate = r.IsDBNull(14) ? null : r.GetFieldValue<DateOnly>(14),
                    Address = Str(r, 17) is { } a ? JsonSerializer.Deserialize<PostalAddress>(a, ImportJson.Options) : null,
                    PhoneHome = Str(r, 18),
                    PhoneMobile = Str(r, 19),
                    PhoneWork = Str(r, 20),
                    PrincipalOfClasses = Str(r, 21) is { } pp ? JsonSerializer.Deserialize<List<string>>(pp, ImportJson.Options) ?? [] : [],
                    StsType = Str(r, 22),
                    Civility = Str(r, 23),
                    Options = Str(r, 24) is { } o ? JsonSerializer.Deserialize<List<StudentOption>>(o, ImportJson.Options) ?? [] : [],
                    GroupCodes = groups.GetValueOrDefault(id) ?? [],
                    Children = children.GetValueOrDefault(id) ?? [],
                    Services = services.GetValueOrDefault(id) ?? [],
                });
                state[id] = new PersonState(r.GetInt64(16), Str(r, 15));
            }
        }

        var structures = new List<DirectoryStructure>();
        await using (var cmd = Command(conn, tx, "SELECT kind, code, label, class_codes, imported, mef_code, sts_mef_codes FROM structures WHERE establishment_id = @e ORDER BY kind, code", est))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                structures.Add(new DirectoryStructure
                {
                    Kind = (StructureKind)r.GetInt16(0),
                    Code = r.GetString(1),
                    Label = Str(r, 2),
                    ClassCodes = r.GetFieldValue<string[]>(3),
                    Imported = r.GetBoolean(4),
                    MefCode = Str(r, 5),
                    StsMefCodes = r.GetFieldValue<string[]>(6),
                });
            }
        }

        return new LoadedDirectory(new DirectorySnapshot(people, structures), state);
    }

    /// <summary>Name of the unique index on the folded ENT id (<see cref="EntIdKey"/>) per establishment.</summary>
    public const string EntIdKeyIndex = "ix_people_establishment_id_ent_id_key";

    /// <summary>
    /// Writes ENT ids with their folded key, bumping the version of each person whose id changes; returns
    /// (id, new version) of those. Null when the unique index on the folded id refuses one (the transaction
    /// is then unusable): callers check duplicates first under the establishment lock, so this is the last guard.
    /// </summary>
    public static async Task<List<(Guid Id, long Version)>?> SetEntIdsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int est, IReadOnlyList<(Guid UserId, string EntId)> ids, DateTimeOffset now, CancellationToken ct)
    {
        var changed = new List<(Guid Id, long Version)>();
        if (ids.Count == 0)
        {
            return changed;
        }

        await using var cmd = Command(conn, tx, """
            UPDATE people p SET ent_id = u.ent, ent_id_key = u.ent_key, version = p.version + 1, updated_at = @now
            FROM unnest(@ids, @ents, @keys) AS u(id, ent, ent_key)
            WHERE p.establishment_id = @e AND p.id = u.id AND p.ent_id IS DISTINCT FROM u.ent
            RETURNING p.id, p.version
            """, est);
        cmd.Parameters.AddWithValue("now", now);
        cmd.Parameters.AddWithValue("ids", ids.Select(a => a.UserId).ToArray());
        cmd.Parameters.AddWithValue("ents", ids.Select(a => a.EntId).ToArray());
        cmd.Parameters.Add(new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = ids.Select(a => EntIdKey.FoldOrNull(a.EntId)).ToArray() });
        try
        {
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                changed.Add((r.GetGuid(0), r.GetInt64(1)));
            }
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation && ex.ConstraintName == EntIdKeyIndex)
        {
            return null;
        }

        return changed;
    }

    /// <summary>Inserts or updates people (the ENT id is never touched here: it has its own import).</summary>
    public static async Task UpsertPeopleAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int est, IReadOnlyList<(DirectoryPerson Person, long Version)> rows, DateTimeOffset now, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        const string sql = """
            INSERT INTO people (establishment_id, id, profile, last_name, first_name, birth_date, gender, email, siecle_id, elenoet,
                                ine, old_ine, sts_id, reference, class_code, exit_date, version, address, phone_home, phone_mobile,
                                phone_work, principal_of_classes, sts_type, civility, options, updated_at)
            SELECT @e, u.id, u.profile, u.last_name, u.first_name, u.birth_date, u.gender, u.email, u.siecle_id, u.elenoet,
                   u.ine, u.old_ine, u.sts_id, u.reference, u.class_code, u.exit_date, u.version, u.address::jsonb, u.phone_home,
                   u.phone_mobile, u.phone_work, u.principal::jsonb, u.sts_type, u.civility, u.options::jsonb, @now
            FROM unnest(@id, @profile, @last, @first, @birth, @gender, @email, @siecle, @elenoet, @ine, @old_ine, @sts, @ref,
                        @class, @exit, @version, @address, @home, @mobile, @work, @principal, @sts_type, @civility, @options)
                 AS u(id, profile, last_name, first_name, birth_date, gender, email, siecle_id, elenoet, ine, old_ine, sts_id,
                      reference, class_code, exit_date, version, address, phone_home, phone_mobile, phone_work, principal,
                      sts_type, civility, options)
            ON CONFLICT (establishment_id, id) DO UPDATE SET
                profile = excluded.profile, last_name = excluded.last_name, first_name = excluded.first_name,
                birth_date = excluded.birth_date, gender = excluded.gender, email = excluded.email, siecle_id = excluded.siecle_id,
                elenoet = excluded.elenoet, ine = excluded.ine, old_ine = excluded.old_ine, sts_id = excluded.sts_id,
                reference = excluded.reference, class_code = excluded.class_code, exit_date = excluded.exit_date,
                version = excluded.version, address = excluded.address, phone_home = excluded.phone_home,
                phone_mobile = excluded.phone_mobile, phone_work = excluded.phone_work,
                principal_of_classes = excluded.principal_of_classes, sts_type = excluded.sts_type, civility = excluded.civility,
                options = excluded.options, updated_at = excluded.updated_at
            """;
        await using var cmd = Command(conn, tx, sql, est);
        cmd.Parameters.AddWithValue("now", now);
        cmd.Parameters.AddWithValue("id", rows.Select(x => x.Person.Id).ToArray());
        Text(cmd, "profile", rows, p => p.Profile);
        Text(cmd, "last", rows, p => p.LastName);
        Text(cmd, "first", rows, p => p.FirstName);
        cmd.Parameters.Add(new NpgsqlParameter("birth", NpgsqlDbType.Array | NpgsqlDbType.Date) { Value = rows.Select(x => x.Person.BirthDate).ToArray() });
        Text(cmd, "gender", rows, p => FormatGender(p.Gender));
        Text(cmd, "email", rows, p => p.Email);
        Text(cmd, "siecle", rows, p => p.SiecleId);
        Text(cmd, "elenoet", rows, p => p.Elenoet);
        Text(cmd, "ine", rows, p => p.Ine);
        Text(cmd, "old_ine", rows, p => p.OldIne);
        Text(cmd, "sts", rows, p => p.StsId);
        Text(cmd, "ref", rows, p => p.Reference);
        Text(cmd, "class", rows, p => p.ClassCode);
        cmd.Parameters.Add(new NpgsqlParameter("exit", NpgsqlDbType.Array | NpgsqlDbType.Date) { Value = rows.Select(x => x.Person.ExitDate).ToArray() });
        cmd.Parameters.AddWithValue("version", rows.Select(x => x.Version).ToArray());
        Text(cmd, "address", rows, p => p.Address is null ? null : JsonSerializer.Serialize(p.Address, ImportJson.Options));
        Text(cmd, "home", rows, p => p.PhoneHome);
        Text(cmd, "mobile", rows, p => p.PhoneMobile);
        Text(cmd, "work", rows, p => p.PhoneWork);
        Text(cmd, "principal", rows, p => p.PrincipalOfClasses.Count == 0 ? null : JsonSerializer.Serialize(p.PrincipalOfClasses, ImportJson.Options));
        Text(cmd, "sts_type", rows, p => p.StsType);
        Text(cmd, "civility", rows, p => p.Civility);
        Text(cmd, "options", rows, p => p.Options.Count == 0 ? null : JsonSerializer.Serialize(p.Options, ImportJson.Options));
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Replaces the group memberships, guardian links and teacher services of <paramref name="people"/>.</summary>
    public static async Task ReplaceRelationsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int est, IReadOnlyList<DirectoryPerson> people, Func<string, Guid?> studentOf, CancellationToken ct)
    {
        if (people.Count == 0)
        {
            return;
        }

        var ids = people.Select(p => p.Id).ToArray();
        var members = people.SelectMany(p => p.GroupCodes.Distinct().Select(g => (p.Id, g))).ToList();
        var links = people.SelectMany(p => p.Children.DistinctBy(c => c.StudentId).Select(c => (p.Id, c))).ToList();
        var services = people.SelectMany(p => p.Services.Distinct().Select(s => (p.Id, s))).ToList();

        await using var batch = new NpgsqlBatch(conn, tx);
        batch.BatchCommands.Add(Batch("DELETE FROM memberships WHERE establishment_id = @e AND person_id = ANY(@ids)", est, ("ids", ids)));
        batch.BatchCommands.Add(Batch("DELETE FROM guardian_links WHERE establishment_id = @e AND guardian_id = ANY(@ids)", est, ("ids", ids)));
        batch.BatchCommands.Add(Batch("DELETE FROM teacher_services WHERE establishment_id = @e AND teacher_id = ANY(@ids)", est, ("ids", ids)));
        if (members.Count > 0)
        {
            batch.BatchCommands.Add(Batch(
                "INSERT INTO memberships (establishment_id, person_id, group_code) SELECT @e, p, g FROM unnest(@p, @g) AS u(p, g) ON CONFLICT DO NOTHING",
                est, ("p", members.Select(m => m.Id).ToArray()), ("g", members.Select(m => m.g).ToArray())));
        }

        if (links.Count > 0)
        {
            var students = new NpgsqlParameter("s", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = links.Select(l => studentOf(l.c.StudentId)).ToArray() };
            var command = Batch(
                "INSERT INTO guardian_links (establishment_id, guardian_id, student_key, student_id, legal_rank) SELECT @e, g, k, s, r FROM unnest(@g, @k, @s, @r) AS u(g, k, s, r) ON CONFLICT DO NOTHING",
                est, ("g", links.Select(l => l.Id).ToArray()), ("k", links.Select(l => l.c.StudentId).ToArray()), ("r", links.Select(l => l.c.LegalRank).ToArray()));
            command.Parameters.Add(students);
            batch.BatchCommands.Add(command);
        }

        if (services.Count > 0)
        {
            batch.BatchCommands.Add(Batch(
                "INSERT INTO teacher_services (establishment_id, teacher_id, kind, structure_code, subject_code) SELECT @e, t, k, c, s FROM unnest(@t, @k, @c, @s) AS u(t, k, c, s) ON CONFLICT DO NOTHING",
                est,
                ("t", services.Select(s => s.Id).ToArray()),
                ("k", services.Select(s => (short)s.s.Kind).ToArray()),
                ("c", services.Select(s => s.s.StructureCode).ToArray()),
                ("s", services.Select(s => s.s.SubjectCode ?? "").ToArray())));
        }

        await batch.ExecuteNonQueryAsync(ct);
    }

    public static async Task WriteStructuresAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int est, IReadOnlyList<DirectoryStructure> upserts, IReadOnlyList<DirectoryStructure> removals, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(conn, tx);
        if (upserts.Count > 0)
        {
            batch.BatchCommands.Add(Batch(
                """
                INSERT INTO structures (establishment_id, kind, code, label, class_codes, imported, mef_code, sts_mef_codes)
                SELECT @e, k, c, l, ARRAY(SELECT jsonb_array_elements_text(cc::jsonb)), i, m, ARRAY(SELECT jsonb_array_elements_text(sm::jsonb))
                FROM unnest(@k, @c, @l, @cc, @i, @m, @sm) AS u(k, c, l, cc, i, m, sm)
                ON CONFLICT (establishment_id, kind, code) DO UPDATE SET label = excluded.label, class_codes = excluded.class_codes, imported = excluded.imported,
                    mef_code = excluded.mef_code, sts_mef_codes = excluded.sts_mef_codes
                """,
                est,
                ("k", upserts.Select(s => (short)s.Kind).ToArray()),
                ("c", upserts.Select(s => s.Code).ToArray()),
                ("l", upserts.Select(s => s.Label ?? s.Code).ToArray()),
                ("cc", upserts.Select(s => JsonSerializer.Serialize(s.ClassCodes, ImportJson.Options)).ToArray()),
                ("i", upserts.Select(s => s.Imported).ToArray()),
                ("m", upserts.Select(s => s.MefCode).ToArray()),
                ("sm", upserts.Select(s => JsonSerializer.Serialize(s.StsMefCodes, ImportJson.Options)).ToArray())));
        }

        if (removals.Count > 0)
        {
            batch.BatchCommands.Add(Batch(
                "DELETE FROM structures s USING unnest(@k, @c) AS u(k, c) WHERE s.establishment_id = @e AND s.kind = u.k AND s.code = u.c",
                est, ("k", removals.Select(s => (short)s.Kind).ToArray()), ("c", removals.Select(s => s.Code).ToArray())));
        }

        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(ct);
        }
    }

    public static async Task UpsertSubjectsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int est, IReadOnlyList<SubjectInfo> subjects, CancellationToken ct)
    {
        if (subjects.Count == 0)
        {
            return;
        }

        await using var cmd = Command(conn, tx, """
            INSERT INTO subjects (establishment_id, code, bcn_code, name) SELECT @e, c, b, n FROM unnest(@c, @b, @n) AS u(c, b, n)
            ON CONFLICT (establishment_id, code) DO UPDATE SET bcn_code = excluded.bcn_code, name = excluded.name
            """, est);
        cmd.Parameters.AddWithValue("c", subjects.Select(s => s.Code).ToArray());
        cmd.Parameters.Add(new NpgsqlParameter("b", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = subjects.Select(s => s.BcnCode).ToArray() });
        cmd.Parameters.AddWithValue("n", subjects.Select(s => s.Name).ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public static async Task<List<SubjectInfo>> LoadSubjectsAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, int est, CancellationToken ct)
    {
        var result = new List<SubjectInfo>();
        await using var cmd = Command(conn, tx, "SELECT code, bcn_code, name FROM subjects WHERE establishment_id = @e ORDER BY code", est);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            result.Add(new SubjectInfo(r.GetString(0), Str(r, 1), r.GetString(2)));
        }

        return result;
    }

    /// <summary>Stages events in the outbox (same transaction as the change).</summary>
    public static Task InsertOutboxAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyList<object> events, CancellationToken ct)
        => conn.WriteOutboxMessagesAsync(tx, events.Select(OutboxExtensions.CreateOutboxMessage).ToList(), ct);

    public static UserImported ToEvent(int est, DirectoryPerson p, long version, string? entId, IReadOnlyList<Guid> childIds) => new(
        est, p.Id, version, p.Profile, p.LastName, p.FirstName, FormatGender(p.Gender), p.BirthDate, p.Email, entId,
        p.SiecleId, p.ClassCode, p.GroupCodes.Distinct().Order(StringComparer.Ordinal).ToList(), childIds, p.ExitDate)
    {
        SubjectCodes = p.Services.Select(s => s.SubjectCode).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList(),
        StsId = p.StsId,
        StsType = p.StsType,
        Civility = p.Civility,
        Options = p.Options.DistinctBy(o => o.SubjectBcnCode).OrderBy(o => o.SubjectBcnCode, StringComparer.Ordinal)
            .Select(o => new SubjectOption(o.SubjectBcnCode, o.Modality)).ToList(),
        Address = p.Address is { } a ? new PostalAddressInfo(a.Line1, a.Line2, a.Line3, a.Line4, a.PostalCode, a.City) : null,
    };

    /// <summary>Students by SIECLE id and spreadsheet number (what guardian links refer to).</summary>
    public static Dictionary<string, Guid> StudentIndex(IEnumerable<DirectoryPerson> people)
    {
        var index = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var p in people.Where(p => p.Profile == Profiles.Student))
        {
            if (p.SiecleId is not null)
            {
                index.TryAdd(p.SiecleId, p.Id);
            }

            if (p.Reference is not null)
            {
                index.TryAdd(p.Reference, p.Id);
            }
        }

        return index;
    }

    public static List<Guid> ChildIds(DirectoryPerson p, Dictionary<string, Guid> students)
        => p.Children.Select(c => students.TryGetValue(c.StudentId, out var id) ? id : (Guid?)null).OfType<Guid>().Distinct().Order().ToList();

    /// <summary>Everything a UserImported snapshot or a stored row depends on, order-insensitive.</summary>
    public static string Fingerprint(DirectoryPerson p, IReadOnlyList<Guid> childIds)
    {
        var normal = p with
        {
            GroupCodes = p.GroupCodes.Distinct().Order(StringComparer.Ordinal).ToList(),
            Children = p.Children.DistinctBy(c => c.StudentId).OrderBy(c => c.StudentId, StringComparer.Ordinal).ToList(),
            Services = p.Services.Distinct().OrderBy(s => s.Kind).ThenBy(s => s.StructureCode, StringComparer.Ordinal).ThenBy(s => s.SubjectCode, StringComparer.Ordinal).ToList(),
            PrincipalOfClasses = p.PrincipalOfClasses.Distinct().Order(StringComparer.Ordinal).ToList(),
            Options = p.Options.DistinctBy(o => o.SubjectBcnCode).OrderBy(o => o.SubjectBcnCode, StringComparer.Ordinal).ToList(),
        };
        return JsonSerializer.Serialize(normal, ImportJson.Options) + "|" + string.Join(',', childIds);
    }

    public static string? FormatGender(Gender? g) => g switch
    {
        Gender.Male => "M",
        Gender.Female => "F",
        _ => null,
    };

    public static Gender? ParseGender(string? s) => s switch
    {
        "M" => Gender.Male,
        "F" => Gender.Female,
        _ => null,
    };

    public static NpgsqlCommand Command(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, int est)
    {
        var cmd = new NpgsqlCommand(sql, conn, tx);
        cmd.Parameters.AddWithValue("e", est);
        return cmd;
    }

    private static NpgsqlBatchCommand Batch(string sql, int est, params (string Name, object Value)[] parameters)
    {
        var cmd = new NpgsqlBatchCommand(sql);
        cmd.Parameters.AddWithValue("e", est);
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.AddWithValue(name, value);
        }

        return cmd;
    }

    private static void Text(NpgsqlCommand cmd, string name, IReadOnlyList<(DirectoryPerson Person, long Version)> rows, Func<DirectoryPerson, string?> value)
        => cmd.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(x => value(x.Person)).ToArray() });

    private static string? Str(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static List<T> ListOf<T>(Dictionary<Guid, List<T>> map, Guid id)
    {
        if (!map.TryGetValue(id, out var list))
        {
            map[id] = list = [];
        }

        return list;
    }
}
