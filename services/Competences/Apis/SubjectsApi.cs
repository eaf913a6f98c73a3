using Sacoche.Competences.Application.Subjects;
using Sacoche.ServiceDefaults.Http;

namespace Sacoche.Competences.Apis;

public static class SubjectsApi
{
    public static RouteGroupBuilder MapSubjectsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/subjects", ListAsync)
            .WithName("ListSubjects").WithSummary("Les matières nationales et celles de l'établissement (importées ou créées ; elles l'emportent sur le code), par nom.");
        api.MapPost("/subjects", CreateAsync).RequireAdmin("Seul un administrateur peut créer une matière spécifique à l'établissement.")
            .WithName("CreateSubject").WithSummary("Crée une matière spécifique à l'établissement (administrateurs).");
        api.MapGet("/levels", LevelsAsync)
            .WithName("ListLevels").WithSummary("Les niveaux, dans l'ordre.");
        return api;
    }

    private static async Task<IResult> ListAsync(SubjectService service, CancellationToken ct) => (await service.ListAsync(ct)).ToHttp();

    private static async Task<IResult> CreateAsync(CreateSubjectRequest? body, SubjectService service, CancellationToken ct) =>
        (await service.CreateAsync(body, ct)).ToHttp(subject => TypedResults.Created($"/api/competences/subjects/{subject.Code}", subject));

    private static async Task<IResult> LevelsAsync(SubjectService service, CancellationToken ct) => (await service.LevelsAsync(ct)).ToHttp();
}
