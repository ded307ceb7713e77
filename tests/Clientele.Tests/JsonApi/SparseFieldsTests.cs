namespace Clientele.Tests.JsonApi;

public abstract class SparseFieldsTests(ApiFixture api)
{
    [Fact]
    public async Task Fields_of_customers_limit_the_attributes_to_those_named()
    {
        var client = await api.IntegrationAsync();
        var tag = Seeding.Tag();
        await client.CreateCustomersAsync(tag, 2);

        var list = await client.GetAsync($"/api/customers?filter[q][email_start]={tag}&fields[customers]=email,status");

        list.Status.ShouldBe(HttpStatusCode.OK, list.Text);
        list.Data.GetArrayLength().ShouldBe(2);
        foreach (var resource in list.Data.EnumerateArray())
        {
            resource.GetProperty("attributes").Names().ShouldBe(["email", "status"]);
            resource.GetProperty("attributes").GetProperty("status").GetString().ShouldBe("prospect");
            resource.GetProperty("relationships").Names().ShouldBeEmpty();
            resource.GetProperty("type").GetString().ShouldBe("customers");
            resource.GetProperty("id").GetString().ShouldNotBeNullOrEmpty();
            resource.GetProperty("links").GetProperty("self").GetString().ShouldNotBeNullOrEmpty();
        }
    }

    [Fact]
    public async Task Fields_apply_to_a_single_resource_and_to_create_and_update_responses()
    {
        var client = await api.IntegrationAsync();
        var id = await api.CreateCustomerAsync(Unique.Email());

        var read = await client.GetAsync($"/api/customers/{id}?fields[customers]=reference");
        var created = await client.PostAsync("/api/customers?fields[customers]=email,created_at", Body.Resource("customers", new { email = Unique.Email() }));
        var updated = await client.PatchAsync($"/api/customers/{id}?fields[customers]=metadata", Body.Update("customers", id, new { metadata = new { tier = "gold" } }));

        read.Attributes.Names().ShouldBe(["reference"]);
        created.Status.ShouldBe(HttpStatusCode.Created, created.Text);
        created.Attributes.Names().ShouldBe(["created_at", "email"]);
        updated.Status.ShouldBe(HttpStatusCode.OK, updated.Text);
        updated.Attributes.Names().ShouldBe(["metadata"]);
        updated.Attributes.GetProperty("metadata").GetProperty("tier").GetString().ShouldBe("gold");
    }

    [Fact]
    public async Task A_relationship_named_in_fields_keeps_its_links_and_linkage()
    {
        var client = await api.IntegrationAsync();
        var group = await api.CreateGroupAsync();
        var id = await client.CreateCustomerAsync(new { email = Unique.Email() }, group);

        var read = await client.GetAsync($"/api/customers/{id}?fields[customers]=email,customer_group&include=customer_group");

        read.Attributes.Names().ShouldBe(["email"]);
        read.Data.GetProperty("relationships").Names().ShouldBe(["customer_group"]);
        read.Data.GetProperty("relationships").GetProperty("customer_group").GetProperty("data").GetProperty("id").GetString().ShouldBe(group);
    }

    [Theory]
    [InlineData("fields[customers]", "email,nope")]
    [InlineData("fields[customers]", "password")]
    [InlineData("fields[customers]", "returns")]
    [InlineData("fields[customers]", "")]
    [InlineData("fields[customer_groups]", "email")]
    [InlineData("fields[customerz]", "email")]
    public async Task An_unknown_field_is_400_INVALID_FIELD_naming_the_parameter(string parameter, string value)
    {
        var client = await api.IntegrationAsync();

        var reply = await client.GetAsync($"/api/customers?{parameter}={value}");

        reply.Status.ShouldBe(HttpStatusCode.BadRequest, reply.Text);
        reply.Code.ShouldBe("INVALID_FIELD");
        reply.Parameter.ShouldBe(parameter);
    }

    [Fact]
    public async Task Fields_of_customer_groups_apply_to_included_groups()
    {
        var client = await api.IntegrationAsync();
        var tag = Seeding.Tag();
        var group = await api.CreateGroupAsync(code: Unique.Code());
        await client.CreateCustomersAsync(tag, 2, group);

        var reply = await client.GetAsync($"/api/customers?filter[q][email_start]={tag}&include=customer_group&fields[customer_groups]=name");

        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
        var included = reply.Json.GetProperty("included");
        included.GetArrayLength().ShouldBe(1);
        included[0].GetProperty("id").GetString().ShouldBe(group);
        included[0].GetProperty("attributes").Names().ShouldBe(["name"]);
        included[0].GetProperty("relationships").Names().ShouldBeEmpty();
        foreach (var customer in reply.Data.EnumerateArray())
            customer.GetProperty("attributes").TryGetProperty("email", out _).ShouldBeTrue();
    }
}

public sealed class SparseFieldsOnSqlite(SqliteApi api) : SparseFieldsTests(api), IClassFixture<SqliteApi>;

public sealed class SparseFieldsOnPostgres(PostgresApi api) : SparseFieldsTests(api), IClassFixture<PostgresApi>;
