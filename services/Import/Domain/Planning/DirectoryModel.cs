namespace Sacoche.Import.Domain;

/// <summary>A teacher's service: a class or group, and the subject (CODE_GESTION) when known.</summary>
public sealed record TeachingAssignment(StructureKind Kind, string StructureCode, string? SubjectCode);

/// <summary>A guardian's link to a student, by the student's SIECLE id (or spreadsheet number).</summary>
public sealed record GuardianChild(string StudentId, int LegalRank);

/// <summary>
/// One person of the imported directory, flat and JSON-friendly (no references to other objects:
/// structures by code, children by student id). The API loads it from PostgreSQL and writes
/// <see cref="UserLine.After"/> back.
/// </summary>
public sealed record DirectoryPerson
{
    public required Guid Id { get; init; }

    /// <summary>ELV, TUT, ENS, DIR, EDU, DOC…</summary>
    public required string Profile { get; init; }

    public required string LastName { get; init; }

    public required string FirstName { get; init; }

    public DateOnly? BirthDate { get; init; }

    public Gender? Gender { get; init; }

    public string? Email { get; init; }

    /// <summary>SIECLE ELEVE_ID (students) or PERSONNE_ID (guardians).</summary>
    public string? SiecleId { get; init; }

    public string? Elenoet { get; init; }

    /// <summary>Current INE (INE_RNIE when known).</summary>
    public string? Ine { get; init; }

    /// <summary>Former INE (ID_NATIONAL / INE_BEA) when it differs from <see cref="Ine"/>.</summary>
    public string? OldIne { get; init; }

    /// <summary>STS-web INDIVIDU@ID (staff).</summary>
    public string? StsId { get; init; }

    /// <summary>STS-web INDIVIDU@TYPE (staff): "epp" or "local".</summary>
    public string? StsType { get; init; }

    /// <summary>"M" or "MME" (STS-web CIVILITE of staff, SIECLE LC_CIVILITE of guardians).</summary>
    public string? Civility { get; init; }

    /// <summary>Reference of spreadsheet imports (student number, staff/parent reference).</summary>
    public string? Reference { get; init; }

    /// <summary>Students: their class (exactly one).</summary>
    public string? ClassCode { get; init; }

    public IReadOnlyList<string> GroupCodes { get; init; } = [];

    /// <summary>Set when the person left; an import never deletes anyone.</summary>
    public DateOnly? ExitDate { get; init; }

    /// <summary>Guardians: legal links to students.</summary>
    public IReadOnlyList<GuardianChild> Children { get; init; } = [];

    public PostalAddress? Address { get; init; }

    public string? PhoneHome { get; init; }

    public string? PhoneMobile { get; init; }

    public string? PhoneWork { get; init; }

    /// <summary>Staff: teacher services.</summary>
    public IReadOnlyList<TeachingAssignment> Services { get; init; } = [];

    /// <summary>Staff: classes of which they are professeur principal.</summary>
    public IReadOnlyList<string> PrincipalOfClasses { get; init; } = [];

    /// <summary>Students: their SIECLE options (subject and election modality), one per subject.</summary>
    public IReadOnlyList<StudentOption> Options { get; init; } = [];
}

/// <summary>A class (division) or group of the directory.</summary>
public sealed record DirectoryStructure
{
    public required StructureKind Kind { get; init; }

    public required string Code { get; init; }

    public string? Label { get; init; }

    /// <summary>Groups: the classes the group draws from (STS DIVISIONS_APPARTENANCE).</summary>
    public IReadOnlyList<string> ClassCodes { get; init; } = [];

    /// <summary>Classes: the MEF code (11 digits) that gives the class's level (<see cref="ClassMef"/>); null when unknown.</summary>
    public string? MefCode { get; init; }

    /// <summary>Classes: the MEFs STS-web lists for the class (DIVISION/MEFS_APPARTENANCE), in code order; empty when unknown.</summary>
    public IReadOnlyList<string> StsMefCodes { get; init; } = [];

    /// <summary>False for structures made by hand (e.g. teachers' "groupes de besoin"): imports never remove them.</summary>
    public bool Imported { get; init; } = true;
}

public sealed record DirectorySnapshot(IReadOnlyList<DirectoryPerson> People, IReadOnlyList<DirectoryStructure> Structures)
{
    public static DirectorySnapshot Empty { get; } = new([], []);
}

/// <summary>A person as described by an import file (no id, no exit date).</summary>
public sealed record IncomingPerson
{
    public required string Profile { get; init; }

    public required string LastName { get; init; }

    public required string FirstName { get; init; }

    public DateOnly? BirthDate { get; init; }

    public Gender? Gender { get; init; }

    public string? Email { get; init; }

    public string? SiecleId { get; init; }

    public string? Elenoet { get; init; }

    public string? Ine { get; init; }

    public string? OldIne { get; init; }

    public string? StsId { get; init; }

    public string? StsType { get; init; }

    public string? Civility { get; init; }

