using Sacoche.Import.Domain;
using Sacoche.Import.Infrastructure;
using Sacoche.ServiceDefaults.Http;

namespace Sacoche.Import.Application.ImportFiles;

/// <param name="File">Null when the form had no « file » field.</param>
/// <param name="Kind">students, staff or parents, for a spreadsheet.</param>
public sealed record UploadImportRequest(UploadedFile? File, string? Kind);

public sealed record ConfirmRequest(IReadOnlyList<string>? Keys, bool? ConfirmSuspicious);

public sealed record ImportAccepted(Guid ImportId);

public sealed record ImportAuthor(Guid Id, string? Name);


public sealed record ImportListItem(
    Guid Id,
    DateTimeOffset CreatedAt,
    ImportAuthor CreatedBy,
    string FileName,
    string? Kind,
    string Status,
    int Progress,
    Dictionary<string, int> Counts,
    List<ImportError> Errors,
    DateTimeOffset? AppliedAt,
    Guid? AppliedBy);

public sealed record ImportTimings(double? ParseMs, double? PlanMs, double? ApplyMs);

public sealed record ImportDetails(
    Guid Id,
    string Status,
    int Progress,
    string? Kind,
    string FileName,
    long SizeBytes,
    DateTimeOffset CreatedAt,
    ImportAuthor CreatedBy,
    Dictionary<string, int> Counts,
    List<ImportError> Errors,
    IReadOnlyList<ImportWarning> Warnings,
    int WarningCount,
    DateTimeOffset? ReadyAt,
    DateTimeOffset? AppliedAt,
    Guid? AppliedBy,
    ImportTimings Timings);

public sealed record ImportConfirmed(Guid ImportId, string Status, IReadOnlyDictionary<string, int> Counts);

/// <summary>The plan as the administrator reviews it: lines grouped by action, and every selectable key.</summary>
public sealed record PlanView(
    Guid ImportId,
    string Status,
    string? Kind,
    ImportSource Source,
    bool RequiresConfirmation,
    bool IsEmpty,
    Dictionary<string, int> Counts,
    PlanStructures Structures,
    PlanUsers Users,
    IReadOnlyList<PlanMembership> Memberships,
    IReadOnlyList<PlanGuardianLink> GuardianLinks,
    IReadOnlyList<PlanService> Services,
    IReadOnlyList<ImportWarning> Warnings,
    IReadOnlyList<string> Keys);

public sealed record PlanStructures(IReadOnlyList<PlanStructure> Add, IReadOnlyList<PlanStructure> Modify, IReadOnlyList<PlanStructure> Remove);

/// <param name="Kind">class or group.</param>
public sealed record PlanStructure(string Key, string Kind, string Code, string? Label, IReadOnlyList<string> ClassCodes, IReadOnlyList<FieldChange> Changes);

public sealed record PlanUsers(IReadOnlyList<PlanUser> Add, IReadOnlyList<PlanUser> Modify, IReadOnlyList<PlanUser> Retire, int Unchanged);

public sealed record PlanUser(
    string Key,
    Guid Id,
    string Profile,
    string LastName,
    string FirstName,
    DateOnly? BirthDate,
    string? ClassCode,
    MatchRule MatchedBy,
    IReadOnlyList<FieldChange> Changes);

public sealed record PlanMembership(string Key, PlanAction Action, Guid UserId, string Kind, string StructureCode, IReadOnlyList<string> DependsOn);

/// <param name="StudentKey">The student's SIECLE id or spreadsheet number.</param>
public sealed record PlanGuardianLink(string Key, PlanAction Action, Guid GuardianId, string StudentKey, Guid? StudentUserId, int LegalRank, IReadOnlyList<string> DependsOn);

public sealed record PlanService(string Key, PlanAction Action, Guid TeacherId, string Kind, string StructureCode, string? SubjectCode, IReadOnlyList<string> DependsOn);
