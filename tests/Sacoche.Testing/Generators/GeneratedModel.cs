namespace Sacoche.Testing.Generators;

/// <summary>Sizes of a generated establishment.</summary>
public sealed record GeneratorCounts(int Students = 600, int Guardians = 1000, int Staff = 60, int Classes = 24, int Groups = 12)
{
    /// <summary>The benchmark size: a big collège / small lycée.</summary>
    public static GeneratorCounts Large { get; } = new(2000, 3500, 150, 60, 40);

    public static GeneratorCounts Small { get; } = new(120, 200, 20, 6, 4);
}

/// <param name="Sex">1 = male, 2 = female (SIECLE CODE_SEXE).</param>
/// <param name="ExpectedLastName">Name a parser should keep: NOM ?: NOM_USAGE ?: NOM_DE_FAMILLE.</param>
/// <param name="ExpectedIne">INE_RNIE when present, else ID_NATIONAL / INE_BEA.</param>
/// <param name="ClassCodes">TYPE_STRUCTURE D entries (0 = ignored student, 2 = anomaly).</param>
public sealed record GeneratedStudent(
    string SiecleId,
    string Elenoet,
    string? IdNational,
    string? IneBea,
    string? IneRnie,
    string? Nom,
    string? NomDeFamille,
    string? NomUsage,
    string FirstName,
    DateOnly BirthDate,
    int Sex,
    string? Email,
    string Mef,
    IReadOnlyList<string> ClassCodes,
    IReadOnlyList<string> GroupCodes,
    IReadOnlyList<string> Options,
    DateOnly? ExitDate,
    string Number)
{
    public string ExpectedLastName => Nom ?? NomUsage ?? NomDeFamille!;

    public string? ExpectedIne => IneRnie ?? IdNational ?? IneBea;

    /// <summary>In the file, has a class and no exit date.</summary>
    public bool IsCurrent => ExitDate is null && ClassCodes.Count > 0;
}

public sealed record GeneratedAddress(string Id, string? Line1, string? Line2, string? PostalCode, string? Town, string? Country, string? ForeignTown);

/// <param name="Links">(student SIECLE id, RESP_LEGAL 0|1|2, CODE_PARENTE).</param>
public sealed record GeneratedGuardian(
    string PersonId,
    string? Nom,
    string? NomDeFamille,
    string? NomUsage,
    string FirstName,
    string Civility,
    string? Email,
    string? PhoneMobile,
    string? AddressId,
    IReadOnlyList<(string StudentId, int Legal, string Relationship)> Links,
    string Reference)
{
    public string ExpectedLastName => Nom ?? NomUsage ?? NomDeFamille!;
}

/// <param name="Function">STS FONCTION; null = missing (means ENS).</param>
/// <param name="PrincipalOf">(class code, end date) of PROF_PRINC entries.</param>
public sealed record GeneratedStaff(
    string Id,
    string? Function,
    int Sex,
    string? NomUsage,
    string NomPatronymique,
    string FirstName,
    DateOnly BirthDate,
    string? DisciplineCode,
    IReadOnlyList<(string ClassCode, DateOnly End)> PrincipalOf)
{
    public string ExpectedLastName => NomUsage ?? NomPatronymique;

    public string ExpectedProfile => Function ?? "ENS";
}

public sealed record GeneratedSubject(string BcnCode, string ManagementCode, string ShortLabel, string LongLabel, string EditionLabel);

public sealed record GeneratedClass(string Code, string Label, string Mef, int Level);

public sealed record GeneratedGroup(string Code, string Label, IReadOnlyList<string> ClassCodes, string SubjectBcnCode);

/// <summary>One teacher teaching one subject (BCN code) to one class or group.</summary>
public sealed record GeneratedService(string TeacherId, string StructureCode, bool IsGroup, string SubjectBcnCode);

/// <summary>Facts computed from the generated model, independently of the parsers under test.</summary>
public sealed record ExpectedFacts
{
    public int StudentsInFile { get; init; }
    public int CurrentStudents { get; init; }
    public int Leavers { get; init; }
    public int StudentsWithoutClass { get; init; }
    public int StudentsWithSeveralClasses { get; init; }
    public int StudentsWithUsageNameOnly { get; init; }
    public int StudentsWithRnie { get; init; }
    public int HomonymPairs { get; init; }
    public int CurrentClasses { get; init; }
    public int CurrentGroups { get; init; }
    public int PersonsInGuardiansFile { get; init; }
    public int NonLegalLinks { get; init; }

    /// <summary>Persons with at least one RESP_LEGAL 1|2 link to a current student.</summary>
    public int LegalGuardiansOfCurrentStudents { get; init; }

    /// <summary>RESP_LEGAL 1|2 links to current students.</summary>
    public int LegalLinksToCurrentStudents { get; init; }

    /// <summary>Persons with at least one RESP_LEGAL 1|2 link (any student in the file).</summary>
    public int LegalGuardiansOfAnyStudent { get; init; }

    public int Staff { get; init; }
    public int StaffWithoutFunction { get; init; }
    public int Teachers { get; init; }
    public int Subjects { get; init; }
    public int Classes { get; init; }
    public int Groups { get; init; }

    /// <summary>Distinct (teacher, structure, subject) services.</summary>
    public int Services { get; init; }

    /// <summary>PROF_PRINC entries whose DATE_FIN is on or after the generator's "today".</summary>
    public int CurrentPrincipalAssignments { get; init; }
}
