using Clientele.Organizations;
using Clientele.Persistence;

namespace Clientele.Tests.Auth;

/// <summary>Refresh-token rotation, revocation, and the end of a customer's sessions when its password changes or it is deleted.</summary>
public abstract class SessionTests(ApiFixture api)
{
    private const string NewPassword = "a brand new passphrase";

    private string SalesChannel(string mode = Modes.Test, string org = ApiFixture.Org) => api.Credentials(ApplicationKinds.SalesChannel, mode, org).ClientId;

    private Task<Reply> RefreshAsync(string? refreshToken, string? clientId = null) =>
        api.TokenAsync(new { grant_type = "refresh_token", client_id = clientId ?? SalesChannel(), refresh_token = refreshToken });

    private static string Value(Reply reply, string name)
    {
        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
        return reply.Json.GetProperty(name).GetString()!;
    }

    private static void ShouldBeInvalidGrant(Reply reply)
    {
        reply.Status.ShouldBe(HttpStatusCode.Unauthorized, reply.Text);
        reply.Error().GetProperty("title").GetString().ShouldBe("invalid_grant");
        reply.Error().GetProperty("status").GetInt32().ShouldBe(401);
    }

    private static void ShouldBeInvalidToken(Reply reply)
    {
        reply.Status.ShouldBe(HttpStatusCode.Unauthorized, reply.Text);
        reply.Code.ShouldBe("INVALID_TOKEN");
    }

    /// <summary>A customer with a password and two separate logins (two devices).</summary>
    private async Task<(string Id, string Email, Reply First, Reply Second)> CustomerWithTwoSessionsAsync()
    {
        var email = Unique.Email();
        var id = await api.CreateCustomerAsync(email, Unique.Password);
        var first = await api.PasswordGrantAsync(email, Unique.Password);
        var second = await api.PasswordGrantAsync(email, Unique.Password);
        first.Status.ShouldBe(HttpStatusCode.OK, first.Text);
        second.Status.ShouldBe(HttpStatusCode.OK, second.Text);
        return (id, email, first, second);
    }

    private Task<Reply> OwnRecord(string id, string accessToken) => api.Client(accessToken).GetAsync($"/api/customers/{id}");

    [Fact]
    public async Task A_refresh_rotates_the_refresh_token_and_the_old_one_then_fails()
    {
        var (id, _, login) = await api.CustomerAsync();
        var first = login.GetProperty("refresh_token").GetString();

        var refreshed = await RefreshAsync(first);
        var second = Value(refreshed, "refresh_token");
        var reused = await RefreshAsync(first);
        var again = await RefreshAsync(second);

        refreshed.Json.EnumerateObject().Select(p => p.Name).Order()
            .ShouldBe(["access_token", "created_at", "expires_in", "owner_id", "owner_type", "refresh_token", "scope", "token_type"]);
        refreshed.Json.GetProperty("owner_id").GetString().ShouldBe(id);
        refreshed.Json.GetProperty("owner_type").GetString().ShouldBe("customer");
        refreshed.Json.GetProperty("token_type").GetString().ShouldBe("bearer");
        refreshed.Json.GetProperty("expires_in").GetInt32().ShouldBe(14400);
        second.ShouldNotBe(first);
        Jwt.Parse(Value(refreshed, "access_token")).Payload.GetProperty("owner").GetProperty("id").GetString().ShouldBe(id);
        (await OwnRecord(id, Value(refreshed, "access_token"))).Status.ShouldBe(HttpStatusCode.OK);
        ShouldBeInvalidGrant(reused);
        Value(again, "refresh_token").ShouldNotBe(second);
        (await OwnRecord(id, Value(again, "access_token"))).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Concurrent_refreshes_with_one_token_succeed_at_most_once()
    {
        var (_, _, login) = await api.CustomerAsync();
        var token = login.GetProperty("refresh_token").GetString();

        var replies = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => RefreshAsync(token)));

