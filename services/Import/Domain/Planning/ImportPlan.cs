namespace Sacoche.Import.Domain;

public enum ImportSource
{
    SiecleStudents = 1,
    SiecleGuardians = 2,
    Sts = 3,
    SpreadsheetStudents = 4,
    SpreadsheetStaff = 5,
    SpreadsheetParents = 6,
}

/// <summary>What a plan may touch.</summary>
/// <param name="Source">The kind of file: decides the profiles covered (students, guardians or staff).</param>
/// <param name="Today">Exit date given to retired people.</param>
public sealed record PlanScope(ImportSource Source, DateOnly Today)
{
    /// <summary>Share of retirements (of the active people covered) from which the plan asks for confirmation.</summary>
    public double SuspiciousRetirementShare { get; init; } = 0.30;

    /// <summary>The share check only applies when at least this many people were active before.</summary>
    public int SuspiciousRetirementMinimum { get; init; } = 10;

    /// <summary>
    /// Whether structures absent from the file are proposed for removal. Only STS describes every
    /// class and group (with labels); a students file would otherwise remove STS-only groups.
    /// </summary>
    public bool ProposeStructureRemovals { get; init; } = Source == ImportSource.Sts;

    public bool CoversStudents => Source is ImportSource.SiecleStudents or ImportSource.SpreadsheetStudents;

    public bool CoversGuardians => Source is ImportSource.SiecleGuardians or ImportSource.SpreadsheetParents;

    public bool CoversStaff => Source is ImportSource.Sts or ImportSource.SpreadsheetStaff;

    /// <summary>
    /// Whether the file's family holds this profile. Administrators are staff but made by hand, never
    /// by an import: a staff file neither matches nor retires them.
    /// </summary>
    public bool Covers(string profile) => profile switch
    {
        Profiles.Student => CoversStudents,
        Profiles.Guardian => CoversGuardians,
        Profiles.Admin => false,
        _ => CoversStaff && Profiles.IsStaff(profile),
    };
}

public enum PlanAction
{
    Add = 1,
    Modify = 2,
    Remove = 3,
    Retire = 4,
    Unchanged = 5,
}

/// <summary>Which rule matched an incoming person to an existing one.</summary>
public enum MatchRule
{
    None = 0,
    SourceId = 1,
    Elenoet = 2,
    OldIne = 3,
    Ine = 4,
    Name = 5,
}

public sealed record FieldChange(string Field, string? Old, string? New);

/// <summary>A line the administrator may deselect. <see cref="DependsOn"/>: keys that must be kept for this line to be kept.</summary>
public interface IPlanLine
{
    string Key { get; }

    PlanAction Action { get; }

    IReadOnlyList<string> DependsOn { get; }
}

public sealed record StructureLine(
    string Key,
    PlanAction Action,
    StructureKind Kind,
    string Code,
    DirectoryStructure? Before,
    DirectoryStructure After,
    IReadOnlyList<FieldChange> Changes) : IPlanLine
{
    public IReadOnlyList<string> DependsOn => [];
}

/// <summary>
/// A user to add, modify, retire or leave unchanged. <see cref="After"/> carries the scalar fields
/// to write; its memberships, children and services are those of <see cref="Before"/> (empty for
/// an addition): those are changed only by their own lines, so that each can be deselected.
/// </summary>
public sealed record UserLine(
    string Key,
    PlanAction Action,
    MatchRule MatchedBy,
    DirectoryPerson? Before,
    DirectoryPerson After,
    IReadOnlyList<FieldChange> Changes) : IPlanLine
{
    public IReadOnlyList<string> DependsOn => [];
}

/// <summary>Student ↔ class/group membership to add or remove.</summary>
public sealed record MembershipLine(
    string Key,
    PlanAction Action,
    Guid UserId,
    StructureKind Kind,
    string StructureCode,
    IReadOnlyList<string> DependsOn) : IPlanLine;

/// <summary>Guardian ↔ student legal link to add, modify (rank) or remove.</summary>
/// <param name="StudentUserId">The student in the directory, when found.</param>
public sealed record GuardianLinkLine(
    string Key,
    PlanAction Action,
    Guid GuardianId,
    string StudentId,
    Guid? StudentUserId,
    int LegalRank,
    IReadOnlyList<string> DependsOn) : IPlanLine;

/// <summary>Teacher service (teacher × class/group × subject) to add or remove.</summary>
public sealed record ServiceLine(
    string Key,
    PlanAction Action,
    Guid TeacherId,
    TeachingAssignment Assignment,
    IReadOnlyList<string> DependsOn) : IPlanLine;

