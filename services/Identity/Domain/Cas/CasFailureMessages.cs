namespace Sacoche.Identity.Domain.Cas;

/// <summary>French explanations of the <c>authenticationFailure</c> codes of the CAS protocol (§ 2.5.3 of the 3.0 spec).</summary>
public static class CasFailureMessages
{
    public const string InvalidRequest = "INVALID_REQUEST";
    public const string InvalidTicketSpec = "INVALID_TICKET_SPEC";
    public const string UnauthorizedServiceProxy = "UNAUTHORIZED_SERVICE_PROXY";
    public const string InvalidProxyCallback = "INVALID_PROXY_CALLBACK";
    public const string InvalidTicket = "INVALID_TICKET";
    public const string InvalidService = "INVALID_SERVICE";
    public const string InternalError = "INTERNAL_ERROR";

    /// <summary>A French explanation for a school administrator; codes are matched case-insensitively, unknown codes get a generic text naming the code.</summary>
    public static string French(string? code) => (code ?? string.Empty).Trim().ToUpperInvariant() switch
    {
        InvalidTicket =>
            "Le ticket d'authentification transmis par l'ENT est invalide, déjà utilisé ou expiré. "
            + "Reconnectez-vous depuis l'ENT ; si le problème persiste, vérifiez que l'horloge et l'adresse du serveur CAS sont correctes.",
        InvalidService =>
            "Le ticket a été délivré pour une autre adresse de service que celle présentée à la validation. "
            + "Vérifiez l'adresse de l'application configurée dans l'ENT (elle doit correspondre exactement à celle de Sacoche).",
        InvalidRequest =>
            "La demande de validation envoyée au serveur CAS est incomplète (paramètres « service » et « ticket » obligatoires).",
        InvalidTicketSpec =>
            "Le ticket ne respecte pas les exigences de la validation demandée (par exemple un ticket de proxy présenté comme ticket de service, "
            + "ou une reconnexion exigée).",
        UnauthorizedServiceProxy =>
            "Le service n'est pas autorisé à s'authentifier par procuration (proxy) auprès du serveur CAS.",
        InvalidProxyCallback =>
            "L'adresse de rappel du proxy n'a pas pu être authentifiée par le serveur CAS, ou n'est pas autorisée.",
        InternalError =>
            "Le serveur CAS de l'ENT a rencontré une erreur interne. Réessayez plus tard ; si cela persiste, contactez le support de l'ENT.",
        "" =>
            "Le serveur CAS a refusé l'authentification sans en donner la raison (code d'erreur absent).",
        _ =>
            $"Le serveur CAS a refusé l'authentification (code « {Shorten(code!.Trim())} », non prévu par le protocole CAS).",
    };

    private static string Shorten(string code) => code.Length <= 64 ? code : code[..64] + "…";
}
