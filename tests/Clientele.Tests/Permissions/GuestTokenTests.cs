using Clientele.Tests.JsonApi;

namespace Clientele.Tests.Permissions;

public abstract class GuestTokenTests(ApiFixture api)
{
    [Fact]
    public async Task A_guest_may_sign_up_a_customer()
    {
        var guest = api.Client(await api.GuestTokenAsync());
        var email = Unique.Email();

        var reply = await guest.PostAsync("/api/customers", Body.Resource("customers", new { email, password = Unique.Password }));
        var login = await api.PasswordGrantAsync(email, Unique.Password);

        reply.Status.ShouldBe(HttpStatusCode.Created, reply.Text);
        reply.Attributes.GetProperty("email").GetString().ShouldBe(email);
        login.Status.ShouldBe(HttpStatusCode.OK, login.Text);
    }

    [Theory]
    [InlineData("GET", "/api/customers")]
    [InlineData("GET", "/api/customers/{0}")]
    [InlineData("GET", "/api/customers/{0}/customer_group")]
    [InlineData("GET", "/api/customers/{0}/relationships/customer_group")]
    [InlineData("DELETE", "/api/customers/{0}")]
    [InlineData("GET", "/api/customer_groups")]
    [InlineData("GET", "/api/customer_groups/{1}")]
    [InlineData("GET", "/api/customer_groups/{1}/customers")]
    [InlineData("DELETE", "/api/customer_groups/{1}")]
    public async Task A_guest_cannot_list_read_or_delete_anything_and_gets_401(string method, string path)
    {
        var group = await api.CreateGroupAsync();
        var customer = await (await api.IntegrationAsync()).CreateCustomerAsync(new { email = Unique.Email() }, group);
        var guest = api.Client(await api.GuestTokenAsync());

        var reply = await guest.SendAsync(new HttpRequestMessage(new HttpMethod(method), string.Format(System.Globalization.CultureInfo.InvariantCulture, path, customer, group)));
        var stillThere = await (await api.IntegrationAsync()).GetAsync($"/api/customers/{customer}");

        reply.Status.ShouldBe(HttpStatusCode.Unauthorized, reply.Text);
        reply.Code.ShouldBe("UNAUTHORIZED");
        stillThere.Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_guest_cannot_update_a_customer_create_a_group_or_sign_up_into_a_group()
    {
        var group = await api.CreateGroupAsync();
        var id = await api.CreateCustomerAsync(Unique.Email());
        var guest = api.Client(await api.GuestTokenAsync());
        var email = Unique.Email();

        var update = await guest.PatchAsync($"/api/customers/{id}", Body.Update("customers", id, new { reference = "guest" }));
        var createGroup = await guest.PostAsync("/api/customer_groups", Body.Resource("customer_groups", new { name = "Guests" }));
        var signUpIntoGroup = await guest.PostAsync("/api/customers",
            Body.Resource("customers", new { email }, new { customer_group = Body.ToOne("customer_groups", group) }));
        var listed = await (await api.IntegrationAsync()).GetAsync($"/api/customers?filter[q][email_eq]={email}");

        foreach (var reply in new[] { update, createGroup, signUpIntoGroup })
        {
            reply.Status.ShouldBe(HttpStatusCode.Unauthorized, reply.Text);
            reply.Code.ShouldBe("UNAUTHORIZED");
        }
        listed.RecordCount.ShouldBe(0);
    }

    [Fact]
    public async Task No_token_is_401_UNAUTHORIZED_and_a_bad_token_is_401_INVALID_TOKEN()
    {
        var none = await api.Client().GetAsync("/api/customers");
        var bad = await api.Client("not.a.token").GetAsync("/api/customers");

        none.Status.ShouldBe(HttpStatusCode.Unauthorized);
        none.Code.ShouldBe("UNAUTHORIZED");
        bad.Status.ShouldBe(HttpStatusCode.Unauthorized);
        bad.Code.ShouldBe("INVALID_TOKEN");
    }
}

public sealed class GuestTokenOnSqlite(SqliteApi api) : GuestTokenTests(api), IClassFixture<SqliteApi>;

public sealed class GuestTokenOnPostgres(PostgresApi api) : GuestTokenTests(api), IClassFixture<PostgresApi>;
