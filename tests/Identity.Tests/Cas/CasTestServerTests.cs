using System.Net;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sacoche.Identity.Domain.Cas;
using Sacoche.Testing.Cas;

namespace Sacoche.Identity.Tests.Cas;

public sealed class CasTestServerTests : IDisposable
{
    private const string Service = "https://sacoche.test/?sso&base=123";

    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Base_url_is_loopback_with_root()
    {
        await using var cas = await CasTestServer.StartAsync();

        Assert.Matches(@"^http://127\.0\.0\.1:\d+/cas$", cas.BaseUrl);
        Assert.True(cas.Port > 0);
    }

    [Fact]
    public async Task Login_redirects_to_service_with_ampersand_ticket_when_service_has_a_query()
    {
        await using var cas = await CasTestServer.StartAsync();

        using var response = await _http.GetAsync(new Uri(cas.BaseUrl + "/login?service=" + Uri.EscapeDataString(Service)));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith(Service + "&ticket=ST-", location, StringComparison.Ordinal);
        Assert.Equal(1, cas.LoginCount);
        Assert.Equal(cas.LastIssuedTicket, TicketOf(location));
    }

    [Fact]
    public async Task Login_redirects_with_question_mark_ticket_when_service_has_no_query()
    {
        await using var cas = await CasTestServer.StartAsync();

        var location = await LoginAsync(cas, "https://sacoche.test/sso/123");

        Assert.StartsWith("https://sacoche.test/sso/123?ticket=ST-", location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tickets_are_unique_and_at_least_32_characters()
    {
        await using var cas = await CasTestServer.StartAsync();

        var first = TicketOf(await LoginAsync(cas, Service));
        var second = TicketOf(await LoginAsync(cas, Service));

        Assert.NotEqual(first, second);
        Assert.True(first.Length >= 32, first);
        Assert.StartsWith("ST-", first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task P3_validation_succeeds_with_attributes()
    {
        await using var cas = await CasTestServer.StartAsync();
        cas.SetUser("jdupont12");
        var ticket = TicketOf(await LoginAsync(cas, Service));

        var xml = await ValidateAsync(cas, "/p3/serviceValidate", Service, ticket);

        var root = XDocument.Parse(xml).Root!;
        Assert.Equal(XName.Get("serviceResponse", CasServiceResponse.Namespace), root.Name);
        var success = Assert.IsType<CasServiceResponse.Success>(CasServiceResponse.Parse(xml));
        Assert.Equal("jdupont12", success.User);
        Assert.Equal("National_ENS", success.Attribute("ENTPersonProfils"));
        Assert.Equal("true", success.Attribute("isFromNewLogin"));
        Assert.NotNull(success.Attribute("authenticationDate"));
        Assert.Equal(1, cas.ValidationCount);
        Assert.Equal(1, cas.SuccessfulValidationCount);
        Assert.Equal(0, cas.FailedValidationCount);
        Assert.Equal(new LastValidation(ticket, Service, "jdupont12"), cas.LastSuccessfulValidation);
    }

    [Fact]
    public async Task Cas2_validation_succeeds_without_attributes()
    {
        await using var cas = await CasTestServer.StartAsync();
        var ticket = TicketOf(await LoginAsync(cas, Service));

        var success = Assert.IsType<CasServiceResponse.Success>(CasServiceResponse.Parse(await ValidateAsync(cas, "/serviceValidate", Service, ticket)));

        Assert.Equal("jdupont", success.User);
        Assert.Empty(success.Attributes);
    }

    [Fact]
    public async Task Custom_attributes_are_released_in_p3()
    {
        await using var cas = await CasTestServer.StartAsync();
        cas.SetUser("eleve1", new Dictionary<string, IReadOnlyList<string>> { ["ENTPersonProfils"] = ["National_ELV"], ["ENTEleveClasses"] = ["3A", "3B"] });
        var ticket = cas.IssueTicket(Service);

        var success = Assert.IsType<CasServiceResponse.Success>(CasServiceResponse.Parse(await ValidateAsync(cas, "/p3/serviceValidate", Service, ticket)));

        Assert.Equal("eleve1", success.User);
        Assert.Equal(["3A", "3B"], success.Attributes["ENTEleveClasses"]);
    }

    [Fact]
    public async Task Ticket_is_single_use()
    {
        await using var cas = await CasTestServer.StartAsync();
        var ticket = TicketOf(await LoginAsync(cas, Service));

        Assert.IsType<CasServiceResponse.Success>(CasServiceResponse.Parse(await ValidateAsync(cas, "/p3/serviceValidate", Service, ticket)));
        var replay = Assert.IsType<CasServiceResponse.Failure>(CasServiceResponse.Parse(await ValidateAsync(cas, "/p3/serviceValidate", Service, ticket)));

        Assert.Equal("INVALID_TICKET", replay.Code);
        Assert.Equal(2, cas.ValidationCount);
        Assert.Equal(1, cas.FailedValidationCount);
        Assert.Equal(0, cas.PendingTicketCount);
    }

    [Fact]
    public async Task Ticket_expires_after_its_lifetime()
    {
        var clock = new ManualTimeProvider();
        await using var cas = await CasTestServer.StartAsync(new CasTestServerOptions { TimeProvider = clock, TicketLifetime = TimeSpan.FromSeconds(5) });
        var fresh = cas.IssueTicket(Service);
        var stale = cas.IssueTicket(Service);

        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.IsType<CasServiceResponse.Success>(CasServiceResponse.Parse(await ValidateAsync(cas, "/p3/serviceValidate", Service, fresh)));

        clock.Advance(TimeSpan.FromSeconds(1));
        var failure = Assert.IsType<CasServiceResponse.Failure>(CasServiceResponse.Parse(await ValidateAsync(cas, "/p3/serviceValidate", Service, stale)));
        Assert.Equal("INVALID_TICKET", failure.Code);
        Assert.Contains("expired", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Default_lifetime_is_ten_seconds()
    {
        var clock = new ManualTimeProvider();
        await using var cas = await CasTestServer.StartAsync(new CasTestServerOptions { TimeProvider = clock });
        var ticket = cas.IssueTicket(Service);

        clock.Advance(TimeSpan.FromSeconds(10));

        var failure = Assert.IsType<CasServiceResponse.Failure>(CasServiceResponse.Parse(await ValidateAsync(cas, "/serviceValidate", Service, ticket)));
        Assert.Equal("INVALID_TICKET", failure.Code);
    }

    [Theory]
    [InlineData("https://sacoche.test/?base=123&sso")]
    [InlineData("https://sacoche.test/?sso&base=123&")]
    [InlineData("https://SACOCHE.test/?sso&base=123")]
    [InlineData("https://sacoche.test?sso&base=123")]
    [InlineData("https://sacoche.test/?sso")]
    public async Task Service_must_match_byte_for_byte_and_the_ticket_is_burnt(string otherService)
    {
        await using var cas = await CasTestServer.StartAsync();
        var ticket = TicketOf(await LoginAsync(cas, Service));

        var failure = Assert.IsType<CasServiceResponse.Failure>(CasServiceResponse.Parse(await ValidateAsync(cas, "/p3/serviceValidate", otherService, ticket)));
        Assert.Equal("INVALID_SERVICE", failure.Code);

        var retry = Assert.IsType<CasServiceResponse.Failure>(CasServiceResponse.Parse(await ValidateAsync(cas, "/p3/serviceValidate", Service, ticket)));
        Assert.Equal("INVALID_TICKET", retry.Code);
    }

    [Fact]
    public async Task Unencoded_service_in_validation_is_a_service_mismatch()
    {
        await using var cas = await CasTestServer.StartAsync();
        var ticket = cas.IssueTicket(Service);

        // The classic client bug: service not URL-encoded, so "&base=123" becomes a separate parameter.
        var xml = await _http.GetStringAsync(new Uri(cas.BaseUrl + "/p3/serviceValidate?service=" + Service + "&ticket=" + ticket));

        Assert.Equal("INVALID_SERVICE", Assert.IsType<CasServiceResponse.Failure>(CasServiceResponse.Parse(xml)).Code);
    }

    [Theory]
    [InlineData("/p3/serviceValidate?ticket=ST-1")]
    [InlineData("/p3/serviceValidate?service=x")]
    [InlineData("/serviceValidate")]
    [InlineData("/serviceValidate?service=&ticket=")]
    public async Task Missing_parameters_give_invalid_request(string pathAndQuery)
    {
        await using var cas = await CasTestServer.StartAsync();

        var xml = await _http.GetStringAsync(new Uri(cas.BaseUrl + pathAndQuery));

        Assert.Equal("INVALID_REQUEST", Assert.IsType<CasServiceResponse.Failure>(CasServiceResponse.Parse(xml)).Code);
    }

    [Fact]
    public async Task Unknown_ticket_gives_invalid_ticket()
    {
        await using var cas = await CasTestServer.StartAsync();

        var failure = Assert.IsType<CasServiceResponse.Failure>(CasServiceResponse.Parse(await ValidateAsync(cas, "/p3/serviceValidate", Service, "ST-0-nope")));

        Assert.Equal("INVALID_TICKET", failure.Code);
        Assert.Contains("ST-0-nope", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Proxy_ticket_gives_invalid_ticket_spec()
    {
        await using var cas = await CasTestServer.StartAsync();

        var failure = Assert.IsType<CasServiceResponse.Failure>(CasServiceResponse.Parse(await ValidateAsync(cas, "/serviceValidate", Service, "PT-1-abc")));

        Assert.Equal("INVALID_TICKET_SPEC", failure.Code);
    }

    [Fact]
    public async Task Invalid_xml_switch_answers_an_unescaped_ampersand_that_the_parser_repairs()
    {
        await using var cas = await CasTestServer.StartAsync();
        cas.AnswerInvalidXml = true;

        var xml = await ValidateAsync(cas, "/serviceValidate", Service, cas.IssueTicket(Service));

        Assert.Contains(CasTestServer.InvalidXmlMarker, xml, StringComparison.Ordinal);
        Assert.ThrowsAny<System.Xml.XmlException>(() => XDocument.Parse(xml));
        var success = Assert.IsType<CasServiceResponse.Success>(CasServiceResponse.Parse(xml));
        Assert.True(success.Repaired);
        Assert.Equal("jdupont", success.User);
        Assert.Equal(CasTestServer.InvalidXmlMarker, success.Attribute("ENTStructureNom"));

        var failureXml = await ValidateAsync(cas, "/p3/serviceValidate", Service, "ST-0-unknown");
        Assert.Throws<System.Xml.XmlException>(() => XDocument.Parse(failureXml));
        Assert.Equal("INVALID_TICKET", Assert.IsType<CasServiceResponse.Failure>(CasServiceResponse.Parse(failureXml)).Code);
    }

    [Fact]
    public async Task Validation_delay_makes_a_client_time_out()
    {
        await using var cas = await CasTestServer.StartAsync();
        cas.ValidationDelay = Timeout.InfiniteTimeSpan;
        using var impatient = new HttpClient { Timeout = TimeSpan.FromMilliseconds(300) };

        var started = DateTime.UtcNow;
        await Assert.ThrowsAnyAsync<TaskCanceledException>(() => impatient.GetStringAsync(
            new Uri(cas.BaseUrl + "/p3/serviceValidate?service=" + Uri.EscapeDataString(Service) + "&ticket=" + cas.IssueTicket(Service))));

        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
        Assert.Equal(1, cas.ValidationCount);

        cas.ValidationDelay = TimeSpan.Zero;
        Assert.IsType<CasServiceResponse.Success>(CasServiceResponse.Parse(await ValidateAsync(cas, "/p3/serviceValidate", Service, cas.IssueTicket(Service))));
    }

    [Fact]
    public async Task Finite_validation_delay_is_applied()
    {
        await using var cas = await CasTestServer.StartAsync();
        cas.ValidationDelay = TimeSpan.FromMilliseconds(200);

        var started = DateTime.UtcNow;
        Assert.IsType<CasServiceResponse.Success>(CasServiceResponse.Parse(await ValidateAsync(cas, "/p3/serviceValidate", Service, cas.IssueTicket(Service))));

        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(180));
    }

    [Fact]
    public async Task Dispose_does_not_wait_for_a_hanging_validation()
    {
        var cas = await CasTestServer.StartAsync();
        cas.ValidationDelay = Timeout.InfiniteTimeSpan;
        var pending = _http.GetAsync(new Uri(cas.BaseUrl + "/p3/serviceValidate?service=s&ticket=t"));
        while (cas.ValidationCount == 0)
        {
            await Task.Delay(10);
        }

        var started = DateTime.UtcNow;
        await cas.DisposeAsync();

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(3));
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => pending);
    }

    [Fact]
    public async Task Logout_records_and_redirects_to_the_service()
    {
        await using var cas = await CasTestServer.StartAsync();

        using var response = await _http.GetAsync(new Uri(cas.BaseUrl + "/logout?service=" + Uri.EscapeDataString("https://sacoche.test/?base=123")));
        using var bare = await _http.GetAsync(new Uri(cas.BaseUrl + "/logout"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("https://sacoche.test/?base=123", response.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, bare.StatusCode);
        Assert.Equal(2, cas.LogoutCount);
        Assert.Equal(["https://sacoche.test/?base=123", null], cas.LoggedOutServices);
    }

    [Fact]
    public async Task Login_without_service_shows_a_page()
    {
        await using var cas = await CasTestServer.StartAsync();

        using var response = await _http.GetAsync(new Uri(cas.BaseUrl + "/login"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("jdupont", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, cas.LoginCount);
    }

    [Fact]
    public async Task Login_refuses_a_relative_service()
    {
        await using var cas = await CasTestServer.StartAsync();

        using var response = await _http.GetAsync(new Uri(cas.BaseUrl + "/login?service=%2Fhome"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Interactive_login_shows_a_form_and_a_post_signs_in_the_typed_user()
    {
        await using var cas = await CasTestServer.StartAsync(new CasTestServerOptions { InteractiveLogin = true });

        using var form = await _http.GetAsync(new Uri(cas.BaseUrl + "/login?service=" + Uri.EscapeDataString(Service)));
        var html = await form.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains("name=\"username\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"https://sacoche.test/?sso&amp;base=123\"", html, StringComparison.Ordinal);

        using var content = new FormUrlEncodedContent([new("username", "Éloïse.Martin"), new("password", "x"), new("service", Service)]);
        using var posted = await _http.PostAsync(new Uri(cas.BaseUrl + "/login"), content);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);

        var ticket = TicketOf(posted.Headers.Location!.OriginalString);
        var success = Assert.IsType<CasServiceResponse.Success>(CasServiceResponse.Parse(await ValidateAsync(cas, "/p3/serviceValidate", Service, ticket)));
        Assert.Equal("Éloïse.Martin", success.User);
        Assert.True(IdEntComparer.AreSame(success.User, "eloise.martin"));
    }

    [Fact]
    public async Task Interactive_login_with_empty_username_shows_the_form_again()
    {
        await using var cas = await CasTestServer.StartAsync(new CasTestServerOptions { InteractiveLogin = true });

        using var content = new FormUrlEncodedContent([new("username", " "), new("service", Service)]);
        using var posted = await _http.PostAsync(new Uri(cas.BaseUrl + "/login"), content);

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains("Saisissez un identifiant", await posted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, cas.LoginCount);
    }

    [Fact]
    public async Task Empty_root_serves_at_the_host_root()
    {
        await using var cas = await CasTestServer.StartAsync(new CasTestServerOptions { Root = "" });

        Assert.Matches(@"^http://127\.0\.0\.1:\d+$", cas.BaseUrl);
        var ticket = TicketOf(await LoginAsync(cas, Service));
        Assert.IsType<CasServiceResponse.Success>(CasServiceResponse.Parse(await ValidateAsync(cas, "/p3/serviceValidate", Service, ticket)));
    }

    [Fact]
    public async Task Unknown_path_is_404()
    {
        await using var cas = await CasTestServer.StartAsync();

        using var response = await _http.GetAsync(new Uri(cas.BaseUrl + "/proxyValidate"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Full_flow_through_CasServerSettings_urls()
    {
        await using var cas = await CasTestServer.StartAsync();
        var settings = new CasServerSettings(cas.Host, cas.Port, cas.Root, scheme: CasUrlScheme.Http, allowHttp: true);
        Assert.Equal(cas.BaseUrl, settings.BaseUrl);
        cas.SetUser("JDupont");

        using var login = await _http.GetAsync(new Uri(settings.LoginUrl(Service)));
        var ticket = TicketOf(login.Headers.Location!.OriginalString);
        var xml = await _http.GetStringAsync(new Uri(settings.ValidateUrl(Service, ticket)));

        var success = Assert.IsType<CasServiceResponse.Success>(CasServiceResponse.Parse(xml));
        Assert.True(IdEntComparer.AreSame(success.User, "jdupont"));

        var protocol2 = new CasServerSettings(cas.Host, cas.Port, cas.Root, protocol: "2.0", scheme: CasUrlScheme.Http, allowHttp: true);
        var xml2 = await _http.GetStringAsync(new Uri(protocol2.ValidateUrl(Service, cas.IssueTicket(Service))));
        Assert.Empty(Assert.IsType<CasServiceResponse.Success>(CasServiceResponse.Parse(xml2)).Attributes);

        using var logout = await _http.GetAsync(new Uri(settings.LogoutUrl("https://sacoche.test/")));
        Assert.Equal("https://sacoche.test/", logout.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Concurrent_logins_and_validations_all_succeed()
    {
        await using var cas = await CasTestServer.StartAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            var service = "https://sacoche.test/?sso&base=" + i;
            var ticket = TicketOf(await LoginAsync(cas, service));
            return CasServiceResponse.Parse(await ValidateAsync(cas, "/p3/serviceValidate", service, ticket));
        }));

        Assert.All(results, r => Assert.IsType<CasServiceResponse.Success>(r));
        Assert.Equal(200, cas.LoginCount);
        Assert.Equal(200, cas.SuccessfulValidationCount);
        Assert.Equal(0, cas.PendingTicketCount);

        cas.ResetCounters();
        Assert.Equal(0, cas.ValidationCount);
    }

    [Fact]
    public async Task Single_logout_posts_a_logout_request_form_to_the_service()
    {
        var received = new TaskCompletionSource<(string? ContentType, string? LogoutRequest)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        await using var app = builder.Build();
        app.Run(async context =>
        {
            var form = await context.Request.ReadFormAsync();
            received.TrySetResult((context.Request.ContentType, form["logoutRequest"].ToString()));
            context.Response.StatusCode = StatusCodes.Status200OK;
        });
        await app.StartAsync();
        var serviceUrl = app.Urls.First() + "/?sso&base=123";

        await using var cas = await CasTestServer.StartAsync();
        var status = await cas.SendSingleLogoutAsync(serviceUrl, "ST-5-abcdef-cas");

        Assert.Equal(HttpStatusCode.OK, status);
        var (contentType, logoutRequest) = await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.StartsWith("application/x-www-form-urlencoded", contentType, StringComparison.Ordinal);
        Assert.True(CasLogoutRequest.TryParseSessionIndex(logoutRequest, out var sessionIndex));
        Assert.Equal("ST-5-abcdef-cas", sessionIndex);
        await app.StopAsync();
    }

    private async Task<string> LoginAsync(CasTestServer cas, string service)
    {
        using var response = await _http.GetAsync(new Uri(cas.BaseUrl + "/login?service=" + Uri.EscapeDataString(service)));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!.OriginalString;
    }

    private async Task<string> ValidateAsync(CasTestServer cas, string endpoint, string service, string ticket)
    {
        using var response = await _http.GetAsync(new Uri(cas.BaseUrl + endpoint + "?service=" + Uri.EscapeDataString(service) + "&ticket=" + Uri.EscapeDataString(ticket)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("application/xml", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        return await response.Content.ReadAsStringAsync();
    }

    private static string TicketOf(string location)
    {
        var index = location.LastIndexOf("ticket=", StringComparison.Ordinal);
        Assert.True(index >= 0, location);
        return Uri.UnescapeDataString(location[(index + "ticket=".Length)..]);
    }

    private sealed class ManualTimeProvider : TimeProvider
    {
        private long _ticks = DateTimeOffset.UtcNow.UtcTicks;

        public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}
