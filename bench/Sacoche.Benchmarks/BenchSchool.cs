using System.Net.Http.Json;
using System.Text.Json;
using Sacoche.Contracts;
using Sacoche.Testing.Cas;
using Sacoche.Testing.Infrastructure;

namespace Sacoche.Benchmarks;

/// <summary>
/// One establishment in CAS mode, seeded as the import would (UserImported / StructureImported on
/// the broker, like the SSO scenario always did): <see cref="Teachers"/> teachers « ens{i} » (the
/// first <see cref="Classes"/> teach maths to one class each), a direction account « dir0 », and
/// <see cref="Classes"/> classes of <see cref="ClassSize"/> students. Then through the gateway with
/// real SSO tokens: a maths referential of 150 items (each linked to a common-core component) and,
/// for each teaching teacher, an evaluation of 15 items on their class (the grid of the morning rush).
/// </summary>
public sealed class BenchSchool : IAsyncDisposable
{
    public const string Subject = "MATHS";
    public const string Level = "3E";
    public const int GridItems = 15;
    public static readonly string[] Codes = ["RR", "R", "V", "VV"];
    private static readonly string[] CommonCore = ["CPD_FRA", "CPD_ETR", "CPD_SCI", "CPD_ART", "MET_APP", "FRM_CIT", "SYS_NAT", "REP_MND"];

    public required SacocheSystem System { get; init; }
    public required CasTestServer Cas { get; init; }
    public required HttpClient Http { get; init; }
    public required int BaseId { get; init; }
    public required int Teachers { get; init; }
    public required int Classes { get; init; }
    public required int ClassSize { get; init; }
    /// <summary>Students by class index (class code = <see cref="ClassCode"/>).</summary>
    public required Guid[][] Students { get; init; }
    public required Guid[] TeacherIds { get; init; }
    public string[] TeacherTokens { get; private set; } = [];
    public string DirectionToken { get; private set; } = "";
    public long[] ItemIds { get; private set; } = [];
    /// <summary>The 15-item evaluation of teacher i on class i.</summary>
    public long[] GridEvaluations { get; private set; } = [];

    public static string ClassCode(int index) => $"3{index + 1:00}";

    public static async Task<BenchSchool> SetUpAsync(SacocheSystem system, int teachers = 200, int classes = 20, int classSize = 30)
    {
        var cas = await CasTestServer.StartAsync();
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, MaxConnectionsPerServer = 256 };
        var http = new HttpClient(handler) { BaseAddress = system.GatewayUrl, Timeout = TimeSpan.FromSeconds(60) };
        // Set-up steps are retried on a loaded machine (a service still starting answers 5xx or no token): clear errors, never a KeyNotFoundException.
        var token = await RetryAsync(() => OperatorTokenAsync(http, system.OperatorSecret), "no operator token from Identity (client credentials of sacoche-operator)");
        var baseId = await RetryAsync(async () =>
        {
            // A new UAI each attempt: an attempt whose answer was lost may have opened one already.
            var uai = $"0{Random.Shared.Next(100000, 999999)}B";
            using var create = new HttpRequestMessage(HttpMethod.Post, "/api/identity/establishments") { Content = JsonContent.Create(new { uai, name = "Collège du banc d'essai" }) };
            create.Headers.Authorization = new("Bearer", token);
            using var response = await http.SendAsync(create);
            var body = await response.Content.ReadAsStringAsync();
            return response.IsSuccessStatusCode && JsonDocument.Parse(body).RootElement.TryGetProperty("baseId", out var id)
                ? id.GetInt32() : throw new InvalidOperationException($"opening the establishment: {(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}");
        }, "Identity never opened the bench's establishment");
        using var connection = new HttpRequestMessage(HttpMethod.Put, $"/api/identity/establishments/{baseId}/connection")
        {
            Content = JsonContent.Create(new { mode = "cas", connector = "perso", casHost = cas.Host, casPort = cas.Port, casRoot = cas.Root, casScheme = "http" }),
        };
        connection.Headers.Authorization = new("Bearer", token);
        (await http.SendAsync(connection)).EnsureSuccessStatusCode();

