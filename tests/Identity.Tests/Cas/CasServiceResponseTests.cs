using Sacoche.Identity.Domain.Cas;

namespace Sacoche.Identity.Tests.Cas;

public class CasServiceResponseTests
{
    private const string SuccessWithAttributes = """
        <?xml version="1.0" encoding="UTF-8"?>
        <cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">
          <cas:authenticationSuccess>
            <cas:user> jdupont12 </cas:user>
            <cas:attributes>
              <cas:authenticationDate>2015-11-12T09:30:10Z</cas:authenticationDate>
              <cas:isFromNewLogin>true</cas:isFromNewLogin>
              <cas:ENTPersonProfils>National_ENS</cas:ENTPersonProfils>
              <cas:ENTPersonProfils>National_DOC</cas:ENTPersonProfils>
              <cas:mail>j.dupont@ac-exemple.fr</cas:mail>
            </cas:attributes>
            <cas:proxyGrantingTicket>PGTIOU-84678-8a9d</cas:proxyGrantingTicket>
          </cas:authenticationSuccess>
        </cas:serviceResponse>
        """;

    [Fact]
    public void Success_with_multi_valued_attributes()
    {
        var success = Assert.IsType<CasServiceResponse.Success>(CasServiceResponse.Parse(SuccessWithAttributes));

        Assert.Equal("jdupont12", success.User);
        Assert.False(success.Repaired);
        Assert.Equal(["National_ENS", "National_DOC"], success.Attributes["ENTPersonProfils"]);
        Assert.Equal("National_ENS", success.Attribute("entpersonprofils"));
        Assert.Equal("j.dupont@ac-exemple.fr", success.Attribute("mail"));
        Assert.Equal("true", success.Attribute("isFromNewLogin"));
        Assert.Null(success.Attribute("absent"));
        Assert.False(success.Attributes.ContainsKey("proxyGrantingTicket"));
    }

    [Fact]
    public void Cas2_success_without_attributes()
    {
        const string xml = "<cas:serviceResponse xmlns:cas='http://www.yale.edu/tp/cas'><cas:authenticationSuccess><cas:user>de3</cas:user></cas:authenticationSuccess></cas:serviceResponse>";

        var success = Assert.IsType<CasServiceResponse.Success>(CasServiceResponse.Parse(xml));

        Assert.Equal("de3", success.User);
        Assert.Empty(success.Attributes);
    }

    [Fact]
    public void Name_value_style_and_bare_attributes_are_read()
    {
        const string xml = """
            <cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas"><cas:authenticationSuccess>
              <cas:user>u1</cas:user>
              <cas:uid>1234</cas:uid>
              <cas:attributes><cas:attribute name="ENTPersonProfils" value="National_ELV"/></cas:attributes>
            </cas:authenticationSuccess></cas:serviceResponse>
            """;

        var success = Assert.IsType<CasServiceResponse.Success>(CasServiceResponse.Parse(xml));

        Assert.Equal("1234", success.Attribute("uid"));
        Assert.Equal("National_ELV", success.Attribute("ENTPersonProfils"));
    }

    [Fact]
    public void Escaped_entities_in_user_and_attributes_are_decoded()
    {
        const string xml = "<cas:serviceResponse xmlns:cas=\"http://www.yale.edu/tp/cas\"><cas:authenticationSuccess><cas:user>&#233;lo&#xEF;se</cas:user>"
            + "<cas:attributes><cas:nom>Dupont &amp; Fils</cas:nom></cas:attributes></cas:authenticationSuccess></cas:serviceResponse>";

        var success = Assert.IsType<CasServiceResponse.Success>(CasServiceResponse.Parse(xml));

        Assert.Equal("éloïse", success.User);
        Assert.Equal("Dupont & Fils", success.Attribute("nom"));
        Assert.False(success.Repaired);
    }

