using Sacoche.Competences.Application.Bilans;
using Sacoche.Competences.Application.Exports;
using Sacoche.ServiceDefaults.Http;

namespace Sacoche.Competences.Apis;

/// <summary>Official bulletins: preview, archive jobs of a class, archived bulletins (docs/domain/bilans.md, « Bulletins and archive »).</summary>
public static class BulletinsApi
{
    private const string ManagersOnly = "Seuls l'administrateur et la direction archivent les bulletins.";
    private const string ManagersFollow = "Le suivi de l'archivage est réservé à l'administrateur et à la direction.";

    public static RouteGroupBuilder MapBulletinsApi(this RouteGroupBuilder api)
    {
        var bilan = api.MapGroup("/bilans/{classCode}/{periodId:long}");
        bilan.MapGet("/students/{studentId:guid}.pdf", PreviewAsync).WithName("PreviewBulletin")
            .WithSummary("Aperçu PDF du bulletin d'un élève (non archivé), quand le bilan de la classe est au statut « complete ».");
        bilan.MapPost("/archive", StartArchiveAsync).WithName("ArchiveBulletins").RequireAccess(a => a.IsWholeEstablishment, ManagersOnly)
            .WithSummary("Archive les bulletins de la classe (statut « complete ») : 202 et la tâche, suivie par GET …/archive ; chaque archivage ajoute une version.");
        bilan.MapGet("/archive", JobsAsync).WithName("GetArchiveJobs").RequireAccess(a => a.IsWholeEstablishment, ManagersFollow)
            .WithSummary("Les dernières tâches d'archivage de la classe pour la période (progression : done / total).");
        api.MapGet("/archives", ListAsync).WithName("ListArchivedBulletins")
            .WithSummary("Bulletins archivés d'un élève (studentId), du plus récent au plus ancien ; sans élève, ceux d'une classe et d'une période (classCode, periodId : direction).");
        api.MapGet("/archives/{id:long}", DownloadAsync).WithName("GetArchivedBulletin")
            .WithSummary("Le PDF archivé, tel qu'il a été enregistré (son SHA-256 est dans la liste).");
        return api;
    }

    private static async Task<IResult> PreviewAsync(string classCode, long periodId, Guid studentId, BulletinService service, CancellationToken ct) =>
        (await service.PreviewAsync(classCode, periodId, studentId, ct)).ToHttp(ToFile);

    private static async Task<IResult> StartArchiveAsync(string classCode, long periodId, BulletinService service, CancellationToken ct) =>
        (await service.StartArchiveAsync(classCode, periodId, ct))
            .ToHttp(job => TypedResults.Accepted($"/api/competences/bilans/{Uri.EscapeDataString(classCode)}/{periodId}/archive", job));

    private static async Task<IResult> JobsAsync(string classCode, long periodId, BulletinService service, CancellationToken ct) =>
        (await service.JobsAsync(classCode, periodId, ct)).ToHttp();

    private static async Task<IResult> ListAsync(Guid? studentId, string? classCode, long? periodId, BulletinService service, CancellationToken ct) =>
        (await service.ListAsync(studentId, classCode, periodId, ct)).ToHttp();

    private static async Task<IResult> DownloadAsync(long id, BulletinService service, CancellationToken ct) =>
        (await service.DownloadAsync(id, ct)).ToHttp(ToFile);

    private static IResult ToFile(BulletinFile file) => TypedResults.File(file.Content, PdfReport.ContentType, file.FileName);
}
