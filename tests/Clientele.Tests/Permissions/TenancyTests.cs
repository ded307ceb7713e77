using Clientele.Persistence;
using Clientele.Tests.JsonApi;

namespace Clientele.Tests.Permissions;

public abstract class TenancyTests(ApiFixture api)
{
    [Theory]
    [InlineData(Modes.Test, ApiFixture.Org, Modes.Live, ApiFixture.Org)]
    [InlineData(Modes.Live, ApiFixture.Org, Modes.Test, ApiFixture.Org)]
    [InlineData(Modes.Test, ApiFixture.Org, Modes.Test, ApiFixture.OtherOrg)]
    [InlineData(Modes.Live, ApiFixture.OtherOrg, Modes.Live, ApiFixture.Org)]
    public async Task Customers_of_one_environment_or_organization_do_not_exist_in_another(string mode, string org, string otherMode, string otherOrg)
    {
        var email = Unique.Email();
        var id = await api.CreateCustomerAsync(email, mode: mode, org: org);
        var outsider = await api.IntegrationAsync(otherMode, otherOrg);

        var read = await outsider.GetAsync($"/api/customers/{id}");
        var update = await outsider.PatchAsync($"/api/customers/{id}", Body.Update("customers", id, new { reference = "crossed" }));
        var delete = await outsider.DeleteAsync($"/api/customers/{id}");
        var related = await outsider.GetAsync($"/api/customers/{id}/customer_group");
        var byEmail = await outsider.GetAsync($"/api/customers?filter[q][email_eq]={email}");
        var all = await outsider.GetAsync("/api/customers?page[size]=25");
        var owner = await (await api.IntegrationAsync(mode, org)).GetAsync($"/api/customers/{id}");

        foreach (var reply in new[] { read, update, delete, related })
        {
            reply.Status.ShouldBe(HttpStatusCode.NotFound, reply.Text);
            reply.Code.ShouldBe("RECORD_NOT_FOUND");
        }
        byEmail.RecordCount.ShouldBe(0);
        all.Ids.ShouldNotContain(id);
        owner.Status.ShouldBe(HttpStatusCode.OK);
        owner.Attributes.GetProperty("reference").ValueKind.ShouldBe(JsonValueKind.Null);
        owner.Data.GetProperty("meta").GetProperty("mode").GetString().ShouldBe(mode);
    }

    [Theory]
    [InlineData(Modes.Live, ApiFixture.Org)]
    [InlineData(Modes.Test, ApiFixture.OtherOrg)]
    public async Task Customer_groups_of_one_environment_or_organization_do_not_exist_in_another(string otherMode, string otherOrg)
    {
        var name = Unique.Code("group");
        var group = await api.CreateGroupAsync(name);
        await (await api.IntegrationAsync()).CreateCustomerAsync(new { email = Unique.Email() }, group);
        var outsider = await api.IntegrationAsync(otherMode, otherOrg);

        var read = await outsider.GetAsync($"/api/customer_groups/{group}");
        var members = await outsider.GetAsync($"/api/customer_groups/{group}/customers");
        var delete = await outsider.DeleteAsync($"/api/customer_groups/{group}");
        var byName = await outsider.GetAsync($"/api/customer_groups?filter[q][name_eq]={name}");
        var byGroupName = await outsider.GetAsync($"/api/customers?filter[q][customer_group_name_eq]={name}");

        read.Status.ShouldBe(HttpStatusCode.NotFound, read.Text);
        members.Status.ShouldBe(HttpStatusCode.NotFound, members.Text);
        delete.Status.ShouldBe(HttpStatusCode.NotFound, delete.Text);
        byName.RecordCount.ShouldBe(0);
        byGroupName.RecordCount.ShouldBe(0);
    }

    [Fact]
    public async Task A_customer_token_of_another_organization_never_sees_acme_records()
    {
        var acmeCustomer = await api.CreateCustomerAsync(Unique.Email());
        var acmeGroup = await api.CreateGroupAsync();
        var (globexId, globex, _) = await api.CustomerAsync(org: ApiFixture.OtherOrg);

        var read = await globex.GetAsync($"/api/customers/{acmeCustomer}");
        var group = await globex.GetAsync($"/api/customer_groups/{acmeGroup}");
        var list = await globex.GetAsync("/api/customers");

        read.Status.ShouldBe(HttpStatusCode.NotFound);
        group.Status.ShouldBe(HttpStatusCode.NotFound);
        list.Ids.ShouldBe([globexId]);
    }

    [Fact]
    public async Task Resources_carry_the_mode_and_organization_of_their_environment()
    {
        var test = await api.CreateCustomerAsync(Unique.Email(), mode: Modes.Test);
        var live = await api.CreateCustomerAsync(Unique.Email(), mode: Modes.Live);
        var globex = await api.CreateCustomerAsync(Unique.Email(), org: ApiFixture.OtherOrg);

        var testMeta = (await (await api.IntegrationAsync(Modes.Test)).GetAsync($"/api/customers/{test}")).Data.GetProperty("meta");
        var liveMeta = (await (await api.IntegrationAsync(Modes.Live)).GetAsync($"/api/customers/{live}")).Data.GetProperty("meta");
        var globexMeta = (await (await api.IntegrationAsync(org: ApiFixture.OtherOrg)).GetAsync($"/api/customers/{globex}")).Data.GetProperty("meta");

        testMeta.GetProperty("mode").GetString().ShouldBe("test");
        liveMeta.GetProperty("mode").GetString().ShouldBe("live");
        testMeta.GetProperty("organization_id").GetString().ShouldBe(liveMeta.GetProperty("organization_id").GetString());
        globexMeta.GetProperty("organization_id").GetString().ShouldNotBe(testMeta.GetProperty("organization_id").GetString());
    }
}

public sealed class TenancyOnSqlite(SqliteApi api) : TenancyTests(api), IClassFixture<SqliteApi>;

public sealed class TenancyOnPostgres(PostgresApi api) : TenancyTests(api), IClassFixture<PostgresApi>;
