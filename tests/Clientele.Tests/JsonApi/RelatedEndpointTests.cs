using Microsoft.AspNetCore.WebUtilities;

namespace Clientele.Tests.JsonApi;

public abstract class RelatedEndpointTests(ApiFixture api)
{
    [Fact]
    public async Task The_customer_group_of_a_customer_is_one_resource_or_null()
    {
        var client = await api.IntegrationAsync();
        var group = await api.CreateGroupAsync("VIP", Unique.Code());
        var member = await client.CreateCustomerAsync(new { email = Unique.Email() }, group);
        var loner = await api.CreateCustomerAsync(Unique.Email());

        var related = await client.GetAsync($"/api/customers/{member}/customer_group");
        var none = await client.GetAsync($"/api/customers/{loner}/customer_group");

        related.Status.ShouldBe(HttpStatusCode.OK, related.Text);
        related.Data.GetProperty("type").GetString().ShouldBe("customer_groups");
        related.Id.ShouldBe(group);
        related.Attributes.GetProperty("name").GetString().ShouldBe("VIP");
        none.Status.ShouldBe(HttpStatusCode.OK, none.Text);
        none.Data.ValueKind.ShouldBe(JsonValueKind.Null);
        none.Json.TryGetProperty("included", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task The_related_group_takes_fields_and_include()
    {
        var client = await api.IntegrationAsync();
        var group = await api.CreateGroupAsync("VIP");
        var member = await client.CreateCustomerAsync(new { email = Unique.Email() }, group);

        var reply = await client.GetAsync($"/api/customers/{member}/customer_group?fields[customer_groups]=code,customers&include=customers");

        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
        reply.Attributes.Names().ShouldBe(["code"]);
        reply.Data.GetProperty("relationships").GetProperty("customers").GetProperty("data").IdsOf().ShouldBe([member]);
        reply.Json.GetProperty("included").IdsOf().ShouldBe([member]);
    }

    [Fact]
    public async Task The_customers_of_a_group_are_a_paginated_list()
    {
        var client = await api.IntegrationAsync();
        var tag = Seeding.Tag();
        var group = await api.CreateGroupAsync();
        var members = await client.CreateCustomersAsync(tag, 7, group);
        await client.CreateCustomersAsync(Seeding.Tag(), 2);

        var first = await client.GetAsync($"/api/customer_groups/{group}/customers?page[size]=3");
        var last = await client.GetAsync($"/api/customer_groups/{group}/customers?page[size]=3&page[number]=3");

        first.Status.ShouldBe(HttpStatusCode.OK, first.Text);
        first.Ids.ShouldBe(members[..3]);
        first.RecordCount.ShouldBe(7);
        first.Json.GetProperty("meta").GetProperty("page_count").GetInt32().ShouldBe(3);
        var next = new Uri(first.Json.GetProperty("links").GetProperty("next").GetString()!);
        next.AbsolutePath.ShouldBe($"/api/customer_groups/{group}/customers");
        QueryHelpers.ParseQuery(next.Query)["page[number]"].ToString().ShouldBe("2");
        last.Ids.ShouldBe(members[6..]);
    }

    [Fact]
    public async Task The_customers_of_a_group_take_filter_and_sort()
    {
        var client = await api.IntegrationAsync();
        var tag = Seeding.Tag();
        var group = await api.CreateGroupAsync();
        var a = await client.CreateCustomerAsync(new { email = Seeding.Email(tag, "a"), reference = "keep" }, group);
        var b = await client.CreateCustomerAsync(new { email = Seeding.Email(tag, "b"), reference = "drop" }, group);
        var c = await client.CreateCustomerAsync(new { email = Seeding.Email(tag, "c"), reference = "keep" }, group);
        await client.CreateCustomerAsync(new { email = Seeding.Email(tag, "d"), reference = "keep" });

        var filtered = await client.GetAsync($"/api/customer_groups/{group}/customers?filter[q][reference_eq]=keep&sort=-email");
        var sorted = await client.GetAsync($"/api/customer_groups/{group}/customers?sort=-email");
        var bad = await client.GetAsync($"/api/customer_groups/{group}/customers?filter[q][password_eq]=x");

        filtered.Status.ShouldBe(HttpStatusCode.OK, filtered.Text);
        filtered.Ids.ShouldBe([c, a]);
        filtered.RecordCount.ShouldBe(2);
        sorted.Ids.ShouldBe([c, b, a]);
        bad.Status.ShouldBe(HttpStatusCode.BadRequest);
        bad.Code.ShouldBe("FILTER_NOT_ALLOWED");
    }

    [Fact]
    public async Task Relationship_linkage_endpoints_answer_identifiers_only()
    {
        var client = await api.IntegrationAsync();
        var tag = Seeding.Tag();
        var group = await api.CreateGroupAsync();
        var empty = await api.CreateGroupAsync();
        var members = await client.CreateCustomersAsync(tag, 2, group);
        var loner = await api.CreateCustomerAsync(Unique.Email());

        var toOne = await client.GetAsync($"/api/customers/{members[0]}/relationships/customer_group");
        var toOneNull = await client.GetAsync($"/api/customers/{loner}/relationships/customer_group");
        var toMany = await client.GetAsync($"/api/customer_groups/{group}/relationships/customers");
        var toManyEmpty = await client.GetAsync($"/api/customer_groups/{empty}/relationships/customers");

        toOne.Status.ShouldBe(HttpStatusCode.OK, toOne.Text);
        toOne.Data.Names().ShouldBe(["id", "type"]);
        toOne.Data.GetProperty("type").GetString().ShouldBe("customer_groups");
        toOne.Data.GetProperty("id").GetString().ShouldBe(group);
        toOneNull.Data.ValueKind.ShouldBe(JsonValueKind.Null);
        toMany.Data.IdsOf().ShouldBe(members);
        toMany.Data.EnumerateArray().ShouldAllBe(l => l.GetProperty("type").GetString() == "customers" && l.EnumerateObject().Count() == 2);
        toManyEmpty.Data.GetArrayLength().ShouldBe(0);
    }

    [Theory]
    [InlineData("/api/customers/{0}/customer_group")]
    [InlineData("/api/customers/{0}/relationships/customer_group")]
    [InlineData("/api/customer_groups/{0}/customers")]
    [InlineData("/api/customer_groups/{0}/relationships/customers")]
    public async Task Related_endpoints_of_a_missing_resource_are_404(string path)
    {
        var client = await api.IntegrationAsync();

        var reply = await client.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, path, "NoSuchId00"));

        reply.Status.ShouldBe(HttpStatusCode.NotFound, reply.Text);
        reply.Code.ShouldBe("RECORD_NOT_FOUND");
    }
}

public sealed class RelatedEndpointOnSqlite(SqliteApi api) : RelatedEndpointTests(api), IClassFixture<SqliteApi>;

public sealed class RelatedEndpointOnPostgres(PostgresApi api) : RelatedEndpointTests(api), IClassFixture<PostgresApi>;