/// <summary>The changes an import would make; nothing is applied until an administrator confirms.</summary>
public sealed record ImportPlan(
    PlanScope Scope,
    IReadOnlyList<StructureLine> Structures,
    IReadOnlyList<UserLine> Users,
    IReadOnlyList<MembershipLine> Memberships,
    IReadOnlyList<GuardianLinkLine> GuardianLinks,
    IReadOnlyList<ServiceLine> Services,
    IReadOnlyList<ImportWarning> Warnings,
    bool RequiresConfirmation)
{
    public IEnumerable<IPlanLine> ChangeLines =>
        Structures.Cast<IPlanLine>()
            .Concat(Users.Where(u => u.Action != PlanAction.Unchanged))
            .Concat(Memberships)
            .Concat(GuardianLinks)
            .Concat(Services);

    /// <summary>True when applying the plan would change nothing.</summary>
    public bool IsEmpty => !ChangeLines.Any();

    public int Count(PlanAction action) => Users.Count(u => u.Action == action);

    /// <summary>
    /// The lines whose key is in <paramref name="keys"/> (null = everything), minus those whose
    /// dependencies were left out (a membership of a student whose addition was deselected…).
    /// Unchanged users and warnings are always kept.
    /// </summary>
    public ImportPlan Select(IReadOnlySet<string>? keys)
    {
        if (keys is null)
        {
            return this;
        }

        var kept = new HashSet<string>(StringComparer.Ordinal);
        bool Keep(IPlanLine line)
        {
            if (line is UserLine { Action: PlanAction.Unchanged })
            {
                return true;
            }

            if (!keys.Contains(line.Key))
            {
                return false;
            }

            foreach (var d in line.DependsOn)
            {
                if (!kept.Contains(d))
                {
                    return false;
                }
            }

            kept.Add(line.Key);
            return true;
        }

        // Order matters: dependencies (structures, users) are decided before dependants.
        var structures = Structures.Where(Keep).ToList();
        var users = Users.Where(Keep).ToList();
        return this with
        {
            Structures = structures,
            Users = users,
            Memberships = Memberships.Where(Keep).ToList(),
            GuardianLinks = GuardianLinks.Where(Keep).ToList(),
            Services = Services.Where(Keep).ToList(),
        };
    }

    /// <summary>
    /// Applies the plan to an in-memory snapshot (what the API does in PostgreSQL); used to preview
    /// and to prove that re-planning the same file yields an empty plan.
    /// </summary>
    public DirectorySnapshot ApplyTo(DirectorySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var structures = snapshot.Structures.ToDictionary(s => (s.Kind, s.Code));
        foreach (var line in Structures)
        {
            if (line.Action == PlanAction.Remove)
            {
                structures.Remove((line.Kind, line.Code));
            }
            else
            {
                structures[(line.Kind, line.Code)] = line.After;
            }
        }

        var people = new Dictionary<Guid, DirectoryPerson>();
        var order = new List<Guid>();
        foreach (var p in snapshot.People)
        {
            if (people.TryAdd(p.Id, p))
            {
                order.Add(p.Id);
            }
        }

        foreach (var u in Users)
        {
            if (u.Action == PlanAction.Unchanged)
            {
                continue;
            }

            if (!people.ContainsKey(u.After.Id))
            {
                order.Add(u.After.Id);
            }

            people[u.After.Id] = u.After;
        }

        foreach (var m in Memberships)
        {
            if (!people.TryGetValue(m.UserId, out var p))
            {
                continue;
            }

            if (m.Kind == StructureKind.Class)
            {
                p = p with { ClassCode = m.Action == PlanAction.Add ? m.StructureCode : (p.ClassCode == m.StructureCode ? null : p.ClassCode) };
            }
            else
            {
                var groups = p.GroupCodes.Where(g => g != m.StructureCode).ToList();
                if (m.Action == PlanAction.Add)
                {
                    groups.Add(m.StructureCode);
                }

                p = p with { GroupCodes = groups };
            }

            people[m.UserId] = p;
        }

        foreach (var l in GuardianLinks)
        {
            if (!people.TryGetValue(l.GuardianId, out var p))
            {
                continue;
            }

            var children = p.Children.Where(c => c.StudentId != l.StudentId).ToList();
            if (l.Action != PlanAction.Remove)
            {
                children.Add(new GuardianChild(l.StudentId, l.LegalRank));
            }

            people[l.GuardianId] = p with { Children = children };
        }

        foreach (var s in Services)
        {
            if (!people.TryGetValue(s.TeacherId, out var p))
            {
                continue;
            }

            var services = p.Services.Where(a => a != s.Assignment).ToList();
            if (s.Action == PlanAction.Add)
            {
                services.Add(s.Assignment);
            }

            people[s.TeacherId] = p with { Services = services };
        }

        return new DirectorySnapshot(order.Select(id => people[id]).ToList(), structures.Values.ToList());
    }
}
