using System.Net;
using System.Net.Http.Json;
using Xunit;

namespace Sacoche.Competences.Tests.Api;

/// <summary>
/// Each profile × each endpoint. Establishment 101: T1 teaches 3A (maths) and G1; T3 teaches nothing;
/// S1 is in 3A and G1, S3 in 3B and G1; the parent's child is S1. "OTHER" is a teacher of establishment 202
/// (another establishment's ids answer 404); WBM has no establishment.
/// </summary>
public sealed class AuthorizationMatrixTests(CompetencesApp app) : IClassFixture<CompetencesApp>
{
    private sealed record State(CompetencesApp App, long ReferentialId, long[] ItemIds, long EvaluationId, string ReferentialBody);

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static State? _state;

    public static TheoryData<string, string, int> Matrix()
    {
        var data = new TheoryData<string, string, int>();
        //                           ADM  DIR  ENS  ENS-  ELV  TUT  WBM  OTHER
        Add(data, "GET me", 200, 200, 200, 200, 200, 200, 200, 200);
        Add(data, "GET settings", 200, 200, 200, 200, 200, 200, 403, 200);
        Add(data, "PUT settings", 200, 403, 403, 403, 403, 403, 403, 403);
        Add(data, "GET subjects", 200, 200, 200, 200, 200, 200, 403, 200);
        Add(data, "GET referentials", 200, 200, 200, 200, 403, 403, 403, 200);
        Add(data, "GET referential", 200, 200, 200, 200, 403, 403, 403, 404);
        Add(data, "PUT referential", 200, 403, 200, 403, 403, 403, 403, 404);
        Add(data, "GET export", 200, 200, 200, 200, 403, 403, 403, 404);
        Add(data, "GET evaluations", 200, 200, 200, 200, 403, 403, 403, 200);
        Add(data, "POST evaluation", 201, 201, 201, 403, 403, 403, 403, 400);
        Add(data, "GET evaluation", 200, 200, 200, 403, 403, 403, 403, 404);
        Add(data, "PUT evaluation", 200, 200, 200, 403, 403, 403, 403, 404);
        Add(data, "DELETE evaluation", 204, 204, 204, 403, 403, 403, 403, 404);
        Add(data, "GET entries", 200, 200, 200, 403, 403, 403, 403, 404);
        Add(data, "PUT entries", 200, 200, 200, 403, 403, 403, 403, 404);
        Add(data, "GET report S1", 200, 200, 200, 403, 200, 200, 403, 404);
        Add(data, "GET report S3", 200, 200, 200, 403, 403, 403, 403, 404);
        return data;
    }

    private static readonly string[] Profiles = ["ADM", "DIR", "ENS", "ENS-", "ELV", "TUT", "WBM", "OTHER"];

    private static void Add(TheoryData<string, string, int> data, string endpoint, params int[] expected)
    {
        for (int i = 0; i < Profiles.Length; i++)
        {
            data.Add(Profiles[i], endpoint, expected[i]);
        }
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Profile_x_endpoint(string profile, string endpoint, int expected)
    {
        var state = await StateAsync();
        var client = profile switch
        {
            "ADM" => app.Client(app.Admin, "ADM"),
            "DIR" => app.Client(app.Direction, "DIR"),
            "ENS" => app.Client(app.Teacher1, "ENS"),
            "ENS-" => app.Client(app.Teacher3, "ENS"),
            "ELV" => app.Client(app.Student1, "ELV"),
            "TUT" => app.Client(app.Guardian1, "TUT"),
            "WBM" => app.Client(Guid.NewGuid(), "WBM", establishment: null),
            _ => app.Client(app.OtherTeacher, "ENS", CompetencesApp.OtherBase),
        };
        const string api = "/api/competences";
        var evaluation = new { classCode = "3A", date = "2026-10-01", description = "Matrice", itemIds = state.ItemIds };
        HttpResponseMessage response = endpoint switch
        {
            "GET me" => await client.GetAsync($"{api}/me"),
            "GET settings" => await client.GetAsync($"{api}/settings"),
            "PUT settings" => await client.PutAsync($"{api}/settings", JsonContent.Create(
                await (await app.AdminClient().GetAsync($"{api}/settings")).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>())),
            "GET subjects" => await client.GetAsync($"{api}/subjects"),
            "GET referentials" => await client.GetAsync($"{api}/referentials"),
            "GET referential" => await client.GetAsync($"{api}/referentials/{state.ReferentialId}"),
            "PUT referential" => await client.PutAsync($"{api}/referentials/{state.ReferentialId}",
                new StringContent(state.ReferentialBody, System.Text.Encoding.UTF8, "application/json")),
            "GET export" => await client.GetAsync($"{api}/referentials/{state.ReferentialId}/export.xml"),
            "GET evaluations" => await client.GetAsync($"{api}/evaluations"),
            "POST evaluation" => await client.PostAsJsonAsync($"{api}/evaluations", evaluation),
            "GET evaluation" => await client.GetAsync($"{api}/evaluations/{state.EvaluationId}"),
            "PUT evaluation" => await client.PutAsJsonAsync($"{api}/evaluations/{state.EvaluationId}", evaluation),
            "DELETE evaluation" => await client.DeleteAsync($"{api}/evaluations/{await CompetencesApp.CreateEvaluationAsync(app.Teacher1Client(), evaluation)}"),
            "GET entries" => await client.GetAsync($"{api}/evaluations/{state.EvaluationId}/entries"),
            // Writing NN over an empty cell: allowed or not, it changes nothing.
            "PUT entries" => await client.PutAsJsonAsync($"{api}/evaluations/{state.EvaluationId}/entries", new[] { new { studentId = app.Student2, itemId = state.ItemIds[0], code = "NN" } }),
            "GET report S1" => await client.GetAsync($"{api}/reports/students/{app.Student1}"),
            "GET report S3" => await client.GetAsync($"{api}/reports/students/{app.Student3}"),
            _ => throw new ArgumentOutOfRangeException(nameof(endpoint)),
        };
        Assert.True((int)response.StatusCode == expected, $"{profile} {endpoint}: expected {expected}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        if (expected >= 400)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    private async Task<State> StateAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_state?.App != app)
            {
                var (referentialId, items) = await app.CreateReferentialAsync(app.Teacher1Client(), "MATHS", "3E", items: 2);
                var evaluationId = await CompetencesApp.CreateEvaluationAsync(app.Teacher1Client(), new { classCode = "3A", date = "2026-10-01", description = "Matrice", itemIds = items });
                var body = await (await app.Teacher1Client().GetAsync($"/api/competences/referentials/{referentialId}")).Content.ReadAsStringAsync();
                _state = new State(app, referentialId, items, evaluationId, body);
            }
            return _state;
        }
        finally
        {
            Gate.Release();
        }
    }
}