        var teacherIds = Enumerable.Range(0, teachers).Select(_ => Guid.NewGuid()).ToArray();
        var students = Enumerable.Range(0, classes).Select(_ => Enumerable.Range(0, classSize).Select(_ => Guid.NewGuid()).ToArray()).ToArray();
        await system.PublishAsync(new StructureImported(baseId, 1,
            [.. Enumerable.Range(0, classes).Select(c => new ClassInfo(ClassCode(c), $"3e {c + 1}", null, teacherIds[c]))],
            [],
            [new SubjectInfo(Subject, "061300", "Mathématiques")],
            [.. Enumerable.Range(0, classes).Select(c => new TeacherService(teacherIds[c], ClassCode(c), false, Subject))]));
        for (var i = 0; i < teachers; i++)
        {
            await system.PublishAsync(new UserImported(baseId, teacherIds[i], 1, "ENS", $"Nom{i}", $"Prénom{i}", null, null, null, $"ens{i}", null, null, [], [], null)
            {
                SubjectCodes = i < classes ? [Subject] : [],
            });
        }
        await system.PublishAsync(new UserImported(baseId, Guid.NewGuid(), 1, "DIR", "Principal", "Paul", null, null, null, "dir0", null, null, [], [], null));
        for (var c = 0; c < classes; c++)
        {
            for (var s = 0; s < classSize; s++)
            {
                await system.PublishAsync(new UserImported(baseId, students[c][s], 1, "ELV", $"Élève{c:00}-{s:00}", $"Prénom{s}", null, null, null, null, null, ClassCode(c), [], [], null));
            }
        }

        var school = new BenchSchool
        {
            System = system,
            Cas = cas,
            Http = http,
            BaseId = baseId,
            Teachers = teachers,
            Classes = classes,
            ClassSize = classSize,
            Students = students,
            TeacherIds = teacherIds,
        };
        // Accounts appear as Identity consumes the events (in parallel, not in order): wait for each
        // one signed in here, and for the last teacher; Competences has the roster when the last class is full.
        school.TeacherTokens = new string[classes];
        await RetryAsync(() => SsoLogin.TokenAsync(http, cas, baseId, $"ens{teachers - 1}"), "accounts were not created from UserImported in time");
        for (var c = 0; c < classes; c++)
        {
            school.TeacherTokens[c] = await RetryAsync(() => SsoLogin.TokenAsync(http, cas, baseId, $"ens{c}"), $"no account for ens{c}");
        }
        school.DirectionToken = await RetryAsync(() => SsoLogin.TokenAsync(http, cas, baseId, "dir0"), "no direction account");
        await RetryAsync(async () =>
        {
            var report = await school.SendAsync(HttpMethod.Get, $"/api/competences/reports/classes/{ClassCode(classes - 1)}", school.DirectionToken);
            var body = await report.Content.ReadFromJsonAsync<JsonElement>();
            return report.IsSuccessStatusCode && body.GetProperty("students").GetArrayLength() == classSize
                ? true : throw new InvalidOperationException("roster incomplete");
        }, "Competences never got the roster");

