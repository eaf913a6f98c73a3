using Sacoche.Common.Results;
using Sacoche.Web.Api;

namespace Sacoche.Web.Tests;

/// <summary>How the UI reads a service's problem (docs/errors.md): the code it tests, the French messages it shows.</summary>
public sealed class ApiProblemTests
{
    [Fact]
    public void Field_errors_are_what_the_user_reads()
    {
        var problem = ApiClient.ParseProblem("""
            {"type":"https://sacoche.fr/problems/validation","title":"Données invalides","status":400,"detail":"Le nom est obligatoire. Le code est trop long.",
             "errors":{"name":["Le nom est obligatoire."],"code":["Le code est trop long."]}}
            """);

        Assert.NotNull(problem);
        Assert.Equal("validation", problem.Code);
        Assert.Equal(["Le nom est obligatoire."], problem.FieldErrors["name"]);
        Assert.Equal("Le nom est obligatoire. Le code est trop long.", ApiClient.MessageOf(problem));
        Assert.True(new ApiResult<object>(null, 400, "x", problem).Is(ErrorCodes.Validation));
        Assert.False(new ApiResult<object>(null, 400, "x", problem).Is(ErrorCodes.ConfirmationRequired));
    }

    [Fact]
    public void Without_field_errors_the_detail_then_the_catalogue_title_is_shown()
    {
        var detailed = ApiClient.ParseProblem("""{"type":"https://sacoche.fr/problems/confirmation-required","title":"Confirmation requise","status":409,"detail":"12 départs : confirmez."}""");
        var bare = ApiClient.ParseProblem("""{"type":"https://sacoche.fr/problems/not-found","title":"Introuvable","status":404}""");
        var foreign = ApiClient.ParseProblem("""{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.5","title":"Not Found","status":404}""");

        Assert.Equal("12 départs : confirmez.", ApiClient.MessageOf(detailed));
        Assert.Equal("confirmation-required", detailed!.Code);
        Assert.Equal("Introuvable", ApiClient.MessageOf(bare));
        Assert.Null(ApiClient.MessageOf(foreign)); // English: the UI's French message by status instead
        Assert.Null(foreign!.Code);
    }

    [Fact]
    public void Extension_members_are_read_by_shape()
    {
        var problem = ApiClient.ParseProblem("""
            {"type":"https://sacoche.fr/problems/entry-changed","status":409,"detail":"1 cellule modifiée.",
             "conflicts":[{"studentId":"0b9c7c52-3f0e-4b8e-9d51-0c1f7a1e2a10","itemId":7,"code":"3","version":4,"changedBy":null,"changedAt":null,"yourVersion":3}]}
            """);

        var conflicts = CompetencesClient.ConflictsOf(new ApiResult<object>(null, 409, "x", problem));

        Assert.Equal(7, Assert.Single(conflicts).ItemId);
        Assert.Equal(4, conflicts[0].Version);
        Assert.Empty(CompetencesClient.ConflictsOf(new ApiResult<object>(null, 409, "x", ApiClient.ParseProblem("""{"status":409}"""))));
    }

    [Fact]
    public void Errors_in_an_older_shape_leave_the_detail()
    {
        var problem = ApiClient.ParseProblem("""{"type":"https://sacoche.fr/problems/validation","status":400,"detail":"Le nom est obligatoire.","errors":["Le nom est obligatoire."]}""");

        Assert.Empty(problem!.FieldErrors);
        Assert.Equal("Le nom est obligatoire.", ApiClient.MessageOf(problem));
    }

    [Fact]
    public void A_body_that_is_not_a_problem_is_ignored() => Assert.Null(ApiClient.ParseProblem("<html>Bad gateway</html>"));
}
