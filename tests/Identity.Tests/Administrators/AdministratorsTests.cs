using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sacoche.Common.Results;
using Sacoche.Identity.Application.Accounts;
using Sacoche.Identity.Application.Administrators;
using Sacoche.Identity.Application.Audit;
using Sacoche.Identity.Application.SignIn;
using Sacoche.Identity.Domain;

namespace Sacoche.Identity.Tests.Administrators;

/// <summary>
/// Several administrators per establishment (issue 17, item 2): created with a generated password
/// that signs in, disabled (sign-in refused, sessions ended) and re-enabled, never the last active one;
/// every action audited without a password; the accounts list shows the last sign-in (item 4).
/// </summary>
public sealed class AdministratorsTests(AdministratorsFixture identity) : IClassFixture<AdministratorsFixture>
{
    private static async Task<string> CodeAsync(HttpResponseMessage response)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty("type").GetString()!.Split('/')[^1];
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    [Fact]
    public async Task A_created_administrator_signs_in_with_his_initial_password_and_is_listed()
    {
        var (baseId, admin, _) = await identity.AddEstablishmentAsync();
        using var client = identity.Client(admin);

        var response = await client.PostAsJsonAsync("/api/identity/administrators", new { login = "Second.Admin", lastName = "Durand", firstName = "Paul" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<AdministratorCreated>())!;
        Assert.Equal("second.admin", created.Login);
        Assert.Null(AccountService.StrengthProblem(created.Password, "", created.Login));
        Assert.Equal(SignInOutcome.Success, (await identity.SignInAsync(baseId, "second.admin", created.Password)).Outcome);

        var list = (await client.GetFromJsonAsync<List<AdministratorView>>("/api/identity/administrators"))!;
        Assert.Equal(["admin", "second.admin"], list.Select(a => a.Login).Order(StringComparer.Ordinal));
        var second = list.Single(a => a.Login == "second.admin");
        Assert.True(second.Active);
        Assert.Equal(("Durand", "Paul"), (second.LastName, second.FirstName));
        Assert.NotNull(second.LastSignInAt);
        Assert.Null(list.Single(a => a.Login == "admin").LastSignInAt);

        var audit = await identity.AuditAsync(baseId);
        var row = Assert.Single(audit);
        Assert.Equal((AuditActions.AdministratorCreated, created.Id, "second.admin", admin.Id), (row.Action, row.TargetId, row.TargetLogin, row.ActorId));
        Assert.Equal("Admin Premier", row.ActorName);
    }

    [Fact]
    public async Task A_taken_login_answers_409_and_invalid_fields_400_with_nothing_created()
    {
        var (baseId, admin, _) = await identity.AddEstablishmentAsync();
        using var client = identity.Client(admin);
        var before = await identity.CountAsync(baseId);

        var taken = await client.PostAsJsonAsync("/api/identity/administrators", new { login = "anne.martin", lastName = "Autre", firstName = "Anne" });
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Equal(ErrorCodes.LoginTaken.Code, await CodeAsync(taken));
        Assert.Contains("déjà utilisé", (await ProblemAsync(taken)).GetProperty("detail").GetString(), StringComparison.Ordinal);

        var invalid = await client.PostAsJsonAsync("/api/identity/administrators", new { login = "é toile", lastName = "", firstName = new string('x', 101) });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await ProblemAsync(invalid)).GetProperty("errors");
        Assert.Contains("identifiant", errors.GetProperty("login")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("nom est obligatoire", errors.GetProperty("lastName")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("prénom", errors.GetProperty("firstName")[0].GetString(), StringComparison.Ordinal);

        Assert.Equal(before, await identity.CountAsync(baseId));
        Assert.Empty(await identity.AuditAsync(baseId));
    }

    [Fact]
    public async Task A_disabled_administrator_cannot_sign_in_and_loses_his_sessions_until_re_enabled()
    {
        var (baseId, admin, _) = await identity.AddEstablishmentAsync();
        using var client = identity.Client(admin);
        var created = (await (await client.PostAsJsonAsync("/api/identity/administrators", new { login = "adjoint", lastName = "Petit", firstName = "Marc" }))
            .Content.ReadFromJsonAsync<AdministratorCreated>())!;
        Assert.Equal(SignInOutcome.Success, (await identity.SignInAsync(baseId, "adjoint", created.Password)).Outcome);
        var sessionStart = DateTimeOffset.UtcNow;
        await Task.Delay(10);
        Assert.True(await identity.SessionAliveAsync(created.Id, sessionStart));

        var disabled = await client.PutAsJsonAsync($"/api/identity/administrators/{created.Id}", new { active = false });
        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.False((await disabled.Content.ReadFromJsonAsync<AdministratorView>())!.Active);
        Assert.Equal(SignInOutcome.Exited, (await identity.SignInAsync(baseId, "adjoint", created.Password)).Outcome);
        Assert.False(await identity.SessionAliveAsync(created.Id, sessionStart));
        Assert.NotNull((await identity.AccountAsync(created.Id)).SessionsRevokedAt);

        var enabled = await client.PutAsJsonAsync($"/api/identity/administrators/{created.Id}", new { active = true });
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        Assert.True((await enabled.Content.ReadFromJsonAsync<AdministratorView>())!.Active);
        Assert.Equal(SignInOutcome.Success, (await identity.SignInAsync(baseId, "adjoint", created.Password)).Outcome);

        Assert.Equal([AuditActions.AdministratorCreated, AuditActions.AdministratorDisabled, AuditActions.AdministratorEnabled],
            (await identity.AuditAsync(baseId)).Select(a => a.Action));
    }

    [Fact]
    public async Task The_last_active_administrator_cannot_be_disabled()
    {
        var (baseId, admin, _) = await identity.AddEstablishmentAsync();
        using var client = identity.Client(admin);

        var refused = await client.PutAsJsonAsync($"/api/identity/administrators/{admin.Id}", new { active = false });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(ErrorCodes.LastAdministrator.Code, await CodeAsync(refused));
        Assert.Contains("dernier administrateur actif", (await ProblemAsync(refused)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Null((await identity.AccountAsync(admin.Id)).DisabledAt);
        Assert.Equal(SignInOutcome.Success, (await identity.SignInAsync(baseId, "admin", AdministratorsFixture.AdminPassword)).Outcome);

        // With a second active administrator, the first may disable himself; the second is then the last.
        var second = (await (await client.PostAsJsonAsync("/api/identity/administrators", new { login = "second", lastName = "Deux", firstName = "Admin" }))
            .Content.ReadFromJsonAsync<AdministratorCreated>())!;
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync($"/api/identity/administrators/{admin.Id}", new { active = false })).StatusCode);
        using var secondClient = identity.Client(await identity.AccountAsync(second.Id));
        var last = await secondClient.PutAsJsonAsync($"/api/identity/administrators/{second.Id}", new { active = false });
        Assert.Equal(HttpStatusCode.Conflict, last.StatusCode);
        Assert.Null((await identity.AccountAsync(second.Id)).DisabledAt);
    }

    [Fact]
    public async Task Only_the_establishments_administrators_manage_them()
    {
        var (_, admin, teacher) = await identity.AddEstablishmentAsync();
        var (_, otherAdmin, _) = await identity.AddEstablishmentAsync();
        using var teacherClient = identity.Client(teacher);
        using var otherClient = identity.Client(otherAdmin);

        Assert.Equal(HttpStatusCode.Forbidden, (await teacherClient.GetAsync("/api/identity/administrators")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await teacherClient.PostAsJsonAsync("/api/identity/administrators", new { login = "pirate", lastName = "P", firstName = "P" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await teacherClient.GetAsync("/api/identity/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherClient.PutAsJsonAsync($"/api/identity/administrators/{admin.Id}", new { active = false })).StatusCode);
        // A teacher's id is not an administrator's.
        using var adminClient = identity.Client(admin);
        Assert.Equal(HttpStatusCode.NotFound, (await adminClient.PutAsJsonAsync($"/api/identity/administrators/{teacher.Id}", new { active = false })).StatusCode);
        Assert.DoesNotContain((await otherClient.GetFromJsonAsync<List<AdministratorView>>("/api/identity/administrators"))!, a => a.Id == admin.Id);
        Assert.Null((await identity.AccountAsync(admin.Id)).DisabledAt);
    }

    [Fact]
    public async Task Password_resets_and_ent_ids_are_audited_without_passwords_and_listed_by_action()
    {
        var (baseId, admin, teacher) = await identity.AddEstablishmentAsync();
        using var client = identity.Client(admin);

        var reset = (await (await client.PostAsync($"/api/identity/accounts/{teacher.Id}/password", null)).Content.ReadFromJsonAsync<PasswordReset>())!;
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync($"/api/identity/accounts/{teacher.Id}/ent-id", new { entId = "AMartin" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync($"/api/identity/accounts/{teacher.Id}/ent-id", new { entId = "AMartin" })).StatusCode); // unchanged: no row
        var created = (await (await client.PostAsJsonAsync("/api/identity/administrators", new { login = "adm2", lastName = "Deux", firstName = "Admin" }))
            .Content.ReadFromJsonAsync<AdministratorCreated>())!;

        var page = (await client.GetFromJsonAsync<PagedList<AuditEntryView>>("/api/identity/audit?page=1&pageSize=2"))!;
        Assert.Equal(3, page.TotalCount);
        Assert.Equal(2, page.Items.Count);
        Assert.Equal(AuditActions.AdministratorCreated, page.Items[0].Action); // newest first
        var resets = (await client.GetFromJsonAsync<PagedList<AuditEntryView>>("/api/identity/audit?action=password-reset"))!;
        var row = Assert.Single(resets.Items);
        Assert.Equal((teacher.Id, "anne.martin", admin.Id), (row.TargetId, row.TargetLogin, row.ActorId));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/identity/audit?action=whatever")).StatusCode);

        var raw = await client.GetStringAsync("/api/identity/audit?pageSize=200");
        Assert.DoesNotContain(reset.Password, raw, StringComparison.Ordinal);
        Assert.DoesNotContain(created.Password, raw, StringComparison.Ordinal);
        Assert.Equal([AuditActions.PasswordReset, AuditActions.EntIdSet, AuditActions.AdministratorCreated], (await identity.AuditAsync(baseId)).Select(a => a.Action));
    }

    [Fact]
    public async Task The_accounts_list_shows_the_last_sign_in()
    {
        var (baseId, admin, _) = await identity.AddEstablishmentAsync();
        using var client = identity.Client(admin);
        var before = (await client.GetFromJsonAsync<PagedList<AccountView>>("/api/identity/accounts?profile=ADM"))!;
        Assert.Null(Assert.Single(before.Items).LastSignInAt);

        Assert.Equal(SignInOutcome.Success, (await identity.SignInAsync(baseId, "admin", AdministratorsFixture.AdminPassword)).Outcome);

        var after = (await client.GetFromJsonAsync<PagedList<AccountView>>("/api/identity/accounts?profile=ADM"))!;
        Assert.NotNull(Assert.Single(after.Items).LastSignInAt);
        Assert.InRange(after.Items[0].LastSignInAt!.Value, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
    }
}
