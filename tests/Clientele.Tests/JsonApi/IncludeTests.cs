namespace Clientele.Tests.JsonApi;

public abstract class IncludeTests(ApiFixture api)
{
    private static JsonElement Linkage(JsonElement resource, string relationship) =>
        resource.GetProperty("relationships").GetProperty(relationship).GetProperty("data");

    [Fact]
    public async Task Include_customer_group_gives_linkage_and_the_shared_group_once_in_included()
    {
        var client = await api.IntegrationAsync();
        var tag = Seeding.Tag();
        var group = await api.CreateGroupAsync("Wholesale");
        var members = await client.CreateCustomersAsync(tag, 4, group);
        var loner = await client.CreateCustomerAsync(new { email = Seeding.Email(tag, "zz") });

        var reply = await client.GetAsync($"/api/customers?filter[q][email_start]={tag}&include=customer_group");

        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
        reply.Ids.ShouldBe([.. members, loner]);
        foreach (var customer in reply.Data.EnumerateArray().Take(4))
        {
            var linkage = Linkage(customer, "customer_group");
            linkage.Names().ShouldBe(["id", "type"]);
            linkage.GetProperty("type").GetString().ShouldBe("customer_groups");
            linkage.GetProperty("id").GetString().ShouldBe(group);
        }
        Linkage(reply.Data[4], "customer_group").ValueKind.ShouldBe(JsonValueKind.Null);
        var included = reply.Json.GetProperty("included");
        included.GetArrayLength().ShouldBe(1);
        included[0].GetProperty("type").GetString().ShouldBe("customer_groups");
        included[0].GetProperty("id").GetString().ShouldBe(group);
        included[0].GetProperty("attributes").GetProperty("name").GetString().ShouldBe("Wholesale");
        included[0].GetProperty("links").GetProperty("self").GetString()!.ShouldEndWith($"/api/customer_groups/{group}");
    }

    [Fact]
    public async Task Without_include_relationships_have_links_but_no_data_and_there_is_no_included()
    {
        var client = await api.IntegrationAsync();
        var group = await api.CreateGroupAsync();
        var id = await client.CreateCustomerAsync(new { email = Unique.Email() }, group);

        var reply = await client.GetAsync($"/api/customers/{id}");

        var relationship = reply.Data.GetProperty("relationships").GetProperty("customer_group");
        relationship.Names().ShouldBe(["links"]);
        relationship.GetProperty("links").GetProperty("self").GetString()!.ShouldEndWith($"/api/customers/{id}/relationships/customer_group");
        relationship.GetProperty("links").GetProperty("related").GetString()!.ShouldEndWith($"/api/customers/{id}/customer_group");
        reply.Json.TryGetProperty("included", out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("customer_groups")]
    [InlineData("returns")]
    [InlineData("events")]
    [InlineData("order_subscriptions")]
    [InlineData("sku_lists")]
    [InlineData("attachments")]
    [InlineData("jwt_markets")]
    [InlineData("customer_group.bogus")]
    [InlineData("customer_group,bogus")]
    [InlineData("customer_group.customers.customer_group.customers")]
    [InlineData("")]
    public async Task An_unknown_or_unsupported_relationship_is_400_INVALID_INCLUDE(string include)
    {
        var client = await api.IntegrationAsync();
        var id = await api.CreateCustomerAsync(Unique.Email());

        var list = await client.GetAsync($"/api/customers?include={include}");
        var single = await client.GetAsync($"/api/customers/{id}?include={include}");

        foreach (var reply in new[] { list, single })
        {
            reply.Status.ShouldBe(HttpStatusCode.BadRequest, reply.Text);
            reply.Code.ShouldBe("INVALID_INCLUDE");
            reply.Parameter.ShouldBe("include");
        }
    }

    [Fact]
    public async Task Include_applies_to_create_and_update_responses()
    {
        var client = await api.IntegrationAsync();
        var first = await api.CreateGroupAsync("First");
        var second = await api.CreateGroupAsync("Second");

        var created = await client.PostAsync("/api/customers?include=customer_group",
            Body.Resource("customers", new { email = Unique.Email() }, new { customer_group = Body.ToOne("customer_groups", first) }));
        var updated = await client.PatchAsync($"/api/customers/{created.Id}?include=customer_group",
            Body.Update("customers", created.Id, new { }, new { customer_group = Body.ToOne("customer_groups", second) }));
        var unset = await client.PatchAsync($"/api/customers/{created.Id}?include=customer_group",
            Body.Update("customers", created.Id, new { }, new { customer_group = Body.ToOne("customer_groups", null) }));

        created.Status.ShouldBe(HttpStatusCode.Created, created.Text);
        Linkage(created.Data, "customer_group").GetProperty("id").GetString().ShouldBe(first);
        created.Json.GetProperty("included")[0].GetProperty("attributes").GetProperty("name").GetString().ShouldBe("First");
        updated.Status.ShouldBe(HttpStatusCode.OK, updated.Text);
        Linkage(updated.Data, "customer_group").GetProperty("id").GetString().ShouldBe(second);
        updated.Json.GetProperty("included").GetArrayLength().ShouldBe(1);
        updated.Json.GetProperty("included")[0].GetProperty("attributes").GetProperty("name").GetString().ShouldBe("Second");
        unset.Status.ShouldBe(HttpStatusCode.OK, unset.Text);
        Linkage(unset.Data, "customer_group").ValueKind.ShouldBe(JsonValueKind.Null);
        unset.Json.TryGetProperty("included", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task Include_customers_on_a_group_gives_an_array_linkage_and_each_customer_once()
    {
        var client = await api.IntegrationAsync();
        var tag = Seeding.Tag();
        var group = await api.CreateGroupAsync();
        var empty = await api.CreateGroupAsync();
        var members = await client.CreateCustomersAsync(tag, 3, group);

        var full = await client.GetAsync($"/api/customer_groups/{group}?include=customers");
        var none = await client.GetAsync($"/api/customer_groups/{empty}?include=customers");

        full.Status.ShouldBe(HttpStatusCode.OK, full.Text);
        Linkage(full.Data, "customers").IdsOf().ShouldBe(members);
        Linkage(full.Data, "customers").EnumerateArray().ShouldAllBe(l => l.GetProperty("type").GetString() == "customers");
        full.Json.GetProperty("included").IdsOf().ShouldBe(members, ignoreOrder: true);
        Linkage(none.Data, "customers").GetArrayLength().ShouldBe(0);
        none.Json.TryGetProperty("included", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task A_nested_include_reaches_the_other_members_of_the_group_without_repeating_primary_data()
    {
        var client = await api.IntegrationAsync();
        var tag = Seeding.Tag();
        var group = await api.CreateGroupAsync();
        var members = await client.CreateCustomersAsync(tag, 3, group);

        var reply = await client.GetAsync($"/api/customers/{members[0]}?include=customer_group.customers");

        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
        var included = reply.Json.GetProperty("included").EnumerateArray().Select(r => (r.GetProperty("type").GetString()!, r.GetProperty("id").GetString()!)).ToList();
        included.ShouldBe([("customer_groups", group), ("customers", members[1]), ("customers", members[2])], ignoreOrder: true);
        var groupResource = reply.Json.GetProperty("included").EnumerateArray().Single(r => r.GetProperty("type").GetString() == "customer_groups");
        Linkage(groupResource, "customers").IdsOf().ShouldBe(members);
    }
}

public sealed class IncludeOnSqlite(SqliteApi api) : IncludeTests(api), IClassFixture<SqliteApi>;

public sealed class IncludeOnPostgres(PostgresApi api) : IncludeTests(api), IClassFixture<PostgresApi>;
