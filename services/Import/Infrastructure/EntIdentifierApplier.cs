using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Sacoche.Common.Results;
using Sacoche.Import.Domain;
using Sacoche.Import.Domain.EntIdentifiers;
using Sacoche.ServiceDefaults.Data;

namespace Sacoche.Import.Infrastructure;

/// <summary>ENT identifier exports: match against the directory, keep the report, apply the chosen ids.</summary>
public sealed class EntIdentifierApplier(ImportDbContext db, TenantScope tenant, TimeProvider time, ILogger<EntIdentifierApplier> logger)
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
        ["duplicateEntId"] = report.Count(EntMatchOutcome.DuplicateEntId),
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

    public static Error NotFound => Error.NotFound("Cet import d'identifiants ENT n'existe pas.");

    /// <summary>Applies the report and the administrator's choices in one transaction (ids, versions, outbox); answers the counts.</summary>
    public async Task<Result<Dictionary<string, int>>> ConfirmAsync(Guid id, CancellationToken ct)
    {
        if (tenant.EstablishmentId is not { } est)
        {
            return NotFound;
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
                return NotFound;
            }

            (status, reportJson, choicesJson) = (r.GetString(0), r.GetString(1), r.GetString(2));
        }

        if (status == ImportStatus.Applied)
        {
            return Error.Of(ErrorCodes.AlreadyApplied, "Ces identifiants ENT ont déjà été appliqués.");
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
            return Error.Of(ErrorCodes.EntIdConflict, string.Join(" ", resolution.Errors));
        }

        var changed = await DirectoryStore.SetEntIdsAsync(conn, ntx, est, resolution.Assignments.Select(a => (a.UserId, a.EntId)).ToList(), time.GetUtcNow(), ct);
        if (changed is null)
        {
            // The unique index on the folded id: only reachable if something wrote ids without the establishment lock.
            return Error.Of(ErrorCodes.EntIdConflict,
                "Un identifiant ENT de ce fichier vient d'être attribué à un autre utilisateur : confirmez de nouveau.");
        }

        var people = loaded.Snapshot.People.ToDictionary(p => p.Id);
        var students = DirectoryStore.StudentIndex(loaded.Snapshot.People);
        var ids = resolution.Assignments.ToDictionary(a => a.UserId, a => a.EntId);
        var events = changed.Select(c => (object)DirectoryStore.ToEvent(est, people[c.Id], c.Version, ids[c.Id], DirectoryStore.ChildIds(people[c.Id], students))).ToList();
        await DirectoryStore.InsertOutboxAsync(conn, ntx, events, ct);

        // Lines refused now (their id was taken since the report) are recorded in the report the UI and the CSV show.
        var final = report.WithRefusals(resolution.Refused);
        await using (var cmd = DirectoryStore.Command(conn, ntx, """
            UPDATE ent_imports SET status = 'applied', applied_at = @now, applied_count = @n, report = @report, summary = @summary
            WHERE establishment_id = @e AND id = @id
            """, est))
        {
            cmd.Parameters.AddWithValue("id", id);
            cmd.Parameters.AddWithValue("now", time.GetUtcNow());
            cmd.Parameters.AddWithValue("n", changed.Count);
            cmd.Parameters.AddWithValue("report", resolution.Refused.Count == 0 ? reportJson : ImportJson.Serialize(final));
            cmd.Parameters.AddWithValue("summary", ImportJson.Serialize(Summary(final)));
            await cmd.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
        logger.LogInformation("ENT identifiers {EntImportId} applied: {Count} users changed, {Refused} lines refused at confirmation (id taken since the report)",
            id, changed.Count, resolution.Refused.Count);
        return new Dictionary<string, int>
        {
            ["changed"] = changed.Count,
            ["eventsPublished"] = events.Count,
            ["duplicateEntId"] = final.Count(EntMatchOutcome.DuplicateEntId),
        };
    }
}
