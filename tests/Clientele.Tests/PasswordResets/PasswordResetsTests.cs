using Clientele.Auth;
using Clientele.Organizations;
using Microsoft.EntityFrameworkCore;

namespace Clientele.Tests.PasswordResets;

/// <summary>customer_password_resets: a token issued to an integration, used once by whoever holds it.</summary>
public abstract class PasswordResetsTests(ApiFixture api)
{
    private const string NewPassword = "a brand new passphrase";
    private const string TokenPointer = "/data/attributes/_reset_password_token";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(string Id, string Token, Reply Reply)> CreateResetAsync(string email)
    {
        var reply = await (await api.IntegrationAsync()).PostAsync("/api/customer_password_resets", Body.Resource("customer_password_resets", new { customer_email = email }));
        reply.Status.ShouldBe(HttpStatusCode.Created, reply.Text);
        return (reply.Id, reply.Attributes.GetProperty("reset_password_token").GetString()!, reply);
    }

    private static Task<Reply> UseAsync(ApiClient client, string id, string token, string password = NewPassword) =>
        client.PatchAsync($"/api/customer_password_resets/{id}",
            Body.Update("customer_password_resets", id, new { customer_password = password, _reset_password_token = token }));

    private async Task<ApiClient> GuestAsync() => api.Client(await api.GuestTokenAsync());

