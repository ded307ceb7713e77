using Clientele.Tests.JsonApi;

namespace Clientele.Tests.Permissions;

public abstract class CustomerTokenTests(ApiFixture api)
{
    private async Task JoinAsync(string customerId, string groupId)
    {
        var reply = await (await api.IntegrationAsync()).PatchAsync($"/api/customers/{customerId}",
            Body.Update("customers", customerId, new { }, new { customer_group = Body.ToOne("customer_groups", groupId) }));
        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
    }

    [Fact]
    public async Task A_customer_reads_and_updates_its_own_record()
    {
        var (id, client, _) = await api.CustomerAsync();

        var read = await client.GetAsync($"/api/customers/{id}");
        var updated = await client.PatchAsync($"/api/customers/{id}", Body.Update("customers", id, new { reference = "mine" }));

        read.Status.ShouldBe(HttpStatusCode.OK, read.Text);
        read.Id.ShouldBe(id);
        updated.Status.ShouldBe(HttpStatusCode.OK, updated.Text);
        updated.Attributes.GetProperty("reference").GetString().ShouldBe("mine");
    }

    [Fact]
    public async Task Another_customers_record_is_404_to_read_update_and_delete_and_stays_untouched()
    {
        var (_, client, _) = await api.CustomerAsync();
        var otherEmail = Unique.Email();
        var other = await api.CreateCustomerAsync(otherEmail);

        var read = await client.GetAsync($"/api/customers/{other}");
        var update = await client.PatchAsync($"/api/customers/{other}", Body.Update("customers", other, new { reference = "hijacked" }));
        var delete = await client.DeleteAsync($"/api/customers/{other}");
        var related = await client.GetAsync($"/api/customers/{other}/customer_group");
        var linkage = await client.GetAsync($"/api/customers/{other}/relationships/customer_group");
        var afterwards = await (await api.IntegrationAsync()).GetAsync($"/api/customers/{other}");

        foreach (var reply in new[] { read, update, delete, related, linkage })
        {
            reply.Status.ShouldBe(HttpStatusCode.NotFound, reply.Text);
            reply.Code.ShouldBe("RECORD_NOT_FOUND");
        }
        afterwards.Status.ShouldBe(HttpStatusCode.OK);
        afterwards.Attributes.GetProperty("email").GetString().ShouldBe(otherEmail);
        afterwards.Attributes.GetProperty("reference").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task A_customer_lists_only_itself()
    {
        await api.CreateCustomerAsync(Unique.Email());
        var (id, client, _) = await api.CustomerAsync();
        var otherEmail = Unique.Email();
        await api.CreateCustomerAsync(otherEmail);

        var all = await client.GetAsync("/api/customers");
        var filtered = await client.GetAsync($"/api/customers?filter[q][email_eq]={otherEmail}");

        all.Status.ShouldBe(HttpStatusCode.OK, all.Text);
        all.Ids.ShouldBe([id]);
        all.RecordCount.ShouldBe(1);
        all.Json.GetProperty("meta").GetProperty("page_count").GetInt32().ShouldBe(1);
        filtered.RecordCount.ShouldBe(0);
    }

    [Fact]
    public async Task A_customer_cannot_set_its_customer_group_and_gets_401()
    {
        var group = await api.CreateGroupAsync();
        var (id, client, _) = await api.CustomerAsync();

        var set = await client.PatchAsync($"/api/customers/{id}",
            Body.Update("customers", id, new { reference = "sneaky" }, new { customer_group = Body.ToOne("customer_groups", group) }));
        var unset = await client.PatchAsync($"/api/customers/{id}",
            Body.Update("customers", id, new { }, new { customer_group = Body.ToOne("customer_groups", null) }));
        var read = await (await api.IntegrationAsync()).GetAsync($"/api/customers/{id}?include=customer_group");

        set.Status.ShouldBe(HttpStatusCode.Unauthorized, set.Text);
        set.Code.ShouldBe("UNAUTHORIZED");
        unset.Status.ShouldBe(HttpStatusCode.Unauthorized, unset.Text);
        read.Data.GetProperty("relationships").GetProperty("customer_group").GetProperty("data").ValueKind.ShouldBe(JsonValueKind.Null);
        read.Attributes.GetProperty("reference").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task A_customer_cannot_create_customers_or_groups_and_gets_401()
    {
        var (_, client, _) = await api.CustomerAsync();
        var email = Unique.Email();

        var customer = await client.PostAsync("/api/customers", Body.Resource("customers", new { email }));
        var group = await client.PostAsync("/api/customer_groups", Body.Resource("customer_groups", new { name = "Mine" }));
        var listed = await (await api.IntegrationAsync()).GetAsync($"/api/customers?filter[q][email_eq]={email}");

        customer.Status.ShouldBe(HttpStatusCode.Unauthorized, customer.Text);
        customer.Code.ShouldBe("UNAUTHORIZED");
        group.Status.ShouldBe(HttpStatusCode.Unauthorized, group.Text);
        listed.RecordCount.ShouldBe(0);
    }

    [Fact]
    public async Task A_customer_sees_only_its_own_customer_group()
    {
        var own = await api.CreateGroupAsync("Own");
        var other = await api.CreateGroupAsync("Other");
        var (id, client, _) = await api.CustomerAsync();
        await JoinAsync(id, own);
        var fellow = await api.CreateCustomerAsync(Unique.Email());
        await JoinAsync(fellow, own);

        var ownGroup = await client.GetAsync($"/api/customer_groups/{own}");
        var otherGroup = await client.GetAsync($"/api/customer_groups/{other}");
        var groups = await client.GetAsync("/api/customer_groups");
        var related = await client.GetAsync($"/api/customers/{id}/customer_group");
        var included = await client.GetAsync($"/api/customers/{id}?include=customer_group");
        var members = await client.GetAsync($"/api/customer_groups/{own}/customers");
        var otherMembers = await client.GetAsync($"/api/customer_groups/{other}/customers");

        ownGroup.Status.ShouldBe(HttpStatusCode.OK, ownGroup.Text);
        ownGroup.Attributes.GetProperty("name").GetString().ShouldBe("Own");
        otherGroup.Status.ShouldBe(HttpStatusCode.NotFound, otherGroup.Text);
        otherGroup.Code.ShouldBe("RECORD_NOT_FOUND");
        groups.Ids.ShouldBe([own]);
        groups.RecordCount.ShouldBe(1);
        related.Id.ShouldBe(own);
        included.Json.GetProperty("included").IdsOf().ShouldBe([own]);
        members.Ids.ShouldBe([id]);
        members.RecordCount.ShouldBe(1);
        otherMembers.Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_customer_without_a_group_sees_no_group_and_cannot_change_or_delete_groups()
    {
        var group = await api.CreateGroupAsync();
        var (_, client, _) = await api.CustomerAsync();

        var list = await client.GetAsync("/api/customer_groups");
        var update = await client.PatchAsync($"/api/customer_groups/{group}", Body.Update("customer_groups", group, new { name = "Renamed" }));
        var delete = await client.DeleteAsync($"/api/customer_groups/{group}");

        list.Status.ShouldBe(HttpStatusCode.OK, list.Text);
        list.RecordCount.ShouldBe(0);
        update.Status.ShouldBe(HttpStatusCode.Unauthorized, update.Text);
        delete.Status.ShouldBe(HttpStatusCode.Unauthorized, delete.Text);
    }

    [Fact]
    public async Task A_customer_may_delete_its_own_record()
    {
        var (id, client, _) = await api.CustomerAsync();

        var deleted = await client.DeleteAsync($"/api/customers/{id}");
        var read = await (await api.IntegrationAsync()).GetAsync($"/api/customers/{id}");

        deleted.Status.ShouldBe(HttpStatusCode.NoContent, deleted.Text);
        read.Status.ShouldBe(HttpStatusCode.NotFound);
    }
}

public sealed class CustomerTokenOnSqlite(SqliteApi api) : CustomerTokenTests(api), IClassFixture<SqliteApi>;

public sealed class CustomerTokenOnPostgres(PostgresApi api) : CustomerTokenTests(api), IClassFixture<PostgresApi>;