    public string? Reference { get; init; }

    public string? ClassCode { get; init; }

    public IReadOnlyList<string> GroupCodes { get; init; } = [];

    public IReadOnlyList<GuardianChild> Children { get; init; } = [];

    public PostalAddress? Address { get; init; }

    public string? PhoneHome { get; init; }

    public string? PhoneMobile { get; init; }

    public string? PhoneWork { get; init; }

    public IReadOnlyList<TeachingAssignment> Services { get; init; } = [];

    public IReadOnlyList<string> PrincipalOfClasses { get; init; } = [];

    public IReadOnlyList<StudentOption> Options { get; init; } = [];

    /// <summary>Line in the file, for messages.</summary>
    public int? Line { get; init; }

    /// <summary>Id of the person in its file (the stable part of plan keys).</summary>
    public string? SourceKey => SiecleId ?? StsId ?? Reference;
}

/// <summary>
/// A structure as described by an import file. Null label / class codes / MEFs mean "not described".
/// <paramref name="StsMefCodes"/>: the MEFs STS-web lists for a class; <paramref name="StudentsMefCode"/>: the MEF most of the
/// class's students have in a SIECLE students file. The planner turns them into the class's MEF (<see cref="ClassMef.Resolve"/>).
/// </summary>
public sealed record IncomingStructure(
    StructureKind Kind,
    string Code,
    string? Label = null,
    IReadOnlyList<string>? ClassCodes = null,
    IReadOnlyList<string>? StsMefCodes = null,
    string? StudentsMefCode = null);

/// <summary>The MEF that gives a class its level (docs/domain/formats.md, « Class levels »).</summary>
public static class ClassMef
{
    /// <summary>
    /// The class's MEF: STS-web's when it lists exactly one; among several, the students' majority MEF when it is one of
    /// them, else the known one when it is one of them, else the first in code order; without STS MEFs, the students'
    /// majority MEF, else the known one (a file that does not describe the MEF never erases it).
    /// </summary>
    public static string? Resolve(IReadOnlyList<string> stsMefCodes, string? studentsMefCode, string? known)
    {
        ArgumentNullException.ThrowIfNull(stsMefCodes);
        return stsMefCodes.Count switch
        {
            0 => studentsMefCode ?? known,
            1 => stsMefCodes[0],
            _ => studentsMefCode is not null && stsMefCodes.Contains(studentsMefCode, StringComparer.Ordinal) ? studentsMefCode
                : known is not null && stsMefCodes.Contains(known, StringComparer.Ordinal) ? known
                : stsMefCodes.Min(StringComparer.Ordinal),
        };
    }

    /// <summary>The MEF most of these students have (ties: the smallest code); null when none has one.</summary>
    public static string? Majority(IEnumerable<string?> studentMefCodes) =>
        studentMefCodes.Where(m => !string.IsNullOrWhiteSpace(m)).Select(m => m!.Trim())
            .GroupBy(m => m, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key).FirstOrDefault();

    /// <summary>STS MEF codes, trimmed, without blanks or duplicates, in code order.</summary>
    public static IReadOnlyList<string> Normalize(IEnumerable<string> codes) =>
        codes.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
}

