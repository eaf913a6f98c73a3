using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Sacoche.Import.Tests.Integration;
using Sacoche.Testing.Auth;
using Sacoche.Testing.Generators;
using static Sacoche.Import.Tests.Integration.ImportApiFixture;

namespace Sacoche.Import.Tests.Api;

/// <summary>The one upload limit (Uploads:MaxBytes), here 1 Mo, on both upload endpoints and both ways a file can exceed it.</summary>
[Collection(ImportApiCollection.Name)]
public sealed class UploadLimitTests(ImportApiFixture fx)
{
    private const int MaxBytes = 1024 * 1024;

    public static TheoryData<string, string, int> OverLimit => new()
    {
        // Just over the limit: the request fits its envelope, the use case refuses the file.
        { "/api/import/files", "ElevesSansAdresses.xml", MaxBytes + 1 },
        { "/api/import/ent-identifiers", "ent.csv", MaxBytes + 1 },
        // Far over it: the form reader stops at the request limit.
        { "/api/import/files", "ElevesSansAdresses.xml", 3 * MaxBytes },
        { "/api/import/ent-identifiers", "ent.csv", 3 * MaxBytes },
    };

    [Theory]
    [MemberData(nameof(OverLimit))]
    public async Task A_file_over_the_limit_answers_the_catalogue_problem_and_changes_nothing(string path, string fileName, int size)
    {
        var b = 500 + OverLimit.ToList().FindIndex(r => (string)r[0] == path && (int)r[2] == size);
        await fx.RegisterEstablishmentAsync(b, "0341234A");
        await using var factory = fx.Factory.WithWebHostBuilder(w => w.UseSetting("Uploads:MaxBytes", MaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        using var admin = factory.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Create(Audience, Guid.NewGuid(), b, "ADM", "Admin Test"));
        var content = new byte[size];
        Array.Fill(content, (byte)'a');

        using var response = await UploadRawAsync(admin, path, content, fileName);

        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await JsonAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("https://sacoche.fr/problems/file-too-large", problem["type"]!.GetValue<string>());
        Assert.Equal("Fichier trop volumineux", problem["title"]!.GetValue<string>());
        Assert.Equal("Le fichier dépasse la taille maximale autorisée (1 Mo).", problem["detail"]!.GetValue<string>());
        Assert.Equal(0, await fx.ScalarAsync("SELECT count(*) FROM imports WHERE establishment_id = @b", b));
        Assert.Equal(0, await fx.ScalarAsync("SELECT count(*) FROM ent_imports WHERE establishment_id = @b", b));
    }

    [Fact]
    public async Task A_file_at_the_limit_is_accepted()
    {
        const int b = 510;
        await fx.RegisterEstablishmentAsync(b, "0341234A");
        await using var factory = fx.Factory.WithWebHostBuilder(w => w.UseSetting("Uploads:MaxBytes", MaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        using var admin = factory.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Create(Audience, Guid.NewGuid(), b, "ADM", "Admin Test"));
        var xml = new ImportFileGenerator(51, counts: GeneratorCounts.Small).StudentsXml();
        var padded = new byte[MaxBytes];
        Array.Fill(padded, (byte)' ');
        xml.CopyTo(padded, 0);

        using var response = await UploadRawAsync(admin, "/api/import/files", padded, "ElevesSansAdresses.xml");

        await JsonAsync(response, HttpStatusCode.Accepted);
        Assert.Equal(1, await fx.ScalarAsync("SELECT count(*) FROM imports WHERE establishment_id = @b", b));
    }
}
