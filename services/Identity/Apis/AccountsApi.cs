using Sacoche.Identity.Application.Accounts;
using Sacoche.ServiceDefaults.Http;

namespace Sacoche.Identity.Apis;

public static class AccountsApi
{
    public static RouteGroupBuilder MapAccountsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/me", MeAsync).WithName("GetMe").WithSummary("The caller as the token describes them, and their establishment.");
        api.MapPost("/me/password", ChangeOwnPasswordAsync).WithName("ChangeOwnPassword")
            .WithSummary("Changes the caller's own password (the current one required, 8 characters at least mixing letters and another sign); the session stays.");
        var accounts = api.MapGroup("").RequireAdmin();
        accounts.MapGet("/accounts", ListAsync).WithName("ListAccounts").WithSummary("The establishment's accounts, filtered and paged (administrators).");
        accounts.MapPut("/accounts/{id:guid}/ent-id", SetEntIdAsync).WithName("SetEntId").WithSummary("Sets or clears an account's ENT id (unique in the establishment once folded).");
        accounts.MapPost("/accounts/{id:guid}/password", ResetPasswordAsync).WithName("ResetPassword").WithSummary("Gives an account a new password and ends its sessions.");
        accounts.MapGet("/credentials/new", NewCredentialsAsync).WithName("GetNewCredentials").WithSummary("New accounts' credentials as CSV, delivered once.");
        return api;
    }

    private static async Task<IResult> MeAsync(AccountService service, CancellationToken ct) => (await service.MeAsync(ct)).ToHttp();

    private static async Task<IResult> ChangeOwnPasswordAsync(OwnPasswordChange? body, AccountService service, CancellationToken ct) =>
        (await service.ChangeOwnPasswordAsync(body, ct)).ToHttp();

    private static async Task<IResult> ListAsync(string? profile, string? q, int? page, int? pageSize, AccountService service, CancellationToken ct) =>
        (await service.ListAsync(profile, q, page, pageSize, ct)).ToHttp();

    private static async Task<IResult> SetEntIdAsync(Guid id, SetEntIdRequest request, AccountService service, CancellationToken ct) =>
        (await service.SetEntIdAsync(id, request, ct)).ToHttp();

    private static async Task<IResult> ResetPasswordAsync(Guid id, AccountService service, CancellationToken ct) =>
        (await service.ResetPasswordAsync(id, ct)).ToHttp();

    private static async Task<IResult> NewCredentialsAsync(AccountService service, CancellationToken ct) =>
        (await service.NewCredentialsAsync(ct)).ToHttp(file => TypedResults.File(file.Content, "text/csv; charset=utf-8", file.FileName));
}
