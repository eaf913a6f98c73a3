using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Sacoche.Common.Results;
using Sacoche.Contracts;
using Sacoche.Import.Domain;
using Sacoche.ServiceDefaults.Data;
using Sacoche.ServiceDefaults.Http;

namespace Sacoche.Import.Infrastructure;

/// <summary>
/// Background stage of an upload: parse the stored file (streaming), compare it with the
/// directory and store the plan. Stages are timed separately (parse_ms, plan_ms) for the benchmark.
/// </summary>
public sealed class ImportProcessor(ImportDbContext db, TenantScope tenant, TimeProvider time, IOptions<ImportOptions> options, IOptions<UploadLimit> uploadLimit, ILogger<ImportProcessor> logger)
{
    public static string KindName(ImportSource source) => source switch
    {
        ImportSource.Sts => "sts",
        ImportSource.SiecleStudents => "siecle-students",
        ImportSource.SiecleGuardians => "siecle-guardians",
        ImportSource.SpreadsheetStudents => "spreadsheet-students",
        ImportSource.SpreadsheetStaff => "spreadsheet-staff",
        ImportSource.SpreadsheetParents => "spreadsheet-parents",
        _ => source.ToString(),
    };

    public static string? KindName(ImportFileKind kind, string? spreadsheetKind) => kind switch
    {
        ImportFileKind.Sts => "sts",
        ImportFileKind.SiecleStudents => "siecle-students",
        ImportFileKind.SiecleGuardians => "siecle-guardians",
        ImportFileKind.SiecleNomenclature => "siecle-nomenclature",
        ImportFileKind.Spreadsheet => spreadsheetKind is null ? null : "spreadsheet-" + spreadsheetKind,
        _ => null,
    };

    public DateOnly Today => DateOnly.FromDateTime(time.GetLocalNow().DateTime);

