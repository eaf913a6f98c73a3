using System.Reflection;

namespace Sacoche.Common.Results;

/// <summary>
/// The one error catalogue of every service. A ProblemDetails' <c>type</c> is
/// <c>https://sacoche.fr/problems/{code}</c>; clients test the code, users read the French detail.
/// Add a code here and in <c>docs/errors.md</c>, never inline.
/// </summary>
public static class ErrorCodes
{
    public const string TypeBase = "https://sacoche.fr/problems/";

    // Generic answers.
    public static readonly ErrorCode Validation = new("validation", 400, "Données invalides");
    public static readonly ErrorCode Forbidden = new("forbidden", 403, "Accès refusé");
    public static readonly ErrorCode NotFound = new("not-found", 404, "Introuvable");
    public static readonly ErrorCode ConfirmationRequired = new("confirmation-required", 409, "Confirmation requise");
    public static readonly ErrorCode TooManyRequests = new("too-many-requests", 429, "Trop de demandes");

    // Uploads (every service that receives files).
    public static readonly ErrorCode MissingFile = new("missing-file", 400, "Fichier manquant");
    public static readonly ErrorCode EmptyFile = new("empty-file", 400, "Fichier vide");
    public static readonly ErrorCode FileTooLarge = new("file-too-large", 413, "Fichier trop volumineux");
    public static readonly ErrorCode MultipartRequired = new("multipart-required", 415, "Format d'envoi non pris en charge");
    public static readonly ErrorCode UnsupportedFile = new("unsupported-file", 415, "Type de fichier non pris en charge");

    // Identity.
    public static readonly ErrorCode UaiTaken = new("uai-taken", 409, "UAI déjà utilisé");
    public static readonly ErrorCode EntIdTaken = new("ent-id-taken", 409, "Identifiant ENT déjà utilisé");
    public static readonly ErrorCode LoginTaken = new("login-taken", 409, "Identifiant déjà utilisé");
    public static readonly ErrorCode LastAdministrator = new("last-administrator", 409, "Dernier administrateur actif");

    // Import.
    public static readonly ErrorCode UnknownEstablishment = new("unknown-establishment", 409, "Établissement inconnu");
    public static readonly ErrorCode SpreadsheetKindRequired = new("spreadsheet-kind-required", 400, "Type de tableau à préciser");
    public static readonly ErrorCode InvalidKind = new("invalid-kind", 400, "Type de tableau inconnu");
    public static readonly ErrorCode UnknownConnector = new("unknown-connector", 400, "Connecteur inconnu");
    public static readonly ErrorCode UnknownFormat = new("unknown-format", 400, "Format inconnu");
    public static readonly ErrorCode EntCsvInvalid = new("ent-csv-invalid", 400, "Fichier illisible");
    public static readonly ErrorCode InvalidChoices = new("invalid-choices", 400, "Choix impossibles");
    public static readonly ErrorCode NotReady = new("not-ready", 409, "Analyse en cours");
    public static readonly ErrorCode ImportFailed = new("import-failed", 409, "Fichier refusé");
    public static readonly ErrorCode AlreadyApplied = new("already-applied", 409, "Déjà appliqué");
    public static readonly ErrorCode StalePlan = new("stale-plan", 409, "Plan périmé");
    public static readonly ErrorCode EntIdConflict = new("ent-id-conflict", 409, "Identifiants ENT en conflit");

    // Competences.
    public static readonly ErrorCode EntryChanged = new("entry-changed", 409, "Saisie modifiée entre-temps");
    public static readonly ErrorCode ReferentialExists = new("referential-exists", 409, "Référentiel déjà présent");
    public static readonly ErrorCode SubjectExists = new("subject-exists", 409, "Matière déjà présente");
    public static readonly ErrorCode ConcurrentPublication = new("concurrent-publication", 409, "Publication concurrente");
    public static readonly ErrorCode PeriodInUse = new("period-in-use", 409, "Période utilisée");
    public static readonly ErrorCode BilanStatus = new("bilan-status", 409, "Statut du bilan incompatible");
    public static readonly ErrorCode LsuInvalid = new("lsu-invalid", 422, "Fichier LSU invalide");
    public static readonly ErrorCode RequestExists = new("request-exists", 409, "Demande déjà en attente");
    public static readonly ErrorCode RequestLimit = new("request-limit", 409, "Trop de demandes en attente");
    public static readonly ErrorCode RequestAnswered = new("request-answered", 409, "Demande déjà traitée");

    /// <summary>Every code of the catalogue, in declaration order.</summary>
    public static IReadOnlyList<ErrorCode> All { get; } = typeof(ErrorCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(ErrorCode))
        .Select(f => (ErrorCode)f.GetValue(null)!)
        .ToArray();
}
