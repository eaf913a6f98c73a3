namespace Sacoche.Competences.Apis;

/// <summary>RFC 9457 problems with a stable <c>type</c> and a French <c>detail</c>.</summary>
public static class Problems
{
    public const string TypeBase = "https://sacoche.fr/problems/";

    public static IResult Validation(IReadOnlyList<string> errors) => Problem(400, "donnees-invalides", "Données invalides",
        errors.Count == 1 ? errors[0] : string.Join(" ", errors), new Dictionary<string, object?> { ["errors"] = errors });

    public static IResult Validation(string error) => Validation([error]);

    public static IResult NotFound(string detail) => Problem(404, "introuvable", "Introuvable", detail);

    public static IResult Forbidden(string detail) => Problem(403, "acces-refuse", "Accès refusé", detail);

    public static IResult Conflict(string type, string detail, IDictionary<string, object?>? extensions = null) =>
        Problem(409, type, "Conflit", detail, extensions);

    public static IResult ConfirmationRequired(string detail, IDictionary<string, object?>? extensions = null) =>
        Problem(409, "confirmation-requise", "Confirmation requise", detail, extensions);

    public static IResult Problem(int status, string type, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, type: TypeBase + type, extensions: extensions);
}
