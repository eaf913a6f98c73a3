using Sacoche.Identity.Domain;

namespace Sacoche.Identity.Application.Establishments;

public sealed record CreateEstablishmentRequest(string? Uai, string? Name, string? ContactName, string? ContactEmail);

public sealed record UpdateEstablishmentRequest(string? Name, string? ContactName, string? ContactEmail, bool? Active, string? LoginTemplate);

/// <summary>The new establishment and its administrator's credentials, shown once.</summary>
public sealed record EstablishmentCreated(int BaseId, string Uai, string Name, string AdminLogin, string AdminPassword);

public sealed record EstablishmentView(int BaseId, string Uai, string Name, string? ContactName, string? ContactEmail, bool Active,
    string Mode, string LoginTemplate, DateTimeOffset CreatedAt)
{
    public static EstablishmentView Of(Establishment e) => new(e.BaseId, e.Uai, e.Name, e.ContactName, e.ContactEmail, e.Active,
        e.Mode == ConnectionMode.Cas ? "cas" : "normal", e.LoginTemplate, e.CreatedAt);
}

/// <summary>How the establishment's users sign in: « normal » (Sacoche logins) or « cas » (the ENT) and the CAS server.</summary>
public sealed record ConnectionSettings(string? Mode, string? Connector, string? CasHost, int? CasPort, string? CasRoot,
    string? CasLoginUrl, string? CasValidateUrl, string? CasLogoutUrl, string? CasProtocol, bool? VerifyTls, string? CasScheme)
{
    public static ConnectionSettings Of(Establishment e) => new(e.Mode == ConnectionMode.Cas ? "cas" : "normal", e.CasConnector,
        e.CasHost, e.CasPort, e.CasRoot, e.CasLoginUrl, e.CasValidateUrl, e.CasLogoutUrl, e.CasProtocol, e.CasVerifyTls, e.CasScheme);
}

/// <summary>One ENT connector of the catalog, as the connection settings page offers it.</summary>
public sealed record EntConnectorView(string Connector, string? Department, string Label, string? Vendor, string CsvFormat, string? Host, int? Port,
    string? Root, string? LoginUrl, string? LogoutUrl, string? ValidateUrl, bool RequiresSchoolSubdomain);
