namespace Clientele.Tests.JsonApi;

public abstract class IncludeLimitTests(ApiFixture api)
{
    [Fact]
    public async Task Including_more_to_many_records_than_the_limit_is_refused_and_the_related_endpoint_pages_them()
    {
        await using var app = api.AnotherInstance(("Clientele:MaxIncluded", "3"));
        var admin = await api.IntegrationAsync();
        var client = ApiFixture.ClientOf(app, await api.IntegrationTokenAsync());
        var group = (await admin.PostAsync("/api/customer_groups", Body.Resource("customer_groups", new { name = Unique.Code("big") }))).Id;
        for (var i = 0; i < 4; i++)
            await admin.PostAsync("/api/customers", Body.Resource("customers", new { email = Unique.Email("member") }, new { customer_group = Body.ToOne("customer_groups", group) }));

        var included = await client.GetAsync($"/api/customer_groups/{group}?include=customers");
        var linkage = await client.GetAsync($"/api/customer_groups/{group}/relationships/customers");
        var related = await client.GetAsync($"/api/customer_groups/{group}/customers?page[size]=2");

        included.Status.ShouldBe(HttpStatusCode.BadRequest);
        included.Code.ShouldBe("BAD_REQUEST");
        included.Parameter.ShouldBe("include");
        linkage.Status.ShouldBe(HttpStatusCode.BadRequest);
        related.Status.ShouldBe(HttpStatusCode.OK);
        related.RecordCount.ShouldBe(4);
        related.Ids.Count.ShouldBe(2);
    }
}

public sealed class IncludeLimitOnSqlite(SqliteApi api) : IncludeLimitTests(api), IClassFixture<SqliteApi>;

public sealed class IncludeLimitOnPostgres(PostgresApi api) : IncludeLimitTests(api), IClassFixture<PostgresApi>;
