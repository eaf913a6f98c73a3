using Sacoche.Competences.Application.Bilans;
using Sacoche.ServiceDefaults.Http;
using HttpProblems = Sacoche.ServiceDefaults.Http.Problems;

namespace Sacoche.Competences.Apis;

public static class BilansApi
{
    private const string ManagersOnly = "Seuls l'administrateur et la direction changent le statut des bilans.";

    public static RouteGroupBuilder MapBilansApi(this RouteGroupBuilder api)
    {
        api.MapGet("/bilans", BoardAsync).WithName("GetBilanBoard").RequireStaff("Les bilans en cours sont réservés aux personnels.")
            .WithSummary("Les classes qui suivent la période, avec le statut de leur bilan : toutes pour la direction, l'administrateur et le CPE ; celles d'un enseignant (ses services, ses groupes, professeur principal).");
        var bilan = api.MapGroup("/bilans/{classCode}/{periodId:long}");
        bilan.MapPut("/status", SetStatusAsync).WithName("SetBilanStatus").RequireAccess(a => a.IsWholeEstablishment, ManagersOnly)
            .WithSummary("Statut du bilan de la classe pour la période : closed, subjects, mixed, general ou complete (dans n'importe quel ordre) ; chaque changement est enregistré.");
        bilan.MapGet("/status", HistoryAsync).WithName("GetBilanStatus").WithSummary("Statut du bilan et historique de ses changements (qui, quand).");
        bilan.MapGet("", SheetAsync).WithName("GetBilanSheet")
            .WithSummary("Fiche de la classe : élèves × disciplines (positionnement calculé, choisi, moyenne 0–100, appréciation, éléments de programme, version), appréciation générale et vie scolaire.");
        bilan.MapGet("/missing", MissingAsync).WithName("GetBilanMissing").WithSummary("Ce qui manque encore, par discipline et par élève, avant le conseil de classe.");
        bilan.MapPut("/students/{studentId:guid}/subjects/{subjectCode}", WriteSubjectAsync).WithName("WriteBilanSubject")
            .WithSummary("Positionnement choisi, appréciation (600 caractères) et éléments de programme d'une discipline pour un élève ; version périmée → 409.");
        bilan.MapPut("/students/{studentId:guid}/general", WriteGeneralAsync).WithName("WriteBilanGeneral")
            .WithSummary("Appréciation générale d'un élève (1 000 caractères) : professeur principal ou direction.");
        bilan.MapPut("/students/{studentId:guid}/attendance", WriteAttendanceAsync).WithName("WriteBilanAttendance")
            .WithSummary("Vie scolaire d'un élève en demi-journées : retards, absences justifiées et non justifiées (CPE, direction).");
        bilan.MapPost("/attendance", ImportAttendanceAsync).WithName("ImportBilanAttendance").AcceptsUpload(api.Limit())
            .RequireAccess(a => a.IsWholeEstablishment || a.Profile == Profiles.Cpe, "La vie scolaire (absences, retards) est importée par le CPE ou la direction.")
            .WithSummary("Importe la vie scolaire de la classe d'un fichier CSV (champ « file ») : une ligne par élève (Identifiant ou ELEVE_ID, Nom, Prénom, Retards, "
                + "Absences justifiées, Absences non justifiées, Heures manquées, Commentaire) ; tout ou rien si un nombre est invalide ; les lignes sans élève sont signalées.");
        return api;
    }

    private static async Task<IResult> BoardAsync(long? periodId, BilanService service, CancellationToken ct) => (await service.BoardAsync(periodId, ct)).ToHttp();

    private static async Task<IResult> SetStatusAsync(string classCode, long periodId, BilanStatusRequest? body, BilanService service, CancellationToken ct) =>
        (await service.SetStatusAsync(classCode, periodId, body, ct)).ToHttp();

    private static async Task<IResult> HistoryAsync(string classCode, long periodId, BilanService service, CancellationToken ct) =>
        (await service.HistoryAsync(classCode, periodId, ct)).ToHttp();

    private static async Task<IResult> SheetAsync(string classCode, long periodId, BilanService service, CancellationToken ct) =>
        (await service.SheetAsync(classCode, periodId, ct)).ToHttp();

    private static async Task<IResult> MissingAsync(string classCode, long periodId, BilanService service, CancellationToken ct) =>
        (await service.MissingAsync(classCode, periodId, ct)).ToHttp();

    private static async Task<IResult> WriteSubjectAsync(string classCode, long periodId, Guid studentId, string subjectCode, BilanSubjectWrite? body,
        BilanService service, CancellationToken ct) =>
        (await service.WriteSubjectAsync(classCode, periodId, studentId, subjectCode, body, ct)).ToHttp();

    private static async Task<IResult> WriteGeneralAsync(string classCode, long periodId, Guid studentId, BilanGeneralWrite? body, BilanService service, CancellationToken ct) =>
        (await service.WriteGeneralAsync(classCode, periodId, studentId, body, ct)).ToHttp();

    private static async Task<IResult> WriteAttendanceAsync(string classCode, long periodId, Guid studentId, BilanAttendanceWrite? body, BilanService service, CancellationToken ct) =>
        (await service.WriteAttendanceAsync(classCode, periodId, studentId, body, ct)).ToHttp();

    private static async Task<IResult> ImportAttendanceAsync(string classCode, long periodId, HttpRequest request, AttendanceImport service, CancellationToken ct)
    {
        var upload = await UploadForm.ReadAsync(request, ct);
        if (!upload.IsSuccess)
        {
            return HttpProblems.For(upload.Error!);
        }
        var file = upload.Value.File;
        return (await service.ImportAsync(classCode, periodId, file, ct)).ToHttp();
    }
}
