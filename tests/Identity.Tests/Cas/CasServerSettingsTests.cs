using Sacoche.Identity.Domain.Cas;

namespace Sacoche.Identity.Tests.Cas;

public class CasServerSettingsTests
{
    private const string Service = "https://sacoche.example.fr/?sso&base=123";
    private const string EncodedService = "https%3A%2F%2Fsacoche.example.fr%2F%3Fsso%26base%3D123";

    [Fact]
    public void Default_port_443_and_root_cas()
    {
        var settings = new CasServerSettings("ent.example.fr", 443, "cas");

        Assert.True(settings.IsValid);
        Assert.Equal("https://ent.example.fr/cas", settings.BaseUrl);
        Assert.Equal("https://ent.example.fr/cas/login?service=" + EncodedService, settings.LoginUrl(Service));
    }

    [Fact]
    public void Empty_root_puts_endpoints_at_the_host_root()
    {
        var settings = new CasServerSettings("ent.example.fr", root: "");

        Assert.Equal("https://ent.example.fr", settings.BaseUrl);
        Assert.Equal("https://ent.example.fr/logout", settings.LogoutUrl());
    }

    [Theory]
    [InlineData("/cas/", "https://ent.example.fr:8443/cas")]
    [InlineData("cas", "https://ent.example.fr:8443/cas")]
    [InlineData(" /sso/cas ", "https://ent.example.fr:8443/sso/cas")]
    [InlineData(null, "https://ent.example.fr:8443")]
    public void Non_default_port_is_kept_and_root_slashes_trimmed(string? root, string expected)
    {
        var settings = new CasServerSettings("ent.example.fr", 8443, root);

        Assert.Equal(expected, settings.BaseUrl);
    }

    [Fact]
    public void Validate_url_uses_p3_for_protocol_3_and_encodes_service_and_ticket()
    {
        var settings = new CasServerSettings("ent.example.fr", 443, "cas", protocol: "3.0");

        Assert.Equal(CasProtocolVersion.Cas30, settings.ProtocolVersion);
        Assert.Equal(
            "https://ent.example.fr/cas/p3/serviceValidate?service=" + EncodedService + "&ticket=ST-1-a%2Bb%2Fc%3D",
            settings.ValidateUrl(Service, "ST-1-a+b/c="));
    }

    [Fact]
    public void Validate_url_uses_serviceValidate_for_protocol_2()
    {
        var settings = new CasServerSettings("ent.example.fr", 443, "cas", protocol: "2.0");

        Assert.Equal(CasProtocolVersion.Cas20, settings.ProtocolVersion);
        Assert.Equal(
            "https://ent.example.fr/cas/serviceValidate?service=" + EncodedService + "&ticket=ST-42",
            settings.ValidateUrl(Service, "ST-42"));
    }

    [Fact]
    public void Blank_protocol_means_3_0()
    {
        Assert.Equal(CasProtocolVersion.Cas30, new CasServerSettings("ent.example.fr", protocol: " ").ProtocolVersion);
    }

    [Fact]
    public void Logout_url_with_and_without_service()
    {
        var settings = new CasServerSettings("ent.example.fr", 443, "cas");

        Assert.Equal("https://ent.example.fr/cas/logout", settings.LogoutUrl(null));
        Assert.Equal("https://ent.example.fr/cas/logout?service=https%3A%2F%2Fsacoche.example.fr%2F", settings.LogoutUrl("https://sacoche.example.fr/"));
    }

    [Fact]
    public void Overrides_replace_derived_urls_and_keep_their_own_query()
    {
        var settings = new CasServerSettings(
            "ent.example.fr",
            443,
            "cas",
            loginUrl: "https://auth.example.fr/login?tenant=0123456A",
            validateUrl: "https://auth.example.fr/validate",
            logoutUrl: " https://auth.example.fr/logout? ");

        Assert.True(settings.IsValid, string.Join(" ", settings.Validate().Select(e => e.Message)));
        Assert.Equal("https://auth.example.fr/login?tenant=0123456A&service=" + EncodedService, settings.LoginUrl(Service));
        Assert.Equal("https://auth.example.fr/validate?service=" + EncodedService + "&ticket=ST-1", settings.ValidateUrl(Service, "ST-1"));
        Assert.Equal("https://auth.example.fr/logout?service=x", settings.LogoutUrl("x"));
    }

    [Fact]
    public void Blank_overrides_are_ignored()
    {
        var settings = new CasServerSettings("ent.example.fr", loginUrl: "  ", validateUrl: "", logoutUrl: null);

        Assert.Null(settings.LoginUrlOverride);
        Assert.Equal("https://ent.example.fr/login?service=s", settings.LoginUrl("s"));
    }

    [Fact]
    public void Service_with_non_ascii_and_spaces_is_percent_encoded_in_utf8()
    {
        var settings = new CasServerSettings("ent.example.fr");

        Assert.Equal("https://ent.example.fr/login?service=https%3A%2F%2Fs.fr%2F%C3%A9l%C3%A8ve%20x", settings.LoginUrl("https://s.fr/élève x"));
    }

