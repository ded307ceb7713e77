using Clientele.Tests.JsonApi;

namespace Clientele.Tests.Markets;

public abstract class MarketsTests(ApiFixture api)
{
    [Fact]
    public async Task Create_answers_201_with_its_price_list_and_is_public_without_a_group()
    {
        var client = await api.IntegrationAsync();
        var list = await api.CreatePriceListAsync();
        var code = Unique.Code();

        var reply = await client.PostAsync("/api/markets?include=price_list", Body.Resource("markets", new { name = "Europe", code }, MarketSeeding.Relationships(list)));

        reply.Status.ShouldBe(HttpStatusCode.Created, reply.Text);
        reply.Data.GetProperty("type").GetString().ShouldBe("markets");
        reply.Attributes.GetProperty("name").GetString().ShouldBe("Europe");
        reply.Attributes.GetProperty("code").GetString().ShouldBe(code);
        reply.Attributes.GetProperty("private").GetBoolean().ShouldBeFalse();
        reply.Data.GetProperty("relationships").GetProperty("price_list").GetProperty("data").GetProperty("id").GetString().ShouldBe(list);
        reply.Json.GetProperty("included")[0].GetProperty("type").GetString().ShouldBe("price_lists");
    }

    [Fact]
    public async Task A_market_with_a_customer_group_is_private_and_becomes_public_when_the_group_is_unset()
    {
        var client = await api.IntegrationAsync();
        var group = await api.CreateGroupAsync();
        var market = await api.CreateMarketAsync(await api.CreatePriceListAsync(), group);

        var read = await client.GetAsync($"/api/markets/{market}?include=customer_group");
        var unset = await client.PatchAsync($"/api/markets/{market}", Body.Update("markets", market, new { }, new { customer_group = Body.ToOne("customer_groups", null) }));

        read.Attributes.GetProperty("private").GetBoolean().ShouldBeTrue();
        read.Data.GetProperty("relationships").GetProperty("customer_group").GetProperty("data").GetProperty("id").GetString().ShouldBe(group);
        unset.Status.ShouldBe(HttpStatusCode.OK, unset.Text);
        unset.Attributes.GetProperty("private").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task Private_is_read_only_and_filterable()
    {
        var client = await api.IntegrationAsync();
        var tag = Seeding.Tag();
        var list = await api.CreatePriceListAsync();
        var open = await api.CreateMarketAsync(list, code: $"{tag}-open");
        var closed = await api.CreateMarketAsync(list, await api.CreateGroupAsync(), code: $"{tag}-closed");

        var privates = await client.GetAsync($"/api/markets?filter[q][code_start]={tag}&filter[q][private_true]=true");
        var publics = await client.GetAsync($"/api/markets?filter[q][code_start]={tag}&filter[q][private_false]=true");
        var write = await client.PatchAsync($"/api/markets/{open}", Body.Update("markets", open, new { @private = true }));

        privates.Ids.ShouldBe([closed]);
        publics.Ids.ShouldBe([open]);
        write.Status.ShouldBe(HttpStatusCode.BadRequest, write.Text);
        write.Code.ShouldBe("PARAM_NOT_ALLOWED");
    }

    [Fact]
    public async Task A_market_needs_a_name_and_a_price_list()
    {
        var client = await api.IntegrationAsync();

        var noName = await client.PostAsync("/api/markets", Body.Resource("markets", new { code = Unique.Code() }, MarketSeeding.Relationships(await api.CreatePriceListAsync())));
        var noList = await client.PostAsync("/api/markets", Body.Resource("markets", new { name = "X" }));
        var nulled = await client.PostAsync("/api/markets", Body.Resource("markets", new { name = "X" }, MarketSeeding.Relationships(null)));
        var unknown = await client.PostAsync("/api/markets", Body.Resource("markets", new { name = "X" }, MarketSeeding.Relationships("nOsUcHlIsT")));

        noName.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, noName.Text);
        noName.Pointer.ShouldBe("/data/attributes/name");
        noName.MetaError.ShouldBe("blank");
        noList.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, noList.Text);
        noList.Pointer.ShouldBe("/data/relationships/price_list");
        noList.MetaError.ShouldBe("blank");
        nulled.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, nulled.Text);
        nulled.Pointer.ShouldBe("/data/relationships/price_list");
        nulled.MetaError.ShouldBe("blank");
        unknown.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, unknown.Text);
        unknown.Pointer.ShouldBe("/data/relationships/price_list");
        unknown.MetaError.ShouldBe("not_found");
    }

    [Fact]
    public async Task Unsetting_the_price_list_of_a_market_is_422_blank()
    {
        var client = await api.IntegrationAsync();
        var market = await api.CreateMarketAsync(await api.CreatePriceListAsync());

        var reply = await client.PatchAsync($"/api/markets/{market}", Body.Update("markets", market, new { }, new { price_list = Body.ToOne("price_lists", null) }));

        reply.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, reply.Text);
        reply.Pointer.ShouldBe("/data/relationships/price_list");
        reply.MetaError.ShouldBe("blank");
    }

    [Fact]
    public async Task A_code_already_used_in_the_same_organization_and_mode_is_422_taken()
    {
        var client = await api.IntegrationAsync();
        var list = await api.CreatePriceListAsync();
        var code = Unique.Code();
        var first = await api.CreateMarketAsync(list, code: code);
        var second = await api.CreateMarketAsync(list);

        var created = await client.PostAsync("/api/markets", Body.Resource("markets", new { name = "Copy", code }, MarketSeeding.Relationships(list)));
        var updated = await client.PatchAsync($"/api/markets/{second}", Body.Update("markets", second, new { code }));
        var listed = await client.GetAsync($"/api/markets?filter[q][code_eq]={code}");

        foreach (var reply in new[] { created, updated })
        {
            reply.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, reply.Text);
            reply.Code.ShouldBe("VALIDATION_ERROR");
            reply.Pointer.ShouldBe("/data/attributes/code");
            reply.MetaError.ShouldBe("taken");
        }
        listed.Ids.ShouldBe([first]);
    }

    [Fact]
    public async Task Deleting_a_group_that_still_has_markets_is_423_LOCKED_until_the_market_leaves_it()
    {
        var client = await api.IntegrationAsync();
        var group = await api.CreateGroupAsync();
        var market = await api.CreateMarketAsync(await api.CreatePriceListAsync(), group);

        var locked = await client.DeleteAsync($"/api/customer_groups/{group}");
        var markets = await client.GetAsync($"/api/customer_groups/{group}/markets");
        var left = await client.PatchAsync($"/api/markets/{market}", Body.Update("markets", market, new { }, new { customer_group = Body.ToOne("customer_groups", null) }));
        var deleted = await client.DeleteAsync($"/api/customer_groups/{group}");

        locked.Status.ShouldBe(HttpStatusCode.Locked, locked.Text);
        locked.Code.ShouldBe("LOCKED");
        locked.Error().GetProperty("status").GetString().ShouldBe("423");
        markets.Ids.ShouldBe([market]);
        left.Status.ShouldBe(HttpStatusCode.OK, left.Text);
        deleted.Status.ShouldBe(HttpStatusCode.NoContent, deleted.Text);
    }

    [Fact]
    public async Task Deleting_a_market_that_orders_refer_to_is_423_LOCKED_and_an_unused_one_is_deleted()
    {
        var client = await api.IntegrationAsync();
        var list = await api.CreatePriceListAsync();
        var used = await api.CreateMarketAsync(list);
        var unused = await api.CreateMarketAsync(list);
        await api.WithDbAsync(async db =>
        {
            db.Orders.Add(new Clientele.Orders.Order { Number = Random.Shared.Next(1_000_000, int.MaxValue), MarketId = used });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });

        var locked = await client.DeleteAsync($"/api/markets/{used}");
        var deleted = await client.DeleteAsync($"/api/markets/{unused}");

        locked.Status.ShouldBe(HttpStatusCode.Locked, locked.Text);
        locked.Code.ShouldBe("LOCKED");
        (await client.GetAsync($"/api/markets/{used}")).Status.ShouldBe(HttpStatusCode.OK);
        deleted.Status.ShouldBe(HttpStatusCode.NoContent, deleted.Text);
        (await client.GetAsync($"/api/markets/{unused}")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_group_includes_its_markets()
    {
        var client = await api.IntegrationAsync();
        var group = await api.CreateGroupAsync();
        var list = await api.CreatePriceListAsync();
        var first = await api.CreateMarketAsync(list, group);
        var second = await api.CreateMarketAsync(list, group);

        var reply = await client.GetAsync($"/api/customer_groups/{group}?include=markets");

        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
        reply.Data.GetProperty("relationships").GetProperty("markets").GetProperty("data").IdsOf().ShouldBe([first, second]);
        reply.Json.GetProperty("included").IdsOf().ShouldBe([first, second], ignoreOrder: true);
    }

    [Fact]
    public async Task Guests_read_public_markets_and_customers_also_their_groups_private_ones()
    {
        var client = await api.IntegrationAsync();
        var tag = Seeding.Tag();
        var list = await api.CreatePriceListAsync();
        var group = await api.CreateGroupAsync();
        var open = await api.CreateMarketAsync(list, code: $"{tag}-open");
        var mine = await api.CreateMarketAsync(list, group, code: $"{tag}-mine");
        var other = await api.CreateMarketAsync(list, await api.CreateGroupAsync(), code: $"{tag}-other");
        var email = Unique.Email();
        await client.CreateCustomerAsync(new { email, password = Unique.Password }, group);
        var member = api.Client((await api.PasswordGrantAsync(email, Unique.Password)).Json.GetProperty("access_token").GetString());
        var guest = api.Client(await api.GuestTokenAsync());

        var guestList = await guest.GetAsync($"/api/markets?filter[q][code_start]={tag}");
        var memberList = await member.GetAsync($"/api/markets?filter[q][code_start]={tag}");
        var guestPrivate = await guest.GetAsync($"/api/markets/{mine}");
        var memberOther = await member.GetAsync($"/api/markets/{other}");
        var guestCreate = await guest.PostAsync("/api/markets", Body.Resource("markets", new { name = "Mine" }, MarketSeeding.Relationships(list)));

        guestList.Ids.ShouldBe([open]);
        memberList.Ids.ShouldBe([open, mine]);
        guestPrivate.Status.ShouldBe(HttpStatusCode.NotFound);
        memberOther.Status.ShouldBe(HttpStatusCode.NotFound);
        guestCreate.Status.ShouldBe(HttpStatusCode.Unauthorized);
    }
}

public sealed class MarketsOnSqlite(SqliteApi api) : MarketsTests(api), IClassFixture<SqliteApi>;

public sealed class MarketsOnPostgres(PostgresApi api) : MarketsTests(api), IClassFixture<PostgresApi>;
