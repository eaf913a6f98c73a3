using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Sacoche.Competences.Domain;
using Sacoche.Competences.Infrastructure;
using Sacoche.ServiceDefaults.Data;

namespace Sacoche.Competences.Application.Bilans;

/// <summary>Wakes the archive worker of this instance right after a job is created (others find it at their next poll).</summary>
public sealed class ArchiveQueue
{
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => _signal.Writer.TryWrite(true);

    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            await _signal.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // timeout: poll
        }
    }
}

/// <summary>
/// Runs one archive job (in the worker's own DI scope, whose <see cref="TenantScope"/> it sets to the job's establishment):
/// loads the class's bilan once, then for each student not yet archived by this job renders the bulletin, stores it
/// (SHA-256 of the bytes, next version for the student and the period) and saves with the job's progress — one student
/// at a time, so memory holds one PDF and a resumed job skips what is done.
/// </summary>
public sealed class ArchiveService(CompetencesDbContext db, TenantScope tenant, ClassBilanLoader loader, SettingsStore settings, TimeProvider clock, ILogger<ArchiveService> logger)
{
    public async Task ProcessAsync(int establishmentId, long jobId, CancellationToken ct)
    {
        tenant.EstablishmentId = establishmentId;
        var job = await db.BilanArchiveJobs.FirstOrDefaultAsync(j => j.Id == jobId, ct);
        if (job is null || job.Status is ArchiveJobStatus.Done or ArchiveJobStatus.Failed)
        {
            return;
        }
        try
        {
            await RunAsync(job, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogError(e, "Archive job {JobId} of establishment {EstablishmentId} failed", jobId, establishmentId);
            db.ChangeTracker.Clear();
            await db.BilanArchiveJobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, ArchiveJobStatus.Failed)
                .SetProperty(j => j.Error, "La génération des bulletins a échoué : relancez l'archivage, et si l'erreur persiste, contactez l'assistance.")
                .SetProperty(j => j.FinishedAt, clock.GetUtcNow()), CancellationToken.None);
        }
    }

    private async Task RunAsync(BilanArchiveJob job, CancellationToken ct)
    {
        var cls = await db.Classes.AsNoTracking().FirstOrDefaultAsync(c => c.Code == job.ClassCode, ct);
        var period = await db.Periods.AsNoTracking().FirstOrDefaultAsync(p => p.Id == job.PeriodId, ct);
        var status = BilanStatuses.Parse(await db.BilanStatuses.AsNoTracking()
            .Where(s => s.PeriodId == job.PeriodId && s.ClassCode == job.ClassCode).Select(s => s.Status).FirstOrDefaultAsync(ct));
        if (cls is null || period is null || !status.AllowsPrinting())
        {
            Finish(job, ArchiveJobStatus.Failed, cls is null || period is null
                ? "La classe ou la période n'existe plus : rien n'a été archivé."
                : $"Le bilan n'est plus au statut « {BilanStatus.Complete.Label()} » (statut actuel : « {status.Label()} ») : archivage interrompu.");
            await db.SaveChangesAsync(ct);
            return;
        }
        var bilan = await loader.LoadAsync(job.EstablishmentId, cls, period, await settings.GetAsync(ct), ct);
        var header = await BulletinService.HeaderAsync(db, job.EstablishmentId, ct);
        var archived = (await db.BilanArchives.AsNoTracking().Where(a => a.JobId == job.Id).Select(a => a.StudentId).ToListAsync(ct)).ToHashSet();
        job.Status = ArchiveJobStatus.Running;
        job.Total = bilan.Students.Count;
        job.Done = archived.Count;
        job.ClaimedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);

        foreach (var student in bilan.Students.Where(s => !archived.Contains(s.StudentId)))
        {
            var now = clock.GetUtcNow();
            var bytes = BulletinPdf.Render(header, bilan, student, now);
            int version = (await db.BilanArchives.Where(a => a.StudentId == student.StudentId && a.PeriodId == period.Id).MaxAsync(a => (int?)a.Version, ct) ?? 0) + 1;
            var archive = new BilanArchive
            {
                EstablishmentId = job.EstablishmentId,
                StudentId = student.StudentId,
                ClassCode = cls.Code,
                PeriodId = period.Id,
                PeriodName = period.Name,
                Version = version,
                Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
                Size = bytes.Length,
                Content = bytes,
                JobId = job.Id,
                CreatedBy = job.StartedBy,
                CreatedAt = now,
            };
            db.BilanArchives.Add(archive);
            job.Done++;
            job.ClaimedAt = now;
            await db.SaveChangesAsync(ct);
            // Let the bytes go: the context tracks the job only.
            db.Entry(archive).State = EntityState.Detached;
        }
        Finish(job, ArchiveJobStatus.Done, null);
        await db.SaveChangesAsync(ct);
    }

    private void Finish(BilanArchiveJob job, string status, string? error)
    {
        job.Status = status;
        job.Error = error;
        job.FinishedAt = clock.GetUtcNow();
    }
}