    [Fact]
    public void Http_requires_allowHttp_and_omits_port_80()
    {
        Assert.False(new CasServerSettings("127.0.0.1", 8080, "cas", scheme: CasUrlScheme.Http).IsValid);

        var settings = new CasServerSettings("127.0.0.1", 8080, "cas", scheme: CasUrlScheme.Http, allowHttp: true);
        Assert.True(settings.IsValid);
        Assert.Equal("http://127.0.0.1:8080/cas", settings.BaseUrl);
        Assert.Equal("http://localhost/cas", new CasServerSettings("localhost", 80, "cas", scheme: CasUrlScheme.Http, allowHttp: true).BaseUrl);
    }

    [Fact]
    public void Ipv6_host_is_bracketed()
    {
        Assert.Equal("https://[::1]:8443/cas", new CasServerSettings("::1", 8443, "cas").BaseUrl);
    }

    [Theory]
    [InlineData(null, CasServerSettings.HostField)]
    [InlineData("  ", CasServerSettings.HostField)]
    [InlineData("*.monent.fr", CasServerSettings.HostField)]
    [InlineData("https://ent.example.fr", CasServerSettings.HostField)]
    [InlineData("ent.example.fr/cas", CasServerSettings.HostField)]
    [InlineData("ent example.fr", CasServerSettings.HostField)]
    [InlineData("ent.example.fr:8443", CasServerSettings.HostField)]
    public void Invalid_hosts_are_reported_in_french(string? host, string field)
    {
        var settings = new CasServerSettings(host);

        var error = Assert.Single(settings.Validate());
        Assert.Equal(field, error.Field);
        Assert.Contains("serveur CAS", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => settings.LoginUrl(Service));
        Assert.Throws<InvalidOperationException>(() => settings.BaseUrl);
    }

    [Fact]
    public void Wildcard_host_message_asks_to_complete_the_sub_domain()
    {
        var error = Assert.Single(new CasServerSettings("*.monlycee.net").Validate());

        Assert.Contains("sous-domaine", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(65536)]
    public void Port_out_of_range_is_reported(int port)
    {
        var error = Assert.Single(new CasServerSettings("ent.example.fr", port).Validate());

        Assert.Equal(CasServerSettings.PortField, error.Field);
        Assert.Contains("entre 1 et 65535", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(65535)]
    public void Port_bounds_are_accepted(int port)
    {
        Assert.True(new CasServerSettings("ent.example.fr", port).IsValid);
    }

    [Theory]
    [InlineData("cas?x=1")]
    [InlineData("cas#x")]
    [InlineData("c as")]
    [InlineData("cas//sso")]
    [InlineData("../cas")]
    public void Invalid_roots_are_reported(string root)
    {
        var error = Assert.Single(new CasServerSettings("ent.example.fr", root: root).Validate());

        Assert.Equal(CasServerSettings.RootField, error.Field);
    }

    [Theory]
    [InlineData("/cas/login")]
    [InlineData("ent.example.fr/cas/login")]
    [InlineData("ftp://ent.example.fr/cas/login")]
    [InlineData("http://ent.example.fr/cas/login")]
    [InlineData("https://ent.example.fr/cas/login#x")]
    public void Override_must_be_an_absolute_https_url(string loginUrl)
    {
        var error = Assert.Single(new CasServerSettings("ent.example.fr", loginUrl: loginUrl).Validate());

        Assert.Equal(CasServerSettings.LoginUrlField, error.Field);
        Assert.Contains("connexion", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Http_override_is_accepted_with_allowHttp()
    {
        var settings = new CasServerSettings("ent.example.fr", validateUrl: "http://127.0.0.1:5000/cas/p3/serviceValidate", allowHttp: true);

        Assert.True(settings.IsValid);
        Assert.StartsWith("http://127.0.0.1:5000/cas/p3/serviceValidate?service=", settings.ValidateUrl("s", "t"), StringComparison.Ordinal);
    }

    [Fact]
    public void Each_invalid_field_gets_its_own_error()
    {
        var errors = new CasServerSettings(
            "", 0, "a b", loginUrl: "x", validateUrl: "y", logoutUrl: "z", protocol: "1.0").Validate();

        Assert.Equal(
            [CasServerSettings.HostField, CasServerSettings.PortField, CasServerSettings.RootField, CasServerSettings.LoginUrlField,
             CasServerSettings.ValidateUrlField, CasServerSettings.LogoutUrlField, CasServerSettings.ProtocolField],
            errors.Select(e => e.Field).ToArray());
        Assert.Contains(errors, e => e.Message.Contains("3.0 ou 2.0", StringComparison.Ordinal));
    }

    [Fact]
    public void Url_builders_reject_empty_service_or_ticket()
    {
        var settings = new CasServerSettings("ent.example.fr");

        Assert.ThrowsAny<ArgumentException>(() => settings.LoginUrl(""));
        Assert.ThrowsAny<ArgumentException>(() => settings.ValidateUrl("s", ""));
    }

    [Fact]
    public void Verify_tls_is_kept()
    {
        Assert.True(new CasServerSettings("ent.example.fr").VerifyTls);
        Assert.False(new CasServerSettings("ent.example.fr", verifyTls: false).VerifyTls);
    }
}
