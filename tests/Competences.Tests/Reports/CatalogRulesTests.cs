using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Sacoche.Competences.Tests.Api;
using Xunit;
using static Sacoche.Competences.Tests.Reports.ReportTestData;

namespace Sacoche.Competences.Tests.Reports;

/// <summary>
/// The catalog's rules against abuse: latest versions only, decided before any limit, newest first, in pages;
/// a per-user publication rate counted from the stored publications; withdrawal by the author of the latest
/// version or the webmaster. Each test uses its own subjects and publishers, so they share one database.
/// </summary>
[Collection("Reports")]
public sealed class CatalogRulesTests(CompetencesApp app) : IClassFixture<CompetencesApp>
{
    private const string Api = "/api/competences";

    [Fact]
    public async Task One_establishment_publishing_1100_versions_hides_nobody_and_the_list_pages_newest_first()
    {
        const string subject = "ZLOT";
        var now = DateTimeOffset.UtcNow;
        // Establishment 101 published one referential 1,100 times in the last hour (the latest 41 min 40 s ago)…
        await InsertVersionsAsync(CompetencesApp.Base, 900_001, subject, "3E", 1100, now.AddHours(-1), TimeSpan.FromSeconds(1));
        // … another one three times, the latest 10 minutes ago (the newest of all);
        await InsertVersionsAsync(CompetencesApp.Base, 900_003, subject, "3E", 3, now.AddMinutes(-30), TimeSpan.FromMinutes(10));
        // establishment 202 published once, two hours ago: before the fix it sorted after the 1,000 rows kept and vanished.
        await InsertVersionsAsync(CompetencesApp.OtherBase, 900_002, subject, "3E", 1, now.AddHours(-2), TimeSpan.Zero);
        await InsertVersionsAsync(CompetencesApp.OtherBase, 900_004, subject, "4E", 1, now.AddHours(-3), TimeSpan.Zero);

        var reader = app.Client(app.OtherTeacher, "ENS", CompetencesApp.OtherBase);
        var all = await GetJsonAsync(reader, $"{Api}/catalog?subject={subject}");
        Assert.Equal(4, all.GetProperty("totalCount").GetInt32());
        Assert.Equal((1, 50, 1), (all.GetProperty("page").GetInt32(), all.GetProperty("pageSize").GetInt32(), all.GetProperty("pageCount").GetInt32()));
        // Each referential once, at its latest version, newest publication first.
        Assert.Equal([(900_003L, 3), (900_001L, 1100), (900_002L, 1), (900_004L, 1)], Keys(all));
        Assert.All(all.GetProperty("items").EnumerateArray(), e => Assert.True(e.GetProperty("latest").GetBoolean()));
        Assert.Contains(all.GetProperty("items").EnumerateArray(), e => e.GetProperty("authorEstablishment").GetInt32() == CompetencesApp.OtherBase);

        // Pages of two: the right slices, the same total; past the end: empty, total still there.
        var first = await GetJsonAsync(reader, $"{Api}/catalog?subject={subject}&page=1&pageSize=2");
        var second = await GetJsonAsync(reader, $"{Api}/catalog?subject={subject}&page=2&pageSize=2");
        var third = await GetJsonAsync(reader, $"{Api}/catalog?subject={subject}&page=3&pageSize=2");
        Assert.Equal([(900_003L, 3), (900_001L, 1100)], Keys(first));
        Assert.Equal([(900_002L, 1), (900_004L, 1)], Keys(second));
        Assert.Empty(Keys(third));
        Assert.All([first, second, third], p => Assert.Equal((4, 2, 2), (p.GetProperty("totalCount").GetInt32(), p.GetProperty("pageSize").GetInt32(), p.GetProperty("pageCount").GetInt32())));
        Assert.Equal(2, second.GetProperty("page").GetInt32());

        // Filters still apply (level), and the page size is capped at 200.
        Assert.Equal([(900_003L, 3), (900_001L, 1100), (900_002L, 1)], Keys(await GetJsonAsync(reader, $"{Api}/catalog?subject={subject}&level=3E")));
        var versions = await GetJsonAsync(reader, $"{Api}/catalog?subject={subject}&allVersions=true&pageSize=1000");
        Assert.Equal((1105, 200, 6), (versions.GetProperty("totalCount").GetInt32(), versions.GetProperty("pageSize").GetInt32(), versions.GetProperty("pageCount").GetInt32()));
        Assert.Equal(200, versions.GetProperty("items").GetArrayLength());
        Assert.Equal([(900_003L, 3), (900_003L, 2), (900_003L, 1), (900_001L, 1100), (900_001L, 1099)], Keys(versions).Take(5));
        Assert.Equal([true, false, false, true, false], versions.GetProperty("items").EnumerateArray().Take(5).Select(e => e.GetProperty("latest").GetBoolean()));

        // Without a filter, walking every page: each publication exactly once, both establishments there.
        var seen = new List<(int, long)>();
        int pages = 1;
        for (int page = 1; page <= pages; page++)
        {
            var slice = await GetJsonAsync(reader, $"{Api}/catalog?page={page}&pageSize=200");
            pages = slice.GetProperty("pageCount").GetInt32();
            seen.AddRange(slice.GetProperty("items").EnumerateArray().Select(e => (e.GetProperty("authorEstablishment").GetInt32(), e.GetProperty("sourceReferentialId").GetInt64())));
        }
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Contains((CompetencesApp.Base, 900_001L), seen);
        Assert.Contains((CompetencesApp.OtherBase, 900_002L), seen);
    }

