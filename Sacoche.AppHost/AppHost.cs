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

// Keys stored in databases (Data Protection, token signing) are encrypted with this certificate,
// kept in a folder outside them; created on first use. Unset = keys in clear (never in Production).
var keyProtection = config["Sacoche:KeyProtectionDir"] is { Length: > 0 } keyDir ? KeyProtectionFiles.Ensure(keyDir) : ((string Certificate, string Key)?)null;

var rabbitmq = builder.AddConnectionString("rabbitmq");
var identityDb = Database("identitydb", databasePrefix + "_identity");
var importDb = Database("importdb", databasePrefix + "_import");
var competencesDb = Database("competencesdb", databasePrefix + "_competences");
var webDb = Database("webdb", databasePrefix + "_web");

IResourceBuilder<ProjectResource> Service<TProject>(string name, IResourceBuilder<IResourceWithConnectionString> db)
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
    if (keyProtection is { } files)
    {
        service.WithEnvironment("KeyProtection__CertificateFile", files.Certificate).WithEnvironment("KeyProtection__KeyFile", files.Key);
    }
    return service.WithReference(rabbitmq);
}

var identity = Service<Projects.Identity>("identity", identityDb)
    .WithEnvironment("Identity__OperatorSecret", operatorSecret)
    .WithEnvironment("Identity__WebClientSecret", webClientSecret)
    .WithEnvironment("Identity__Cas__AllowHttp", config["Sacoche:AllowHttpCas"] ?? "false");
var import = Service<Projects.Import>("import", importDb).WithReference(identity);
var competences = Service<Projects.Competences>("competences", competencesDb);

// The French UI: an OIDC client of Identity calling the APIs through the gateway (public URL) with the user's token.
// Sessions and keys live in its database; an interactive page's circuit is one WebSocket, so any instance serves it.
var web = Service<Projects.Web>("web", webDb)
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

/// <summary>The key-protection certificate's PEM files in a folder, created (self-signed RSA 3072) when missing.</summary>
internal static class KeyProtectionFiles
{
    public static (string Certificate, string Key) Ensure(string directory)
    {
        Directory.CreateDirectory(directory);
        var certificate = Path.GetFullPath(Path.Combine(directory, "certificate.pem"));
        var key = Path.GetFullPath(Path.Combine(directory, "key.pem"));
        if (!File.Exists(certificate) || !File.Exists(key))
        {
            using var rsa = System.Security.Cryptography.RSA.Create(3072);
            var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=sacoche-key-protection", rsa,
                System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
            using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(20));
            File.WriteAllText(key, rsa.ExportPkcs8PrivateKeyPem());
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            File.WriteAllText(certificate, created.ExportCertificatePem());
        }
        return (certificate, key);
    }
}
