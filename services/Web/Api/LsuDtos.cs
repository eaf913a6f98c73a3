namespace Sacoche.Web.Api;

// Shapes of the LSU export (api/competences/lsu/…; docs/domain/lsu.md): the API checks and builds everything.

public sealed record LsuSettingsBody(string? HeadOfEstablishment);

/// <summary>The « responsable d'établissement »: the one chosen, the one that goes into the file, the direction staff from STS-web.</summary>
public sealed record LsuSettingsView(string? HeadOfEstablishment, string? Effective, List<string> Candidates);

/// <summary>One gap of the pre-export check: an error makes the file invalid, a warning leaves it incomplete.</summary>
public sealed record LsuProblemView(string Severity, string Code, string Message, string? ClassCode, long? PeriodId, Guid? StudentId, string? StudentName,
    Guid? TeacherId, string? TeacherName, string? SubjectCode, string? Link);

public sealed record LsuScopeView(List<long> PeriodIds, List<string> ClassCodes, bool CycleBilans);

public sealed record LsuCheckView(LsuScopeView Scope, bool Valid, int Students, int PeriodicBilans, int CycleBilans, int Errors, int Warnings, List<LsuProblemView> Problems);

public sealed record LsuExportBody(List<long> PeriodIds, List<string> ClassCodes, bool CycleBilans);

public sealed record LsuExportView(long Id, string FileName, string Sha256, long Size, List<long> PeriodIds, List<string> ClassCodes, bool CycleBilans,
    int Students, int PeriodicBilans, int CycleBilanCount, Guid CreatedBy, string? CreatedByName, DateTimeOffset CreatedAt);
