using System.Text;
using Microsoft.EntityFrameworkCore;
using Sacoche.Common.Results;
using Sacoche.Competences.Application.Reports;
using Sacoche.Competences.Domain;
using Sacoche.Competences.Infrastructure;
using Sacoche.ServiceDefaults.Security;

namespace Sacoche.Competences.Application.Bilans;

/// <summary>A PDF to send: its bytes and its file name.</summary>
public sealed record BulletinFile(byte[] Content, string FileName);

/// <summary>
/// Official bulletins (docs/domain/bilans.md, « Bulletins and archive »): the preview of a student's bulletin, archive jobs of a
/// class, the archived bulletins of a student and their bytes.
/// </summary>
public sealed class BulletinService(CompetencesDbContext db, Access access, BilanAccess rights, ClassBilanLoader loader, SettingsStore settings, ArchiveQueue queue, TimeProvider clock)
{
    /// <summary>The bulletin of one student, not archived, when the class's bilan is « complete » (staff who open the sheet).</summary>
    public async Task<Result<BulletinFile>> PreviewAsync(string classCode, long periodId, Guid studentId, CancellationToken ct)
    {
        var found = await rights.SheetAsync(classCode, periodId, ct);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }
        var (cls, period) = found.Value;
        var status = await StatusAsync(cls.Code, period.Id, ct);
        if (!status.AllowsPrinting())
        {
            return BilanService.StatusRefusal(cls, period, status, "le bulletin ne peut pas être imprimé");
        }
        var bilan = await loader.LoadAsync(access.EstablishmentId, cls, period, await settings.GetAsync(ct), ct);
        var student = bilan.Students.FirstOrDefault(s => s.StudentId == studentId);
        if (student is null)
        {
            return Error.NotFound($"Cet élève n'est pas en {cls.Name}.");
        }
        var header = await HeaderAsync(db, access.EstablishmentId, ct);
        return new BulletinFile(BulletinPdf.Render(header, bilan, student, clock.GetUtcNow()), FileName(cls.Code, period.Name, student.LastName, student.FirstName, null));
    }

    /// <summary>
    /// Starts archiving the bulletins of the class (administrator, direction; status « complete »). A job of the class and the
    /// period still pending or running is answered instead of a second one.
    /// </summary>
    public async Task<Result<ArchiveJobResponse>> StartArchiveAsync(string classCode, long periodId, CancellationToken ct)
    {
        var found = await rights.FindAsync(classCode, periodId, ct);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }
        var (cls, period) = found.Value;
        var status = await StatusAsync(cls.Code, period.Id, ct);
        if (!status.AllowsPrinting())
        {
            return BilanService.StatusRefusal(cls, period, status, "les bulletins ne peuvent pas être archivés");
        }
        var running = await db.BilanArchiveJobs.AsNoTracking()
            .Where(j => j.ClassCode == cls.Code && j.PeriodId == period.Id && (j.Status == ArchiveJobStatus.Pending || j.Status == ArchiveJobStatus.Running))
            .OrderByDescending(j => j.Id).FirstOrDefaultAsync(ct);
        if (running is not null)
        {
            return ToJob(running);
        }
        var job = new BilanArchiveJob
        {
            EstablishmentId = access.EstablishmentId,
            ClassCode = cls.Code,
            PeriodId = period.Id,
            Status = ArchiveJobStatus.Pending,
            Total = (await ReportData.StudentsAsync(db, cls.Code, null, ct)).Count,
            StartedBy = access.UserId,
            CreatedAt = clock.GetUtcNow(),
        };
        db.BilanArchiveJobs.Add(job);
        await db.SaveChangesAsync(ct);
        queue.Notify();
        return ToJob(job);
    }

    /// <summary>The latest archive jobs of the class for the period, newest first (administrator, direction).</summary>
    public async Task<Result<IReadOnlyList<ArchiveJobResponse>>> JobsAsync(string classCode, long periodId, CancellationToken ct)
    {
        var found = await rights.FindAsync(classCode, periodId, ct);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }
        var jobs = await db.BilanArchiveJobs.AsNoTracking().Where(j => j.ClassCode == classCode && j.PeriodId == periodId)
            .OrderByDescending(j => j.Id).Take(10).ToListAsync(ct);
        return jobs.Select(ToJob).ToList();
    }

    /// <summary>
    /// Archived bulletins, newest first: of a student (staff who reach him, the student himself, his guardians), or of a
    /// class for a period (administrator, direction). A student or a guardian asking for another student gets not-found,
    /// so that the list does not tell whether the student exists.
    /// </summary>
    public async Task<Result<IReadOnlyList<ArchiveResponse>>> ListAsync(Guid? studentId, string? classCode, long? periodId, CancellationToken ct)
    {
        if (studentId is null && access.IsStudent)
        {
            studentId = access.UserId;
        }
        IQueryable<BilanArchive> query = db.BilanArchives.AsNoTracking();
        if (studentId is { } id)
        {
            if (await ReachAsync(id, ct) is { } refused)
            {
                return refused;
            }
            query = query.Where(a => a.StudentId == id);
            if (periodId is { } p)
            {
                query = query.Where(a => a.PeriodId == p);
            }
        }
        else
        {
            if (!access.IsWholeEstablishment)
            {
                return Error.Invalid("studentId", "Précisez l'élève (paramètre studentId) : la liste d'une classe est réservée à l'administrateur et à la direction.");
            }
            if (string.IsNullOrWhiteSpace(classCode) || periodId is null)
            {
                return Error.Invalid("", "Précisez l'élève (studentId), ou la classe et la période (classCode et periodId).");
            }
            var found = await rights.FindAsync(classCode, periodId.Value, ct);
            if (!found.IsSuccess)
            {
                return found.Error!;
            }
            query = query.Where(a => a.ClassCode == classCode && a.PeriodId == periodId);
        }
        var rows = await query.OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id)
            .Select(a => new { a.Id, a.StudentId, a.ClassCode, a.PeriodId, a.PeriodName, a.Version, a.Sha256, a.Size, a.CreatedAt, a.CreatedBy })
            .Take(500).ToListAsync(ct);
        var ids = rows.Select(r => r.StudentId).Distinct().ToArray();
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.UserId)).ToDictionaryAsync(u => u.UserId, u => $"{u.LastName} {u.FirstName}", ct);
        return rows.Select(r => new ArchiveResponse(r.Id, r.StudentId, names.GetValueOrDefault(r.StudentId, ""), r.ClassCode, r.PeriodId, r.PeriodName,
            r.Version, r.Sha256, r.Size, r.CreatedAt, r.CreatedBy)).ToList();
    }

    /// <summary>The stored bytes of an archived bulletin, with the rights of <see cref="ListAsync"/>.</summary>
    public async Task<Result<BulletinFile>> DownloadAsync(long id, CancellationToken ct)
    {
        var head = await db.BilanArchives.AsNoTracking().Where(a => a.Id == id)
            .Select(a => new { a.StudentId, a.ClassCode, a.PeriodName, a.Version }).FirstOrDefaultAsync(ct);
        if (head is null)
        {
            return Error.NotFound($"Le bulletin archivé n° {id} n'existe pas dans cet établissement.");
        }
        if (await ReachAsync(head.StudentId, ct) is { } refused)
        {
            return access.IsStudent || access.IsGuardian ? Error.NotFound($"Le bulletin archivé n° {id} n'existe pas dans cet établissement.") : refused;
        }
        var content = await db.BilanArchives.AsNoTracking().Where(a => a.Id == id).Select(a => a.Content).FirstAsync(ct);
        var student = await db.Users.AsNoTracking().Where(u => u.UserId == head.StudentId).Select(u => new { u.LastName, u.FirstName }).FirstOrDefaultAsync(ct);
        return new BulletinFile(content, FileName(head.ClassCode, head.PeriodName, student?.LastName ?? "eleve", student?.FirstName ?? "", head.Version));
    }

    /// <summary>Null when the caller reaches the student; else not-found (unknown student, or a student/guardian asking for another) or forbidden (staff).</summary>
    private async Task<Error?> ReachAsync(Guid studentId, CancellationToken ct)
    {
        var reach = await access.CanReachStudentAsync(studentId, ct);
        if (reach == true)
        {
            return null;
        }
        if (reach is null || access.IsStudent || access.IsGuardian)
        {
            return Error.NotFound("Cet élève n'existe pas dans cet établissement ou ses bulletins ne vous sont pas accessibles.");
        }
        return Error.Forbidden("Vous n'enseignez pas à cet élève : ses bulletins ne vous sont pas accessibles.");
    }

    private async Task<BilanStatus> StatusAsync(string classCode, long periodId, CancellationToken ct) =>
        BilanStatuses.Parse(await db.BilanStatuses.AsNoTracking().Where(s => s.PeriodId == periodId && s.ClassCode == classCode).Select(s => s.Status).FirstOrDefaultAsync(ct));

    internal static async Task<BulletinHeader> HeaderAsync(CompetencesDbContext db, int establishmentId, CancellationToken ct)
    {
        var row = await db.Establishments.AsNoTracking().IgnoreQueryFilters().FirstOrDefaultAsync(e => e.EstablishmentId == establishmentId, ct);
        return new BulletinHeader(establishmentId, row?.Name, row?.Uai);
    }

    internal static ArchiveJobResponse ToJob(BilanArchiveJob j) => new(j.Id, j.ClassCode, j.PeriodId, j.Status, j.Total, j.Done, j.Error, j.CreatedAt, j.FinishedAt);

    /// <summary>« bulletin-3A-trimestre-1-bernard-emma-v2.pdf »: ASCII letters, digits and dashes.</summary>
    internal static string FileName(string classCode, string periodName, string lastName, string firstName, int? version)
    {
        var name = $"bulletin-{Slug(classCode)}-{Slug(periodName)}-{Slug(lastName)}-{Slug(firstName)}";
        return (version is { } v ? $"{name}-v{v}" : name).Replace("--", "-", StringComparison.Ordinal).TrimEnd('-') + ".pdf";
    }

    private static string Slug(string text)
    {
        var sb = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                sb.Append(char.ToLowerInvariant(c));
            }
            else if ((c is ' ' or '-' or '_' or '\'') && sb.Length > 0 && sb[^1] != '-')
            {
                sb.Append('-');
            }
        }
        return sb.ToString().Trim('-');
    }
}

/// <summary>The statuses of an archive job.</summary>
public static class ArchiveJobStatus
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Done = "done";
    public const string Failed = "failed";
}
