using Sacoche.Common.Results;
using Sacoche.Competences.Infrastructure;

namespace Sacoche.Competences.Application.Subjects;

/// <summary>Subjects and levels; an administrator adds the establishment's own subjects (endpoint rule).</summary>
public sealed class SubjectService(CompetencesDbContext db, Access access)
{
    public const int MaxSubjectCodeLength = 10;
    public const int MaxSubjectNameLength = 100;

    /// <summary>National subjects, then the establishment's (imported from STS or created locally; these win on code).</summary>
    public async Task<Result<List<SubjectResponse>>> ListAsync(CancellationToken ct)
    {
        var national = await SubjectQueries.NationalSubjectsAsync(db, ct);
        var local = await SubjectQueries.LocalSubjectsAsync(db, ct);
        var byCode = new Dictionary<string, SubjectResponse>(StringComparer.Ordinal);
        foreach (var s in national)
        {
            byCode[s.Code] = new SubjectResponse(s.Code, s.BcnCode, s.Name, "nationale");
        }
        foreach (var s in local)
        {
            byCode[s.Code] = new SubjectResponse(s.Code, s.BcnCode ?? (byCode.TryGetValue(s.Code, out var n) ? n.BcnCode : null), s.Name,
                s.Imported ? "importée" : "établissement");
        }
        return byCode.Values.OrderBy(s => s.Name, StringComparer.CurrentCulture).ToList();
    }

    public async Task<Result<SubjectResponse>> CreateAsync(CreateSubjectRequest? body, CancellationToken ct)
    {
        var code = body?.Code?.Trim().ToUpperInvariant() ?? "";
        var name = body?.Name?.Trim() ?? "";
        var errors = new Dictionary<string, string[]>();
        if (code.Length is 0 or > MaxSubjectCodeLength || !code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            errors["code"] = [$"Le code de la matière doit comporter de 1 à {MaxSubjectCodeLength} lettres, chiffres, tirets ou soulignés."];
        }
        if (name.Length is 0 or > MaxSubjectNameLength)
        {
            errors["name"] = [$"Le nom de la matière doit comporter de 1 à {MaxSubjectNameLength} caractères."];
        }
        if (body?.BcnCode is { Length: > 0 } bcn && (bcn.Length != 6 || !bcn.All(char.IsAsciiDigit)))
        {
            errors["bcnCode"] = ["Le code BCN doit comporter 6 chiffres."];
        }
        if (errors.Count > 0)
        {
            return Error.Invalid(errors);
        }
        if (await SubjectQueries.SubjectExistsAsync(db, code, ct))
        {
            return Error.Of(ErrorCodes.SubjectExists, $"Une matière de code « {code} » existe déjà.");
        }
        var subject = new Subject { EstablishmentId = access.EstablishmentId, Code = code, Name = name, BcnCode = body!.BcnCode, Imported = false };
        await SubjectQueries.AddSubjectAsync(db, subject, ct);
        return new SubjectResponse(code, subject.BcnCode, name, "établissement");
    }

    public async Task<Result<List<LevelResponse>>> LevelsAsync(CancellationToken ct) =>
        (await SubjectQueries.LevelsAsync(db, ct)).Select(l => new LevelResponse(l.Code, l.Name, l.Ref, l.Order, l.IsCycle, l.MefMask)).ToList();
}