    [Theory]
    [InlineData("INVALID_TICKET")]
    [InlineData("INVALID_SERVICE")]
    [InlineData("INVALID_REQUEST")]
    [InlineData("INVALID_TICKET_SPEC")]
    [InlineData("UNAUTHORIZED_SERVICE_PROXY")]
    [InlineData("INVALID_PROXY_CALLBACK")]
    [InlineData("INTERNAL_ERROR")]
    public void Failure_with_each_code(string code)
    {
        var xml = $"""
            <cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">
              <cas:authenticationFailure code="{code}">
                Ticket ST-1856339-aA5Yuvrxzpv8Tau1cYQ7 not recognized
              </cas:authenticationFailure>
            </cas:serviceResponse>
            """;

        var failure = Assert.IsType<CasServiceResponse.Failure>(CasServiceResponse.Parse(xml));

        Assert.Equal(code, failure.Code);
        Assert.Equal("Ticket ST-1856339-aA5Yuvrxzpv8Tau1cYQ7 not recognized", failure.Message);
        Assert.Equal(CasFailureMessages.French(code), failure.FrenchExplanation);
    }

    [Fact]
    public void Failure_without_code()
    {
        var failure = Assert.IsType<CasServiceResponse.Failure>(CasServiceResponse.Parse(
            "<cas:serviceResponse xmlns:cas=\"http://www.yale.edu/tp/cas\"><cas:authenticationFailure>oops</cas:authenticationFailure></cas:serviceResponse>"));

        Assert.Equal("", failure.Code);
        Assert.Equal("oops", failure.Message);
    }

    [Fact]
    public void Bare_ampersand_in_attribute_is_repaired()
    {
        const string xml = """
            <cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">
              <cas:authenticationSuccess>
                <cas:user>jdupont12</cas:user>
                <cas:attributes>
                  <cas:ENTStructureNom>Lycée Pierre & Marie Curie</cas:ENTStructureNom>
                  <cas:service>https://x.fr/?a=1&b=2&amp;c=3</cas:service>
                </cas:attributes>
              </cas:authenticationSuccess>
            </cas:serviceResponse>
            """;

        var success = Assert.IsType<CasServiceResponse.Success>(CasServiceResponse.Parse(xml));

        Assert.True(success.Repaired);
        Assert.Equal("jdupont12", success.User);
        Assert.Equal("Lycée Pierre & Marie Curie", success.Attribute("ENTStructureNom"));
        Assert.Equal("https://x.fr/?a=1&b=2&c=3", success.Attribute("service"));
    }

    [Fact]
    public void Bare_ampersand_in_failure_text_is_repaired()
    {
        var failure = Assert.IsType<CasServiceResponse.Failure>(CasServiceResponse.Parse(
            "<cas:serviceResponse xmlns:cas=\"http://www.yale.edu/tp/cas\"><cas:authenticationFailure code=\"INVALID_SERVICE\">service=https://a/?sso&base=1</cas:authenticationFailure></cas:serviceResponse>"));

        Assert.True(failure.Repaired);
        Assert.Equal("service=https://a/?sso&base=1", failure.Message);
    }

    [Fact]
    public void Html_named_entities_and_leading_whitespace_are_repaired()
    {
        const string xml = "\uFEFF\r\n  <?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<cas:serviceResponse xmlns:cas=\"http://www.yale.edu/tp/cas\"><cas:authenticationSuccess>"
            + "<cas:user>jdupont</cas:user><cas:attributes><cas:nom>&Eacute;lo&iuml;se</cas:nom><cas:x>&bogus;</cas:x></cas:attributes></cas:authenticationSuccess></cas:serviceResponse>";

        var success = Assert.IsType<CasServiceResponse.Success>(CasServiceResponse.Parse(xml));

        Assert.Equal("Éloïse", success.Attribute("nom"));
        Assert.Equal("&bogus;", success.Attribute("x"));
    }

