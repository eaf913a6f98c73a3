using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Sacoche.Common.Results;
using Sacoche.Contracts;
using Sacoche.Import.Domain;
using Sacoche.Import.Workers;
using Sacoche.ServiceDefaults.Data;

namespace Sacoche.Import.Infrastructure;

/// <summary>
/// Applies a reviewed plan in ONE transaction: directory rows (set-based writes), outbox rows
/// (UserImported / UserRetired per changed user, one StructureImported when the structure changed),
/// import marked applied. Concurrency: the import row is locked (a second confirmation waits, then
/// sees "applied" → 409); the establishment row is locked too, and a plan computed on an older
/// directory is re-analysed instead of being applied blindly.
/// </summary>
public sealed class ImportApplier(ImportDbContext db, TenantScope tenant, TimeProvider time, ImportQueue queue, ILogger<ImportApplier> logger)
{
    private static Error NotFound => Error.NotFound("Cet import n'existe pas.");

    /// <summary>The import's counts once applied (with peopleWritten, eventsPublished, usersRetired), or why it was not.</summary>
    public async Task<Result<Dictionary<string, int>>> ConfirmAsync(Guid importId, IReadOnlySet<string>? keys, bool confirmSuspicious, Guid? userId, CancellationToken ct)
    {
        if (tenant.EstablishmentId is not { } est)
        {
            return NotFound;
        }

        var sw = Stopwatch.StartNew();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        var ntx = (NpgsqlTransaction)tx.GetDbTransaction();

        string status;
        string? planJson, subjectsJson, countsJson;
        long baseVersion;
        await using (var cmd = DirectoryStore.Command(conn, ntx, "SELECT status, plan, subjects, base_version, counts FROM imports WHERE establishment_id = @e AND id = @id FOR UPDATE", est))
        {
            cmd.Parameters.AddWithValue("id", importId);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            if (!await r.ReadAsync(ct))
            {
                return NotFound;
            }

            status = r.GetString(0);
            planJson = r.IsDBNull(1) ? null : r.GetString(1);
            subjectsJson = r.IsDBNull(2) ? null : r.GetString(2);
            baseVersion = r.GetInt64(3);
            countsJson = r.IsDBNull(4) ? null : r.GetString(4);
        }

        if (status == ImportStatus.Applied)
        {
            return Error.Of(ErrorCodes.AlreadyApplied, "Cet import a déjà été appliqué : il ne peut pas l'être une seconde fois.");
        }

        if (status != ImportStatus.Ready || planJson is null)
        {
            return Error.Of(ErrorCodes.NotReady, status == ImportStatus.Failed
                ? "Ce fichier a été refusé lors de l'analyse : il n'y a rien à appliquer."
                : "L'analyse de ce fichier n'est pas terminée : attendez qu'elle le soit pour confirmer.");
        }

        var plan = ImportJson.Deserialize<ImportPlan>(planJson);
        var selected = plan.Select(keys);
        if (plan.RequiresConfirmation && !confirmSuspicious && selected.Users.Any(u => u.Action == PlanAction.Retire))
        {
            var warning = plan.Warnings.FirstOrDefault(w => w.Code == "suspicious-retirements")?.Message ?? "Ce fichier retirerait une part inhabituelle des utilisateurs.";
            return Error.Of(ErrorCodes.ConfirmationRequired,
                $"{warning} Si le fichier est bien complet, confirmez explicitement les retraits (confirmSuspicious : true) ; sinon désélectionnez-les.");
        }

        long directoryVersion, structureVersion;
        string? structureHash;
        await using (var cmd = DirectoryStore.Command(conn, ntx, "SELECT directory_version, structure_version, structure_hash FROM establishments WHERE establishment_id = @e FOR UPDATE", est))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            if (!await r.ReadAsync(ct))
            {
                return NotFound;
            }

            directoryVersion = r.GetInt64(0);
            structureVersion = r.GetInt64(1);
            structureHash = r.IsDBNull(2) ? null : r.GetString(2);
        }

        if (directoryVersion != baseVersion)
        {
            await using (var cmd = DirectoryStore.Command(conn, ntx, "UPDATE imports SET status = 'pending', progress = 0, plan = NULL, attempts = 0 WHERE establishment_id = @e AND id = @id", est))
            {
                cmd.Parameters.AddWithValue("id", importId);
                await cmd.ExecuteNonQueryAsync(ct);
            }

            await tx.CommitAsync(ct);
            queue.Notify();
            return Error.Of(ErrorCodes.StalePlan,
                "L'annuaire a changé depuis l'analyse de ce fichier (un autre import a été appliqué) : le fichier est analysé de nouveau, relisez le plan puis confirmez.");
        }

        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(time.GetLocalNow().DateTime);
        var loaded = await DirectoryStore.LoadAsync(conn, ntx, est, ct);

        // Retirements take effect on the day of the confirmation, not of the analysis.
        selected = selected with
        {
            Users = selected.Users.Select(u => u.Action == PlanAction.Retire ? u with { After = u.After with { ExitDate = today } } : u).ToList(),
        };
        var after = selected.ApplyTo(loaded.Snapshot);

        var before = loaded.Snapshot.People.ToDictionary(p => p.Id);
        var beforeStudents = DirectoryStore.StudentIndex(loaded.Snapshot.People);
        var afterStudents = DirectoryStore.StudentIndex(after.People);
        var changed = new List<(DirectoryPerson Person, long Version, List<Guid> Children)>();
        foreach (var p in after.People)
        {
            var children = DirectoryStore.ChildIds(p, afterStudents);
            if (before.TryGetValue(p.Id, out var b) && DirectoryStore.Fingerprint(b, DirectoryStore.ChildIds(b, beforeStudents)) == DirectoryStore.Fingerprint(p, children))
            {
                continue;
            }

            changed.Add((p, loaded.State.TryGetValue(p.Id, out var s) ? s.Version + 1 : 1, children));
        }

