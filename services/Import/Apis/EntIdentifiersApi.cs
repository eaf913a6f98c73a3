using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sacoche.Import.Domain.EntIdentifiers;
using Sacoche.Import.Infrastructure;
using Sacoche.People.Ent;
using Sacoche.ServiceDefaults.Security;

namespace Sacoche.Import.Apis;

public sealed record EntChoice(int Line, Guid? UserId);

public sealed record EntResolveRequest(IReadOnlyList<EntChoice>? Choices);

/// <summary>"Importer / Imposer les identifiants d'un ENT": upload, report, choices, confirmation, users still without id.</summary>
public static class EntIdentifiersApi
{
    public static RouteGroupBuilder MapEntIdentifiersApi(this RouteGroupBuilder group)
    {
        group.MapPost("/ent-identifiers", UploadAsync).DisableAntiforgery();
        group.MapGet("/ent-identifiers/missing", MissingAsync);
        group.MapGet("/ent-identifiers/{id:guid}", GetAsync);
        group.MapGet("/ent-identifiers/{id:guid}/report.csv", CsvAsync);
        group.MapPost("/ent-identifiers/{id:guid}/resolve", ResolveAsync);
        group.MapPost("/ent-identifiers/{id:guid}/confirm", ConfirmAsync);
        return group;
    }

    private static async Task<IResult> UploadAsync(HttpRequest request, EntIdentifierService service, EntCsvFormats formats, EntConnectors connectors, CurrentUser user, IOptions<ImportOptions> options, CancellationToken ct)
    {
        var (form, problem) = await ImportApi.ReadFormAsync(request, ct);
        if (form is null)
        {
            return problem!;
        }

        var file = form.Files.GetFile("file");
        if (file is null || file.Length == 0)
        {
            return ImportApi.Problem(400, file is null ? "missing-file" : "empty-file", "Fichier manquant",
                file is null ? "Aucun fichier reçu : joignez l'extraction CSV des identifiants de l'ENT dans le champ « file »." : "Le fichier est vide.");
        }

        if (file.Length > options.Value.MaxEntCsvBytes)
        {
            return ImportApi.Problem(413, "file-too-large", "Fichier trop volumineux", $"Le fichier dépasse la taille maximale autorisée ({options.Value.MaxEntCsvBytes / (1024 * 1024)} Mo).");
        }

        EntConnector? connector = null;
        var connectorName = form["connector"].ToString().Trim();
        if (connectorName.Length > 0 && !connectors.TryGet(connectorName, out connector))
        {
            return ImportApi.Problem(400, "unknown-connector", "Connecteur inconnu", $"Le connecteur d'ENT « {connectorName} » est inconnu.");
        }

        // Default: the format of the establishment's ENT connector; the manual one (perso) when none is known.
        var formatName = form["format"].ToString().Trim();
        if (formatName.Length == 0)
        {
            formatName = connector?.CsvFormat ?? EntConnector.Manual;
        }

        if (!formats.TryGet(formatName, out var format))
        {
            return ImportApi.Problem(400, "unknown-format", "Format inconnu",
                $"Le format de fichier « {formatName} » est inconnu (formats possibles : {string.Join(", ", formats.All.Select(f => f.Name))}).");
        }

        EntCsvReadResult read;
        try
        {
            await using var stream = file.OpenReadStream();
            read = EntCsvReader.Read(stream, format, new EntCsvReaderOptions { MaxBytes = options.Value.MaxEntCsvBytes, IdNormalization = connector?.IdNormalization });
        }
        catch (EntCsvFileException ex)
        {
            return ImportApi.Problem(400, "ent-csv-invalid", "Fichier illisible", ex.Message);
        }

        var row = await service.MatchAsync(read, Path.GetFileName(file.FileName ?? ""), format.Name, connector?.Connector, user.UserId, ct);
        return TypedResults.Created($"/api/import/ent-identifiers/{row.Id}", new
        {
            id = row.Id,
            format = row.Format,
            connector = row.Connector,
            summary = ImportJson.Deserialize<Dictionary<string, int>>(row.Summary),
        });
    }

