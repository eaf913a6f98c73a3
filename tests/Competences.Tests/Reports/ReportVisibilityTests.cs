using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sacoche.Competences.Tests.Api;
using Xunit;
using static Sacoche.Competences.Tests.Reports.ReportTestData;

namespace Sacoche.Competences.Tests.Reports;

/// <summary>
/// Who reads which report. Establishment 101: T1 teaches 3A (principal teacher) and group G1; T2 teaches 3A (SVT) and 3B;
/// T3 teaches nothing; S1 is in 3A and G1, S3 in 3B and G1; the parent's child is S1. OTHER is a teacher of establishment 202
/// (which has its own class 3A): our students and 3B answer 404 there. WBM has no establishment.
/// </summary>
// One collection for the report tests: run one after another, so that they add one host (not five) to the parallel fixtures.
[Collection("Reports")]
public sealed class ReportVisibilityTests(CompetencesApp app) : IClassFixture<CompetencesApp>
{
    private static readonly string[] ProfileNames = ["ADM", "DIR", "ENS", "ENS2", "ENS-", "ELV", "TUT", "WBM", "OTHER"];

    public static TheoryData<string, string, int> Matrix()
    {
        var data = new TheoryData<string, string, int>();
        //                                 ADM  DIR  ENS  ENS2 ENS- ELV  TUT  WBM  OTHER
        Add(data, "class 3A", 200, 200, 200, 200, 403, 403, 403, 403, 200);
        Add(data, "class 3B", 200, 200, 403, 200, 403, 403, 403, 403, 404);
        Add(data, "class 3B csv", 200, 200, 403, 200, 403, 403, 403, 403, 404);
        Add(data, "group G1", 200, 200, 200, 403, 403, 403, 403, 403, 404);
        Add(data, "synthesis S1", 200, 200, 200, 200, 403, 200, 200, 403, 404);
        Add(data, "chronology S3", 200, 200, 200, 200, 403, 403, 403, 403, 404);
        Add(data, "releve pdf S1", 200, 200, 200, 200, 403, 200, 200, 403, 404);
        Add(data, "common core S1", 200, 200, 200, 200, 403, 200, 200, 403, 404);
        Add(data, "common core S3", 200, 200, 200, 200, 403, 403, 403, 403, 404);
        Add(data, "common core class 3B", 200, 200, 403, 200, 403, 403, 403, 403, 404);
        Add(data, "common core establishment", 200, 200, 403, 403, 403, 403, 403, 403, 403);
        Add(data, "positioning S1", 200, 200, 200, 403, 403, 403, 403, 403, 404);
        Add(data, "positioning S3", 200, 200, 403, 403, 403, 403, 403, 403, 404);
        Add(data, "catalog", 200, 200, 200, 200, 200, 403, 403, 200, 200); // the webmaster reads it (to withdraw)
        return data;
    }