        await DirectoryStore.UpsertPeopleAsync(conn, ntx, est, changed.Select(c => (c.Person, c.Version)).ToList(), now, ct);
        await DirectoryStore.ReplaceRelationsAsync(conn, ntx, est, changed.Select(c => c.Person).ToList(),
            key => afterStudents.TryGetValue(key, out var id) ? id : null, ct);
        await DirectoryStore.WriteStructuresAsync(conn, ntx, est,
            selected.Structures.Where(s => s.Action is PlanAction.Add or PlanAction.Modify).Select(s => s.After).ToList(),
            selected.Structures.Where(s => s.Action == PlanAction.Remove).Select(s => s.Before ?? s.After).ToList(), ct);
        if (subjectsJson is not null)
        {
            await DirectoryStore.UpsertSubjectsAsync(conn, ntx, est, ImportJson.Deserialize<List<SubjectInfo>>(subjectsJson), ct);
        }

        var events = new List<object>(changed.Count + 1);
        var retired = 0;
        foreach (var (p, version, children) in changed)
        {
            if (before.TryGetValue(p.Id, out var b) && b.ExitDate is null && p.ExitDate is { } exit)
            {
                events.Add(new UserRetired(est, p.Id, version, exit));
                retired++;
            }
            else
            {
                events.Add(DirectoryStore.ToEvent(est, p, version, loaded.State.GetValueOrDefault(p.Id)?.EntId, children));
            }
        }

        var subjects = await DirectoryStore.LoadSubjectsAsync(conn, ntx, est, ct);
        var structure = BuildStructure(est, 0, after, subjects);
        var hash = Hash(structure);
        if (hash != (structureHash ?? EmptyStructureHash))
        {
            structureVersion++;
            events.Add(structure with { Version = structureVersion });
        }

        await DirectoryStore.InsertOutboxAsync(conn, ntx, events, ct);

        var counts = countsJson is null ? [] : ImportJson.Deserialize<Dictionary<string, int>>(countsJson);
        counts["peopleWritten"] = changed.Count;
        counts["eventsPublished"] = events.Count;
        counts["usersRetired"] = retired;
        var applyMs = sw.Elapsed.TotalMilliseconds;
        await using (var batch = new NpgsqlBatch(conn, ntx))
        {
            var e1 = new NpgsqlBatchCommand("UPDATE establishments SET directory_version = directory_version + @d, structure_version = @sv, structure_hash = @sh WHERE establishment_id = @e");
            e1.Parameters.AddWithValue("e", est);
            e1.Parameters.AddWithValue("d", changed.Count > 0 || selected.Structures.Count > 0 ? 1L : 0L);
            e1.Parameters.AddWithValue("sv", structureVersion);
            e1.Parameters.AddWithValue("sh", hash);
            batch.BatchCommands.Add(e1);
            var e2 = new NpgsqlBatchCommand("UPDATE imports SET status = 'applied', applied_at = @now, applied_by = @by, apply_ms = @ms, counts = @counts WHERE establishment_id = @e AND id = @id");
            e2.Parameters.AddWithValue("e", est);
            e2.Parameters.AddWithValue("id", importId);
            e2.Parameters.AddWithValue("now", now);
            e2.Parameters.AddWithValue("by", (object?)userId ?? DBNull.Value);
            e2.Parameters.AddWithValue("ms", applyMs);
            e2.Parameters.AddWithValue("counts", ImportJson.Serialize(counts));
            batch.BatchCommands.Add(e2);
            await batch.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
        logger.LogInformation("Import {ImportId} applied in {ApplyMs:F0} ms: {People} people written, {Events} events staged", importId, applyMs, changed.Count, events.Count);
        return counts;
    }

    /// <summary>The establishment's structure as consumers see it (Version left to the caller).</summary>
    public static StructureImported BuildStructure(int est, long version, DirectorySnapshot snapshot, IReadOnlyList<SubjectInfo> subjects)
    {
        var active = snapshot.People.Where(p => p.ExitDate is null).OrderBy(p => p.Id).ToList();
        var classes = snapshot.Structures.Where(s => s.Kind == StructureKind.Class).OrderBy(s => s.Code, StringComparer.Ordinal)
            .Select(s => new ClassInfo(s.Code, s.Label ?? s.Code, s.MefCode,
                active.FirstOrDefault(p => p.PrincipalOfClasses.Contains(s.Code, StringComparer.Ordinal))?.Id))
            .ToList();
        var groups = snapshot.Structures.Where(s => s.Kind == StructureKind.Group).OrderBy(s => s.Code, StringComparer.Ordinal)
            .Select(s => new GroupInfo(s.Code, s.Label ?? s.Code, s.ClassCodes.Order(StringComparer.Ordinal).ToList()))
            .ToList();
        var services = active.SelectMany(p => p.Services.Select(a => new TeacherService(p.Id, a.StructureCode, a.Kind == StructureKind.Group, a.SubjectCode ?? "")))
            .Distinct()
            .OrderBy(s => s.StructureCode, StringComparer.Ordinal).ThenBy(s => s.SubjectCode, StringComparer.Ordinal).ThenBy(s => s.TeacherId)
            .ToList();
        return new StructureImported(est, version, classes, groups, subjects.OrderBy(s => s.Code, StringComparer.Ordinal).ToList(), services);
    }

    private static readonly string EmptyStructureHash = Hash(BuildStructure(0, 0, DirectorySnapshot.Empty, []));

    private static string Hash(StructureImported structure)
        => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(ImportJson.Serialize(structure with { EstablishmentId = 0, Version = 0 }))));
}
