namespace Sacoche.Identity.Application.Administrators;

/// <summary>An administrator account of the establishment (<c>GET /api/identity/administrators</c>).</summary>
public sealed record AdministratorView(Guid Id, string Login, string LastName, string FirstName, bool Active, DateTimeOffset CreatedAt, DateTimeOffset? LastSignInAt);

/// <summary>Body of <c>POST /api/identity/administrators</c>.</summary>
public sealed record CreateAdministratorRequest(string? Login, string? LastName, string? FirstName);

/// <summary>A new administrator and his initial password, shown once.</summary>
public sealed record AdministratorCreated(Guid Id, string Login, string Password);

/// <summary>Body of <c>PUT /api/identity/administrators/{id}</c>: disables or re-enables the account.</summary>
public sealed record UpdateAdministratorRequest(bool? Active);
