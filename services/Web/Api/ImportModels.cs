namespace Sacoche.Web.Api;

// Shapes of the Import API's answers (services/Import/Apis), JSON web defaults. Only what the pages show.

/// <summary>POST api/import/files: the import created, analysed in the background.</summary>
public sealed record ImportAccepted(Guid ImportId);

public sealed record ImportAuthor(Guid Id, string? Name);

public sealed record ImportErrorView(string? Type, string? Title, string? Detail, int? Line);

/// <summary>One import of the history (GET api/import/imports).</summary>
public sealed record ImportSummary(Guid Id, DateTimeOffset CreatedAt, ImportAuthor? CreatedBy, string? FileName, string? Kind, string Status, int Progress);

public sealed record ImportList(List<ImportSummary> Items);

/// <summary>GET api/import/imports/{id}: where the analysis stands.</summary>
public sealed record ImportStatusView(Guid Id, string Status, int Progress, string? Kind, string? FileName, List<ImportErrorView>? Errors);

public sealed record FieldChangeView(string Field, string? Old, string? New);

public sealed record PlanStructureLine(string Key, string Kind, string Code, string? Label, List<FieldChangeView>? Changes);

public sealed record PlanUserLine(string Key, Guid? Id, string? Profile, string? LastName, string? FirstName, string? ClassCode, List<FieldChangeView>? Changes);

public sealed record PlanStructures(List<PlanStructureLine> Add, List<PlanStructureLine> Modify, List<PlanStructureLine> Remove)
{
    public List<PlanStructureLine> Section(string name) => name switch { "add" => Add, "modify" => Modify, _ => Remove };
}

public sealed record PlanUsers(List<PlanUserLine> Add, List<PlanUserLine> Modify, List<PlanUserLine> Retire, int Unchanged)
{
    public List<PlanUserLine> Section(string name) => name switch { "add" => Add, "modify" => Modify, _ => Retire };
}

public sealed record PlanWarningView(string? Code, string Message);

/// <summary>GET api/import/imports/{id}/plan: the changes proposed, each line with the key that selects it.</summary>
public sealed record ImportPlanView(Guid ImportId, string Status, string? Kind, bool IsEmpty, PlanStructures Structures, PlanUsers Users,
    List<PlanWarningView>? Warnings, List<string> Keys);

/// <summary>Body of POST api/import/imports/{id}/confirm (null keys: every line).</summary>
public sealed record ImportConfirmBody(IReadOnlyList<string>? Keys, bool ConfirmSuspicious);

/// <summary>POST api/import/imports/{id}/confirm: what was applied.</summary>
public sealed record ImportApplied(Guid ImportId, string Status, Dictionary<string, int>? Counts);

/// <summary>POST api/import/ent-identifiers: the ENT report created.</summary>
public sealed record EntReportCreated(Guid Id, string? Format, string? Connector, Dictionary<string, int>? Summary);

/// <summary>A user of the establishment a line of the ENT export may designate.</summary>
public sealed record EntUserView(Guid UserId, string Profile, string LastName, string FirstName, DateOnly? BirthDate, string? ClassCode, string? CurrentEntId, bool Active);

public sealed record EntCandidateView(int Rank, int Score, bool Proposed, List<string>? Reasons, EntUserView User);

public sealed record EntChoiceView(Guid? UserId);

public sealed record EntRowView(int Line, string LastName, string FirstName, string EntId, string Outcome, string? Label, string? Message,
    EntUserView? User, EntUserView? CurrentHolder, List<EntCandidateView>? Candidates, Guid? ProposedUserId, EntChoiceView? Choice);

/// <summary>GET api/import/ent-identifiers/{id}: the matching report and the choices made so far.</summary>
public sealed record EntReportView(Guid Id, string Status, string? FileName, string? Format, string? Connector, Dictionary<string, int>? Summary, List<EntRowView>? Rows);

/// <summary>One choice for an ambiguous line (null user: do not assign).</summary>
public sealed record EntChoiceBody(int Line, Guid? UserId);

public sealed record EntResolveBody(IReadOnlyList<EntChoiceBody> Choices);

public sealed record EntResolved(Guid Id, int Assignments);

/// <summary>POST api/import/ent-identifiers/{id}/confirm: what was applied.</summary>
public sealed record EntApplied(Guid Id, string Status, Dictionary<string, int>? Counts);

public sealed record EntMissingPerson(Guid Id, string Profile, string LastName, string FirstName, DateOnly? BirthDate, string? ClassCode);

/// <summary>GET api/import/ent-identifiers/missing: current users without an ENT id.</summary>
public sealed record EntMissingList(int Count, List<EntMissingPerson> Items);
