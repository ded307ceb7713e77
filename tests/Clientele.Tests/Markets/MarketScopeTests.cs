using Clientele.Organizations;
using Clientele.Tests.JsonApi;

namespace Clientele.Tests.Markets;

/// <summary>Market scopes on POST /oauth/token: which markets a token may be granted, and the market claim it then carries.</summary>
public abstract class MarketScopeTests(ApiFixture api)
{
    private Provisioning.Credentials Integration => api.Credentials(ApplicationKinds.Integration);
    private string SalesChannel => api.Credentials(ApplicationKinds.SalesChannel).ClientId;

    private Task<Reply> GuestAsync(string scope) => api.TokenAsync(new { grant_type = "client_credentials", client_id = SalesChannel, scope });

    private Task<Reply> LoginAsync(string email, string scope) =>
        api.TokenAsync(new { grant_type = "password", client_id = SalesChannel, username = email, password = Unique.Password, scope });

    private Task<Reply> RefreshAsync(Reply login, string? scope = null) => scope is null
        ? api.TokenAsync(new { grant_type = "refresh_token", client_id = SalesChannel, refresh_token = login.Json.GetProperty("refresh_token").GetString() })
        : api.TokenAsync(new { grant_type = "refresh_token", client_id = SalesChannel, refresh_token = login.Json.GetProperty("refresh_token").GetString(), scope });

    /// <summary>The decoded JWT payload of a token reply, checked to be readable with plain base64 (atob).</summary>
    private static JsonElement Claims(Reply reply)
    {
        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
        var jwt = Jwt.Parse(reply.Json.GetProperty("access_token").GetString()!);
        jwt.PayloadSegment.ShouldNotContain('-');
        jwt.PayloadSegment.ShouldNotContain('_');
        return jwt.Payload;
    }

    private static void ShouldBeInvalidScope(Reply reply, HttpStatusCode status)
    {
        reply.Status.ShouldBe(status, reply.Text);
        reply.Error().GetProperty("title").GetString().ShouldBe("invalid_scope");
        reply.Error().GetProperty("status").GetInt32().ShouldBe((int)status);
        reply.Json.TryGetProperty("access_token", out _).ShouldBeFalse();
    }

    /// <summary>A customer with a password, in the group if one is given; returns its email.</summary>
    private async Task<string> MemberAsync(string? group)
    {
        var email = Unique.Email();
        await (await api.IntegrationAsync()).CreateCustomerAsync(new { email, password = Unique.Password }, group);
        return email;
    }