    [Fact]
    public async Task Publishing_more_than_the_hourly_or_daily_rate_answers_429_in_French_and_stores_nothing()
    {
        // The administrator of 101 already published 9 times in the last hour (the oldest 50 minutes ago).
        var admin = app.AdminClient();
        var now = DateTimeOffset.UtcNow;
        await InsertVersionsAsync(CompetencesApp.Base, 910_001, "ZRATE", "3E", 9, now.AddMinutes(-50), TimeSpan.FromMinutes(5), publishedBy: app.Admin);
        var referentials = new List<long>();
        foreach (var level in new[] { "6E", "5E", "4E" })
        {
            referentials.Add((await app.CreateReferentialAsync(admin, subject: "HIGEO", level: level)).ReferentialId);
        }

        // Three publications at once (three referentials): the 10th of the hour passes, the others are refused — the check is serialized.
        var answers = await Task.WhenAll(referentials.Select(id => admin.PostAsJsonAsync($"{Api}/referentials/{id}/publish", new { description = "Histoire" })));
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], answers.Select(a => a.StatusCode).Order());
        Assert.Equal(10, await app.CountAsync($"SELECT count(*) FROM catalog_referentials WHERE published_by = '{app.Admin}'"));

        var refused = await admin.PostAsJsonAsync($"{Api}/referentials/{referentials[0]}/publish", new { description = "Encore" });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = await CompetencesApp.JsonAsync(refused);
        Assert.Equal("https://sacoche.fr/problems/too-many-requests", problem.GetProperty("type").GetString());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.StartsWith("Vous avez publié trop de référentiels récemment", detail);
        // The oldest of the hour (50 minutes ago) leaves the window in 10 minutes.
        Assert.EndsWith("réessayez dans 10 minutes.", detail);
        Assert.InRange(problem.GetProperty("retryAfterSeconds").GetInt32(), 9 * 60, 10 * 60);
        Assert.True(refused.Headers.RetryAfter?.Delta is { } delta && delta > TimeSpan.FromMinutes(9), refused.Headers.RetryAfter?.ToString());
        Assert.Equal(10, await app.CountAsync($"SELECT count(*) FROM catalog_referentials WHERE published_by = '{app.Admin}'"));
        // The rate is the user's: a colleague of the same establishment still publishes.
        var teacher = app.Client(app.Teacher2, "ENS");
        var (svt, _) = await app.CreateReferentialAsync(teacher, subject: "SVT", level: "6E");
        Assert.Equal(HttpStatusCode.Created, (await teacher.PostAsJsonAsync($"{Api}/referentials/{svt}/publish", new { description = "SVT 6e" })).StatusCode);

        // The administrator of 202 published 30 times over the last day, none in the last hour: the daily limit.
        var otherAdmin = app.Client(app.OtherAdmin, "ADM", CompetencesApp.OtherBase);
        await InsertVersionsAsync(CompetencesApp.OtherBase, 910_002, "ZRATE", "3E", 30, now.AddHours(-21.5), TimeSpan.FromMinutes(30), publishedBy: app.OtherAdmin);
        var (mine, _) = await app.CreateReferentialAsync(otherAdmin, subject: "HIGEO", level: "3E");
        var daily = await otherAdmin.PostAsJsonAsync($"{Api}/referentials/{mine}/publish", new { description = "Histoire 3e" });
        Assert.Equal(HttpStatusCode.TooManyRequests, daily.StatusCode);
        var dailyDetail = (await CompetencesApp.JsonAsync(daily)).GetProperty("detail").GetString()!;
        Assert.Contains("30 sur 24 heures", dailyDetail);
        Assert.EndsWith("réessayez dans 2 h 30.", dailyDetail);
        Assert.Equal(30, await app.CountAsync($"SELECT count(*) FROM catalog_referentials WHERE published_by = '{app.OtherAdmin}'"));
    }

    [Fact]
    public async Task Withdrawal_by_the_author_or_the_webmaster_removes_every_version_and_leaves_copies_alone()
    {
        var teacher1 = app.Teacher1Client();
        var teacher2 = app.Client(app.Teacher2, "ENS");
        var other = app.Client(app.OtherTeacher, "ENS", CompetencesApp.OtherBase);
        var webmaster = app.Client(Guid.NewGuid(), "WBM", establishment: null);

        // 1. The author withdraws their own publication.
        var (own, _) = await app.CreateReferentialAsync(teacher1, subject: "MATHS", level: "6E");
        long ownId = await PublishAsync(teacher1, own, "Maths 6e");
        Assert.True(await CanWithdrawAsync(teacher1, "MATHS", "6E", ownId));
        Assert.False(await CanWithdrawAsync(other, "MATHS", "6E", ownId));
        Assert.Equal(HttpStatusCode.NoContent, (await teacher1.DeleteAsync($"{Api}/catalog/{ownId}")).StatusCode);
        Assert.Equal(0, (await GetJsonAsync(other, $"{Api}/catalog?subject=MATHS&level=6E")).GetProperty("totalCount").GetInt32());

        // 2. Version 1 by Teacher1, version 2 by Teacher2 (same establishment, same referential); 202 imports version 2.
        var (shared, _) = await app.CreateReferentialAsync(teacher1, subject: "MATHS", level: "5E");
        long v1 = await PublishAsync(teacher1, shared, "Maths 5e, première version");
        long v2 = await PublishAsync(teacher2, shared, "Maths 5e, version reprise par un collègue");
        var imported = await other.PostAsJsonAsync($"{Api}/catalog/{v2}/import", new { });
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        long copy = (await CompetencesApp.JsonAsync(imported)).GetProperty("id").GetInt64();
        Assert.True(await CanWithdrawAsync(teacher2, "MATHS", "5E", v2));
        Assert.False(await CanWithdrawAsync(teacher1, "MATHS", "5E", v2));
        Assert.True(await CanWithdrawAsync(webmaster, "MATHS", "5E", v2));

        // Nobody but the latest version's author (or the webmaster) withdraws it: 403 for those who can see it.
        await AssertProblemAsync(await teacher1.DeleteAsync($"{Api}/catalog/{v2}"), HttpStatusCode.Forbidden, "webmestre");
        await AssertProblemAsync(await teacher1.DeleteAsync($"{Api}/catalog/{v1}"), HttpStatusCode.Forbidden, "webmestre");
        await AssertProblemAsync(await other.DeleteAsync($"{Api}/catalog/{v2}"), HttpStatusCode.Forbidden, "webmestre");
        await AssertProblemAsync(await app.AdminClient().DeleteAsync($"{Api}/catalog/{v2}"), HttpStatusCode.Forbidden, "webmestre");
        await AssertProblemAsync(await app.Client(app.Student1, "ELV").DeleteAsync($"{Api}/catalog/{v2}"), HttpStatusCode.Forbidden, "personnels");
        await AssertProblemAsync(await teacher1.DeleteAsync($"{Api}/catalog/999999999"), HttpStatusCode.NotFound, "banque académique");
        Assert.Equal(2, await app.CountAsync($"SELECT count(*) FROM catalog_referentials WHERE source_referential_id = {shared} AND withdrawn_at IS NULL"));

        // Teacher2 withdraws: both versions go — Teacher1's version 1 does not come back in the list.
        Assert.Equal(HttpStatusCode.NoContent, (await teacher2.DeleteAsync($"{Api}/catalog/{v2}")).StatusCode);
        Assert.Equal(0, (await GetJsonAsync(other, $"{Api}/catalog?subject=MATHS&level=5E")).GetProperty("totalCount").GetInt32());
        Assert.Equal(0, (await GetJsonAsync(other, $"{Api}/catalog?subject=MATHS&level=5E&allVersions=true")).GetProperty("totalCount").GetInt32());
        Assert.Equal(0, (await GetJsonAsync(webmaster, $"{Api}/catalog?subject=MATHS&level=5E&allVersions=true")).GetProperty("totalCount").GetInt32());
        foreach (var id in new[] { v1, v2 })
        {
            await AssertProblemAsync(await other.GetAsync($"{Api}/catalog/{id}"), HttpStatusCode.NotFound, "retiré");
            await AssertProblemAsync(await other.PostAsJsonAsync($"{Api}/catalog/{id}/import", new { levelCode = "4E" }), HttpStatusCode.NotFound, "retiré");
            await AssertProblemAsync(await webmaster.DeleteAsync($"{Api}/catalog/{id}"), HttpStatusCode.NotFound, "retiré");
        }
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM referentials WHERE establishment_id = 202 AND level_code = '4E'"));
        // The copy 202 made before is untouched.
        var kept = await GetJsonAsync(other, $"{Api}/referentials/{copy}");
        Assert.Equal("MATHS", kept.GetProperty("subjectCode").GetString());

        // 3. Published again later: a new version number, alone in the list; the webmaster withdraws it.
        long v3 = await PublishAsync(teacher1, shared, "Maths 5e, republiée");
        var again = await GetJsonAsync(other, $"{Api}/catalog?subject=MATHS&level=5E&allVersions=true");
        Assert.Equal([(shared, 3)], Keys(again));
        Assert.Equal(v3, again.GetProperty("items")[0].GetProperty("id").GetInt64());
        Assert.Equal(HttpStatusCode.NoContent, (await webmaster.DeleteAsync($"{Api}/catalog/{v3}")).StatusCode);
        Assert.Equal(0, (await GetJsonAsync(teacher1, $"{Api}/catalog?subject=MATHS&level=5E&allVersions=true")).GetProperty("totalCount").GetInt32());
        Assert.Equal(3, await app.CountAsync($"SELECT count(*) FROM catalog_referentials WHERE source_referential_id = {shared} AND withdrawn_at IS NOT NULL"));
        Assert.Equal(1, await app.CountAsync($"SELECT count(*) FROM catalog_referentials WHERE source_referential_id = {shared} AND withdrawn_by = 'webmestre'"));
    }

    private async Task<long> PublishAsync(HttpClient client, long referentialId, string description)
    {
        var response = await client.PostAsJsonAsync($"{Api}/referentials/{referentialId}/publish", new { description });
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, json);
        return JsonDocument.Parse(json).RootElement.GetProperty("id").GetInt64();
    }

    private static async Task<bool> CanWithdrawAsync(HttpClient client, string subject, string level, long id)
    {
        var page = await GetJsonAsync(client, $"{Api}/catalog?subject={subject}&level={level}");
        var entry = page.GetProperty("items").EnumerateArray().Single(e => e.GetProperty("id").GetInt64() == id);
        var preview = await GetJsonAsync(client, $"{Api}/catalog/{id}");
        Assert.Equal(entry.GetProperty("canWithdraw").GetBoolean(), preview.GetProperty("summary").GetProperty("canWithdraw").GetBoolean());
        return entry.GetProperty("canWithdraw").GetBoolean();
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string inDetail)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(inDetail, JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString());
    }

    private static List<(long Source, int Version)> Keys(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(e => (e.GetProperty("sourceReferentialId").GetInt64(), e.GetProperty("version").GetInt32()))];

    /// <summary>Versions 1..count of one publication, straight into the table (one statement): version v at first + (v - 1) × step.</summary>
    private async Task InsertVersionsAsync(int establishment, long source, string subject, string level, int count, DateTimeOffset first, TimeSpan step, Guid? publishedBy = null)
    {
        await using var connection = new NpgsqlConnection(app.Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            INSERT INTO catalog_referentials (author_establishment_id, source_referential_id, version, subject_code, subject_name, level_code, level_name,
                description, method, "limit", retroactivity, synthesis_mode, item_count, tree, published_at, published_by)
            SELECT @b, @source, v, @subject, 'Matière ' || @subject, @level, 'Niveau ' || @level,
                'Version ' || v, 'geometrique', 0, 'non', 'domaine', 1,
                '[{"code":"A","name":"Domaine","themes":[{"name":"Thème","items":[{"name":"Item"}]}]}]'::jsonb,
                @first + (v - 1) * @step, @by
            FROM generate_series(1, @count) AS v
            """, connection);
        command.Parameters.AddWithValue("b", establishment);
        command.Parameters.AddWithValue("source", source);
        command.Parameters.AddWithValue("subject", subject);
        command.Parameters.AddWithValue("level", level);
        command.Parameters.AddWithValue("first", first);
        command.Parameters.AddWithValue("step", step);
        command.Parameters.Add(new NpgsqlParameter("by", NpgsqlTypes.NpgsqlDbType.Uuid) { Value = (object?)publishedBy ?? DBNull.Value });
        command.Parameters.AddWithValue("count", count);
        Assert.Equal(count, await command.ExecuteNonQueryAsync());
    }
}
