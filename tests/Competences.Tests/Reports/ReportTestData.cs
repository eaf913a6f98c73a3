using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using Sacoche.Competences.Tests.Api;
using Xunit;

namespace Sacoche.Competences.Tests.Reports;

/// <summary>Helpers shared by the report tests: settings, evaluations with entries, parsing of exports.</summary>
internal static class ReportTestData
{
    /// <summary>Replaces parts of the establishment's settings (GET, change, PUT as the admin).</summary>
    public static async Task UpdateSettingsAsync(CompetencesApp app, Action<JsonObject> change)
    {
        var admin = app.AdminClient();
        var settings = JsonNode.Parse(await admin.GetStringAsync("/api/competences/settings"))!.AsObject();
        change(settings);
        var response = await admin.PutAsync("/api/competences/settings", new StringContent(settings.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>An evaluation of <paramref name="items"/> for class 3A on <paramref name="date"/>, with one code per (student, item).</summary>
    public static async Task<long> EvaluateAsync(HttpClient client, string date, long[] items, params (Guid Student, long Item, string Code)[] cells)
    {
        var id = await CompetencesApp.CreateEvaluationAsync(client, new { classCode = "3A", date, description = $"Évaluation du {date}", itemIds = items });
        await PutEntriesAsync(client, id, cells);
        return id;
    }

    public static async Task PutEntriesAsync(HttpClient client, long evaluationId, params (Guid Student, long Item, string Code)[] cells)
    {
        var response = await client.PutAsJsonAsync($"/api/competences/evaluations/{evaluationId}/entries",
            cells.Select(c => new { studentId = c.Student, itemId = c.Item, code = c.Code }).ToArray());
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A referential of one domain/theme whose items link to the given common-core components (cycle 4).</summary>
    public static async Task<long[]> CreateSocleReferentialAsync(HttpClient client, string subject, string level, IReadOnlyList<string?> components)
    {
        var body = new
        {
            subjectCode = subject,
            levelCode = level,
            domains = new[]
            {
                new
                {
                    code = "S",
                    name = "Socle",
                    themes = new[]
                    {
                        new
                        {
                            name = "Composantes",
                            items = components.Select((c, i) => new
                            {
                                name = $"Item {i + 1} {c}",
                                socle = c is null ? Array.Empty<object>() : [new { cycle = 4, component = c }],
                            }).ToArray(),
                        },
                    },
                },
            },
        };
        var response = await client.PostAsJsonAsync("/api/competences/referentials", body);
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, json);
        using var doc = JsonDocument.Parse(json);
        return [.. doc.RootElement.GetProperty("domains")[0].GetProperty("themes")[0].GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64())];
    }

    public static async Task<JsonElement> GetJsonAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {json}");
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    public static async Task<byte[]> GetBytesAsync(HttpClient client, string url, string contentType)
    {
        var response = await client.GetAsync(url);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {Encoding.UTF8.GetString(bytes)}");
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        return bytes;
    }

    /// <summary>Checks the BOM and parses the CSV (';' separator) with CsvHelper: header then records.</summary>
    public static (string[] Header, List<string[]> Records) ParseCsv(byte[] bytes)
    {
        Assert.True(bytes.Length > 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF, "The CSV must start with a UTF-8 BOM.");
        var text = new UTF8Encoding(false).GetString(bytes, 3, bytes.Length - 3);
        using var reader = CsvReader.FromText(text, new CsvReaderOptions { Separator = ';', HasHeader = false });
        var records = new List<string[]>();
        while (reader.Read())
        {
            records.Add([.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetString)]);
        }
        Assert.NotEmpty(records);
        return (records[0], records.Skip(1).ToList());
    }

    /// <summary>Opens the PDF with PdfPig: page count and the text of every page.</summary>
    public static (int Pages, string Text) ParsePdf(byte[] bytes)
    {
        Assert.Equal("%PDF", Encoding.ASCII.GetString(bytes, 0, 4));
        using var document = UglyToad.PdfPig.PdfDocument.Open(bytes);
        var text = string.Join("\n", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
        return (document.NumberOfPages, text);
    }
}
