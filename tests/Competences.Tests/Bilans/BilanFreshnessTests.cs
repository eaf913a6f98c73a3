using System.Net.Http.Json;
using Sacoche.Competences.Tests.Api;
using Xunit;
using static Sacoche.Competences.Tests.Bilans.BilanTestData;
using static Sacoche.Competences.Tests.Reports.ReportTestData;

namespace Sacoche.Competences.Tests.Bilans;

/// <summary>
/// The sheet's computed part is cached (BilanScoreCache): every change of a score input is seen by the next read. And an
/// override chosen in one positioning mode is not applied in another (a level 3 is no mark 3/20).
/// </summary>
public sealed class BilanFreshnessTests(CompetencesApp app) : IClassFixture<CompetencesApp>
{
    private static long _structureVersion = 1;

    /// <summary>A fresh subject taught by Teacher1 to 3A (a newer structure snapshot), a period of 3A, and on its one item a V of Student1 and an R of Student2, in the period.</summary>
    private async Task<(long Period, long Evaluation, long Item)> DataAsync(string name, string start, string end, string date)
    {
        var admin = app.AdminClient();
        var subject = await app.NewSubjectAsync();
        await app.PublishAsync(new Sacoche.Contracts.StructureImported(CompetencesApp.Base, Interlocked.Increment(ref _structureVersion),
            [new("3A", "3e A", "10310019110", app.Teacher1), new("3B", "3e B", "10310019110", null)],
            [new("G1", "Groupe français", ["3A", "3B"])],
            [new("MATHS", "061300", "Mathématiques"), new("SVT", "062900", "SVT"), new("FRANC", "020700", "Français"), new(subject, null, $"Matière de test {subject}")],
            [new(app.Teacher1, "3A", false, "MATHS"), new(app.Teacher1, "G1", true, "FRANC"), new(app.Teacher2, "3A", false, "SVT"), new(app.Teacher2, "3B", false, "MATHS"),
             new(app.Teacher1, "3A", false, subject)]));
        Assert.True(await Sacoche.Testing.Infrastructure.TestServers.EventuallyAsync(async () =>
            await app.CountAsync($"SELECT count(*) FROM teacher_services WHERE subject_code = '{subject}'") == 1, TimeSpan.FromSeconds(30)));
        var period = await CreatePeriodAsync(admin, name, start, end, "3A");
        var (_, items) = await app.CreateReferentialAsync(admin, subject, "3E", items: 1, retroactivity: "non");
        var evaluation = await EvaluateAsync(admin, date, items, (app.Student1, items[0], "V"), (app.Student2, items[0], "R"));
        return (period, evaluation, items[0]);
    }

    private async Task<System.Text.Json.JsonElement> CellAsync(long period, string subject, Guid? student = null) =>
        Cell(await OkJsonAsync(await app.AdminClient().GetAsync($"/api/competences/bilans/3A/{period}")), student ?? app.Student1, subject)!.Value;

    [Fact]
    public async Task A_changed_entry_is_seen_by_the_next_sheet()
    {
        var (period, evaluation, item) = await DataAsync("Fraîcheur", "2026-09-01", "2026-11-30", "2026-10-10");
        var subject = (await app.AdminClient().GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/competences/bilans/3A/{period}"))
            .GetProperty("subjects").EnumerateArray().Select(s => s.GetProperty("code").GetString()!).Single(c => c.StartsWith('T'));
        // V = 67 → level 3 (50–74); read twice (the second read is the cache's).
        Assert.Equal(67, (await CellAsync(period, subject)).GetProperty("mean").GetInt32());
        Assert.Equal(3m, Dec(await CellAsync(period, subject), "computed"));

        Assert.Equal(33, (await CellAsync(period, subject, app.Student2)).GetProperty("mean").GetInt32());

        // The teacher changes Student1's cell to VV (100 → level 4): the next sheet shows it (Student1 scored again, Student2 kept).
        var saved = await app.AdminClient().PutAsJsonAsync($"/api/competences/evaluations/{evaluation}/entries",
            new[] { new { studentId = app.Student1, itemId = item, code = "VV", version = 1 } });
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        var cell = await CellAsync(period, subject);
        Assert.Equal(100, cell.GetProperty("mean").GetInt32());
        Assert.Equal(4m, Dec(cell, "computed"));
        Assert.Equal(33, (await CellAsync(period, subject, app.Student2)).GetProperty("mean").GetInt32());

        // The evaluation is deleted: nothing evaluated in the period any more.
        var deleted = await app.AdminClient().DeleteAsync($"/api/competences/evaluations/{evaluation}?confirm=true");
        Assert.True(deleted.IsSuccessStatusCode, await deleted.Content.ReadAsStringAsync());
        Assert.Null(Dec(await CellAsync(period, subject), "computed"));
    }

    [Fact]
    public async Task An_override_chosen_in_another_mode_is_not_applied()
    {
        var (period, _, _) = await DataAsync("Modes", "2026-12-01", "2027-02-28", "2026-12-10");
        var subject = (await app.AdminClient().GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/competences/bilans/3A/{period}"))
            .GetProperty("subjects").EnumerateArray().Select(s => s.GetProperty("code").GetString()!).Single(c => c.StartsWith('T'));
        await SetStatusAsync(app, "3A", period, "subjects");
        var written = await OkJsonAsync(await WriteSubjectAsync(app.Teacher1Client(), "3A", period, app.Student1, subject, new { positioning = 2, version = 0 }));
        Assert.Equal(2m, Dec(written, "override"));
        try
        {
            // In « moyenne » the level 2 is not a mark: the computed 13.4 (67 / 5) stands alone.
            await SetModeAsync(app, "moyenne", 25, 50, 75);
            var cell = await CellAsync(period, subject);
            Assert.Null(Dec(cell, "override"));
            Assert.Equal(13.4m, Dec(cell, "computed"));
        }
        finally
        {
            await SetModeAsync(app, "position", 25, 50, 75);
        }
        // Back in levels, the teacher's choice is there again.
        Assert.Equal(2m, Dec(await CellAsync(period, subject), "override"));
    }
}
