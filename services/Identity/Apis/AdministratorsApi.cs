using Sacoche.Identity.Application.Administrators;
using Sacoche.Identity.Application.Audit;
using Sacoche.ServiceDefaults.Http;

namespace Sacoche.Identity.Apis;

/// <summary>The establishment's administrators and the audit of administrator actions on accounts (administrators only).</summary>
public static class AdministratorsApi
{
    public static RouteGroupBuilder MapAdministratorsApi(this RouteGroupBuilder api)
    {
        var admins = api.MapGroup("").RequireAdmin();
        admins.MapGet("/administrators", ListAsync).WithName("ListAdministrators").WithSummary("The establishment's administrator accounts (administrators).");
        admins.MapPost("/administrators", CreateAsync).WithName("CreateAdministrator")
            .WithSummary("Creates another administrator; the answer carries his generated initial password, shown once.");
        admins.MapPut("/administrators/{id:guid}", UpdateAsync).WithName("UpdateAdministrator")
            .WithSummary("Disables (sign-in refused, sessions ended) or re-enables an administrator; the last active one stays active.");
        admins.MapGet("/audit", AuditAsync).WithName("ListAccountAudit")
            .WithSummary("Administrator actions on accounts, newest first, filtered by action and paged (administrators).");
        return api;
    }

    private static async Task<IResult> ListAsync(AdministratorsService service, CancellationToken ct) => (await service.ListAsync(ct)).ToHttp();

    private static async Task<IResult> CreateAsync(CreateAdministratorRequest? body, AdministratorsService service, CancellationToken ct) =>
        (await service.CreateAsync(body, ct)).ToHttp(created => TypedResults.Created($"/api/identity/administrators/{created.Id}", created));

    private static async Task<IResult> UpdateAsync(Guid id, UpdateAdministratorRequest? body, AdministratorsService service, CancellationToken ct) =>
        (await service.UpdateAsync(id, body, ct)).ToHttp();

    private static async Task<IResult> AuditAsync(string? action, int? page, int? pageSize, AuditService service, CancellationToken ct) =>
        (await service.ListAsync(action, page, pageSize, ct)).ToHttp();
}
