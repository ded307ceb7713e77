using Clientele.Customers;

namespace Clientele.Tests.JsonApi;

public abstract class PagingStabilityTests(ApiFixture api)
{
    [Theory]
    [InlineData("status", 7)]
    [InlineData("-created_at", 10)]
    [InlineData("status,-created_at", 25)]
    public async Task Sixty_customers_sharing_every_sort_value_are_each_listed_exactly_once_across_pages(string sort, int pageSize)
    {
        var reference = Unique.Code("paging");
        var created = new List<string>();
        await api.WithDbAsync(async db =>
        {
            // One SaveChanges: one transaction, one created_at for all sixty.
            for (var i = 0; i < 60; i++)
            {
                var customer = new Customer { Email = Unique.Email("page"), Reference = reference };
                db.Customers.Add(customer);
                created.Add(customer.Id);
            }
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });
        var client = await api.IntegrationAsync();

        var seen = new List<string>();
        var pages = (60 + pageSize - 1) / pageSize;
        for (var page = 1; page <= pages; page++)
        {
            var reply = await client.GetAsync($"/api/customers?filter[q][reference_eq]={reference}&sort={sort}&page[size]={pageSize}&page[number]={page}");
            reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
            reply.RecordCount.ShouldBe(60);
            seen.AddRange(reply.Ids);
        }

        seen.Count.ShouldBe(60);
        seen.Distinct().Count().ShouldBe(60);
        seen.Order().ShouldBe(created.Order());
    }
}

public sealed class PagingStabilityOnSqlite(SqliteApi api) : PagingStabilityTests(api), IClassFixture<SqliteApi>;

public sealed class PagingStabilityOnPostgres(PostgresApi api) : PagingStabilityTests(api), IClassFixture<PostgresApi>;