/// <summary>What one file says, in the planner's terms; build it with the <c>From…</c> methods.</summary>
public sealed record IncomingDirectory(
    IReadOnlyList<IncomingPerson> People,
    IReadOnlyList<IncomingStructure> Structures,
    IReadOnlyList<ImportWarning> Warnings)
{
    public static IncomingDirectory FromSiecleStudents(SiecleStudentsFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var people = file.Students.Select(s => new IncomingPerson
        {
            Profile = Profiles.Student,
            LastName = s.LastName,
            FirstName = s.FirstName,
            BirthDate = s.BirthDate,
            Gender = s.Gender,
            Email = s.Email,
            SiecleId = s.SiecleId,
            Elenoet = s.Elenoet,
            Ine = s.Ine,
            OldIne = s.OldIne,
            ClassCode = s.ClassCode,
            GroupCodes = s.GroupCodes,
            Options = s.Options,
            Line = s.Line,
        }).ToList();
        var mefs = file.Students.GroupBy(s => s.ClassCode, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => ClassMef.Majority(g.Select(s => s.MefCode)), StringComparer.Ordinal);
        var structures = StructuresOfStudents(people)
            .Select(s => s.Kind == StructureKind.Class ? s with { StudentsMefCode = mefs.GetValueOrDefault(s.Code) } : s)
            .ToList();
        return new(people, structures, file.Warnings);
    }

    public static IncomingDirectory FromSiecleGuardians(SiecleGuardiansFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var people = file.Guardians.Select(g => new IncomingPerson
        {
            Profile = Profiles.Guardian,
            LastName = g.LastName,
            FirstName = g.FirstName,
            Gender = g.Gender,
            Civility = Values.ParseCivility(g.Civility),
            Email = g.Email,
            SiecleId = g.PersonId,
            Address = g.Address,
            PhoneHome = g.PhoneHome,
            PhoneMobile = g.PhoneMobile,
            PhoneWork = g.PhoneWork,
            Children = g.Children.Select(c => new GuardianChild(c.StudentSiecleId, c.LegalRank)).ToList(),
            Line = g.Line,
        }).ToList();
        return new(people, [], file.Warnings);
    }

    public static IncomingDirectory FromSts(StsFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var services = file.Services
            .GroupBy(s => s.TeacherStsId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<TeachingAssignment>)g.Select(s => new TeachingAssignment(s.Kind, s.StructureCode, s.SubjectCode)).Distinct().ToList(), StringComparer.Ordinal);
        var people = file.Staff.Select(s => new IncomingPerson
        {
            Profile = s.Profile,
            LastName = s.LastName,
            FirstName = s.FirstName,
            BirthDate = s.BirthDate,
            Gender = s.Gender,
            StsId = s.StsId,
            StsType = s.Type is { Length: <= 10 } type ? type.ToLowerInvariant() : null,
            Civility = Values.ParseCivility(s.Civility),
            Services = services.GetValueOrDefault(s.StsId) ?? [],
            PrincipalOfClasses = s.PrincipalOfClasses,
            Line = s.Line,
        }).ToList();
        var structures = new List<IncomingStructure>();
        structures.AddRange(file.Classes.Select(c => new IncomingStructure(StructureKind.Class, c.Code, c.Label,
            StsMefCodes: ClassMef.Normalize(c.MefCodes) is { Count: > 0 } mefs ? mefs : null)));
        structures.AddRange(file.Groups.Select(g => new IncomingStructure(StructureKind.Group, g.Code, g.Label, g.ClassCodes)));
        return new(people, structures, file.Warnings);
    }

    public static IncomingDirectory FromSpreadsheetStudents(SpreadsheetFile<SpreadsheetStudent> file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var people = file.Rows.Select(s => new IncomingPerson
        {
            Profile = Profiles.Student,
            LastName = s.LastName,
            FirstName = s.FirstName,
            BirthDate = s.BirthDate,
            Gender = s.Gender,
            Email = s.Email,
            Reference = s.Number,
            ClassCode = s.ClassCode,
            GroupCodes = s.GroupCodes,
            Line = s.Line,
        }).ToList();
        return new(people, StructuresOfStudents(people), RejectionsAsWarnings(file.Rejected));
    }

    public static IncomingDirectory FromSpreadsheetStaff(SpreadsheetFile<SpreadsheetStaff> file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var people = file.Rows.Select(s => new IncomingPerson
        {
            Profile = s.Profile,
            LastName = s.LastName,
            FirstName = s.FirstName,
            Gender = s.Gender,
            Email = s.Email,
            Reference = s.Reference,
            Services = s.ClassCodes.Select(c => new TeachingAssignment(StructureKind.Class, c, null))
                .Concat(s.GroupCodes.Select(g => new TeachingAssignment(StructureKind.Group, g, null))).ToList(),
            Line = s.Line,
        }).ToList();
        var structures = people.SelectMany(p => p.Services).Select(a => (a.Kind, a.StructureCode)).Distinct()
            .Select(k => new IncomingStructure(k.Kind, k.StructureCode)).ToList();
        return new(people, structures, RejectionsAsWarnings(file.Rejected));
    }

    public static IncomingDirectory FromSpreadsheetParents(SpreadsheetFile<SpreadsheetParent> file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var people = file.Rows.Select(s => new IncomingPerson
        {
            Profile = Profiles.Guardian,
            LastName = s.LastName,
            FirstName = s.FirstName,
            Gender = s.Gender,
            Email = s.Email,
            Reference = s.Reference,
            Address = s.Address,
            Children = s.ChildNumbers.Select(c => new GuardianChild(c, 1)).ToList(), // spreadsheets do not say which legal guardian (1 or 2)
            Line = s.Line,
        }).ToList();
        return new(people, [], RejectionsAsWarnings(file.Rejected));
    }

    private static List<IncomingStructure> StructuresOfStudents(List<IncomingPerson> people)
    {
        var result = new List<IncomingStructure>();
        var seen = new HashSet<(StructureKind, string)>();
        foreach (var p in people)
        {
            if (p.ClassCode is not null && seen.Add((StructureKind.Class, p.ClassCode)))
            {
                result.Add(new IncomingStructure(StructureKind.Class, p.ClassCode));
            }

            foreach (var g in p.GroupCodes)
            {
                if (seen.Add((StructureKind.Group, g)))
                {
                    result.Add(new IncomingStructure(StructureKind.Group, g));
                }
            }
        }

        return result;
    }

    private static List<ImportWarning> RejectionsAsWarnings(IReadOnlyList<SpreadsheetRejection> rejected)
        => rejected.Select(r => new ImportWarning("rejected-row", r.Reason, null, r.Line)).ToList();
}
