namespace Clientele.Tests.OfficialClients;

/// <summary>Requests exactly as the official Commerce Layer CLI (resources plugin) sends them.</summary>
public abstract class CliRequestsTests(ApiFixture api)
{
    [Fact]
    public async Task A_list_whose_fields_name_id_answers_only_the_named_attributes()
    {
        var client = await api.IntegrationAsync();
        var email = Unique.Email("cli");
        var id = await api.CreateCustomerAsync(email);

        // commercelayer resources:list customers -f id,email,status -w email_eq=<email>
        var reply = await client.GetAsync($"/api/customers?fields[customers]=id,email,status&filter[q][email_eq]={Uri.EscapeDataString(email)}&page[number]=1");

        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
        reply.Ids.ShouldBe(new[] { id });
        var resource = reply.Data[0];
        resource.GetProperty("type").GetString().ShouldBe("customers");
        resource.GetProperty("attributes").EnumerateObject().Select(a => a.Name).ShouldBe(new[] { "email", "status" }, ignoreOrder: true);
    }

    [Fact]
    public async Task A_retrieve_with_only_id_in_fields_answers_the_resource_without_attributes()
    {
        var client = await api.IntegrationAsync();
        var id = await api.CreateCustomerAsync(Unique.Email("cli"));

        var reply = await client.GetAsync($"/api/customers/{id}?fields[customers]=id");

        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
        reply.Id.ShouldBe(id);
        reply.Attributes.EnumerateObject().ShouldBeEmpty();
    }

    [Fact]
    public async Task Included_resources_accept_id_in_their_fields_too()
    {
        var client = await api.IntegrationAsync();
        var name = Unique.Code("group");
        var group = await client.PostAsync("/api/customer_groups", Body.Resource("customer_groups", new { name }));
        var customer = await client.PostAsync("/api/customers", Body.Resource("customers", new { email = Unique.Email("cli") },
            new { customer_group = Body.ToOne("customer_groups", group.Id) }));

        // commercelayer resources:retrieve customers/<id> -i customer_group -f customers/id,email,customer_group -f customer_groups/id,name
        var reply = await client.GetAsync($"/api/customers/{customer.Id}?include=customer_group&fields[customers]=id,email,customer_group&fields[customer_groups]=id,name");

        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
        reply.Attributes.EnumerateObject().Select(a => a.Name).ShouldBe(new[] { "email" });
        var included = reply.Json.GetProperty("included")[0];
        included.GetProperty("id").GetString().ShouldBe(group.Id);
        included.GetProperty("attributes").EnumerateObject().Select(a => a.Name).ShouldBe(new[] { "name" });
        included.GetProperty("attributes").GetProperty("name").GetString().ShouldBe(name);
    }

    [Fact]
    public async Task Unknown_fields_are_still_refused_next_to_id()
    {
        var client = await api.IntegrationAsync();

        var reply = await client.GetAsync("/api/customers?fields[customers]=id,favourite_colour");

        reply.Status.ShouldBe(HttpStatusCode.BadRequest);
        reply.Code.ShouldBe("INVALID_FIELD");
        reply.Parameter.ShouldBe("fields[customers]");
        reply.Errors.Count().ShouldBe(1);
    }
}

public sealed class CliRequestsOnSqlite(SqliteApi api) : CliRequestsTests(api), IClassFixture<SqliteApi>;

public sealed class CliRequestsOnPostgres(PostgresApi api) : CliRequestsTests(api), IClassFixture<PostgresApi>;