    public async Task ProcessAsync(int establishmentId, Guid importId, CancellationToken ct)
    {
        tenant.EstablishmentId = establishmentId;
        var job = await db.Imports.SingleAsync(x => x.Id == importId, ct);
        try
        {
            var establishment = await db.Establishments.AsNoTracking().SingleOrDefaultAsync(ct)
                ?? throw new ImportFormatException("unknown-establishment", "Cet établissement n'est pas encore connu du service d'import (son enregistrement est en cours) : réessayez dans quelques instants.");
            var content = await db.ImportFiles.Where(f => f.ImportId == importId).Select(f => f.Content).SingleAsync(ct);
            var today = Today;
            var context = new ImportContext(establishment.Uai, today, options.Value.SchoolYearSwitchMonth);

            // Version first, then the snapshot: an apply committing in between only makes the plan look stale (safe side).
            await db.Database.OpenConnectionAsync(ct);
            var conn = (NpgsqlConnection)db.Database.GetDbConnection();
            var loaded = await DirectoryStore.LoadAsync(conn, null, establishmentId, ct);
            var students = loaded.Snapshot.People.Where(p => p.Profile == Profiles.Student && p.ExitDate is null && p.SiecleId is not null)
                .Select(p => p.SiecleId!).ToHashSet(StringComparer.Ordinal);

            var sw = Stopwatch.StartNew();
            var progress = new ParseProgress(content.Length);
            var parsing = Task.Run(() => Parse(job, content, context, students.Count > 0 ? students : null, Limits(uploadLimit.Value), progress), ct);
            while (await Task.WhenAny(parsing, Task.Delay(300, ct)) != parsing)
            {
                var percent = 10 + (int)(60 * progress.Fraction);
                await db.Imports.Where(x => x.Id == importId).ExecuteUpdateAsync(s => s.SetProperty(x => x.Progress, percent), ct);
            }

            var parsed = await parsing;
            job.ParseMs = sw.Elapsed.TotalMilliseconds;
            job.Kind = KindName(parsed.Source);

            sw.Restart();
            var plan = ImportPlanner.Plan(loaded.Snapshot, parsed.Incoming, new PlanScope(parsed.Source, today));
            job.Plan = ImportJson.Serialize(plan);
            job.PlanMs = sw.Elapsed.TotalMilliseconds;

            var counts = PlanCounts(plan);
            foreach (var (k, v) in parsed.Counts)
            {
                counts[k] = v;
            }

            job.Counts = ImportJson.Serialize(counts);
            job.Warnings = ImportJson.Serialize(plan.Warnings);
            job.Subjects = parsed.Subjects is null ? null : ImportJson.Serialize(parsed.Subjects);
            job.BaseVersion = establishment.DirectoryVersion;
            job.Status = ImportStatus.Ready;
            job.Progress = 100;
            job.ReadyAt = time.GetUtcNow();
            logger.LogInformation("Import {ImportId} ({Kind}) parsed in {ParseMs:F0} ms, planned in {PlanMs:F0} ms", importId, job.Kind, job.ParseMs, job.PlanMs);
            ImportMetrics.Imports.Add(1, new("kind", job.Kind), new("outcome", "ready"));
            ImportMetrics.ParseDuration.Record((job.ParseMs ?? 0) + (job.PlanMs ?? 0), new KeyValuePair<string, object?>("kind", job.Kind));
        }
        catch (ImportFormatException ex)
        {
            Fail(job, new ImportError(ErrorCodes.TypeBase + ex.Code, "Fichier refusé", ex.Message, ex.Line));
            logger.LogInformation("Import {ImportId} rejected: {Code}", importId, ex.Code);
            ImportMetrics.Imports.Add(1, new("kind", job.Kind), new("outcome", "rejected"), new("code", ex.Code));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // No personal data in logs: the exception type only (messages may quote file content).
            logger.LogError("Import {ImportId} failed unexpectedly: {ExceptionType}", importId, ex.GetType().FullName);
            ImportMetrics.Imports.Add(1, new("kind", job.Kind), new("outcome", "failed"));
            Fail(job, new ImportError(ErrorCodes.TypeBase + "internal", "Erreur interne", "Le fichier n'a pas pu être analysé à cause d'une erreur interne ; réessayez, et si l'erreur persiste, contactez l'assistance."));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        await db.SaveChangesAsync(ct);
    }

    private static void Fail(ImportJob job, ImportError error)
    {
        job.Status = ImportStatus.Failed;
        job.Progress = 100;
        job.Errors = ImportJson.Serialize(new[] { error });
        job.Plan = null;
    }

    public static Dictionary<string, int> PlanCounts(ImportPlan plan) => new()
    {
        ["usersAdd"] = plan.Count(PlanAction.Add),
        ["usersModify"] = plan.Count(PlanAction.Modify),
        ["usersRetire"] = plan.Count(PlanAction.Retire),
        ["usersUnchanged"] = plan.Count(PlanAction.Unchanged),
        ["structuresAdd"] = plan.Structures.Count(s => s.Action == PlanAction.Add),
        ["structuresModify"] = plan.Structures.Count(s => s.Action == PlanAction.Modify),
        ["structuresRemove"] = plan.Structures.Count(s => s.Action == PlanAction.Remove),
        ["memberships"] = plan.Memberships.Count,
        ["guardianLinks"] = plan.GuardianLinks.Count,
        ["services"] = plan.Services.Count,
        ["warnings"] = plan.Warnings.Count,
    };

    private sealed record Parsed(ImportSource Source, IncomingDirectory Incoming, List<SubjectInfo>? Subjects, Dictionary<string, int> Counts);

    /// <summary>The reading bounds, with the one upload limit of the system.</summary>
    public static ImportLimits Limits(UploadLimit upload) => ImportLimits.Default with { MaxUploadBytes = upload.MaxBytes };

    private static Parsed Parse(ImportJob job, byte[] content, ImportContext context, IReadOnlySet<string>? currentStudents, ImportLimits limits, ParseProgress progress)
    {
        using var opened = ImportFileReader.Open(new ProgressStream(new MemoryStream(content, writable: false), progress), job.FileName, limits);
        switch (opened.Kind)
        {
            case ImportFileKind.Sts:
                {
                    var file = StsParser.Parse(opened.Content, context, limits);
                    var subjects = file.Subjects.DistinctBy(s => s.ManagementCode)
                        .Select(s => new SubjectInfo(s.ManagementCode, Values.BcnCode(s.Code), s.LongLabel ?? s.ShortLabel ?? s.EditionLabel ?? s.ManagementCode)).ToList();
                    return new(ImportSource.Sts, IncomingDirectory.FromSts(file), subjects, new() { ["peopleInFile"] = file.Staff.Count, ["classes"] = file.Classes.Count, ["groups"] = file.Groups.Count, ["subjects"] = subjects.Count });
                }

            case ImportFileKind.SiecleStudents:
                {
                    var file = SiecleStudentsParser.Parse(opened.Content, context, limits);
                    return new(ImportSource.SiecleStudents, IncomingDirectory.FromSiecleStudents(file), null, new() { ["peopleInFile"] = file.Students.Count, ["leaversSkipped"] = file.LeaversSkipped, ["withoutClassSkipped"] = file.WithoutClassSkipped });
                }

            case ImportFileKind.SiecleGuardians:
                {
                    var file = SiecleGuardiansParser.Parse(opened.Content, context, currentStudents, limits);
                    return new(ImportSource.SiecleGuardians, IncomingDirectory.FromSiecleGuardians(file), null, new() { ["peopleInFile"] = file.Guardians.Count, ["nonLegalLinksSkipped"] = file.NonLegalLinksSkipped, ["linksToNonCurrentStudentsSkipped"] = file.LinksToNonCurrentStudentsSkipped, ["personsWithoutChildSkipped"] = file.PersonsWithoutChildSkipped });
                }

            case ImportFileKind.SiecleNomenclature:
                throw new ImportFormatException("nomenclature-alone", "Le fichier Nomenclature.xml ne s'importe pas seul : importez l'export STS-web (sts_emp_UAI_ANNEE.xml), puis les élèves et les responsables.");

            case ImportFileKind.Spreadsheet:
                switch (job.SpreadsheetKind)
                {
                    case "students":
                        {
                            var file = SpreadsheetParser.ParseStudents(opened.Content, limits);
                            return new(ImportSource.SpreadsheetStudents, IncomingDirectory.FromSpreadsheetStudents(file), null, new() { ["peopleInFile"] = file.Rows.Count, ["rejectedRows"] = file.Rejected.Count });
                        }

                    case "staff":
                        {
                            var file = SpreadsheetParser.ParseStaff(opened.Content, limits);
                            return new(ImportSource.SpreadsheetStaff, IncomingDirectory.FromSpreadsheetStaff(file), null, new() { ["peopleInFile"] = file.Rows.Count, ["rejectedRows"] = file.Rejected.Count });
                        }

                    case "parents":
                        {
                            var file = SpreadsheetParser.ParseParents(opened.Content, limits);
                            return new(ImportSource.SpreadsheetParents, IncomingDirectory.FromSpreadsheetParents(file), null, new() { ["peopleInFile"] = file.Rows.Count, ["rejectedRows"] = file.Rejected.Count });
                        }

                    default:
                        throw new ImportFormatException("spreadsheet-kind-required", "Pour un fichier CSV, précisez s'il contient des élèves (students), des personnels (staff) ou des parents (parents).");
                }

            default:
                throw new ImportFormatException(ImportErrorCodes.UnknownKind, "Type de fichier non reconnu.");
        }
    }
}

/// <summary>Bytes read so far, shared with the progress reporter.</summary>
internal sealed class ParseProgress(long total)
{
    private long read;

    public double Fraction => total <= 0 ? 0 : Math.Min(1.0, (double)Interlocked.Read(ref read) / total);

    public void Add(int n) => Interlocked.Add(ref read, n);
}

internal sealed class ProgressStream(Stream inner, ParseProgress progress) : Stream
{
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        progress.Add(n);
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => inner.Length;
    public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