    private static void Add(TheoryData<string, string, int> data, string endpoint, params int[] expected)
    {
        for (int i = 0; i < ProfileNames.Length; i++)
        {
            data.Add(ProfileNames[i], endpoint, expected[i]);
        }
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Profile_x_report(string profile, string endpoint, int expected)
    {
        var client = profile switch
        {
            "ADM" => app.Client(app.Admin, "ADM"),
            "DIR" => app.Client(app.Direction, "DIR"),
            "ENS" => app.Client(app.Teacher1, "ENS"),
            "ENS2" => app.Client(app.Teacher2, "ENS"),
            "ENS-" => app.Client(app.Teacher3, "ENS"),
            "ELV" => app.Client(app.Student1, "ELV"),
            "TUT" => app.Client(app.Guardian1, "TUT"),
            "WBM" => app.Client(Guid.NewGuid(), "WBM", establishment: null),
            _ => app.Client(app.OtherTeacher, "ENS", CompetencesApp.OtherBase),
        };
        const string api = "/api/competences";
        var response = endpoint switch
        {
            "class 3A" => await client.GetAsync($"{api}/reports/classes/3A"),
            "class 3B" => await client.GetAsync($"{api}/reports/classes/3B"),
            "class 3B csv" => await client.GetAsync($"{api}/reports/classes/3B?format=csv"),
            "group G1" => await client.GetAsync($"{api}/reports/groups/G1"),
            "synthesis S1" => await client.GetAsync($"{api}/reports/students/{app.Student1}/synthesis"),
            "chronology S3" => await client.GetAsync($"{api}/reports/students/{app.Student3}/chronology"),
            "releve pdf S1" => await client.GetAsync($"{api}/reports/students/{app.Student1}?format=pdf"),
            "common core S1" => await client.GetAsync($"{api}/common-core/students/{app.Student1}?cycle=4"),
            "common core S3" => await client.GetAsync($"{api}/common-core/students/{app.Student3}?cycle=4"),
            "common core class 3B" => await client.GetAsync($"{api}/common-core/classes/3B?cycle=4"),
            "common core establishment" => await client.GetAsync($"{api}/common-core/establishment?cycle=4"),
            // Clearing a positionnement that does not exist: allowed or not, it changes nothing.
            "positioning S1" => await client.PutAsJsonAsync($"{api}/common-core/students/{app.Student1}/positionings", new { cycle = 4, component = "CPD_FRA", degree = (int?)null }),
            "positioning S3" => await client.PutAsJsonAsync($"{api}/common-core/students/{app.Student3}/positionings", new { cycle = 4, component = "CPD_FRA", degree = (int?)null }),
            "catalog" => await client.GetAsync($"{api}/catalog"),
            _ => throw new ArgumentOutOfRangeException(nameof(endpoint)),
        };
        Assert.True((int)response.StatusCode == expected, $"{profile} {endpoint}: expected {expected}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        if (expected >= 400)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await CompetencesApp.JsonAsync(response);
            Assert.StartsWith("https://sacoche.fr/problems/", problem.GetProperty("type").GetString());
        }
    }

    [Fact]
    public async Task Students_and_parents_do_not_see_entries_before_their_visible_date()
    {
        var admin = app.AdminClient();
        var subject = await app.NewSubjectAsync();
        var items = await CreateSocleReferentialAsync(admin, subject, "5E", ["FRM_CIT"]);
        var today = DateOnly.FromDateTime(DateTime.Now);
        var visible = await CompetencesApp.CreateEvaluationAsync(admin, new { classCode = "3A", date = today.AddDays(-5).ToString("yyyy-MM-dd"), description = "Visible", itemIds = items });
        var hidden = await CompetencesApp.CreateEvaluationAsync(admin, new
        {
            classCode = "3A",
            date = today.AddDays(-1).ToString("yyyy-MM-dd"),
            visibleDate = today.AddDays(20).ToString("yyyy-MM-dd"),
            description = "Pas encore visible",
            itemIds = items,
        });
        await PutEntriesAsync(admin, visible, (app.Student1, items[0], "VV"));
        await PutEntriesAsync(admin, hidden, (app.Student1, items[0], "RR"));

        // Staff: VV then RR → (100·1 + 0·2) / 3 = 33 → NA → 0 % → degree 1. Student and parent: VV only → 100 → A → 100 % → degree 4.
        Assert.Equal(1, await FrmCitAsync(admin));
        Assert.Equal(4, await FrmCitAsync(app.Client(app.Student1, "ELV")));
        Assert.Equal(4, await FrmCitAsync(app.Client(app.Guardian1, "TUT")));
        var synthesis = await GetJsonAsync(app.Client(app.Guardian1, "TUT"), $"/api/competences/reports/students/{app.Student1}/synthesis?subject={subject}");
        Assert.Equal(100, synthesis.GetProperty("subjects")[0].GetProperty("mean").GetInt32());
        var chronology = await GetJsonAsync(app.Client(app.Student1, "ELV"), $"/api/competences/reports/students/{app.Student1}/chronology?subject={subject}");
        Assert.Equal(1, chronology.GetProperty("points").GetArrayLength());
    }

    private async Task<int> FrmCitAsync(HttpClient client)
    {
        var sheet = await GetJsonAsync(client, $"/api/competences/common-core/students/{app.Student1}?cycle=4");
        return sheet.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("component").GetString() == "FRM_CIT").GetProperty("computedDegree").GetInt32();
    }
}