        replies.Count(r => r.Status == HttpStatusCode.OK).ShouldBe(1, string.Join("\n", replies.Select(r => r.Text)));
        foreach (var failed in replies.Where(r => r.Status != HttpStatusCode.OK)) ShouldBeInvalidGrant(failed);
    }

    [Fact]
    public async Task A_refresh_token_works_only_with_the_application_it_was_issued_to()
    {
        var (_, _, login) = await api.CustomerAsync();
        var token = login.GetProperty("refresh_token").GetString();
        var sibling = await api.CreateApplicationAsync(ApplicationKinds.SalesChannel);

        var sameOrganization = await RefreshAsync(token, sibling.ClientId);
        var otherOrganization = await RefreshAsync(token, SalesChannel(org: ApiFixture.OtherOrg));
        var otherMode = await RefreshAsync(token, SalesChannel(Modes.Live));
        var own = await RefreshAsync(token);

        ShouldBeInvalidGrant(sameOrganization);
        ShouldBeInvalidGrant(otherOrganization);
        ShouldBeInvalidGrant(otherMode);
        own.Status.ShouldBe(HttpStatusCode.OK, own.Text);
    }

    [Theory]
    [InlineData("not-a-refresh-token")]
    [InlineData("")]
    public async Task An_unknown_or_empty_refresh_token_is_refused(string token)
    {
        var reply = await RefreshAsync(token);

        reply.Status.ShouldBeOneOf(HttpStatusCode.Unauthorized, HttpStatusCode.BadRequest);
        reply.Error().GetProperty("title").GetString().ShouldBe(token.Length == 0 ? "invalid_request" : "invalid_grant");
    }

    [Fact]
    public async Task A_refresh_token_expires_after_two_weeks()
    {
        var (_, _, login) = await api.CustomerAsync();
        var (_, _, other) = await api.CustomerAsync();

        api.Clock.Advance(TimeSpan.FromDays(14) - TimeSpan.FromMinutes(1));
        var justBefore = await RefreshAsync(other.GetProperty("refresh_token").GetString());
        api.Clock.Advance(TimeSpan.FromMinutes(2));
        var after = await RefreshAsync(login.GetProperty("refresh_token").GetString());

        justBefore.Status.ShouldBe(HttpStatusCode.OK, justBefore.Text);
        ShouldBeInvalidGrant(after);
    }

    [Fact]
    public async Task Revoking_a_refresh_token_makes_it_unusable()
    {
        var (_, _, login) = await api.CustomerAsync();
        var token = login.GetProperty("refresh_token").GetString();

        var revoked = await api.RevokeAsync(new { client_id = SalesChannel(), token });
        var refresh = await RefreshAsync(token);

        revoked.Status.ShouldBe(HttpStatusCode.OK, revoked.Text);
        revoked.Text.ShouldBe("{}");
        ShouldBeInvalidGrant(refresh);
    }

    [Fact]
    public async Task Revoking_an_access_token_makes_the_api_refuse_it_as_an_invalid_token()
    {
        var integration = api.Credentials(ApplicationKinds.Integration);
        var token = await api.IntegrationTokenAsync();
        var sibling = await api.IntegrationTokenAsync();
        var (id, _, login) = await api.CustomerAsync();
        var customerToken = login.GetProperty("access_token").GetString()!;

        var before = await api.Client(token).GetAsync("/api/customers");
        var revoked = await api.RevokeAsync(new { client_id = integration.ClientId, client_secret = integration.ClientSecret, token });
        var revokedCustomer = await api.RevokeAsync(new { client_id = SalesChannel(), token = customerToken });
        var after = await api.Client(token).GetAsync("/api/customers");
        var customerAfter = await OwnRecord(id, customerToken);
        var siblingAfter = await api.Client(sibling).GetAsync("/api/customers");
        var twice = await api.RevokeAsync(new { client_id = integration.ClientId, client_secret = integration.ClientSecret, token });

        before.Status.ShouldBe(HttpStatusCode.OK);
        revoked.Status.ShouldBe(HttpStatusCode.OK, revoked.Text);
        revoked.Text.ShouldBe("{}");
        revokedCustomer.Text.ShouldBe("{}");
        ShouldBeInvalidToken(after);
        ShouldBeInvalidToken(customerAfter);
        siblingAfter.Status.ShouldBe(HttpStatusCode.OK, siblingAfter.Text);
        twice.Status.ShouldBe(HttpStatusCode.OK, twice.Text);
    }

    [Fact]
    public async Task Revoke_answers_200_with_an_empty_object_for_unknown_tokens()
    {
        var salesChannel = SalesChannel();
        var forged = $"{Jwt.Encode("{\"alg\":\"RS512\",\"kid\":\"x\"}")}.{Jwt.Encode("{}")}.c2lnbmF0dXJl";

        foreach (var token in new[] { "never-issued", "a.b.c", forged })
        {
            var reply = await api.RevokeAsync(new { client_id = salesChannel, token });

            reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
            reply.Text.ShouldBe("{}");
        }
    }

    [Fact]
    public async Task Revoke_without_a_token_is_a_bad_request()
    {
        var reply = await api.RevokeAsync(new { client_id = SalesChannel() });

        reply.Status.ShouldBe(HttpStatusCode.BadRequest, reply.Text);
        reply.Error().GetProperty("title").GetString().ShouldBe("invalid_request");
        reply.Error().GetProperty("status").GetInt32().ShouldBe(400);
    }

    [Fact]
    public async Task Revoke_with_a_wrong_secret_is_an_invalid_client_and_revokes_nothing()
    {
        var integration = api.Credentials(ApplicationKinds.Integration);
        var token = await api.IntegrationTokenAsync();

        var reply = await api.RevokeAsync(new { client_id = integration.ClientId, client_secret = "wrong", token });
        var still = await api.Client(token).GetAsync("/api/customers");

        reply.Status.ShouldBe(HttpStatusCode.Unauthorized, reply.Text);
        reply.Error().GetProperty("title").GetString().ShouldBe("invalid_client");
        reply.Error().GetProperty("status").GetInt32().ShouldBe(401);
        still.Status.ShouldBe(HttpStatusCode.OK, still.Text);
    }

    [Fact]
    public async Task Another_application_cannot_revoke_a_token_it_does_not_own()
    {
        var token = await api.IntegrationTokenAsync();
        var (_, _, login) = await api.CustomerAsync();
        var refresh = login.GetProperty("refresh_token").GetString();
        var globex = api.Credentials(ApplicationKinds.Integration, org: ApiFixture.OtherOrg);
        var sibling = await api.CreateApplicationAsync(ApplicationKinds.Integration);
        var siblingChannel = await api.CreateApplicationAsync(ApplicationKinds.SalesChannel);

        var accessRevokes = new[]
        {
            await api.RevokeAsync(new { client_id = globex.ClientId, client_secret = globex.ClientSecret, token }),
            await api.RevokeAsync(new { client_id = sibling.ClientId, client_secret = sibling.ClientSecret, token }),
        };
        var refreshRevokes = new[]
        {
            await api.RevokeAsync(new { client_id = SalesChannel(org: ApiFixture.OtherOrg), token = refresh }),
            await api.RevokeAsync(new { client_id = siblingChannel.ClientId, token = refresh }),
        };
        var still = await api.Client(token).GetAsync("/api/customers");
        var refreshed = await RefreshAsync(refresh);

        foreach (var reply in accessRevokes.Concat(refreshRevokes)) reply.Text.ShouldBe("{}");
        still.Status.ShouldBe(HttpStatusCode.OK, still.Text);
        refreshed.Status.ShouldBe(HttpStatusCode.OK, refreshed.Text);
    }

    [Fact]
    public async Task A_password_change_by_an_integration_ends_every_session_of_that_customer_only()
    {
        var (id, email, first, second) = await CustomerWithTwoSessionsAsync();
        var (otherId, _, bystander) = await api.CustomerAsync();

        var patched = await (await api.IntegrationAsync()).PatchAsync($"/api/customers/{id}", Body.Update("customers", id, new { password = NewPassword }));

        patched.Status.ShouldBe(HttpStatusCode.OK, patched.Text);
        ShouldBeInvalidGrant(await RefreshAsync(first.Json.GetProperty("refresh_token").GetString()));
        ShouldBeInvalidGrant(await RefreshAsync(second.Json.GetProperty("refresh_token").GetString()));
        ShouldBeInvalidToken(await OwnRecord(id, Value(first, "access_token")));
        ShouldBeInvalidToken(await OwnRecord(id, Value(second, "access_token")));
        ShouldBeInvalidGrant(await api.PasswordGrantAsync(email, Unique.Password));
        var relogin = await api.PasswordGrantAsync(email, NewPassword);
        relogin.Json.GetProperty("owner_id").GetString().ShouldBe(id);
        (await OwnRecord(id, Value(relogin, "access_token"))).Status.ShouldBe(HttpStatusCode.OK);
        (await RefreshAsync(Value(relogin, "refresh_token"))).Status.ShouldBe(HttpStatusCode.OK);
        (await OwnRecord(otherId, bystander.GetProperty("access_token").GetString()!)).Status.ShouldBe(HttpStatusCode.OK);
        (await RefreshAsync(bystander.GetProperty("refresh_token").GetString())).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_password_change_by_the_customer_itself_ends_its_sessions_including_the_one_it_used()
    {
        var (id, email, first, second) = await CustomerWithTwoSessionsAsync();

        var patched = await api.Client(Value(first, "access_token")).PatchAsync($"/api/customers/{id}", Body.Update("customers", id, new { password = NewPassword }));

        patched.Status.ShouldBe(HttpStatusCode.OK, patched.Text);
        ShouldBeInvalidToken(await OwnRecord(id, Value(first, "access_token")));
        ShouldBeInvalidToken(await OwnRecord(id, Value(second, "access_token")));
        ShouldBeInvalidGrant(await RefreshAsync(first.Json.GetProperty("refresh_token").GetString()));
        ShouldBeInvalidGrant(await RefreshAsync(second.Json.GetProperty("refresh_token").GetString()));
        ShouldBeInvalidGrant(await api.PasswordGrantAsync(email, Unique.Password));
        var relogin = await api.PasswordGrantAsync(email, NewPassword);
        (await OwnRecord(id, Value(relogin, "access_token"))).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Updates_that_do_not_touch_the_password_keep_the_sessions_alive()
    {
        var (id, _, first, _) = await CustomerWithTwoSessionsAsync();

        var patched = await (await api.IntegrationAsync()).PatchAsync($"/api/customers/{id}", Body.Update("customers", id, new { reference = "crm-42", email = Unique.Email() }));

        patched.Status.ShouldBe(HttpStatusCode.OK, patched.Text);
        (await OwnRecord(id, Value(first, "access_token"))).Status.ShouldBe(HttpStatusCode.OK);
        (await RefreshAsync(first.Json.GetProperty("refresh_token").GetString())).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Deleting_a_customer_makes_its_tokens_invalid()
    {
        var (id, email, first, _) = await CustomerWithTwoSessionsAsync();

        var deleted = await (await api.IntegrationAsync()).DeleteAsync($"/api/customers/{id}");

        deleted.Status.ShouldBe(HttpStatusCode.NoContent, deleted.Text);
        ShouldBeInvalidToken(await OwnRecord(id, Value(first, "access_token")));
        ShouldBeInvalidToken(await api.Client(Value(first, "access_token")).GetAsync("/api/customers"));
        ShouldBeInvalidGrant(await RefreshAsync(first.Json.GetProperty("refresh_token").GetString()));
        ShouldBeInvalidGrant(await api.PasswordGrantAsync(email, Unique.Password));
    }

    [Fact]
    public async Task A_customer_deleting_itself_ends_its_own_session()
    {
        var (id, _, first, _) = await CustomerWithTwoSessionsAsync();

        var deleted = await api.Client(Value(first, "access_token")).DeleteAsync($"/api/customers/{id}");

        deleted.Status.ShouldBe(HttpStatusCode.NoContent, deleted.Text);
        ShouldBeInvalidToken(await OwnRecord(id, Value(first, "access_token")));
        ShouldBeInvalidGrant(await RefreshAsync(first.Json.GetProperty("refresh_token").GetString()));
    }

    [Fact]
    public async Task Tokens_issued_by_one_instance_verify_in_another_on_the_same_database()
    {
        var integration = api.Credentials(ApplicationKinds.Integration);
        var (id, _, login) = await api.CustomerAsync();
        var fromFirst = await api.IntegrationTokenAsync();
        var firstKeys = (await api.Client().GetAsync("/.well-known/jwks.json")).Text;

        await using var restarted = api.AnotherInstance();
        var second = ApiFixture.ClientOf(restarted);
        var secondKeys = (await second.GetAsync("/.well-known/jwks.json")).Text;
        var accepted = await ApiFixture.ClientOf(restarted, fromFirst).GetAsync("/api/customers");
        var customerAccepted = await ApiFixture.ClientOf(restarted, login.GetProperty("access_token").GetString()).GetAsync($"/api/customers/{id}");
        var refreshed = await second.PostJsonAsync("/oauth/token",
            new { grant_type = "refresh_token", client_id = SalesChannel(), refresh_token = login.GetProperty("refresh_token").GetString() }, "application/json");
        var issuedBySecond = await second.PostJsonAsync("/oauth/token",
            new { grant_type = "client_credentials", client_id = integration.ClientId, client_secret = integration.ClientSecret }, "application/json");
        var acceptedBack = await api.Client(Value(issuedBySecond, "access_token")).GetAsync("/api/customers");

        secondKeys.ShouldBe(firstKeys);
        Jwt.Parse(Value(issuedBySecond, "access_token")).Kid.ShouldBe(Jwt.Parse(fromFirst).Kid);
        accepted.Status.ShouldBe(HttpStatusCode.OK, accepted.Text);
        customerAccepted.Status.ShouldBe(HttpStatusCode.OK, customerAccepted.Text);
        (await OwnRecord(id, Value(refreshed, "access_token"))).Status.ShouldBe(HttpStatusCode.OK);
        acceptedBack.Status.ShouldBe(HttpStatusCode.OK, acceptedBack.Text);
    }

    [Fact]
    public async Task A_token_revoked_through_one_instance_is_refused_by_another()
    {
        var integration = api.Credentials(ApplicationKinds.Integration);
        var token = await api.IntegrationTokenAsync();
        await using var other = api.AnotherInstance();

        var revoked = await ApiFixture.ClientOf(other).PostJsonAsync("/oauth/revoke",
            new { client_id = integration.ClientId, client_secret = integration.ClientSecret, token }, "application/json");
        var reply = await api.Client(token).GetAsync("/api/customers");

        revoked.Status.ShouldBe(HttpStatusCode.OK, revoked.Text);
        ShouldBeInvalidToken(reply);
    }
}

public sealed class SessionsOnSqlite(SqliteApi api) : SessionTests(api), IClassFixture<SqliteApi>;

public sealed class SessionsOnPostgres(PostgresApi api) : SessionTests(api), IClassFixture<PostgresApi>;
