using Sacoche.Identity.Domain.Cas;

namespace Sacoche.Identity.Tests.Cas;

public class CasFailureMessagesTests
{
    [Theory]
    [InlineData("INVALID_TICKET", "ticket")]
    [InlineData("INVALID_SERVICE", "adresse de service")]
    [InlineData("INVALID_REQUEST", "incomplète")]
    [InlineData("INVALID_TICKET_SPEC", "exigences")]
    [InlineData("UNAUTHORIZED_SERVICE_PROXY", "procuration")]
    [InlineData("INVALID_PROXY_CALLBACK", "rappel du proxy")]
    [InlineData("INTERNAL_ERROR", "erreur interne")]
    public void Each_known_code_has_its_own_french_explanation(string code, string expected)
    {
        Assert.Contains(expected, CasFailureMessages.French(code), StringComparison.Ordinal);
    }

    [Fact]
    public void Known_codes_have_distinct_explanations()
    {
        string[] codes =
        [
            "INVALID_TICKET", "INVALID_SERVICE", "INVALID_REQUEST", "INVALID_TICKET_SPEC",
            "UNAUTHORIZED_SERVICE_PROXY", "INVALID_PROXY_CALLBACK", "INTERNAL_ERROR",
        ];

        Assert.Equal(codes.Length, codes.Select(CasFailureMessages.French).Distinct().Count());
    }

    [Fact]
    public void Codes_are_matched_case_insensitively_and_trimmed()
    {
        Assert.Equal(CasFailureMessages.French("INVALID_TICKET"), CasFailureMessages.French(" invalid_ticket "));
    }

    [Fact]
    public void Unknown_code_is_named()
    {
        var message = CasFailureMessages.French("TICKET_EXPIRED_ENT");

        Assert.Contains("« TICKET_EXPIRED_ENT »", message, StringComparison.Ordinal);
        Assert.Contains("non prévu", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Missing_code_has_a_message(string? code)
    {
        Assert.Contains("code d'erreur absent", CasFailureMessages.French(code), StringComparison.Ordinal);
    }
}
