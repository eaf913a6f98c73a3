using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sacoche.Web.Api;

/// <summary>GET api/identity/me: the signed-in user and their establishment.</summary>
public sealed record MeView(string? Sub, int? Base, string? Profile, string? Name, string? EstablishmentName, string? Uai, string? Mode);

/// <summary>Body of POST api/identity/establishments.</summary>
public sealed record CreateEstablishmentBody(string Uai, string Name, string? ContactName, string? ContactEmail);

/// <summary>Body of PUT api/identity/establishments/{id}: a null member is left unchanged.</summary>
public sealed record UpdateEstablishmentBody(string? Name = null, string? ContactName = null, string? ContactEmail = null, bool? Active = null, string? LoginTemplate = null);

public sealed record SetEntIdBody(string? EntId);

/// <summary>Body of POST api/identity/administrators.</summary>
public sealed record CreateAdministratorBody(string Login, string LastName, string FirstName);

/// <summary>Body of PUT api/identity/administrators/{id}.</summary>
public sealed record UpdateAdministratorBody(bool Active);

/// <summary>Body of POST api/identity/me/password.</summary>
public sealed record OwnPasswordBody(string CurrentPassword, string NewPassword);

/// <summary>The Identity API (api/identity): establishments, their connection, accounts.</summary>
public sealed class IdentityClient(ApiClient api)
{
    /// <summary>A connection in "normal" mode carries its mode only: the CAS members are left out, not sent as null.</summary>
    private static readonly JsonSerializerOptions WithoutNulls = new(ApiClient.Json) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public Task<ApiResult<MeView>> MeAsync(CancellationToken ct = default) => api.GetAsync<MeView>("api/identity/me", ct);

    /// <summary>Changes the signed-in user's own password (204; the session stays).</summary>
    public Task<ApiResult<NoBody>> ChangeOwnPasswordAsync(OwnPasswordBody body, CancellationToken ct = default) =>
        api.PostAsync<NoBody>("api/identity/me/password", body, ct);

    public Task<ApiResult<List<EstablishmentView>>> EstablishmentsAsync(CancellationToken ct = default) =>
        api.GetAsync<List<EstablishmentView>>("api/identity/establishments", ct);

    public Task<ApiResult<EstablishmentView>> EstablishmentAsync(int baseId, CancellationToken ct = default) =>
        api.GetAsync<EstablishmentView>($"api/identity/establishments/{baseId}", ct);

    public Task<ApiResult<EstablishmentCreated>> CreateEstablishmentAsync(CreateEstablishmentBody body, CancellationToken ct = default) =>
        api.PostAsync<EstablishmentCreated>("api/identity/establishments", body, ct);

    public Task<ApiResult<EstablishmentView>> UpdateEstablishmentAsync(int baseId, UpdateEstablishmentBody body, CancellationToken ct = default) =>
        api.PutAsync<EstablishmentView>($"api/identity/establishments/{baseId}", body, ct);

    public Task<ApiResult<ConnectionSettings>> ConnectionAsync(int baseId, CancellationToken ct = default) =>
        api.GetAsync<ConnectionSettings>($"api/identity/establishments/{baseId}/connection", ct);

    public Task<ApiResult<ConnectionSettings>> SaveConnectionAsync(int baseId, ConnectionSettings body, CancellationToken ct = default) =>
        api.PutAsync<ConnectionSettings>($"api/identity/establishments/{baseId}/connection", JsonContent.Create(body, options: WithoutNulls), ct);

    public Task<ApiResult<List<EntConnectorView>>> EntConnectorsAsync(CancellationToken ct = default) =>
        api.GetAsync<List<EntConnectorView>>("api/identity/ent-connectors", ct);

    public Task<ApiResult<AccountPage>> AccountsAsync(string query, string profile, CancellationToken ct = default) =>
        api.GetAsync<AccountPage>($"api/identity/accounts?pageSize=200&q={Uri.EscapeDataString(query)}&profile={Uri.EscapeDataString(profile)}", ct);

    public Task<ApiResult<AccountView>> SetEntIdAsync(Guid accountId, string? entId, CancellationToken ct = default) =>
        api.PutAsync<AccountView>($"api/identity/accounts/{accountId}/ent-id", new SetEntIdBody(entId), ct);

    public Task<ApiResult<PasswordReset>> ResetPasswordAsync(Guid accountId, CancellationToken ct = default) =>
        api.PostAsync<PasswordReset>($"api/identity/accounts/{accountId}/password", null, ct);

    public Task<ApiResult<List<AdministratorView>>> AdministratorsAsync(CancellationToken ct = default) =>
        api.GetAsync<List<AdministratorView>>("api/identity/administrators", ct);

    /// <summary>Creates another administrator; the answer carries his initial password, shown once.</summary>
    public Task<ApiResult<AdministratorCreated>> CreateAdministratorAsync(CreateAdministratorBody body, CancellationToken ct = default) =>
        api.PostAsync<AdministratorCreated>("api/identity/administrators", body, ct);

    /// <summary>Disables or re-enables an administrator (409 last-administrator for the last active one).</summary>
    public Task<ApiResult<AdministratorView>> SetAdministratorActiveAsync(Guid id, bool active, CancellationToken ct = default) =>
        api.PutAsync<AdministratorView>($"api/identity/administrators/{id}", new UpdateAdministratorBody(active), ct);
}
