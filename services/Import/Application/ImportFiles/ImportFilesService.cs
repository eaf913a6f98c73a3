using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sacoche.Common.Results;
using Sacoche.Import.Domain;
using Sacoche.Import.Infrastructure;
using Sacoche.Import.Workers;
using Sacoche.ServiceDefaults.Http;
using Sacoche.ServiceDefaults.Security;

namespace Sacoche.Import.Application.ImportFiles;

/// <summary>Uploads → background analysis → plan → confirmation, and the history of imports.</summary>
public sealed class ImportFilesService(
    ImportDbContext db,
    CurrentUser user,
    ImportQueue queue,
    ImportApplier applier,
    TimeProvider time,
    IOptions<UploadLimit> uploadLimit)
{
    private static readonly string[] Extensions = [".xml", ".zip", ".csv", ".txt"];
    private static readonly string[] SpreadsheetKinds = ["students", "staff", "parents"];

    private static Error NotFound => Error.NotFound("Cet import n'existe pas.");

    /// <summary>Stores the file for the background analysis; refuses at once what can be told from its name and first bytes.</summary>
    public async Task<Result<ImportAccepted>> UploadAsync(UploadImportRequest request, CancellationToken ct)
    {
        if (request.File is not { } file)
        {
            return Error.Of(ErrorCodes.MissingFile, "Aucun fichier reçu : joignez l'export dans le champ « file ».");
        }

        var fileName = Path.GetFileName(file.FileName);
        if (file.Length == 0)
        {
            return Error.Of(ErrorCodes.EmptyFile, "Le fichier est vide.");
        }

        var limit = uploadLimit.Value;
        if (file.Length > limit.MaxBytes)
        {
            return Error.Of(ErrorCodes.FileTooLarge, limit.TooLargeMessage);
        }

        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (!Extensions.Contains(extension))
        {
            return Error.Of(ErrorCodes.UnsupportedFile,
                $"Le fichier « {fileName} » n'est pas d'un type accepté : envoyez un export .xml ou .zip (SIECLE, STS-web) ou un tableau .csv / .txt.");
        }

        var spreadsheetKind = request.Kind?.Trim().ToLowerInvariant() is { Length: > 0 } k ? k : null;
        if (spreadsheetKind is not null && !SpreadsheetKinds.Contains(spreadsheetKind))
        {
            return Error.Of(ErrorCodes.InvalidKind, $"Type de tableau « {spreadsheetKind} » inconnu : indiquez students, staff ou parents.");
        }

        var content = new byte[file.Length];
        await using (var stream = file.OpenRead())
        {
            await stream.ReadExactlyAsync(content, ct);
        }

        // Sniff the kind now (cheap: the first bytes) so that an unsupported file is refused at once;
        // other rejections (hostile XML, zip bombs, UAI, year…) are the background analysis' job.
        string? kind = null;
        try
        {
            using var opened = ImportFileReader.Open(new MemoryStream(content, writable: false), fileName, ImportProcessor.Limits(limit));
            if (opened.Kind == ImportFileKind.Spreadsheet && extension is ".xml" or ".zip")
            {
                return Error.Of(ErrorCodes.UnsupportedFile, $"Le fichier « {fileName} » n'est pas un fichier XML.");
            }

            if (opened.Kind == ImportFileKind.Spreadsheet && spreadsheetKind is null)
            {
                return Error.Of(ErrorCodes.SpreadsheetKindRequired,
                    "Pour un fichier CSV, précisez s'il contient des élèves (students), des personnels (staff) ou des parents (parents) dans le champ « kind ».");
            }

            kind = ImportProcessor.KindName(opened.Kind, spreadsheetKind);
        }
        catch (ImportFormatException ex) when (ex.Code is ImportErrorCodes.UnknownKind or ImportErrorCodes.EmpStsFile)
        {
            return Error.Of(ErrorCodes.UnsupportedFile, ex.Message);
        }
        catch (ImportFormatException)
        {
            // Kept: the analysis records the precise rejection with the import.
        }

        if (!await db.Establishments.AnyAsync(ct))
        {
            return Error.Of(ErrorCodes.UnknownEstablishment,
                "Cet établissement n'est pas encore connu du service d'import (son enregistrement est en cours) : réessayez dans quelques instants.");
        }

        var est = user.EstablishmentId!.Value;
        var job = new ImportJob
        {
            EstablishmentId = est,
            Id = Guid.CreateVersion7(),
            CreatedBy = user.UserId ?? Guid.Empty,
            CreatedByName = user.Name,
            CreatedAt = time.GetUtcNow(),
            FileName = fileName,
            SizeBytes = content.Length,
            Kind = kind,
            SpreadsheetKind = spreadsheetKind,
        };
        db.Imports.Add(job);
        db.ImportFiles.Add(new ImportFile { EstablishmentId = est, ImportId = job.Id, Content = content });
        await db.SaveChangesAsync(ct);
        queue.Notify();
        return new ImportAccepted(job.Id);
    }

    public async Task<PagedList<ImportListItem>> ListAsync(int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.Of(page, pageSize);
        var total = await db.Imports.CountAsync(ct);
        var rows = await db.Imports.AsNoTracking().OrderByDescending(x => x.CreatedAt).Skip(paging.Skip).Take(paging.PageSize)
            .Select(x => new { x.Id, x.CreatedAt, x.CreatedBy, x.CreatedByName, x.FileName, x.Kind, x.Status, x.Progress, x.Counts, x.Errors, x.AppliedAt, x.AppliedBy })
            .ToListAsync(ct);
        return new PagedList<ImportListItem>(rows.Select(x => new ImportListItem(
            x.Id, x.CreatedAt, new ImportAuthor(x.CreatedBy, x.CreatedByName), x.FileName, x.Kind, x.Status, x.Progress,
            Json<Dictionary<string, int>>(x.Counts) ?? [], Json<List<ImportError>>(x.Errors) ?? [], x.AppliedAt, x.AppliedBy)).ToList(), paging.Page, paging.PageSize, total);
    }

    public async Task<Result<ImportDetails>> GetAsync(Guid id, CancellationToken ct)
    {
        var x = await db.Imports.AsNoTracking().Where(i => i.Id == id)
            .Select(i => new { i.Id, i.Status, i.Progress, i.Kind, i.FileName, i.SizeBytes, i.CreatedAt, i.CreatedBy, i.CreatedByName, i.Counts, i.Errors, i.Warnings, i.ReadyAt, i.AppliedAt, i.AppliedBy, i.ParseMs, i.PlanMs, i.ApplyMs })
            .SingleOrDefaultAsync(ct);
        if (x is null)
        {
            return NotFound;
        }

        var warnings = Json<List<ImportWarning>>(x.Warnings) ?? [];
        return new ImportDetails(
            x.Id, x.Status, x.Progress, x.Kind, x.FileName, x.SizeBytes, x.CreatedAt, new ImportAuthor(x.CreatedBy, x.CreatedByName),
            Json<Dictionary<string, int>>(x.Counts) ?? [], Json<List<ImportError>>(x.Errors) ?? [], warnings.Take(200).ToList(), warnings.Count,
            x.ReadyAt, x.AppliedAt, x.AppliedBy, new ImportTimings(x.ParseMs, x.PlanMs, x.ApplyMs));
    }

    public async Task<Result<PlanView>> GetPlanAsync(Guid id, CancellationToken ct)
    {
        var x = await db.Imports.AsNoTracking().Where(i => i.Id == id).Select(i => new { i.Id, i.Status, i.Kind, i.Plan, i.Errors }).SingleOrDefaultAsync(ct);
        if (x is null)
        {
            return NotFound;
        }

        if (x.Plan is null)
        {
            return x.Status == ImportStatus.Failed
                ? Error.Of(ErrorCodes.ImportFailed, Json<List<ImportError>>(x.Errors)?.FirstOrDefault()?.Detail ?? "Ce fichier a été refusé.")
                : Error.Of(ErrorCodes.NotReady, "L'analyse de ce fichier n'est pas terminée : réessayez dans quelques instants.");
        }

        return PlanViews.Of(x.Id, x.Status, x.Kind, ImportJson.Deserialize<ImportPlan>(x.Plan));
    }

    /// <summary>Applies the selected lines (all of them when <see cref="ConfirmRequest.Keys"/> is null).</summary>
    public async Task<Result<ImportConfirmed>> ConfirmAsync(Guid id, ConfirmRequest? request, CancellationToken ct)
    {
        var keys = request?.Keys is { } k ? new HashSet<string>(k, StringComparer.Ordinal) : null;
        var started = Stopwatch.GetTimestamp();
        var result = await applier.ConfirmAsync(id, keys, request?.ConfirmSuspicious ?? false, user.UserId, ct);
        if (!result.IsSuccess)
        {
            return result.Error!;
        }

        ImportMetrics.Imports.Add(1, new KeyValuePair<string, object?>("outcome", "applied"));
        ImportMetrics.ApplyDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        ImportMetrics.UsersImported.Add(result.Value.GetValueOrDefault("peopleWritten"));
        return new ImportConfirmed(id, ImportStatus.Applied, result.Value);
    }

    private static T? Json<T>(string? json) where T : class => json is null ? null : ImportJson.Deserialize<T>(json);
}
