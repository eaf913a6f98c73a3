using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sacoche.Import.Domain;
using Sacoche.Import.Infrastructure;
using Sacoche.Import.Workers;
using Sacoche.ServiceDefaults.Security;

namespace Sacoche.Import.Apis;

public sealed record ConfirmRequest(IReadOnlyList<string>? Keys, bool? ConfirmSuspicious);

/// <summary>Uploads → background analysis → plan → confirmation, and the history of imports.</summary>
public static class ImportFilesApi
{
    private static readonly string[] Extensions = [".xml", ".zip", ".csv", ".txt"];
    private static readonly string[] SpreadsheetKinds = ["students", "staff", "parents"];

    public static RouteGroupBuilder MapImportFilesApi(this RouteGroupBuilder group)
    {
        group.MapPost("/files", UploadAsync).DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(110L * 1024 * 1024), new RequestFormLimitsAttribute { MultipartBodyLengthLimit = 110L * 1024 * 1024 });
        group.MapGet("/imports", ListAsync);
        group.MapGet("/imports/{id:guid}", GetAsync);
        group.MapGet("/imports/{id:guid}/plan", PlanAsync);
        group.MapPost("/imports/{id:guid}/confirm", ConfirmAsync);
        return group;
    }

    private static async Task<IResult> UploadAsync(HttpRequest request, ImportDbContext db, CurrentUser user, ImportQueue queue, TimeProvider time, IOptions<ImportOptions> options, CancellationToken ct)
    {
        var (form, problem) = await ImportApi.ReadFormAsync(request, ct);
        if (form is null)
        {
            return problem!;
        }

        var file = form.Files.GetFile("file");
        if (file is null)
        {
            return ImportApi.Problem(400, "missing-file", "Fichier manquant", "Aucun fichier reçu : joignez l'export dans le champ « file ».");
        }

        var fileName = Path.GetFileName(file.FileName ?? "");
        if (file.Length == 0)
        {
            return ImportApi.Problem(400, ImportErrorCodes.EmptyFile, "Fichier vide", "Le fichier est vide.");
        }

        if (file.Length > options.Value.MaxUploadBytes)
        {
            return ImportApi.Problem(413, ImportErrorCodes.FileTooLarge, "Fichier trop volumineux",
                $"Le fichier dépasse la taille maximale autorisée ({options.Value.MaxUploadBytes / (1024 * 1024)} Mo).");
        }

        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (!Extensions.Contains(extension))
        {
            return ImportApi.Problem(415, "unsupported-file", "Type de fichier non pris en charge",
                $"Le fichier « {fileName} » n'est pas d'un type accepté : envoyez un export .xml ou .zip (SIECLE, STS-web) ou un tableau .csv / .txt.");
        }

        var spreadsheetKind = form["kind"].ToString().Trim().ToLowerInvariant();
        if (spreadsheetKind.Length == 0)
        {
            spreadsheetKind = null;
        }
        else if (!SpreadsheetKinds.Contains(spreadsheetKind))
        {
            return ImportApi.Problem(400, "invalid-kind", "Type de tableau inconnu", $"Type de tableau « {spreadsheetKind} » inconnu : indiquez students, staff ou parents.");
        }

        var content = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(content, ct);
        }

        // Sniff the kind now (cheap: the first bytes) so that an unsupported file is refused at once;
        // other rejections (hostile XML, zip bombs, UAI, year…) are the background analysis' job.
        string? kind = null;
        try
        {
            using var opened = ImportFileReader.Open(new MemoryStream(content, writable: false), fileName);
            if (opened.Kind == ImportFileKind.Spreadsheet && extension is ".xml" or ".zip")
            {
                return ImportApi.Problem(415, "unsupported-file", "Type de fichier non pris en charge", $"Le fichier « {fileName} » n'est pas un fichier XML.");
            }

            if (opened.Kind == ImportFileKind.Spreadsheet && spreadsheetKind is null)
            {
                return ImportApi.Problem(400, "spreadsheet-kind-required", "Type de tableau à préciser",
                    "Pour un fichier CSV, précisez s'il contient des élèves (students), des personnels (staff) ou des parents (parents) dans le champ « kind ».");
            }

            kind = ImportProcessor.KindName(opened.Kind, spreadsheetKind);
        }
        catch (ImportFormatException ex) when (ex.Code is ImportErrorCodes.UnknownKind or ImportErrorCodes.EmpStsFile)
        {
            return ImportApi.Problem(415, ex.Code, "Type de fichier non pris en charge", ex.Message);
        }
        catch (ImportFormatException)
        {
            // Kept: the analysis records the precise rejection with the import.
        }

        if (!await db.Establishments.AnyAsync(ct))
        {
            return ImportApi.Problem(409, "unknown-establishment", "Établissement inconnu",
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
        return TypedResults.Accepted($"/api/import/imports/{job.Id}", new { importId = job.Id });
    }

    private static async Task<IResult> ListAsync(ImportDbContext db, int? page, int? pageSize, CancellationToken ct)
    {
        var p = ImportApi.Page(page);
        var size = ImportApi.PageSize(pageSize);
        var total = await db.Imports.CountAsync(ct);
        var rows = await db.Imports.AsNoTracking().OrderByDescending(x => x.CreatedAt).Skip((p - 1) * size).Take(size)
            .Select(x => new { x.Id, x.CreatedAt, x.CreatedBy, x.CreatedByName, x.FileName, x.Kind, x.Status, x.Progress, x.Counts, x.Errors, x.AppliedAt, x.AppliedBy })
            .ToListAsync(ct);
        return TypedResults.Ok(new
        {
            total,
            page = p,
            pageSize = size,
            items = rows.Select(x => new
            {
                id = x.Id,
                x.CreatedAt,
                createdBy = new { id = x.CreatedBy, name = x.CreatedByName },
                x.FileName,
                x.Kind,
                x.Status,
                x.Progress,
                counts = Json<Dictionary<string, int>>(x.Counts) ?? [],
                errors = Json<List<ImportError>>(x.Errors) ?? [],
                x.AppliedAt,
                x.AppliedBy,
            }),
        });
    }

    private static async Task<IResult> GetAsync(Guid id, ImportDbContext db, CancellationToken ct)
    {
        var x = await db.Imports.AsNoTracking().Where(i => i.Id == id)
            .Select(i => new { i.Id, i.Status, i.Progress, i.Kind, i.FileName, i.SizeBytes, i.CreatedAt, i.CreatedBy, i.CreatedByName, i.Counts, i.Errors, i.Warnings, i.ReadyAt, i.AppliedAt, i.AppliedBy, i.ParseMs, i.PlanMs, i.ApplyMs })
            .SingleOrDefaultAsync(ct);
        if (x is null)
        {
            return ImportApi.NotFound("Cet import n'existe pas.");
        }

        var warnings = Json<List<ImportWarning>>(x.Warnings) ?? [];
        return TypedResults.Ok(new
        {
            id = x.Id,
            x.Status,
            x.Progress,
            x.Kind,
            x.FileName,
            x.SizeBytes,
            x.CreatedAt,
            createdBy = new { id = x.CreatedBy, name = x.CreatedByName },
            counts = Json<Dictionary<string, int>>(x.Counts) ?? [],
            errors = Json<List<ImportError>>(x.Errors) ?? [],
            warnings = warnings.Take(200),
            warningCount = warnings.Count,
            x.ReadyAt,
            x.AppliedAt,
            x.AppliedBy,
            timings = new { parseMs = x.ParseMs, planMs = x.PlanMs, applyMs = x.ApplyMs },
        });
    }

    private static async Task<IResult> PlanAsync(Guid id, ImportDbContext db, CancellationToken ct)
    {
        var x = await db.Imports.AsNoTracking().Where(i => i.Id == id).Select(i => new { i.Id, i.Status, i.Kind, i.Plan, i.Errors }).SingleOrDefaultAsync(ct);
        if (x is null)
        {
            return ImportApi.NotFound("Cet import n'existe pas.");
        }

        if (x.Plan is null)
        {
            return x.Status == ImportStatus.Failed
                ? ImportApi.Problem(409, "import-failed", "Fichier refusé", Json<List<ImportError>>(x.Errors)?.FirstOrDefault()?.Detail ?? "Ce fichier a été refusé.")
                : ImportApi.Problem(409, "not-ready", "Analyse en cours", "L'analyse de ce fichier n'est pas terminée : réessayez dans quelques instants.");
        }

        var plan = ImportJson.Deserialize<ImportPlan>(x.Plan);
        return TypedResults.Ok(PlanView(x.Id, x.Status, x.Kind, plan));
    }

    private static async Task<IResult> ConfirmAsync(Guid id, ConfirmRequest? body, ImportApplier applier, CurrentUser user, CancellationToken ct)
    {
        var keys = body?.Keys is { } k ? new HashSet<string>(k, StringComparer.Ordinal) : null;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var result = await applier.ConfirmAsync(id, keys, body?.ConfirmSuspicious ?? false, user.UserId, ct);
        if (result.Status == StatusCodes.Status200OK)
        {
            ImportMetrics.Imports.Add(1, new KeyValuePair<string, object?>("outcome", "applied"));
            ImportMetrics.ApplyDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (result.Counts is { } counts)
            {
                ImportMetrics.UsersImported.Add(counts.GetValueOrDefault("peopleWritten"));
            }
        }
        return result.Status switch
        {
            StatusCodes.Status200OK => TypedResults.Ok(new { importId = id, status = ImportStatus.Applied, counts = result.Counts }),
            StatusCodes.Status404NotFound => ImportApi.NotFound("Cet import n'existe pas."),
            _ => ImportApi.Problem(result.Status, result.Code!, "Confirmation impossible", result.Detail!),
        };
    }

    private static object PlanView(Guid id, string status, string? kind, ImportPlan plan)
    {
        static string KindOf(StructureKind k) => k == StructureKind.Class ? "class" : "group";
        object User(UserLine u) => new
        {
            u.Key,
            id = u.After.Id,
            u.After.Profile,
            u.After.LastName,
            u.After.FirstName,
            u.After.BirthDate,
            classCode = u.After.ClassCode ?? u.Before?.ClassCode,
            u.MatchedBy,
            u.Changes,
        };
        object Structure(StructureLine s) => new { s.Key, kind = KindOf(s.Kind), s.Code, label = s.After.Label, s.After.ClassCodes, s.Changes };
        return new
        {
            importId = id,
            status,
            kind,
            source = plan.Scope.Source,
            plan.RequiresConfirmation,
            plan.IsEmpty,
            counts = ImportProcessor.PlanCounts(plan),
            structures = new
            {
                add = plan.Structures.Where(s => s.Action == PlanAction.Add).Select(Structure),
                modify = plan.Structures.Where(s => s.Action == PlanAction.Modify).Select(Structure),
                remove = plan.Structures.Where(s => s.Action == PlanAction.Remove).Select(Structure),
            },
            users = new
            {
                add = plan.Users.Where(u => u.Action == PlanAction.Add).Select(User),
                modify = plan.Users.Where(u => u.Action == PlanAction.Modify).Select(User),
                retire = plan.Users.Where(u => u.Action == PlanAction.Retire).Select(User),
                unchanged = plan.Count(PlanAction.Unchanged),
            },
            memberships = plan.Memberships.Select(m => new { m.Key, m.Action, m.UserId, kind = KindOf(m.Kind), m.StructureCode, m.DependsOn }),
            guardianLinks = plan.GuardianLinks.Select(l => new { l.Key, l.Action, l.GuardianId, studentKey = l.StudentId, l.StudentUserId, l.LegalRank, l.DependsOn }),
            services = plan.Services.Select(s => new { s.Key, s.Action, s.TeacherId, kind = KindOf(s.Assignment.Kind), s.Assignment.StructureCode, s.Assignment.SubjectCode, s.DependsOn }),
            plan.Warnings,
            keys = plan.ChangeLines.Select(l => l.Key),
        };
    }

    internal static T? Json<T>(string? json) where T : class => json is null ? null : ImportJson.Deserialize<T>(json);
}
