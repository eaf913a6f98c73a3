namespace Sacoche.Import.Domain;

public enum SpreadsheetKind
{
    Students = 1,
    Staff = 2,
    Parents = 3,
}

/// <summary>number ; gender ; nom ; prénom ; birth date ; email ; class ; groups (pipe-separated).</summary>
public sealed record SpreadsheetStudent(int Line, string? Number, Gender? Gender, string LastName, string FirstName, DateOnly? BirthDate, string? Email, string? ClassCode, IReadOnlyList<string> GroupCodes);

/// <summary>reference ; gender ; nom ; prénom ; profile code ; email ; classes|… ; groups|….</summary>
public sealed record SpreadsheetStaff(int Line, string? Reference, Gender? Gender, string LastName, string FirstName, string Profile, string? Email, IReadOnlyList<string> ClassCodes, IReadOnlyList<string> GroupCodes);

/// <summary>reference ; gender ; nom ; prénom ; email ; address1..4 ; postcode ; town ; country ; child1..child9 (student numbers).</summary>
public sealed record SpreadsheetParent(int Line, string? Reference, Gender? Gender, string LastName, string FirstName, string? Email, PostalAddress? Address, IReadOnlyList<string> ChildNumbers);

/// <summary>A row left out, with its 1-based line number and a French reason.</summary>
public sealed record SpreadsheetRejection(int Line, string Reason);

public sealed record SpreadsheetFile<T>(IReadOnlyList<T> Rows, IReadOnlyList<SpreadsheetRejection> Rejected, char Separator, string EncodingName);