    [Fact]
    public void Trailing_junk_after_the_response_is_tolerated()
    {
        var success = Assert.IsType<CasServiceResponse.Success>(CasServiceResponse.Parse(
            "<cas:serviceResponse xmlns:cas=\"http://www.yale.edu/tp/cas\"><cas:authenticationSuccess><cas:user>u</cas:user></cas:authenticationSuccess></cas:serviceResponse>\n<!-- 12ms --> garbage"));

        Assert.Equal("u", success.User);
        Assert.True(success.Repaired);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Empty_answer_is_unreadable(string? xml)
    {
        var unreadable = Assert.IsType<CasServiceResponse.Unreadable>(CasServiceResponse.Parse(xml));

        Assert.Contains("vide", unreadable.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("yes\njdupont\n")]
    [InlineData("{\"serviceResponse\":{}}")]
    [InlineData("<cas:serviceResponse xmlns:cas=\"http://www.yale.edu/tp/cas\"><cas:authenticationSuccess><cas:user>u</cas:user>")]
    [InlineData("<<<>>>&&&")]
    [InlineData("<a><b></a>")]
    public void Garbage_is_unreadable_and_never_throws(string text)
    {
        var unreadable = Assert.IsType<CasServiceResponse.Unreadable>(CasServiceResponse.Parse(text));

        Assert.False(string.IsNullOrWhiteSpace(unreadable.Reason));
    }

    [Fact]
    public void Html_page_is_reported_as_such()
    {
        var unreadable = Assert.IsType<CasServiceResponse.Unreadable>(CasServiceResponse.Parse(
            "<html><head><title>404</title></head><body>Not found</body></html>"));

        Assert.Contains("page HTML", unreadable.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_page_with_doctype_is_reported_as_html()
    {
        var unreadable = Assert.IsType<CasServiceResponse.Unreadable>(CasServiceResponse.Parse(
            "<!DOCTYPE html>\n<html><body>Connexion</body></html>"));

        Assert.Contains("page HTML", unreadable.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Doctype_with_entities_is_rejected()
    {
        const string xml = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
            <cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas"><cas:authenticationSuccess><cas:user>&lol2;</cas:user></cas:authenticationSuccess></cas:serviceResponse>
            """;

        var unreadable = Assert.IsType<CasServiceResponse.Unreadable>(CasServiceResponse.Parse(xml));

        Assert.Contains("DOCTYPE", unreadable.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void External_entity_is_rejected()
    {
        const string xml = """
            <!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas"><cas:authenticationSuccess><cas:user>&xxe;</cas:user></cas:authenticationSuccess></cas:serviceResponse>
            """;

        Assert.IsType<CasServiceResponse.Unreadable>(CasServiceResponse.Parse(xml));
    }

    [Fact]
    public void Wrong_namespace_is_unreadable()
    {
        var unreadable = Assert.IsType<CasServiceResponse.Unreadable>(CasServiceResponse.Parse(
            "<cas:serviceResponse xmlns:cas=\"http://example.org/other\"><cas:authenticationSuccess><cas:user>u</cas:user></cas:authenticationSuccess></cas:serviceResponse>"));

        Assert.Contains("espace de noms", unreadable.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Success_without_user_is_unreadable()
    {
        var unreadable = Assert.IsType<CasServiceResponse.Unreadable>(CasServiceResponse.Parse(
            "<cas:serviceResponse xmlns:cas=\"http://www.yale.edu/tp/cas\"><cas:authenticationSuccess><cas:user> </cas:user></cas:authenticationSuccess></cas:serviceResponse>"));

        Assert.Contains("cas:user", unreadable.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_service_response_is_unreadable()
    {
        Assert.IsType<CasServiceResponse.Unreadable>(CasServiceResponse.Parse("<cas:serviceResponse xmlns:cas=\"http://www.yale.edu/tp/cas\"/>"));
    }

    [Fact]
    public void Proxy_answer_is_unreadable()
    {
        Assert.IsType<CasServiceResponse.Unreadable>(CasServiceResponse.Parse(
            "<cas:serviceResponse xmlns:cas=\"http://www.yale.edu/tp/cas\"><cas:proxySuccess><cas:proxyTicket>PT-1</cas:proxyTicket></cas:proxySuccess></cas:serviceResponse>"));
    }

    [Fact]
    public void Oversized_answer_is_unreadable()
    {
        var unreadable = Assert.IsType<CasServiceResponse.Unreadable>(CasServiceResponse.Parse("<a>" + new string('x', 2 * 1024 * 1024) + "</a>"));

        Assert.Contains("volumineuse", unreadable.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Control_characters_are_dropped_by_the_repair()
    {
        var success = Assert.IsType<CasServiceResponse.Success>(CasServiceResponse.Parse(
            "<cas:serviceResponse xmlns:cas=\"http://www.yale.edu/tp/cas\"><cas:authenticationSuccess><cas:user>jdu\u0001pont</cas:user></cas:authenticationSuccess></cas:serviceResponse>"));

        Assert.Equal("jdupont", success.User);
        Assert.True(success.Repaired);
    }
}