    [Fact]
    public async Task A_market_id_scope_grants_a_guest_token_with_the_markets_price_list_in_the_jwt()
    {
        var list = await api.CreatePriceListAsync();
        var market = await api.CreateMarketAsync(list);

        var reply = await GuestAsync($"market:id:{market}");

        var claims = Claims(reply);
        reply.Json.GetProperty("scope").GetString().ShouldBe($"market:id:{market}");
        claims.GetProperty("scope").GetString().ShouldBe($"market:id:{market}");
        var claim = claims.GetProperty("market");
        claim.GetProperty("id").EnumerateArray().Select(e => e.GetString()).ShouldBe([market]);
        claim.GetProperty("price_list_id").GetString().ShouldBe(list);
        claim.GetProperty("stock_location_ids").GetArrayLength().ShouldBe(0);
        claim.GetProperty("geocoder_id").ValueKind.ShouldBe(JsonValueKind.Null);
        claim.GetProperty("allows_external_prices").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task A_market_code_scope_grants_an_integration_token_and_several_markets_take_the_first_price_list()
    {
        var first = await api.CreatePriceListAsync();
        var second = await api.CreatePriceListAsync();
        var code = Unique.Code();
        var byCode = await api.CreateMarketAsync(first, code: code);
        var byId = await api.CreateMarketAsync(second);

        var reply = await api.TokenAsync(new { grant_type = "client_credentials", client_id = Integration.ClientId, client_secret = Integration.ClientSecret, scope = $"market:code:{code} market:id:{byId}" });

        var claim = Claims(reply).GetProperty("market");
        reply.Json.GetProperty("scope").GetString().ShouldBe($"market:code:{code} market:id:{byId}");
        claim.GetProperty("id").EnumerateArray().Select(e => e.GetString()).ShouldBe([byCode, byId]);
        claim.GetProperty("price_list_id").GetString().ShouldBe(first);
    }

    [Fact]
    public async Task Without_a_market_scope_the_token_has_no_market_claim()
    {
        var reply = await GuestAsync("market:all");

        Claims(reply).TryGetProperty("market", out _).ShouldBeFalse();
        reply.Json.GetProperty("scope").GetString().ShouldBe("market:all");
    }

    [Fact]
    public async Task A_market_of_another_mode_or_organization_is_400_invalid_scope()
    {
        var client = await api.IntegrationAsync(org: ApiFixture.OtherOrg);
        var list = await client.PostAsync("/api/price_lists", Body.Resource("price_lists", new { name = "Globex", currency_code = "USD" }));
        var code = Unique.Code();
        var market = await client.PostAsync("/api/markets", Body.Resource("markets", new { name = "Globex", code }, MarketSeeding.Relationships(list.Id)));
        market.Status.ShouldBe(HttpStatusCode.Created, market.Text);

        ShouldBeInvalidScope(await GuestAsync($"market:id:{market.Id}"), HttpStatusCode.BadRequest);
        ShouldBeInvalidScope(await GuestAsync($"market:code:{code}"), HttpStatusCode.BadRequest);
        ShouldBeInvalidScope(await GuestAsync("market:id:"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_private_market_is_granted_to_a_member_of_its_group_with_the_groups_price_list()
    {
        var group = await api.CreateGroupAsync();
        var list = await api.CreatePriceListAsync("USD");
        var market = await api.CreateMarketAsync(list, group);
        var email = await MemberAsync(group);

        var login = await LoginAsync(email, $"market:id:{market}");
        var refreshed = await RefreshAsync(login);

        foreach (var reply in new[] { login, refreshed })
        {
            var claims = Claims(reply);
            claims.GetProperty("market").GetProperty("id").EnumerateArray().Select(e => e.GetString()).ShouldBe([market]);
            claims.GetProperty("market").GetProperty("price_list_id").GetString().ShouldBe(list);
            claims.GetProperty("owner").GetProperty("id").GetString().ShouldBe(reply.Json.GetProperty("owner_id").GetString());
            reply.Json.GetProperty("scope").GetString().ShouldBe($"market:id:{market}");
        }
    }

    [Fact]
    public async Task A_private_market_is_401_invalid_scope_for_a_non_member_customer_and_for_a_guest()
    {
        var group = await api.CreateGroupAsync();
        var market = await api.CreateMarketAsync(await api.CreatePriceListAsync(), group);
        var outsider = await MemberAsync(await api.CreateGroupAsync());
        var groupless = await MemberAsync(null);

        ShouldBeInvalidScope(await LoginAsync(outsider, $"market:id:{market}"), HttpStatusCode.Unauthorized);
        ShouldBeInvalidScope(await LoginAsync(groupless, $"market:id:{market}"), HttpStatusCode.Unauthorized);
        ShouldBeInvalidScope(await GuestAsync($"market:id:{market}"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_integration_may_be_granted_a_private_market()
    {
        var list = await api.CreatePriceListAsync();
        var market = await api.CreateMarketAsync(list, await api.CreateGroupAsync());

        var reply = await api.TokenAsync(new { grant_type = "client_credentials", client_id = Integration.ClientId, client_secret = Integration.ClientSecret, scope = $"market:id:{market}" });

        Claims(reply).GetProperty("market").GetProperty("price_list_id").GetString().ShouldBe(list);
    }

    [Fact]
    public async Task A_refresh_rechecks_membership_and_a_refused_refresh_keeps_the_refresh_token_usable()
    {
        var client = await api.IntegrationAsync();
        var group = await api.CreateGroupAsync();
        var market = await api.CreateMarketAsync(await api.CreatePriceListAsync(), group);
        var email = await MemberAsync(group);
        var login = await LoginAsync(email, $"market:id:{market}");
        var customer = login.Json.GetProperty("owner_id").GetString()!;
        await client.PatchAsync($"/api/customers/{customer}", Body.Update("customers", customer, new { }, new { customer_group = Body.ToOne("customer_groups", null) }));

        var refused = await RefreshAsync(login);
        var unscoped = await RefreshAsync(login, "");

        ShouldBeInvalidScope(refused, HttpStatusCode.Unauthorized);
        Claims(unscoped).TryGetProperty("market", out _).ShouldBeFalse();
        unscoped.Json.GetProperty("scope").GetString().ShouldBe("market:all");
    }

    [Fact]
    public async Task A_refresh_with_a_new_scope_replaces_the_old_one()
    {
        var list = await api.CreatePriceListAsync();
        var first = await api.CreateMarketAsync(list);
        var second = await api.CreateMarketAsync(list);
        var login = await LoginAsync(await MemberAsync(null), $"market:id:{first}");

        var refreshed = await RefreshAsync(login, $"market:id:{second}");
        var again = await RefreshAsync(refreshed);

        Claims(refreshed).GetProperty("market").GetProperty("id")[0].GetString().ShouldBe(second);
        Claims(again).GetProperty("market").GetProperty("id")[0].GetString().ShouldBe(second);
        again.Json.GetProperty("scope").GetString().ShouldBe($"market:id:{second}");
    }
}

public sealed class MarketScopeOnSqlite(SqliteApi api) : MarketScopeTests(api), IClassFixture<SqliteApi>;

public sealed class MarketScopeOnPostgres(PostgresApi api) : MarketScopeTests(api), IClassFixture<PostgresApi>;
