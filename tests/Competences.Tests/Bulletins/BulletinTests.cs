using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sacoche.Competences.Tests.Api;
using Sacoche.Contracts;
using Sacoche.Testing.Infrastructure;
using Xunit;
using Xunit.Abstractions;
using static Sacoche.Competences.Tests.Reports.ReportTestData;

namespace Sacoche.Competences.Tests.Bulletins;

/// <summary>
/// Official bulletins (docs/domain/bilans.md, « Bulletins and archive »): the PDF, the preview's status rule, archive jobs
/// (SHA-256, versions that never overwrite) and who reads an archived bulletin.
/// Data: period « Trimestre 1 » (01/09–30/11/2026), mode « objectif »; MATHS (Teacher1, 3A): Student1 V, V (67 → Atteints)
/// overridden to 4 (Dépassés), Student2 RR, RR (0 → Non atteints); SVT (Teacher2): nothing evaluated (« Non évalué »).
/// 3A and 3B are « complete » and archived once in the setup.
/// </summary>
public sealed class BulletinTests(CompetencesApp app, ITestOutputHelper output) : IClassFixture<CompetencesApp>
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly string LongAppreciation = string.Join(" ", Enumerable.Repeat("Emma participe avec sérieux et progresse régulièrement.", 10)) + " Continuez ainsi jusqu'au bout";
    private static readonly string LongGeneral = string.Join(" ", Enumerable.Repeat("Un trimestre solide, des efforts constants dans toutes les disciplines.", 13)) + " Félicitations du conseil";
    private static readonly Dictionary<string, (long T1, long T2, TimeSpan ArchiveTime)> Ready = [];

    private async Task<(long T1, long T2)> SetupAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (Ready.TryGetValue(app.Database, out var ready))
            {
                return (ready.T1, ready.T2);
            }
            var admin = app.AdminClient();
            await app.PublishAsync(new EstablishmentRegistered(CompetencesApp.Base, "0341234a", "Collège Jean Moulin", DateTimeOffset.UtcNow));
            Assert.True(await TestServers.EventuallyAsync(async () => await app.CountAsync("SELECT count(*) FROM establishments WHERE uai = '0341234A'") == 1, Timeout));

            var settings = (JsonObject)JsonNode.Parse(await admin.GetStringAsync("/api/competences/settings"))!;
            settings["bilans"] = new JsonObject { ["mode"] = "objectif", ["from2"] = 35, ["from3"] = 65, ["from4"] = 90 };
            await Ok(await admin.PutAsJsonAsync("/api/competences/settings", settings));
            long t1 = await PeriodAsync(admin, "Trimestre 1", "2026-09-01", "2026-11-30");
            long t2 = await PeriodAsync(admin, "Trimestre 2", "2026-12-01", "2027-02-28");

            var (_, items) = await app.CreateReferentialAsync(app.Teacher1Client(), "MATHS", "3E", items: 2);
            await EvaluateAsync(admin, "2026-10-10", items, (app.Student1, items[0], "V"), (app.Student1, items[1], "V"), (app.Student2, items[0], "RR"), (app.Student2, items[1], "RR"));

            await StatusAsync(admin, "3A", t1, "mixed");
            await StatusAsync(admin, "3B", t1, "mixed");
            var teacher = app.Teacher1Client();
            await Ok(await teacher.PutAsJsonAsync($"/api/competences/bilans/3A/{t1}/students/{app.Student1}/subjects/MATHS",
                new { positioning = 4, appreciation = LongAppreciation, elements = new[] { "Résoudre des problèmes de proportionnalité", "Calcul littéral" }, version = 0 }));
            await Ok(await teacher.PutAsJsonAsync($"/api/competences/bilans/3A/{t1}/students/{app.Student1}/general", new { appreciation = LongGeneral, version = 0 }));
            await Ok(await admin.PutAsJsonAsync($"/api/competences/bilans/3A/{t1}/students/{app.Student1}/attendance",
                new { lateness = 2, justifiedAbsences = 3, unjustifiedAbsences = 1, version = 0 }));
            await StatusAsync(admin, "3A", t1, "complete");
            await StatusAsync(admin, "3B", t1, "complete");

            var watch = Stopwatch.StartNew();
            var job3A = await ArchiveAsync(admin, "3A", t1);
            var elapsed = watch.Elapsed;
            Assert.Equal(2, job3A.GetProperty("total").GetInt32());
            var job3B = await ArchiveAsync(admin, "3B", t1);
            Assert.Equal(1, job3B.GetProperty("done").GetInt32());
            Ready[app.Database] = (t1, t2, watch.Elapsed);
            output.WriteLine($"Archiving 3A (2 students) took {elapsed.TotalMilliseconds:0} ms, then 3B (1 student): {watch.Elapsed.TotalMilliseconds:0} ms in all.");
            return (t1, t2);
        }
        finally
        {
            Gate.Release();
        }
    }

    [Fact]
    public async Task The_bulletin_pdf_shows_the_header_positionings_appreciations_and_attendance()
    {
        var (t1, _) = await SetupAsync();
        var (pages, text) = ParsePdf(await GetBytesAsync(app.Teacher1Client(), $"/api/competences/bilans/3A/{t1}/students/{app.Student1}.pdf", "application/pdf"));
        Assert.True(pages >= 1);
        Assert.Contains("Collège Jean Moulin", text);
        Assert.Contains("UAI 0341234A", text);
        Assert.Contains("Bulletin périodique — Trimestre 1", text);
        Assert.Contains("Bernard Emma", text);
        Assert.Contains("3e A", text);
        Assert.Contains("du 01/09/2026 au 30/11/2026", text);
        Assert.Contains("Mathématiques", text);
        Assert.Contains("Tom Martin", text);
        Assert.Contains("Calcul littéral", text);
        // The override (4) is printed, labelled in mode « objectif »; SVT has no evaluated item.
        Assert.Contains("Dépassés", text);
        Assert.DoesNotContain("Atteints ", text.Replace("Partiellement atteints", "", StringComparison.Ordinal));
        Assert.Contains("Non évalué", text);
        // Long texts are wrapped, never cut: their last words are there.
        Assert.Contains("Continuez ainsi jusqu'au bout", text);
        Assert.Contains("Appréciation générale", text);
        Assert.Contains("Félicitations du conseil", text);
        Assert.Contains("Retards : 2", text);
        Assert.Contains("Absences justifiées : 3 demi-journées", text);
        Assert.Contains("Absences non justifiées : 1 demi-journée", text);
        Assert.Contains("Le chef d'établissement", text);
        Assert.Contains($"Page 1 / {pages}", text);

        // Student2: the computed level (0 → Non atteints).
        var (_, second) = ParsePdf(await GetBytesAsync(app.AdminClient(), $"/api/competences/bilans/3A/{t1}/students/{app.Student2}.pdf", "application/pdf"));
        Assert.Contains("Dubois Hugo", second);
        Assert.Contains("Non atteints", second);
        Assert.Contains("Absences justifiées : 0 demi-journée", second);
    }

    [Fact]
    public async Task The_preview_is_refused_before_complete_and_to_whoever_cannot_open_the_sheet()
    {
        var (t1, t2) = await SetupAsync();
        var admin = app.AdminClient();
        var closed = await admin.GetAsync($"/api/competences/bilans/3A/{t2}/students/{app.Student1}.pdf");
        await AssertStatusRefusalAsync(closed, "closed");
        await StatusAsync(admin, "3A", t2, "general");
        await AssertStatusRefusalAsync(await admin.GetAsync($"/api/competences/bilans/3A/{t2}/students/{app.Student1}.pdf"), "general");
        await AssertStatusRefusalAsync(await admin.PostAsync($"/api/competences/bilans/3A/{t2}/archive", null), "general");

        Assert.Equal(HttpStatusCode.Forbidden, (await app.Client(app.Teacher3, "ENS").GetAsync($"/api/competences/bilans/3A/{t1}/students/{app.Student1}.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Client(app.Student1, "ELV").GetAsync($"/api/competences/bilans/3A/{t1}/students/{app.Student1}.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/competences/bilans/3A/{t1}/students/{app.Student3}.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Teacher1Client().PostAsync($"/api/competences/bilans/3A/{t1}/archive", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client(app.OtherAdmin, "ADM", CompetencesApp.OtherBase).GetAsync($"/api/competences/bilans/3A/{t1}/students/{app.Student1}.pdf")).StatusCode);
    }

    [Fact]
    public async Task An_archive_stores_each_bulletin_with_its_sha256_and_a_new_archive_adds_version_2()
    {
        var (t1, _) = await SetupAsync();
        var admin = app.AdminClient();
        var first = await ListAsync(admin, $"classCode=3A&periodId={t1}");
        var v1 = first.EnumerateArray().Where(a => a.GetProperty("version").GetInt32() == 1).ToList();
        Assert.Equal(2, v1.Count);
        Assert.Equal(new HashSet<Guid> { app.Student1, app.Student2 }, v1.Select(a => a.GetProperty("studentId").GetGuid()).ToHashSet());
        var bytes1 = new Dictionary<Guid, byte[]>();
        foreach (var a in v1)
        {
            var bytes = await GetBytesAsync(admin, $"/api/competences/archives/{a.GetProperty("id").GetInt64()}", "application/pdf");
            Assert.Equal(a.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(bytes)));
            Assert.Equal(a.GetProperty("size").GetInt32(), bytes.Length);
            Assert.Equal("Trimestre 1", a.GetProperty("periodName").GetString());
            bytes1[a.GetProperty("studentId").GetGuid()] = bytes;
        }
        var download = await admin.GetAsync($"/api/competences/archives/{v1[0].GetProperty("id").GetInt64()}");
        Assert.StartsWith("bulletin-3a-trimestre-1-", download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));

        var watch = Stopwatch.StartNew();
        await ArchiveAsync(admin, "3A", t1);
        output.WriteLine($"Archiving 3A again (2 students, warm) took {watch.Elapsed.TotalMilliseconds:0} ms.");
        var history = await ListAsync(admin, $"studentId={app.Student1}");
        var versions = history.EnumerateArray().Select(a => a.GetProperty("version").GetInt32()).ToList();
        Assert.True(versions.Count >= 2 && versions[0] == versions.Max() && versions.Distinct().Count() == versions.Count, string.Join(",", versions));
        Assert.Contains(2, versions);
        var version1 = history.EnumerateArray().Single(a => a.GetProperty("version").GetInt32() == 1);
        var again = await GetBytesAsync(admin, $"/api/competences/archives/{version1.GetProperty("id").GetInt64()}", "application/pdf");
        Assert.Equal(bytes1[app.Student1], again);
        var latest = history[0];
        var latestBytes = await GetBytesAsync(admin, $"/api/competences/archives/{latest.GetProperty("id").GetInt64()}", "application/pdf");
        Assert.Equal(latest.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(latestBytes)));
        Assert.Contains("Dépassés", ParsePdf(latestBytes).Text);
    }

    [Fact]
    public async Task Archived_bulletins_are_read_by_the_student_his_guardians_and_his_teachers_only()
    {
        var (t1, _) = await SetupAsync();
        var admin = app.AdminClient();
        long s1 = (await ListAsync(admin, $"studentId={app.Student1}"))[0].GetProperty("id").GetInt64();
        long s2 = (await ListAsync(admin, $"studentId={app.Student2}"))[0].GetProperty("id").GetInt64();
        long s3 = (await ListAsync(admin, $"studentId={app.Student3}"))[0].GetProperty("id").GetInt64();

        var guardian = app.Client(app.Guardian1, "TUT");
        Assert.NotEmpty((await ListAsync(guardian, $"studentId={app.Student1}")).EnumerateArray());
        await GetBytesAsync(guardian, $"/api/competences/archives/{s1}", "application/pdf");
        Assert.Equal(HttpStatusCode.NotFound, (await guardian.GetAsync($"/api/competences/archives/{s3}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await guardian.GetAsync($"/api/competences/archives?studentId={app.Student3}")).StatusCode);

        var student = app.Client(app.Student1, "ELV");
        var own = await ListAsync(student, "");
        Assert.All(own.EnumerateArray(), a => Assert.Equal(app.Student1, a.GetProperty("studentId").GetGuid()));
        await GetBytesAsync(student, $"/api/competences/archives/{s1}", "application/pdf");
        Assert.Equal(HttpStatusCode.NotFound, (await student.GetAsync($"/api/competences/archives/{s2}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await student.GetAsync($"/api/competences/archives?studentId={app.Student2}")).StatusCode);

        // Teacher2 teaches 3A and 3B; Teacher3 teaches no class; Teacher1 reaches Student3 through group G1 only.
        await GetBytesAsync(app.Client(app.Teacher2, "ENS"), $"/api/competences/archives/{s3}", "application/pdf");
        var outsider = app.Client(app.Teacher3, "ENS");
        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.GetAsync($"/api/competences/archives/{s1}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.GetAsync($"/api/competences/archives?studentId={app.Student1}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await outsider.GetAsync($"/api/competences/archives?classCode=3A&periodId={t1}")).StatusCode);

        var other = app.Client(app.OtherAdmin, "ADM", CompetencesApp.OtherBase);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/competences/archives/{s1}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/competences/archives?studentId={app.Student1}")).StatusCode);
        Assert.Empty((await ListAsync(other, $"studentId={app.OtherStudent}")).EnumerateArray());
    }

    [Fact]
    public async Task An_unknown_establishment_gets_a_numbered_header_and_the_modes_position_and_moyenne()
    {
        await SetupAsync();
        // Establishment 202 never received EstablishmentRegistered (Identity publishes it only when it opens an establishment).
        var other = app.Client(app.OtherAdmin, "ADM", CompetencesApp.OtherBase);
        long period = await PeriodAsync(other, "Semestre 1", "2026-09-01", "2027-01-31");
        await StatusAsync(other, "3A", period, "complete");
        var (_, text) = ParsePdf(await GetBytesAsync(other, $"/api/competences/bilans/3A/{period}/students/{app.OtherStudent}.pdf", "application/pdf"));
        Assert.Contains("Établissement n° 202", text);
        Assert.DoesNotContain("UAI", text);
        Assert.Contains("Autre Élève", text);
        Assert.Contains("Positionnement", text);
        Assert.Contains("(de 1 à 4)", text);
        Assert.Contains("Non évalué", text);

        // Mode « moyenne »: the mark (here the override) and the class mean, out of 20 with a French decimal comma.
        var settings = (JsonObject)JsonNode.Parse(await other.GetStringAsync("/api/competences/settings"))!;
        settings["bilans"] = new JsonObject { ["mode"] = "moyenne", ["from2"] = 25, ["from3"] = 50, ["from4"] = 75 };
        await Ok(await other.PutAsJsonAsync("/api/competences/settings", settings));
        await StatusAsync(other, "3A", period, "subjects");
        await Ok(await other.PutAsJsonAsync($"/api/competences/bilans/3A/{period}/students/{app.OtherStudent}/subjects/MATHS", new { positioning = 14.5, version = 0 }));
        await StatusAsync(other, "3A", period, "complete");
        var (_, moyenne) = ParsePdf(await GetBytesAsync(other, $"/api/competences/bilans/3A/{period}/students/{app.OtherStudent}.pdf", "application/pdf"));
        Assert.Contains("Moyenne", moyenne); // « Moyenne de la classe », wrapped in its header cell
        Assert.Contains("de la classe", moyenne);
        Assert.Equal(2, moyenne.Split("14,5/20").Length - 1);
    }

    [Fact]
    public async Task A_job_left_running_by_a_stopped_instance_is_taken_again_by_the_worker()
    {
        var (t1, _) = await SetupAsync();
        var before = await app.CountAsync($"SELECT count(*) FROM bilan_archives WHERE class_code = '3B' AND period_id = {t1}");
        // As if an instance had crashed 3 minutes ago in the middle of the job: no archive of it yet, status running.
        var id = await app.CountAsync($"""
            INSERT INTO bilan_archive_jobs (establishment_id, class_code, period_id, status, total, done, started_by, created_at, claimed_at)
            VALUES ({CompetencesApp.Base}, '3B', {t1}, 'running', 1, 0, '{app.Admin}', now() - interval '3 minutes', now() - interval '3 minutes')
            RETURNING id
            """);
        Assert.True(await TestServers.EventuallyAsync(async () =>
            await app.CountAsync($"SELECT count(*) FROM bilan_archive_jobs WHERE id = {id} AND status = 'done' AND done = 1") == 1, TimeSpan.FromSeconds(30)));
        Assert.Equal(before + 1, await app.CountAsync($"SELECT count(*) FROM bilan_archives WHERE class_code = '3B' AND period_id = {t1}"));
        Assert.Equal(1, await app.CountAsync($"SELECT count(*) FROM bilan_archives WHERE job_id = {id}"));
    }

    private static async Task<long> PeriodAsync(HttpClient admin, string name, string start, string end)
    {
        var response = await admin.PostAsJsonAsync("/api/competences/periods", new { name, start, end, classCodes = Array.Empty<string>() });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await CompetencesApp.JsonAsync(response)).GetProperty("id").GetInt64();
    }

    private static async Task StatusAsync(HttpClient admin, string classCode, long periodId, string status) =>
        await Ok(await admin.PutAsJsonAsync($"/api/competences/bilans/{classCode}/{periodId}/status", new { status }));

    private static async Task Ok(HttpResponseMessage response) =>
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");

    private static async Task AssertStatusRefusalAsync(HttpResponseMessage response, string status)
    {
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await CompetencesApp.JsonAsync(response);
        Assert.Equal("https://sacoche.fr/problems/bilan-status", problem.GetProperty("type").GetString());
        // The problem names the bilan's status (member « bilanStatus »: « status » is the HTTP status).
        Assert.Equal(status, problem.GetProperty("bilanStatus").GetString());
    }

    /// <summary>POST …/archive, then polls GET …/archive until the job is done; returns the finished job.</summary>
    private static async Task<JsonElement> ArchiveAsync(HttpClient admin, string classCode, long periodId)
    {
        var response = await admin.PostAsync($"/api/competences/bilans/{classCode}/{periodId}/archive", null);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        Assert.Equal($"/api/competences/bilans/{classCode}/{periodId}/archive", response.Headers.Location?.OriginalString);
        long id = (await CompetencesApp.JsonAsync(response)).GetProperty("id").GetInt64();
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var jobs = JsonDocument.Parse(await admin.GetStringAsync(response.Headers.Location)).RootElement.Clone();
            var job = jobs.EnumerateArray().Single(j => j.GetProperty("id").GetInt64() == id);
            var status = job.GetProperty("status").GetString();
            Assert.NotEqual("failed", status);
            if (status == "done")
            {
                Assert.Equal(job.GetProperty("total").GetInt32(), job.GetProperty("done").GetInt32());
                Assert.NotEqual(JsonValueKind.Null, job.GetProperty("finishedAt").ValueKind);
                return job;
            }
            Assert.True(DateTime.UtcNow < deadline, $"Archive job {id} still {status} after {Timeout}.");
            await Task.Delay(100);
        }
    }

    private static async Task<JsonElement> ListAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync($"/api/competences/archives?{query}");
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"archives?{query}: {(int)response.StatusCode} {json}");
        return JsonDocument.Parse(json).RootElement.Clone();
    }
}
