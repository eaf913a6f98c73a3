using Sacoche.Identity.Application.Establishments;
using Sacoche.ServiceDefaults.Http;

namespace Sacoche.Identity.Apis;

public static class EstablishmentsApi
{
    public static RouteGroupBuilder MapEstablishmentsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/establishments");
        group.MapPost("/", CreateAsync).RequireWebmaster("Seul l'opérateur académique peut ouvrir un établissement.")
            .WithName("CreateEstablishment").WithSummary("Opens an establishment and its administrator account (operator only).");
        group.MapGet("/", ListAsync).RequireWebmaster()
            .WithName("ListEstablishments").WithSummary("Every establishment (operator only).");
        group.MapGet("/{baseId:int}", GetAsync).RequireEstablishmentManager()
            .WithName("GetEstablishment").WithSummary("One establishment (the operator, or its administrator).");
        group.MapPut("/{baseId:int}", UpdateAsync).RequireEstablishmentManager()
            .WithName("UpdateEstablishment").WithSummary("Name, contacts, login template; active only by the operator.");
        group.MapDelete("/{baseId:int}", DeactivateAsync).RequireWebmaster()
            .WithName("DeactivateEstablishment").WithSummary("Deactivates an establishment: data kept, sign-in refused, sessions ended (operator only).");
        group.MapGet("/{baseId:int}/connection", GetConnectionAsync).RequireEstablishmentManager()
            .WithName("GetConnectionSettings").WithSummary("How the establishment's users sign in (Sacoche logins or the ENT's CAS).");
        group.MapPut("/{baseId:int}/connection", UpdateConnectionAsync).RequireEstablishmentManager()
            .WithName("UpdateConnectionSettings").WithSummary("Sets the sign-in mode and the CAS server, from the catalog or by hand.");
        api.MapGet("/ent-connectors", Connectors)
            .WithName("ListEntConnectors").WithSummary("The catalog of ENT CAS connectors.");
        return api;
    }

    private static async Task<IResult> CreateAsync(CreateEstablishmentRequest request, EstablishmentsService service, CancellationToken ct) =>
        (await service.CreateAsync(request, ct)).ToHttp(created => TypedResults.Created($"/api/identity/establishments/{created.BaseId}", created));

    private static async Task<IResult> ListAsync(EstablishmentsService service, CancellationToken ct) =>
        (await service.ListAsync(ct)).ToHttp();

    private static async Task<IResult> GetAsync(int baseId, EstablishmentsService service, CancellationToken ct) =>
        (await service.GetAsync(baseId, ct)).ToHttp();

    private static async Task<IResult> UpdateAsync(int baseId, UpdateEstablishmentRequest request, EstablishmentsService service, CancellationToken ct) =>
        (await service.UpdateAsync(baseId, request, ct)).ToHttp();

    private static async Task<IResult> DeactivateAsync(int baseId, EstablishmentsService service, CancellationToken ct) =>
        (await service.DeactivateAsync(baseId, ct)).ToHttp();

    private static async Task<IResult> GetConnectionAsync(int baseId, EstablishmentsService service, CancellationToken ct) =>
        (await service.GetConnectionAsync(baseId, ct)).ToHttp();

    private static async Task<IResult> UpdateConnectionAsync(int baseId, ConnectionSettings request, EstablishmentsService service, CancellationToken ct) =>
        (await service.UpdateConnectionAsync(baseId, request, ct)).ToHttp();

    private static IResult Connectors(EstablishmentsService service) => service.Connectors().ToHttp();
}
