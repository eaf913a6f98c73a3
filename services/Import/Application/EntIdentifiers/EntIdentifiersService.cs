using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sacoche.Common.Results;
using Sacoche.Import.Domain.EntIdentifiers;
using Sacoche.Import.Infrastructure;
using Sacoche.People.Ent;
using Sacoche.ServiceDefaults.Http;
using Sacoche.ServiceDefaults.Security;

namespace Sacoche.Import.Application.EntIdentifiers;

/// <summary>"Importer / Imposer les identifiants d'un ENT": upload, report, choices, confirmation, users still without id.</summary>
public sealed class EntIdentifiersService(
    ImportDbContext db,
    EntIdentifierApplier applier,
    EntCsvFormats formats,
    EntConnectors connectors,
    CurrentUser user,
    IOptions<UploadLimit> uploadLimit)
{
    public async Task<Result<EntImportCreated>> UploadAsync(UploadEntIdentifiersRequest request, CancellationToken ct)
    {
        if (request.File is not { } file)
        {
            return Error.Of(ErrorCodes.MissingFile, "Aucun fichier reçu : joignez l'extraction CSV des identifiants de l'ENT dans le champ « file ».");
        }

        if (file.Length == 0)
        {
            return Error.Of(ErrorCodes.EmptyFile, "Le fichier est vide.");
        }

        var limit = uploadLimit.Value;
        if (file.Length > limit.MaxBytes)
        {
            return Error.Of(ErrorCodes.FileTooLarge, limit.TooLargeMessage);
        }

        EntConnector? connector = null;
        var connectorName = request.Connector?.Trim() ?? "";
        if (connectorName.Length > 0 && !connectors.TryGet(connectorName, out connector))
        {
            return Error.Of(ErrorCodes.UnknownConnector, $"Le connecteur d'ENT « {connectorName} » est inconnu.");
        }

        // Default: the format of the establishment's ENT connector; the manual one (perso) when none is known.
        var formatName = request.Format?.Trim() ?? "";
        if (formatName.Length == 0)
        {
            formatName = connector?.CsvFormat ?? EntConnector.Manual;
        }

        if (!formats.TryGet(formatName, out var format))
        {
            return Error.Of(ErrorCodes.UnknownFormat,
                $"Le format de fichier « {formatName} » est inconnu (formats possibles : {string.Join(", ", formats.All.Select(f => f.Name))}).");
        }

        EntCsvReadResult read;
        try
        {
            await using var stream = file.OpenRead();
            read = EntCsvReader.Read(stream, format, new EntCsvReaderOptions { MaxBytes = limit.MaxBytes, IdNormalization = connector?.IdNormalization });
        }
        catch (EntCsvFileException ex)
        {
            return Error.Of(ErrorCodes.EntCsvInvalid, ex.Message);
        }

        var row = await applier.MatchAsync(read, Path.GetFileName(file.FileName), format.Name, connector?.Connector, user.UserId, ct);
        return new EntImportCreated(row.Id, row.Format, row.Connector, ImportJson.Deserialize<Dictionary<string, int>>(row.Summary));
    }

    public async Task<Result<EntImportReport>> GetAsync(Guid id, CancellationToken ct)
    {
        var row = await db.EntImports.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (row is null)
        {
            return EntIdentifierApplier.NotFound;
        }

        var report = ImportJson.Deserialize<EntMatchReport>(row.Report);
        var choices = ImportJson.Deserialize<Dictionary<int, Guid?>>(row.Choices);
        var rows = report.Rows.Select(r => new EntReportRow(
            r.LineNumber, r.LastName, r.FirstName, r.EntId, r.Outcome, EntMatchReport.Label(r.Outcome), r.Message,
            EntUser.Of(r.User), EntUser.Of(r.CurrentHolder),
            r.Candidates.Select(c => new EntCandidate(c.Rank, c.Score, c.Proposed, c.Reasons, EntUser.Of(c.User)!)).ToList(),
            r.ProposedUserId,
            choices.TryGetValue(r.LineNumber, out var choice) ? new EntChosen(choice) : null)).ToList();
        return new EntImportReport(row.Id, row.Status, row.FileName, row.Format, row.Connector, row.CreatedAt, row.AppliedAt, row.AppliedCount,
            ImportJson.Deserialize<Dictionary<string, int>>(row.Summary), rows);
    }

    public async Task<Result<EntReportCsv>> GetCsvAsync(Guid id, CancellationToken ct)
    {
        var report = await db.EntImports.AsNoTracking().Where(x => x.Id == id).Select(x => x.Report).SingleOrDefaultAsync(ct);
        return report is null
            ? EntIdentifierApplier.NotFound
            : new EntReportCsv(EntMatchReportCsv.ToBytes(ImportJson.Deserialize<EntMatchReport>(report)), "rapport-identifiants-ent.csv");
    }

    /// <summary>Records the administrator's choices (line → user, or null to skip the line) once they are consistent.</summary>
    public async Task<Result<EntResolved>> ResolveAsync(Guid id, EntResolveRequest request, CancellationToken ct)
    {
        var row = await db.EntImports.SingleOrDefaultAsync(x => x.Id == id, ct);
        if (row is null)
        {
            return EntIdentifierApplier.NotFound;
        }

        if (row.Status == ImportStatus.Applied)
        {
            return Error.Of(ErrorCodes.AlreadyApplied, "Ces identifiants ENT ont déjà été appliqués : les choix ne peuvent plus changer.");
        }

        var choices = ImportJson.Deserialize<Dictionary<int, Guid?>>(row.Choices);
        foreach (var c in request.Choices ?? [])
        {
            choices[c.Line] = c.UserId;
        }

        var resolution = EntIdResolver.Resolve(ImportJson.Deserialize<EntMatchReport>(row.Report), choices);
        if (!resolution.IsValid)
        {
            var errors = new Dictionary<string, string[]> { ["choices"] = resolution.Errors.ToArray() };
            return new Error(ErrorCodes.InvalidChoices, string.Join(" ", resolution.Errors), errors);
        }

        row.Choices = ImportJson.Serialize(choices);
        await db.SaveChangesAsync(ct);
        return new EntResolved(id, choices.Select(kv => new EntChoice(kv.Key, kv.Value)).ToList(), resolution.Assignments.Count);
    }

    public async Task<Result<EntConfirmed>> ConfirmAsync(Guid id, CancellationToken ct)
        => (await applier.ConfirmAsync(id, ct)).Map(counts => new EntConfirmed(id, ImportStatus.Applied, counts));

    /// <summary>Current users without an ENT id, optionally of one profile.</summary>
    public async Task<MissingEntIds> MissingAsync(string? profile, CancellationToken ct)
    {
        var query = db.People.AsNoTracking().Where(p => p.ExitDate == null && p.EntId == null);
        if (!string.IsNullOrWhiteSpace(profile))
        {
            var wanted = profile.Trim().ToUpperInvariant();
            query = query.Where(p => p.Profile == wanted);
        }

        var items = await query.OrderBy(p => p.Profile).ThenBy(p => p.LastName).ThenBy(p => p.FirstName)
            .Select(p => new MissingEntIdPerson(p.Id, p.Profile, p.LastName, p.FirstName, p.BirthDate, p.ClassCode))
            .ToListAsync(ct);
        return new MissingEntIds(items.Count, items);
    }
}