        school.ItemIds = await school.CreateReferentialAsync(Subject, items: 150, school.TeacherTokens[0]);
        school.GridEvaluations = new long[classes];
        for (var c = 0; c < classes; c++)
        {
            school.GridEvaluations[c] = await school.CreateEvaluationAsync(c, school.ItemIds[..GridItems], "Grille du matin");
        }
        return school;
    }

    /// <summary>A referential of the subject for 3e with <paramref name="items"/> items, each linked to a common-core component.</summary>
    public async Task<long[]> CreateReferentialAsync(string subject, int items, string token)
    {
        var themes = Enumerable.Range(0, (items + 49) / 50).Select(t => new
        {
            name = $"Thème {t + 1}",
            items = Enumerable.Range(t * 50, Math.Min(50, items - t * 50))
                .Select(i => new { name = $"Item {i + 1}", socle = new[] { new { cycle = 4, component = CommonCore[i % CommonCore.Length] } } }).ToArray(),
        }).ToArray();
        var response = await SendAsync(HttpMethod.Post, "/api/competences/referentials", token,
            new { subjectCode = subject, levelCode = Level, domains = new[] { new { code = "A", name = "Nombres et calculs", themes } } });
        var json = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException("referential: " + json);
        }
        using var doc = JsonDocument.Parse(json);
        return [.. doc.RootElement.GetProperty("domains")[0].GetProperty("themes").EnumerateArray()
            .SelectMany(t => t.GetProperty("items").EnumerateArray()).Select(i => i.GetProperty("id").GetInt64())];
    }

    /// <summary>An evaluation of the class's teacher on the whole class.</summary>
    public async Task<long> CreateEvaluationAsync(int classIndex, long[] items, string description)
    {
        var response = await SendAsync(HttpMethod.Post, "/api/competences/evaluations", TeacherTokens[classIndex],
            new { classCode = ClassCode(classIndex), date = DateOnly.FromDateTime(DateTime.Today), description, itemIds = items });
        var json = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? JsonDocument.Parse(json).RootElement.GetProperty("id").GetInt64()
            : throw new InvalidOperationException("evaluation: " + json);
    }

    /// <summary>Writes every cell of students × items in one PUT; returns the versions the server answered.</summary>
    public async Task<Dictionary<(Guid, long), int>> SaveAllAsync(string token, long evaluation, Guid[] students, long[] items, int seed,
        Dictionary<(Guid, long), int>? versions = null)
    {
        var cells = new List<object>(students.Length * items.Length);
        for (var s = 0; s < students.Length; s++)
        {
            for (var i = 0; i < items.Length; i++)
            {
                var key = (students[s], items[i]);
                cells.Add(new { studentId = students[s], itemId = items[i], code = Codes[(s + i + seed) % Codes.Length], version = versions?.GetValueOrDefault(key) ?? 0 });
            }
        }
        using var response = await SendAsync(HttpMethod.Put, $"/api/competences/evaluations/{evaluation}/entries", token, cells);
        var json = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"saving {cells.Count} cells: {(int)response.StatusCode} {json[..Math.Min(json.Length, 500)]}");
        }
        using var doc = JsonDocument.Parse(json);
        versions ??= [];
        foreach (var c in doc.RootElement.EnumerateArray())
        {
            versions[(c.GetProperty("studentId").GetGuid(), c.GetProperty("itemId").GetInt64())] = c.GetProperty("version").GetInt32();
        }
        return versions;
    }
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new("Bearer", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        return await Http.SendAsync(request);
    }

    /// <summary>Retries a set-up step for a minute (a loaded machine, a service still starting); the failure says what never worked and why.</summary>
    public static async Task<T> RetryAsync<T>(Func<Task<T>> action, string failure)
    {
        Exception? last = null;
        for (var attempt = 0; attempt < 600; attempt++)
        {
            try
            {
                return await action();
            }
            catch (Exception e) when (e is InvalidOperationException or HttpRequestException or TaskCanceledException or JsonException)
            {
                last = e;
                await Task.Delay(100);
            }
        }
        throw new InvalidOperationException($"{failure} (last answer: {last?.Message})", last);
    }

    private static async Task<string> OperatorTokenAsync(HttpClient http, string operatorSecret)
    {
        var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "sacoche-operator",
            ["client_secret"] = operatorSecret,
            ["scope"] = "api",
        }));
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode && JsonDocument.Parse(body).RootElement.TryGetProperty("access_token", out var token) && token.GetString() is { Length: > 0 } value
            ? value : throw new InvalidOperationException($"operator token: {(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Cas.DisposeAsync();
    }
}
