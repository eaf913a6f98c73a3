namespace Sacoche.Contracts;

// Integration events exchanged over RabbitMQ. Rules: immutable records, versioned by adding
// optional fields only (never rename or remove), consumers ignore what they do not know.

/// <summary>Identity opened a school's space (base n° <paramref name="BaseId"/>).</summary>
public sealed record EstablishmentRegistered(
    int BaseId,
    string Uai,
    string Name,
    DateTimeOffset RegisteredAt);

/// <summary>
/// Full snapshot of one user of the directory, published by Import on every add or change.
/// <paramref name="Version"/> grows with each change of that user: a consumer applies a snapshot
/// only when its version is newer than what it holds (out-of-order and duplicate safe).
/// </summary>
public sealed record UserImported(
    int EstablishmentId,
    Guid UserId,
    long Version,
    string Profile,
    string LastName,
    string FirstName,
    string? Gender,
    DateOnly? BirthDate,
    string? Email,
    string? EntId,
    string? SiecleId,
    string? ClassCode,
    IReadOnlyList<string> GroupCodes,
    IReadOnlyList<Guid> ChildIds,
    DateOnly? ExitDate)
{
    /// <summary>Subjects (management codes) a teacher teaches; empty for other profiles.</summary>
    public IReadOnlyList<string> SubjectCodes { get; init; } = [];

    /// <summary>Staff: STS-web INDIVIDU@ID (the LSU's id-sts).</summary>
    public string? StsId { get; init; }

    /// <summary>Staff: STS-web INDIVIDU@TYPE ("epp" or "local").</summary>
    public string? StsType { get; init; }

    /// <summary>"M" or "MME" when the source says so (STS-web staff, SIECLE guardians).</summary>
    public string? Civility { get; init; }

    /// <summary>Students: the SIECLE options (subject and election modality); a subject without option is followed "S".</summary>
    public IReadOnlyList<SubjectOption> Options { get; init; } = [];

    /// <summary>Guardians: the postal address (SIECLE « avec adresses »).</summary>
    public PostalAddressInfo? Address { get; init; }
}

/// <summary>A student's SIECLE option: the subject's BCN code (CODE_MATIERE) and CODE_MODALITE_ELECT (S, O, F, L, R, X).</summary>
public sealed record SubjectOption(string SubjectBcnCode, string Modality);

/// <summary>A postal address as SIECLE gives it.</summary>
public sealed record PostalAddressInfo(string? Line1, string? Line2, string? Line3, string? Line4, string? PostalCode, string? City);

/// <summary>A user left the establishment: sign-in is refused from <paramref name="ExitDate"/> on, history is kept.</summary>
public sealed record UserRetired(
    int EstablishmentId,
    Guid UserId,
    long Version,
    DateOnly ExitDate);

/// <summary>
/// Snapshot of the establishment's structure after an import: classes, groups, subjects and
/// teacher services. <paramref name="Version"/> orders snapshots of one establishment.
/// </summary>
public sealed record StructureImported(
    int EstablishmentId,
    long Version,
    IReadOnlyList<ClassInfo> Classes,
    IReadOnlyList<GroupInfo> Groups,
    IReadOnlyList<SubjectInfo> Subjects,
    IReadOnlyList<TeacherService> Services);

public sealed record ClassInfo(string Code, string Name, string? LevelCode, Guid? PrincipalTeacherId);

public sealed record GroupInfo(string Code, string Name, IReadOnlyList<string> ClassCodes);

/// <summary>A subject: BCN code (6 digits, may be empty for local subjects) and management code.</summary>
public sealed record SubjectInfo(string Code, string? BcnCode, string Name);

/// <summary>One teacher teaching one subject to one class or group.</summary>
public sealed record TeacherService(Guid TeacherId, string StructureCode, bool IsGroup, string SubjectCode);

/// <summary>
/// Identity ended sign-in sessions opened before <paramref name="RevokedAt"/>: one account's
/// (<paramref name="AccountId"/>: password reset, the ENT's single sign-out) or a whole
/// establishment's (null: deactivation). The UI ends its matching sessions on their next request.
/// </summary>
public sealed record SessionsRevoked(
    int EstablishmentId,
    Guid? AccountId,
    DateTimeOffset RevokedAt,
    string Reason);
