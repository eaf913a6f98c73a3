namespace Sacoche.Identity.Application.Accounts;

/// <summary>The caller and their establishment (<c>GET /api/identity/me</c>); <c>mode</c> is « cas » or « normal ».</summary>
public sealed record MeResponse(string Sub, int? Base, string Profile, string Name, string? EstablishmentName, string? Uai, string? Mode);

/// <summary>An account of the establishment; <c>lastSignInAt</c> is null when the account never signed in.</summary>
public sealed record AccountView(Guid Id, string Profile, string LastName, string FirstName, string Login, string? EntId, DateOnly? ExitDate, bool CredentialsDelivered,
    DateTimeOffset? LastSignInAt);


public sealed record SetEntIdRequest(string? EntId);

public sealed record PasswordReset(Guid Id, string Login, string Password);

/// <summary>Body of <c>POST /api/identity/me/password</c>: one's own password change.</summary>
public sealed record OwnPasswordChange(string? CurrentPassword, string? NewPassword);

/// <summary>A file to download: its bytes and the name it is saved under.</summary>
public sealed record CredentialsFile(byte[] Content, string FileName);
