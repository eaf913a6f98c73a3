using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Npgsql;
using Sacoche.Competences.Tests.Api;
using Xunit;

namespace Sacoche.Competences.Tests.Lsu;

/// <summary>Helpers of the LSU tests: SQL seeding of what the imports will fill, exports, downloads and schema validation.</summary>
internal static class LsuTestData
{
    public static readonly XNamespace Ns = "urn:fr:edu:scolarite:lsun:bilans:import";

    /// <summary>Runs SQL on the test database (the roster columns and tables that the other branches' imports will fill).</summary>
    public static async Task SqlAsync(CompetencesApp app, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(app.Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        await command.ExecuteNonQueryAsync();
    }

    public static Task SetRosterAsync(CompetencesApp app, Guid user, string column, string? value) =>
        SqlAsync(app, $"UPDATE roster_users SET {column} = @v WHERE user_id = @u", ("v", (object?)value ?? DBNull.Value), ("u", user));

    public static async Task OkAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Writes a new subject line (positioning optional) and checks it was accepted.</summary>
    public static async Task LineAsync(HttpClient client, string cls, long period, Guid student, string subject, string? appreciation, string[]? elements,
        decimal? positioning = null) =>
        await OkAsync(await client.PutAsJsonAsync($"/api/competences/bilans/{cls}/{period}/students/{student}/subjects/{subject}",
            new { positioning, appreciation, elements, version = 0 }));

    public static async Task GeneralAsync(HttpClient client, string cls, long period, Guid student, string text) =>
        await OkAsync(await client.PutAsJsonAsync($"/api/competences/bilans/{cls}/{period}/students/{student}/general", new { appreciation = text, version = 0 }));

    public static async Task AttendanceAsync(HttpClient client, string cls, long period, Guid student, int late, int justified, int unjustified,
        int? hours = null, string? comment = null) =>
        await OkAsync(await client.PutAsJsonAsync($"/api/competences/bilans/{cls}/{period}/students/{student}/attendance",
            new { lateness = late, justifiedAbsences = justified, unjustifiedAbsences = unjustified, missedHours = hours, comment, version = 0 }));

    /// <summary>POST /lsu/exports: 201 with its Location, the response as JSON.</summary>
    public static async Task<JsonElement> ExportAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/competences/lsu/exports", body);
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {json}");
        var export = JsonDocument.Parse(json).RootElement.Clone();
        Assert.Equal($"/api/competences/lsu/exports/{export.GetProperty("id").GetInt64()}", response.Headers.Location?.OriginalString);
        return export;
    }

    /// <summary>Downloads an export; checks the content type and the download name.</summary>
    public static async Task<byte[]> DownloadAsync(HttpClient client, JsonElement export)
    {
        var response = await client.GetAsync($"/api/competences/lsu/exports/{export.GetProperty("id").GetInt64()}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(export.GetProperty("size").GetInt64(), response.Content.Headers.ContentLength);
        Assert.Equal(export.GetProperty("fileName").GetString(), response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>Validates against the official schema (XmlSchemaSet; xmllint too when installed) and returns the document.</summary>
    public static XDocument Validate(byte[] bytes)
    {
        var schemas = new XmlSchemaSet();
        using (var xsd = typeof(Program).Assembly.GetManifestResourceStream("Sacoche.Competences.Lsu.schema.xsd")!)
        {
            schemas.Add("urn:fr:edu:scolarite:lsun:bilans:import", XmlReader.Create(xsd));
        }
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas };
        settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Exception.LineNumber}:{e.Exception.LinePosition} {e.Message}");
        using (var reader = XmlReader.Create(new MemoryStream(bytes), settings))
        {
            while (reader.Read())
            {
            }
        }
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        XmllintIfInstalled(bytes);
        return XDocument.Load(new MemoryStream(bytes));
    }

    private static void XmllintIfInstalled(byte[] bytes)
    {
        var xmllint = new[] { "/usr/bin/xmllint", "/usr/local/bin/xmllint" }.FirstOrDefault(File.Exists);
        if (xmllint is null)
        {
            return;
        }
        var dir = Directory.CreateTempSubdirectory("lsu-test");
        try
        {
            string xsd = Path.Combine(dir.FullName, "schema.xsd"), xml = Path.Combine(dir.FullName, "lsu.xml");
            using (var stream = typeof(Program).Assembly.GetManifestResourceStream("Sacoche.Competences.Lsu.schema.xsd")!)
            using (var file = File.Create(xsd))
            {
                stream.CopyTo(file);
            }
            File.WriteAllBytes(xml, bytes);
            using var process = Process.Start(new ProcessStartInfo(xmllint, ["--noout", "--schema", xsd, xml]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            string err = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, err);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    public static IEnumerable<XElement> All(XDocument doc, string name) => doc.Descendants(Ns + name);

    public static string? Attr(XElement e, string name) => e.Attribute(name)?.Value;

    /// <summary>The bilan-periodique of a student (by SIECLE id) for the LSU period with that index.</summary>
    public static XElement Bilan(XDocument doc, string siecleId, int index)
    {
        var period = All(doc, "periode").Single(p => Attr(p, "indice") == index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return All(doc, "bilan-periodique").Single(b => Attr(b, "eleve-ref") == "EL" + siecleId && Attr(b, "periode-ref") == Attr(period, "id"));
    }

    /// <summary>The acquis of a bilan for a discipline code.</summary>
    public static XElement Acquis(XDocument doc, XElement bilan, string bcn)
    {
        var ids = All(doc, "discipline").Where(d => Attr(d, "code") == bcn).Select(d => Attr(d, "id")).ToHashSet();
        return bilan.Descendants(Ns + "acquis").Single(a => ids.Contains(Attr(a, "discipline-ref")));
    }
}
