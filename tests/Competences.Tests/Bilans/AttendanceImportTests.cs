using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Sacoche.Competences.Tests.Api;
using Sacoche.Contracts;
using Xunit;
using static Sacoche.Competences.Tests.Bilans.BilanTestData;

namespace Sacoche.Competences.Tests.Bilans;

/// <summary>POST /bilans/{classCode}/{periodId}/attendance: the class's attendance from a CSV file (Student1 has the SIECLE id 1234567).</summary>
public sealed class AttendanceImportTests(CompetencesApp app) : IClassFixture<CompetencesApp>
{
    private static readonly Guid Cpe = Guid.NewGuid();
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly Dictionary<string, long> Periods = [];
    private static string _database = "";

    private async Task<long> PeriodAsync(string name, string start, string end)
    {
        await Gate.WaitAsync();
        try
        {
            if (_database != app.Database)
            {
                Periods.Clear();
                await AddUsersAsync(app,
                    new UserImported(CompetencesApp.Base, app.Student1, 2, "ELV", "Bernard", "Emma", null, null, null, null, "1234567", "3A", ["G1"], [], null),
                    CompetencesApp.User(CompetencesApp.Base, Cpe, "EDU", "Vie", "Scolaire"));
                _database = app.Database;
            }
            if (!Periods.TryGetValue(name, out var id))
            {
                id = await CreatePeriodAsync(app.AdminClient(), name, start, end);
                Periods[name] = id;
            }
            return id;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static Task<HttpResponseMessage> UploadAsync(HttpClient client, long period, byte[] bytes, string classCode = "3A")
    {
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "file", "vie-scolaire.csv");
        return client.PostAsync($"/api/competences/bilans/{classCode}/{period}/attendance", content);
    }

    private static (int, int, int, int?, string?, int) Attendance(JsonElement sheet, Guid student)
    {
        var a = StudentRow(sheet, student).GetProperty("attendance");
        return (a.GetProperty("lateness").GetInt32(), a.GetProperty("justifiedAbsences").GetInt32(), a.GetProperty("unjustifiedAbsences").GetInt32(),
            a.GetProperty("missedHours").ValueKind == JsonValueKind.Null ? null : a.GetProperty("missedHours").GetInt32(),
            a.GetProperty("comment").ValueKind == JsonValueKind.Null ? null : a.GetProperty("comment").GetString(), a.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Lines_match_by_siecle_id_then_by_name_and_the_others_are_reported()
    {
        var period = await PeriodAsync("Import", "2026-09-01", "2026-11-30");
        await SetStatusAsync(app, "3A", period, "subjects");
        // Line 2: the id wins over a misspelt name. Line 3: by name (case, accents and hyphens folded). Line 4: a 3B student. Line 5: nobody.
        string csv = """
            Nom;Prénom;ELEVE_ID;Retards;Absences justifiées;Absences non justifiées;Heures manquées;Commentaire
            BERNARD-X;Emmy;1234567;2;4;1;6;Souvent en retard
            DUBOIS;Hugo;;0;2;0;;
            Moreau;Jade;;1;1;1;;
            Inconnu;Personne;999;0;0;0;;
            """;
        var report = await OkJsonAsync(await UploadAsync(app.Client(Cpe, "EDU"), period, Encoding.UTF8.GetBytes(csv)));
        Assert.Equal(2, report.GetProperty("applied").GetInt32());
        var unmatched = report.GetProperty("unmatched").EnumerateArray().ToList();
        Assert.Equal([4, 5], unmatched.Select(u => u.GetProperty("line").GetInt32()).ToArray());
        Assert.Contains("Moreau", unmatched[0].GetProperty("text").GetString());
        Assert.Contains("Jade Moreau", unmatched[0].GetProperty("reason").GetString());
        Assert.Contains("999", unmatched[1].GetProperty("reason").GetString());

        var sheet = await OkJsonAsync(await app.AdminClient().GetAsync($"/api/competences/bilans/3A/{period}"));
        Assert.Equal((2, 4, 1, 6, "Souvent en retard", 1), Attendance(sheet, app.Student1));
        Assert.Equal((0, 2, 0, null, null, 1), Attendance(sheet, app.Student2));

        // Again, in Windows-1252 with commas and the headers in another order and case: the lines are updated (new versions).
        string again = "identifiant,RETARDS,absences non justifiées,Absences justifiées,Nom,Prénom\r\n1234567,3,0,5,,\r\n,1,1,1,Dubois,Hugo\r\n";
        report = await OkJsonAsync(await UploadAsync(app.AdminClient(), period, Encoding.Latin1.GetBytes(again)));
        Assert.Equal(2, report.GetProperty("applied").GetInt32());
        Assert.Equal(0, report.GetProperty("unmatched").GetArrayLength());
        sheet = await OkJsonAsync(await app.AdminClient().GetAsync($"/api/competences/bilans/3A/{period}"));
        Assert.Equal((3, 5, 0, null, null, 2), Attendance(sheet, app.Student1));
        Assert.Equal((1, 1, 1, null, null, 2), Attendance(sheet, app.Student2));
    }

    [Fact]
    public async Task A_bad_number_refuses_the_whole_file()
    {
        var period = await PeriodAsync("Refus", "2026-12-01", "2027-02-28");
        await SetStatusAsync(app, "3A", period, "general");
        var cpe = app.Client(Cpe, "EDU");
        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(cpe, period, Encoding.UTF8.GetBytes("Identifiant;Retards;Absences justifiées;Absences non justifiées\n1234567;1;1;1\n"))).StatusCode);

        string csv = "Nom;Prénom;Retards;Absences justifiées;Absences non justifiées\nDubois;Hugo;deux;0;0\nBernard;Emma;1;-1;1000\nInconnu;Personne;x;0;0\n";
        var problem = await ProblemAsync(await UploadAsync(cpe, period, Encoding.UTF8.GetBytes(csv)), HttpStatusCode.BadRequest, "validation");
        var messages = problem.GetProperty("errors").GetProperty("file").EnumerateArray().Select(m => m.GetString()!).ToList();
        Assert.Contains(messages, m => m.StartsWith("Ligne 2 :", StringComparison.Ordinal) && m.Contains("« deux »"));
        Assert.Contains(messages, m => m.StartsWith("Ligne 3 :", StringComparison.Ordinal) && m.Contains("« -1 »"));
        Assert.Contains(messages, m => m.StartsWith("Ligne 3 :", StringComparison.Ordinal) && m.Contains("« 1000 »"));
        Assert.Contains(messages, m => m.StartsWith("Ligne 4 :", StringComparison.Ordinal));
        // Nothing written: Student1 keeps the first file's values, Student2 has nothing.
        var sheet = await OkJsonAsync(await app.AdminClient().GetAsync($"/api/competences/bilans/3A/{period}"));
        Assert.Equal((1, 1, 1, null, null, 1), Attendance(sheet, app.Student1));
        Assert.Equal(0, Attendance(sheet, app.Student2).Item6);

        // The same student twice is refused too; a file without the expected columns says which.
        problem = await ProblemAsync(await UploadAsync(cpe, period, Encoding.UTF8.GetBytes("Identifiant;Retards;Absences justifiées;Absences non justifiées\n1234567;1;1;1\n1234567;2;2;2\n")),
            HttpStatusCode.BadRequest, "validation");
        Assert.Contains("ligne 2", problem.GetProperty("errors").GetProperty("file")[0].GetString());
        problem = await ProblemAsync(await UploadAsync(cpe, period, Encoding.UTF8.GetBytes("Nom;Prénom;Absences\nDubois;Hugo;3\n")), HttpStatusCode.BadRequest, "validation");
        Assert.Contains("Retards", problem.GetProperty("errors").GetProperty("file")[0].GetString());
    }

    [Fact]
    public async Task Rights_statuses_and_uploads()
    {
        var period = await PeriodAsync("Règles", "2027-03-01", "2027-05-31");
        byte[] csv = Encoding.UTF8.GetBytes("Identifiant;Retards;Absences justifiées;Absences non justifiées\n1234567;1;1;1\n");
        // Closed (no status yet) and complete refuse it, like the attendance write.
        var problem = await ProblemAsync(await UploadAsync(app.Client(Cpe, "EDU"), period, csv), HttpStatusCode.Conflict, "bilan-status");
        Assert.Equal("closed", problem.GetProperty("bilanStatus").GetString());
        await SetStatusAsync(app, "3A", period, "complete");
        await ProblemAsync(await UploadAsync(app.Client(Cpe, "EDU"), period, csv), HttpStatusCode.Conflict, "bilan-status");
        await SetStatusAsync(app, "3A", period, "mixed");

        await ProblemAsync(await UploadAsync(app.Teacher1Client(), period, csv), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAsync(await UploadAsync(app.Client(app.Student1, "ELV"), period, csv), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAsync(await UploadAsync(app.Client(app.OtherAdmin, "ADM", CompetencesApp.OtherBase), period, csv), HttpStatusCode.NotFound, "not-found");
        await ProblemAsync(await UploadAsync(app.AdminClient(), period, csv, "9Z"), HttpStatusCode.NotFound, "not-found");
        await ProblemAsync(await UploadAsync(app.AdminClient(), period, []), HttpStatusCode.BadRequest, "empty-file");
        var noFile = new MultipartFormDataContent { { new StringContent("x"), "other" } };
        await ProblemAsync(await app.AdminClient().PostAsync($"/api/competences/bilans/3A/{period}/attendance", noFile), HttpStatusCode.BadRequest, "missing-file");
        await ProblemAsync(await app.AdminClient().PostAsync($"/api/competences/bilans/3A/{period}/attendance", new StringContent("Identifiant;Retards")),
            HttpStatusCode.UnsupportedMediaType, "multipart-required");
        // The direction imports too.
        var report = await OkJsonAsync(await UploadAsync(app.Client(app.Direction, "DIR"), period, csv));
        Assert.Equal(1, report.GetProperty("applied").GetInt32());
    }
}
