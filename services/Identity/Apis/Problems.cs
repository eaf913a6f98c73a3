namespace Sacoche.Identity.Apis;

/// <summary>ProblemDetails with a stable type and a French detail a school administrator understands.</summary>
internal static class Problems
{
    public static IResult Of(int status, string type, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, type: "https://sacoche.fr/problems/" + type, extensions: extensions);

    public static IResult NotFound(string detail = "Ressource introuvable.") => Of(404, "not-found", "Introuvable", detail);

    public static IResult Forbidden(string detail = "Vous n'avez pas les droits nécessaires pour cette action.") => Of(403, "forbidden", "Accès refusé", detail);

    public static IResult Invalid(string detail, IDictionary<string, object?>? extensions = null) => Of(400, "validation", "Données invalides", detail, extensions);
}
