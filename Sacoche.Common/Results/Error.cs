namespace Sacoche.Common.Results;

/// <summary>
/// Why a use case did not succeed, in the terms of the catalogue: a code, a French detail for the
/// user, field errors for a form (request field in camelCase → messages; <c>""</c> for the request as
/// a whole) and optional extra members (e.g. what a confirmation must repeat).
/// </summary>
public sealed record Error(
    ErrorCode Code,
    string Detail,
    IReadOnlyDictionary<string, string[]>? Errors = null,
    IReadOnlyDictionary<string, object?>? Extensions = null)
{
    public static Error NotFound(string detail) => new(ErrorCodes.NotFound, detail);

    public static Error Forbidden(string detail = "Vous n'avez pas les droits nécessaires pour cette action.") => new(ErrorCodes.Forbidden, detail);

    /// <summary>One invalid field (or the request as a whole with <paramref name="field"/> = "").</summary>
    public static Error Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>Several invalid fields; the detail joins every message so a client showing only it loses nothing.</summary>
    public static Error Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        new(ErrorCodes.Validation, string.Join(" ", errors.Values.SelectMany(m => m)), errors);

    /// <summary>Messages that belong to the request as a whole (no single field).</summary>
    public static Error Invalid(IEnumerable<string> messages) => Invalid(new Dictionary<string, string[]> { [""] = messages.ToArray() });

    /// <summary>A state the request conflicts with, or any other catalogued refusal.</summary>
    public static Error Of(ErrorCode code, string detail, IReadOnlyDictionary<string, object?>? extensions = null) =>
        new(code, detail, Extensions: extensions);
}
