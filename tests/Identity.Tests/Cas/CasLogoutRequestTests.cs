using Sacoche.Identity.Domain.Cas;

namespace Sacoche.Identity.Tests.Cas;

public class CasLogoutRequestTests
{
    [Fact]
    public void Session_index_of_a_standard_logout_request()
    {
        const string xml = """
            <samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="LR-2-PEEYyxiluatZ1cvq46bYe7chdKGULzrme9s" Version="2.0" IssueInstant="2015-02-10T17:18:24Z">
              <saml:NameID xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">@NOT_USED@</saml:NameID>
              <samlp:SessionIndex> ST-1-LUfT6jLdktQZYOkOe3TR-cas </samlp:SessionIndex>
            </samlp:LogoutRequest>
            """;

        Assert.True(CasLogoutRequest.TryParseSessionIndex(xml, out var ticket));
        Assert.Equal("ST-1-LUfT6jLdktQZYOkOe3TR-cas", ticket);
    }

    [Fact]
    public void Legacy_request_without_namespace_declarations_is_accepted()
    {
        const string xml = "<samlp:LogoutRequest ID=\"x\" Version=\"2.0\" IssueInstant=\"2009-01-01T00:00:00Z\"><saml:NameID>@NOT_USED@</saml:NameID>"
            + "<samlp:SessionIndex>ST-42-abc</samlp:SessionIndex></samlp:LogoutRequest>";

        Assert.True(CasLogoutRequest.TryParseSessionIndex(xml, out var ticket));
        Assert.Equal("ST-42-abc", ticket);
    }

    [Fact]
    public void Unprefixed_saml_namespace_is_accepted()
    {
        const string xml = "<LogoutRequest xmlns=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"x\"><SessionIndex>ST-7</SessionIndex></LogoutRequest>";

        Assert.True(CasLogoutRequest.TryParseSessionIndex(xml, out var ticket));
        Assert.Equal("ST-7", ticket);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not xml")]
    [InlineData("<samlp:LogoutRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"><samlp:SessionIndex></samlp:SessionIndex></samlp:LogoutRequest>")]
    [InlineData("<samlp:LogoutRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"><samlp:NameID>x</samlp:NameID></samlp:LogoutRequest>")]
    [InlineData("<samlp:LogoutRequest xmlns:samlp=\"urn:other\"><samlp:SessionIndex>ST-1</samlp:SessionIndex></samlp:LogoutRequest>")]
    [InlineData("<Other><SessionIndex>ST-1</SessionIndex></Other>")]
    [InlineData("<samlp:LogoutRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"><samlp:SessionIndex>ST 1</samlp:SessionIndex></samlp:LogoutRequest>")]
    [InlineData("<samlp:LogoutRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"><samlp:SessionIndex>ST-1</samlp:SessionIndex>")]
    public void Invalid_requests_give_no_session_index(string? xml)
    {
        Assert.False(CasLogoutRequest.TryParseSessionIndex(xml, out var ticket));
        Assert.Null(ticket);
    }

    [Fact]
    public void Doctype_and_entities_are_refused()
    {
        const string xml = """
            <!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"><samlp:SessionIndex>&xxe;</samlp:SessionIndex></samlp:LogoutRequest>
            """;

        Assert.False(CasLogoutRequest.TryParseSessionIndex(xml, out _));
    }

    [Fact]
    public void Oversized_request_is_refused()
    {
        var xml = "<samlp:LogoutRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"><samlp:SessionIndex>ST-"
            + new string('a', 100_000) + "</samlp:SessionIndex></samlp:LogoutRequest>";

        Assert.False(CasLogoutRequest.TryParseSessionIndex(xml, out _));
    }

    [Fact]
    public void Request_built_by_the_test_server_round_trips()
    {
        var xml = Sacoche.Testing.Cas.CasTestServer.BuildLogoutRequestXml("ST-9-xyz-cas");

        Assert.True(CasLogoutRequest.TryParseSessionIndex(xml, out var ticket));
        Assert.Equal("ST-9-xyz-cas", ticket);
    }
}
