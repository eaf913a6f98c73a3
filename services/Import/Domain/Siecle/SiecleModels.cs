namespace Sacoche.Import.Domain;

/// <summary>A current student of a BEE_ELEVES export (leavers and students without class are not listed).</summary>
/// <param name="SiecleId">ELEVE@ELEVE_ID.</param>
/// <param name="Elenoet">ELEVE@ELENOET.</param>
/// <param name="Ine">INE_RNIE when present, else ID_NATIONAL / INE_BEA.</param>
/// <param name="OldIne">ID_NATIONAL / INE_BEA when it differs from <paramref name="Ine"/> (the pre-RNIE INE).</param>
/// <param name="LastName">NOM ?: NOM_USAGE ?: NOM_DE_FAMILLE.</param>
/// <param name="Options">OPTIONS/OPTION/OPTIONS_ELEVE, one per subject (the first one when a subject repeats).</param>
/// <param name="Line">Line of the ELEVE element.</param>
public sealed record SiecleStudent(
    string SiecleId,
    string? Elenoet,
    string? Ine,
    string? OldIne,
    string LastName,
    string FirstName,
    DateOnly? BirthDate,
    Gender? Gender,
    string? Email,
    string? MefCode,
    string ClassCode,
    IReadOnlyList<string> GroupCodes,
    IReadOnlyList<StudentOption> Options,
    string? PreviousSchoolUai,
    int Line);

/// <summary>A student's option (docs/domain/formats.md, « SIECLE students »).</summary>
/// <param name="SubjectBcnCode">CODE_MATIERE, the subject's 6-digit BCN code (left-padded with zeros).</param>
/// <param name="Modality">CODE_MODALITE_ELECT: S, O, F, L, R or X (see <see cref="StudentOption.Modalities"/>).</param>
public sealed record StudentOption(string SubjectBcnCode, string Modality)
{
    /// <summary>
    /// The election modalities SIECLE and the LSU know: S (tronc commun), O (obligatoire), F (facultatif),
    /// L (académique), R (enseignement religieux), X (mesure spécifique).
    /// </summary>
    public static readonly IReadOnlySet<string> Modalities = new HashSet<string>(["S", "O", "F", "L", "R", "X"], StringComparer.Ordinal);

    /// <summary>The modality of a subject followed without option.</summary>
    public const string Common = "S";
}

public sealed record SiecleStudentsFile(
    string Uai,
    int SchoolYear,
    DateOnly? ExportDate,
    IReadOnlyList<SiecleStudent> Students,
    int LeaversSkipped,
    int WithoutClassSkipped,
    IReadOnlyList<ImportWarning> Warnings);

/// <summary>A legal guardian (RESP_LEGAL 1 or 2) of at least one current student.</summary>
public sealed record SiecleGuardian(
    string PersonId,
    string LastName,
    string FirstName,
    Gender? Gender,
    string? Civility,
    string? Email,
    string? PhoneHome,
    string? PhoneMobile,
    string? PhoneWork,
    PostalAddress? Address,
    IReadOnlyList<SiecleGuardianLink> Children,
    int Line);

/// <param name="LegalRank">RESP_LEGAL: 1 or 2.</param>
/// <param name="Relationship">CODE_PARENTE (10 = mère, 20 = père, …).</param>
public sealed record SiecleGuardianLink(
    string StudentSiecleId,
    int LegalRank,
    string? Relationship,
    bool Financial,
    bool Contact);

public sealed record SiecleGuardiansFile(
    string Uai,
    int SchoolYear,
    IReadOnlyList<SiecleGuardian> Guardians,
    int NonLegalLinksSkipped,
    int LinksToNonCurrentStudentsSkipped,
    int PersonsWithoutChildSkipped,
    IReadOnlyList<ImportWarning> Warnings);