    private static async Task<IResult> GetAsync(Guid id, ImportDbContext db, CancellationToken ct)
    {
        var row = await db.EntImports.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (row is null)
        {
            return ImportApi.NotFound("Cet import d'identifiants ENT n'existe pas.");
        }

        var report = ImportJson.Deserialize<EntMatchReport>(row.Report);
        var choices = ImportJson.Deserialize<Dictionary<int, Guid?>>(row.Choices);
        static object Candidate(MatchCandidate u) => new { userId = u.UserId, u.Profile, u.LastName, u.FirstName, u.BirthDate, u.ClassCode, u.CurrentEntId, u.Active };
        return TypedResults.Ok(new
        {
            id = row.Id,
            row.Status,
            row.FileName,
            row.Format,
            row.Connector,
            row.CreatedAt,
            row.AppliedAt,
            row.AppliedCount,
            summary = ImportJson.Deserialize<Dictionary<string, int>>(row.Summary),
            rows = report.Rows.Select(r => new
            {
                line = r.LineNumber,
                r.LastName,
                r.FirstName,
                r.EntId,
                r.Outcome,
                label = EntMatchReport.Label(r.Outcome),
                r.Message,
                user = r.User is null ? null : Candidate(r.User),
                currentHolder = r.CurrentHolder is null ? null : Candidate(r.CurrentHolder),
                candidates = r.Candidates.Select(c => new { c.Rank, c.Score, c.Proposed, c.Reasons, user = Candidate(c.User) }),
                r.ProposedUserId,
                choice = choices.TryGetValue(r.LineNumber, out var choice) ? new { userId = choice } : null,
            }),
        });
    }

    private static async Task<IResult> CsvAsync(Guid id, ImportDbContext db, CancellationToken ct)
    {
        var report = await db.EntImports.AsNoTracking().Where(x => x.Id == id).Select(x => x.Report).SingleOrDefaultAsync(ct);
        if (report is null)
        {
            return ImportApi.NotFound("Cet import d'identifiants ENT n'existe pas.");
        }

        var bytes = EntMatchReportCsv.ToBytes(ImportJson.Deserialize<EntMatchReport>(report));
        return TypedResults.File(bytes, "text/csv; charset=utf-8", "rapport-identifiants-ent.csv");
    }

    private static async Task<IResult> ResolveAsync(Guid id, EntResolveRequest body, ImportDbContext db, CancellationToken ct)
    {
        var row = await db.EntImports.SingleOrDefaultAsync(x => x.Id == id, ct);
        if (row is null)
        {
            return ImportApi.NotFound("Cet import d'identifiants ENT n'existe pas.");
        }

        if (row.Status == ImportStatus.Applied)
        {
            return ImportApi.Problem(409, "already-applied", "Déjà appliqué", "Ces identifiants ENT ont déjà été appliqués : les choix ne peuvent plus changer.");
        }

        var choices = ImportJson.Deserialize<Dictionary<int, Guid?>>(row.Choices);
        foreach (var c in body.Choices ?? [])
        {
            choices[c.Line] = c.UserId;
        }

        var resolution = EntIdResolver.Resolve(ImportJson.Deserialize<EntMatchReport>(row.Report), choices);
        if (!resolution.IsValid)
        {
            return ImportApi.Problem(400, "invalid-choices", "Choix impossibles", string.Join(" ", resolution.Errors),
                new Dictionary<string, object?> { ["errors"] = resolution.Errors });
        }

        row.Choices = ImportJson.Serialize(choices);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new { id, choices = choices.Select(kv => new { line = kv.Key, userId = kv.Value }), assignments = resolution.Assignments.Count });
    }

    private static async Task<IResult> ConfirmAsync(Guid id, EntIdentifierService service, CancellationToken ct)
    {
        var result = await service.ConfirmAsync(id, ct);
        return result.Status switch
        {
            StatusCodes.Status200OK => TypedResults.Ok(new { id, status = ImportStatus.Applied, counts = result.Counts }),
            StatusCodes.Status404NotFound => ImportApi.NotFound("Cet import d'identifiants ENT n'existe pas."),
            _ => ImportApi.Problem(result.Status, result.Code!, "Confirmation impossible", result.Detail!),
        };
    }

    private static async Task<IResult> MissingAsync(ImportDbContext db, string? profile, CancellationToken ct)
    {
        var query = db.People.AsNoTracking().Where(p => p.ExitDate == null && p.EntId == null);
        if (!string.IsNullOrWhiteSpace(profile))
        {
            var wanted = profile.Trim().ToUpperInvariant();
            query = query.Where(p => p.Profile == wanted);
        }

        var items = await query.OrderBy(p => p.Profile).ThenBy(p => p.LastName).ThenBy(p => p.FirstName)
            .Select(p => new { p.Id, p.Profile, p.LastName, p.FirstName, p.BirthDate, p.ClassCode })
            .ToListAsync(ct);
        return TypedResults.Ok(new { count = items.Count, items });
    }
}