    private static void ShouldBeRefusedToken(Reply reply)
    {
        reply.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, reply.Text);
        reply.Code.ShouldBe("VALIDATION_ERROR");
        reply.Pointer.ShouldBe(TokenPointer);
    }

    [Fact]
    public async Task Create_answers_201_with_the_token_and_the_customer_relationship()
    {
        var email = Unique.Email();
        var customerId = await api.CreateCustomerAsync(email, Unique.Password);

        var (id, token, reply) = await CreateResetAsync(email.ToUpperInvariant());

        reply.Data.GetProperty("type").GetString().ShouldBe("customer_password_resets");
        reply.Attributes.GetProperty("customer_email").GetString().ShouldBe(email);
        token.Length.ShouldBeGreaterThanOrEqualTo(32);
        reply.Attributes.GetProperty("reset_password_at").ValueKind.ShouldBe(JsonValueKind.Null);
        reply.Attributes.TryGetProperty("customer_password", out _).ShouldBeFalse();
        reply.Attributes.TryGetProperty("_reset_password_token", out _).ShouldBeFalse();
        reply.Data.GetProperty("relationships").GetProperty("customer").GetProperty("links").GetProperty("related").GetString()
            .ShouldEndWith($"/api/customer_password_resets/{id}/customer");
        var related = await (await api.IntegrationAsync()).GetAsync($"/api/customer_password_resets/{id}/customer");
        related.Status.ShouldBe(HttpStatusCode.OK, related.Text);
        related.Id.ShouldBe(customerId);
    }

    [Fact]
    public async Task The_token_is_stored_only_as_a_hash_and_never_shown_on_reads()
    {
        var email = Unique.Email();
        await api.CreateCustomerAsync(email, Unique.Password);
        var (id, token, _) = await CreateResetAsync(email);
        var integration = await api.IntegrationAsync();

        var read = await integration.GetAsync($"/api/customer_password_resets/{id}");
        var list = await integration.GetAsync($"/api/customer_password_resets?filter[q][customer_email_eq]={Uri.EscapeDataString(email)}");
        var patched = await integration.PatchAsync($"/api/customer_password_resets/{id}", Body.Update("customer_password_resets", id, new { reference = "crm-1" }));
        string? stored = null;
        await api.WithDbAsync(async db => stored = (await db.CustomerPasswordResets.SingleAsync(r => r.Id == id, Ct)).TokenHash);

        read.Status.ShouldBe(HttpStatusCode.OK, read.Text);
        read.Attributes.GetProperty("reset_password_token").ValueKind.ShouldBe(JsonValueKind.Null);
        list.Ids.ShouldBe([id]);
        list.Data[0].GetProperty("attributes").GetProperty("reset_password_token").ValueKind.ShouldBe(JsonValueKind.Null);
        patched.Status.ShouldBe(HttpStatusCode.OK, patched.Text);
        patched.Attributes.GetProperty("reset_password_token").ValueKind.ShouldBe(JsonValueKind.Null);
        read.Text.ShouldNotContain(token);
        stored.ShouldBe(Secrets.Hash(token));
    }

    [Fact]
    public async Task An_unknown_email_is_422_on_customer_email()
    {
        var reply = await (await api.IntegrationAsync()).PostAsync("/api/customer_password_resets",
            Body.Resource("customer_password_resets", new { customer_email = Unique.Email("nobody") }));

        reply.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, reply.Text);
        reply.Code.ShouldBe("VALIDATION_ERROR");
        reply.Pointer.ShouldBe("/data/attributes/customer_email");
    }

    [Fact]
    public async Task Only_integrations_create_list_and_read_resets()
    {
        var email = Unique.Email();
        await api.CreateCustomerAsync(email, Unique.Password);
        var (id, _, _) = await CreateResetAsync(email);
        var guest = await GuestAsync();
        var (_, customer, _) = await api.CustomerAsync();

        foreach (var client in new[] { guest, customer })
        {
            var create = await client.PostAsync("/api/customer_password_resets", Body.Resource("customer_password_resets", new { customer_email = email }));
            var list = await client.GetAsync("/api/customer_password_resets");
            var read = await client.GetAsync($"/api/customer_password_resets/{id}");
            var related = await client.GetAsync($"/api/customer_password_resets/{id}/customer");
            var delete = await client.DeleteAsync($"/api/customer_password_resets/{id}");

            foreach (var reply in new[] { create, list, read, related, delete })
            {
                reply.Status.ShouldBe(HttpStatusCode.Unauthorized, reply.Text);
                reply.Code.ShouldBe("UNAUTHORIZED");
            }
        }
    }

    [Fact]
    public async Task A_guest_sets_a_new_password_with_the_token()
    {
        var email = Unique.Email();
        var customerId = await api.CreateCustomerAsync(email, Unique.Password);
        var (id, token, _) = await CreateResetAsync(email);

        var used = await UseAsync(await GuestAsync(), id, token);
        var withNew = await api.PasswordGrantAsync(email, NewPassword);
        var withOld = await api.PasswordGrantAsync(email, Unique.Password);

        used.Status.ShouldBe(HttpStatusCode.OK, used.Text);
        used.Attributes.GetProperty("reset_password_at").GetString().ShouldNotBeNullOrEmpty();
        used.Attributes.GetProperty("reset_password_token").ValueKind.ShouldBe(JsonValueKind.Null);
        withNew.Status.ShouldBe(HttpStatusCode.OK, withNew.Text);
        withNew.Json.GetProperty("owner_id").GetString().ShouldBe(customerId);
        withOld.Status.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_customer_token_and_an_integration_may_use_a_token_too()
    {
        var first = Unique.Email();
        var second = Unique.Email();
        await api.CreateCustomerAsync(first, Unique.Password);
        await api.CreateCustomerAsync(second, Unique.Password);
        var (firstId, firstToken, _) = await CreateResetAsync(first);
        var (secondId, secondToken, _) = await CreateResetAsync(second);
        var (_, customer, _) = await api.CustomerAsync();

        var byCustomer = await UseAsync(customer, firstId, firstToken);
        var byIntegration = await UseAsync(await api.IntegrationAsync(), secondId, secondToken);

        byCustomer.Status.ShouldBe(HttpStatusCode.OK, byCustomer.Text);
        byIntegration.Status.ShouldBe(HttpStatusCode.OK, byIntegration.Text);
        (await api.PasswordGrantAsync(first, NewPassword)).Status.ShouldBe(HttpStatusCode.OK);
        (await api.PasswordGrantAsync(second, NewPassword)).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_token_works_at_5h59_and_fails_at_6h01()
    {
        var early = Unique.Email();
        var late = Unique.Email();
        await api.CreateCustomerAsync(early, Unique.Password);
        await api.CreateCustomerAsync(late, Unique.Password);
        var (earlyId, earlyToken, _) = await CreateResetAsync(early);
        var (lateId, lateToken, _) = await CreateResetAsync(late);

        api.Clock.Advance(TimeSpan.FromHours(6) - TimeSpan.FromMinutes(1));
        var inTime = await UseAsync(await GuestAsync(), earlyId, earlyToken);
        api.Clock.Advance(TimeSpan.FromMinutes(2));
        var tooLate = await UseAsync(await GuestAsync(), lateId, lateToken);

        inTime.Status.ShouldBe(HttpStatusCode.OK, inTime.Text);
        ShouldBeRefusedToken(tooLate);
        (await api.PasswordGrantAsync(late, Unique.Password)).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_token_works_once()
    {
        var email = Unique.Email();
        await api.CreateCustomerAsync(email, Unique.Password);
        var (id, token, _) = await CreateResetAsync(email);
        var guest = await GuestAsync();

        var first = await UseAsync(guest, id, token);
        var second = await UseAsync(guest, id, token, "yet another passphrase");

        first.Status.ShouldBe(HttpStatusCode.OK, first.Text);
        ShouldBeRefusedToken(second);
        (await api.PasswordGrantAsync(email, NewPassword)).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Concurrent_uses_of_one_token_succeed_once()
    {
        var email = Unique.Email();
        await api.CreateCustomerAsync(email, Unique.Password);
        var (id, token, _) = await CreateResetAsync(email);
        var guest = await api.GuestTokenAsync();

        var replies = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => UseAsync(api.Client(guest), id, token, $"{NewPassword} {i}")));

        replies.Count(r => r.Status == HttpStatusCode.OK).ShouldBe(1, string.Join("\n", replies.Select(r => r.Text)));
        foreach (var refused in replies.Where(r => r.Status != HttpStatusCode.OK)) ShouldBeRefusedToken(refused);
    }

    [Fact]
    public async Task A_newer_reset_kills_the_older_token()
    {
        var email = Unique.Email();
        await api.CreateCustomerAsync(email, Unique.Password);
        var (oldId, oldToken, _) = await CreateResetAsync(email);
        var (newId, newToken, _) = await CreateResetAsync(email);
        var guest = await GuestAsync();

        var withOld = await UseAsync(guest, oldId, oldToken);
        var withNew = await UseAsync(guest, newId, newToken);

        ShouldBeRefusedToken(withOld);
        withNew.Status.ShouldBe(HttpStatusCode.OK, withNew.Text);
    }

    [Fact]
    public async Task Of_resets_created_at_once_only_one_token_stays_alive()
    {
        var email = Unique.Email();
        var customerId = await api.CreateCustomerAsync(email, Unique.Password);
        var integration = await api.IntegrationTokenAsync();

        var replies = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => api.Client(integration).PostAsync("/api/customer_password_resets",
            Body.Resource("customer_password_resets", new { customer_email = email }))));
        var open = 0;
        await api.WithDbAsync(async db => open = await db.CustomerPasswordResets.CountAsync(r => r.CustomerId == customerId && r.InvalidatedAt == null, Ct));

        replies.ShouldAllBe(r => r.Status == HttpStatusCode.Created);
        open.ShouldBe(1);
    }

    [Fact]
    public async Task A_password_change_by_patch_kills_open_tokens()
    {
        var email = Unique.Email();
        var customerId = await api.CreateCustomerAsync(email, Unique.Password);
        var (id, token, _) = await CreateResetAsync(email);

        var changed = await (await api.IntegrationAsync()).PatchAsync($"/api/customers/{customerId}",
            Body.Update("customers", customerId, new { password = "changed by the owner" }));
        var used = await UseAsync(await GuestAsync(), id, token);

        changed.Status.ShouldBe(HttpStatusCode.OK, changed.Text);
        ShouldBeRefusedToken(used);
        (await api.PasswordGrantAsync(email, "changed by the owner")).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_reset_ends_the_customers_sessions()
    {
        var email = Unique.Email();
        var customerId = await api.CreateCustomerAsync(email, Unique.Password);
        var login = (await api.PasswordGrantAsync(email, Unique.Password)).Json;
        var access = login.GetProperty("access_token").GetString();
        var refresh = login.GetProperty("refresh_token").GetString();
        (await api.Client(access).GetAsync($"/api/customers/{customerId}")).Status.ShouldBe(HttpStatusCode.OK);
        var (id, token, _) = await CreateResetAsync(email);

        (await UseAsync(await GuestAsync(), id, token)).Status.ShouldBe(HttpStatusCode.OK);
        var read = await api.Client(access).GetAsync($"/api/customers/{customerId}");
        var refreshed = await api.TokenAsync(new
        {
            grant_type = "refresh_token",
            client_id = api.Credentials(ApplicationKinds.SalesChannel).ClientId,
            refresh_token = refresh,
        });

        read.Status.ShouldBe(HttpStatusCode.Unauthorized, read.Text);
        read.Code.ShouldBe("INVALID_TOKEN");
        refreshed.Status.ShouldBe(HttpStatusCode.Unauthorized, refreshed.Text);
        refreshed.Error().GetProperty("title").GetString().ShouldBe("invalid_grant");
    }

    [Fact]
    public async Task A_wrong_token_or_another_resets_token_is_refused()
    {
        var first = Unique.Email();
        var second = Unique.Email();
        await api.CreateCustomerAsync(first, Unique.Password);
        await api.CreateCustomerAsync(second, Unique.Password);
        var (firstId, firstToken, _) = await CreateResetAsync(first);
        var (_, secondToken, _) = await CreateResetAsync(second);
        var guest = await GuestAsync();

        var wrong = await UseAsync(guest, firstId, firstToken + "x");
        var crossed = await UseAsync(guest, firstId, secondToken);
        var right = await UseAsync(guest, firstId, firstToken);

        ShouldBeRefusedToken(wrong);
        ShouldBeRefusedToken(crossed);
        right.Status.ShouldBe(HttpStatusCode.OK, right.Text);
        (await api.PasswordGrantAsync(second, Unique.Password)).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_sales_channel_must_send_the_token_and_nothing_but_the_password()
    {
        var email = Unique.Email();
        await api.CreateCustomerAsync(email, Unique.Password);
        var (id, token, _) = await CreateResetAsync(email);
        var guest = await GuestAsync();

        var noToken = await guest.PatchAsync($"/api/customer_password_resets/{id}",
            Body.Update("customer_password_resets", id, new { customer_password = NewPassword }));
        var extra = await guest.PatchAsync($"/api/customer_password_resets/{id}",
            Body.Update("customer_password_resets", id, new { customer_password = NewPassword, _reset_password_token = token, reference = "mine" }));
        var shortPassword = await UseAsync(guest, id, token, "short");
        var noPassword = await guest.PatchAsync($"/api/customer_password_resets/{id}",
            Body.Update("customer_password_resets", id, new { _reset_password_token = token }));
        var unknownId = await UseAsync(guest, "AAAAAAAAAA", token);
        var stillUsable = await UseAsync(guest, id, token);

        ShouldBeRefusedToken(noToken);
        noToken.MetaError.ShouldBe("blank");
        extra.Status.ShouldBe(HttpStatusCode.Unauthorized, extra.Text);
        shortPassword.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, shortPassword.Text);
        shortPassword.Pointer.ShouldBe("/data/attributes/customer_password");
        noPassword.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, noPassword.Text);
        noPassword.Pointer.ShouldBe("/data/attributes/customer_password");
        unknownId.Status.ShouldBe(HttpStatusCode.NotFound, unknownId.Text);
        stillUsable.Status.ShouldBe(HttpStatusCode.OK, stillUsable.Text);
    }

    [Fact]
    public async Task A_reset_of_another_organization_or_mode_is_not_found()
    {
        var email = Unique.Email();
        await api.CreateCustomerAsync(email, Unique.Password);
        var (id, token, _) = await CreateResetAsync(email);

        var otherOrg = await UseAsync(api.Client(await api.GuestTokenAsync(org: ApiFixture.OtherOrg)), id, token);
        var live = await UseAsync(api.Client(await api.GuestTokenAsync(mode: "live")), id, token);

        otherOrg.Status.ShouldBe(HttpStatusCode.NotFound, otherOrg.Text);
        live.Status.ShouldBe(HttpStatusCode.NotFound, live.Text);
    }
}

public sealed class PasswordResetsOnSqlite(SqliteApi api) : PasswordResetsTests(api), IClassFixture<SqliteApi>;

public sealed class PasswordResetsOnPostgres(PostgresApi api) : PasswordResetsTests(api), IClassFixture<PostgresApi>;
