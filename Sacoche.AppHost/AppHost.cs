// Starts and wires the whole system. PostgreSQL and RabbitMQ are external servers whose
// connection strings come from configuration (./sacoche run starts them on loopback): no Docker.
var builder = DistributedApplication.CreateBuilder(args);
var config = builder.Configuration;

string Require(string key, string hint) => config[key] is { Length: > 0 } value
    ? value
    : throw new InvalidOperationException($"Missing configuration value {key}: {hint}. Start the system with ./sacoche run.");

var postgres = Require("ConnectionStrings:postgres", "server connection string, e.g. Host=127.0.0.1;Port=5432;Username=postgres;Password=…");
Require("ConnectionStrings:rabbitmq", "an amqp:// URI, e.g. amqp://guest:guest@127.0.0.1:5672/");
var gatewayPort = int.TryParse(config["Sacoche:GatewayPort"], out var port) ? port : 8080;
var publicUrl = (config["Sacoche:PublicUrl"] ?? $"http://localhost:{gatewayPort}").TrimEnd('/') + "/";
var operatorSecret = Require("Sacoche:OperatorSecret", "the client secret of sacoche-operator (SACOCHE_OPERATOR_SECRET)");
// The Web UI's OIDC client secret: shared by Identity (registers sacoche-web) and Web; generated when not configured.
var webClientSecret = config["Sacoche:WebClientSecret"] is { Length: >= 16 } ws
    ? ws
    : Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
// Tests run several systems on one server: each gets its own databases.
var databasePrefix = config["Sacoche:DatabasePrefix"] is { Length: > 0 } prefix ? prefix : "sacoche";
var replicas = int.TryParse(config["Sacoche:Replicas"], out var r) && r > 0 ? r : 1;
// One instance per service: the gateway calls it directly on its launch port, without DCP's proxy
// in between (one hop less on every request). Several replicas, or tests that must not collide on
// fixed ports, keep the proxy (Sacoche:DirectEndpoints=false).
var direct = replicas == 1 && !string.Equals(config["Sacoche:DirectEndpoints"], "false", StringComparison.OrdinalIgnoreCase);

// One database per service on the same server.
IResourceBuilder<IResourceWithConnectionString> Database(string name, string database)
{
    config[$"ConnectionStrings:{name}"] = $"{postgres.TrimEnd(';')};Database={database}";
    return builder.AddConnectionString(name);
}

var rabbitmq = builder.AddConnectionString("rabbitmq");
var identityDb = Database("identitydb", databasePrefix + "_identity");
var importDb = Database("importdb", databasePrefix + "_import");
var competencesDb = Database("competencesdb", databasePrefix + "_competences");
var webDb = Database("webdb", databasePrefix + "_web");

IResourceBuilder<ProjectResource> Service<TProject>(string name, IResourceBuilder<IResourceWithConnectionString> db, bool bus = true)
    where TProject : IProjectMetadata, new()
{
    var service = builder.AddProject<TProject>(name)
        .WithReference(db)
        .WithEnvironment("Identity__Issuer", publicUrl)
        .WithEnvironment("DOTNET_ThreadPool_UnfairSemaphoreSpinLimit", "0")
        .WithReplicas(replicas)
        .WithEndpoint("http", e =>
        {
            if (direct)
            {
                e.IsProxied = false;
                e.TargetPort = e.Port;
            }
        })
        .WithHttpHealthCheck("/health");
    return bus ? service.WithReference(rabbitmq) : service;
}

var identity = Service<Projects.Identity>("identity", identityDb)
    .WithEnvironment("Identity__OperatorSecret", operatorSecret)
    .WithEnvironment("Identity__WebClientSecret", webClientSecret)
    .WithEnvironment("Identity__Cas__AllowHttp", config["Sacoche:AllowHttpCas"] ?? "false");
var import = Service<Projects.Import>("import", importDb).WithReference(identity);
var competences = Service<Projects.Competences>("competences", competencesDb);

// The French UI: an OIDC client of Identity calling the APIs through the gateway (public URL) with the user's token.
// Sessions and keys live in its database; an interactive page's circuit is one WebSocket, so any instance serves it.
var web = Service<Projects.Web>("web", webDb, bus: false)
    .WithEnvironment("Identity__WebClientSecret", webClientSecret)
    .WithReference(identity).WaitFor(identity)
    .WithReference(import)
    .WithReference(competences);

builder.AddProject<Projects.Gateway>("gateway")
    .WithEndpoint("http", e =>
    {
        e.Port = gatewayPort;
        e.IsProxied = false;
    })
    .WithEnvironment("DOTNET_ThreadPool_UnfairSemaphoreSpinLimit", "0")
    .WithReference(identity).WaitFor(identity)
    .WithReference(import).WaitFor(import)
    .WithReference(competences).WaitFor(competences)
    .WithReference(web).WaitFor(web)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/alive");

builder.Build().Run();
