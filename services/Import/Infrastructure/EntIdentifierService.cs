using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Sacoche.Import.Domain;
using Sacoche.Import.Domain.EntIdentifiers;

namespace Sacoche.Import.Infrastructure;

/// <summary>ENT identifier exports: match against the directory, keep the report, apply the chosen ids.</summary>
public sealed class EntIdentifierService(ImportDbContext db, TenantScope tenant, TimeProvider time, ILogger<EntIdentifierService> logger)
{
    public static Dictionary<string, int> Summary(EntMatchReport report) => new()
    {
        ["rows"] = report.Rows.Count,
        ["assigned"] = report.Count(EntMatchOutcome.Assigned),
        ["unchanged"] = report.Count(EntMatchOutcome.Unchanged),
        ["notFound"] = report.Count(EntMatchOutcome.NotFound),
        ["homonyms"] = report.Count(EntMatchOutcome.Homonyms),
        ["approximateMatch"] = report.Count(EntMatchOutcome.ApproximateMatch),
        ["idUsedByAnother"] = report.Count(EntMatchOutcome.IdUsedByAnother),
        ["rejected"] = report.Count(EntMatchOutcome.Rejected),
    };

    /// <summary>Every user of the establishment, current and former, as the matcher sees them.</summary>
    public async Task<List<MatchCandidate>> CandidatesAsync(CancellationToken ct)
        => await db.People.AsNoTracking()
            .Select(p => new MatchCandidate(p.Id, p.Profile, p.LastName, p.FirstName, p.BirthDate, p.ClassCode, p.SiecleId, p.EntId, p.ExitDate == null))
            .ToListAsync(ct);

    public async Task<EntImport> MatchAsync(EntCsvReadResult file, string fileName, string format, string? connector, Guid? userId, CancellationToken ct)
    {
        var report = EntIdMatcher.Match(file, await CandidatesAsync(ct));
        var row = new EntImport
        {
            EstablishmentId = tenant.EstablishmentId!.Value,
            Id = Guid.CreateVersion7(),
            CreatedBy = userId ?? Guid.Empty,
            CreatedAt = time.GetUtcNow(),
            FileName = fileName,
            Format = format,
            Connector = connector,
            Summary = ImportJson.Serialize(Summary(report)),
            Report = ImportJson.Serialize(report),
        };
        db.EntImports.Add(row);
        await db.SaveChangesAsync(ct);
        return row;
    }

    /// <summary>Applies the report and the administrator's choices in one transaction (ids, versions, outbox).</summary>
    public async Task<ApplyResult> ConfirmAsync(Guid id, CancellationToken ct)
    {
        if (tenant.EstablishmentId is not { } est)
        {
            return ApplyResult.NotFound;
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        var ntx = (NpgsqlTransaction)tx.GetDbTransaction();
        string status, reportJson, choicesJson;
        await using (var cmd = DirectoryStore.Command(conn, ntx, "SELECT status, report, choices FROM ent_imports WHERE establishment_id = @e AND id = @id FOR UPDATE", est))
        {
            cmd.Parameters.AddWithValue("id", id);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            if (!await r.ReadAsync(ct))
            {
                return ApplyResult.NotFound;
            }

            (status, reportJson, choicesJson) = (r.GetString(0), r.GetString(1), r.GetString(2));
        }

        if (status == ImportStatus.Applied)
        {
            return new(StatusCodes.Status409Conflict, "already-applied", "Ces identifiants ENT ont déjà été appliqués.");
        }

        // Same lock as file imports: the directory does not move under our feet.
        await using (var cmd = DirectoryStore.Command(conn, ntx, "SELECT 1 FROM establishments WHERE establishment_id = @e FOR UPDATE", est))
        {
            await cmd.ExecuteScalarAsync(ct);
        }

        var loaded = await DirectoryStore.LoadAsync(conn, ntx, est, ct);
        var directory = loaded.Snapshot.People.Select(p => new MatchCandidate(p.Id, p.Profile, p.LastName, p.FirstName, p.BirthDate, p.ClassCode, p.SiecleId, loaded.State[p.Id].EntId, p.ExitDate is null)).ToList();
        var report = ImportJson.Deserialize<EntMatchReport>(reportJson);
        var choices = ImportJson.Deserialize<Dictionary<int, Guid?>>(choicesJson);
        var resolution = EntIdResolver.Resolve(report, choices, directory);
        if (!resolution.IsValid)
        {
            return new(StatusCodes.Status409Conflict, "ent-id-conflict", string.Join(" ", resolution.Errors));
        }

        var changed = new List<(Guid Id, long Version)>();
        if (resolution.Assignments.Count > 0)
        {
            await using var cmd = DirectoryStore.Command(conn, ntx, """
                UPDATE people p SET ent_id = u.ent, version = p.version + 1, updated_at = @now
                FROM unnest(@ids, @ents) AS u(id, ent)
                WHERE p.establishment_id = @e AND p.id = u.id AND p.ent_id IS DISTINCT FROM u.ent
                RETURNING p.id, p.version
                """, est);
            cmd.Parameters.AddWithValue("now", time.GetUtcNow());
            cmd.Parameters.AddWithValue("ids", resolution.Assignments.Select(a => a.UserId).ToArray());
            cmd.Parameters.AddWithValue("ents", resolution.Assignments.Select(a => a.EntId).ToArray());
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                changed.Add((r.GetGuid(0), r.GetInt64(1)));
            }
        }

        var people = loaded.Snapshot.People.ToDictionary(p => p.Id);
        var students = DirectoryStore.StudentIndex(loaded.Snapshot.People);
        var ids = resolution.Assignments.ToDictionary(a => a.UserId, a => a.EntId);
        var events = changed.Select(c => (object)DirectoryStore.ToEvent(est, people[c.Id], c.Version, ids[c.Id], DirectoryStore.ChildIds(people[c.Id], students))).ToList();
        await DirectoryStore.InsertOutboxAsync(conn, ntx, events, ct);

        await using (var cmd = DirectoryStore.Command(conn, ntx, "UPDATE ent_imports SET status = 'applied', applied_at = @now, applied_count = @n WHERE establishment_id = @e AND id = @id", est))
        {
            cmd.Parameters.AddWithValue("id", id);
            cmd.Parameters.AddWithValue("now", time.GetUtcNow());
            cmd.Parameters.AddWithValue("n", changed.Count);
            await cmd.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
        logger.LogInformation("ENT identifiers {EntImportId} applied: {Count} users changed", id, changed.Count);
        return new(StatusCodes.Status200OK, Counts: new Dictionary<string, int> { ["changed"] = changed.Count, ["eventsPublished"] = events.Count });
    }
}
