using Clientele.Tests.Markets;

namespace Clientele.Tests.Orders;

public abstract class OrderMarketTests(ApiFixture api)
{
    [Fact]
    public async Task An_order_belongs_to_a_market_that_include_and_filters_reach()
    {
        var client = await api.IntegrationAsync();
        var market = await api.CreateMarketAsync(await api.CreatePriceListAsync());
        var email = Unique.Email("market");

        var created = await client.PostAsync("/api/orders?include=market",
            Body.Resource("orders", new { customer_email = email, currency_code = "EUR" }, new { market = Body.ToOne("markets", market) }));
        var filtered = await client.GetAsync($"/api/orders?filter[q][market_id_eq]={market}&filter[q][customer_email_eq]={Uri.EscapeDataString(email)}");
        var guest = await api.Client(await api.GuestTokenAsync()).PostAsync("/api/orders",
            Body.Resource("orders", new { customer_email = email }, new { market = Body.ToOne("markets", market) }));

        created.Status.ShouldBe(HttpStatusCode.Created, created.Text);
        created.Data.GetProperty("relationships").GetProperty("market").GetProperty("data").GetProperty("id").GetString().ShouldBe(market);
        created.Json.GetProperty("included")[0].GetProperty("type").GetString().ShouldBe("markets");
        filtered.Ids.ShouldBe([created.Id]);
        guest.Status.ShouldBe(HttpStatusCode.Unauthorized);
    }
}

public sealed class OrderMarketOnSqlite(SqliteApi api) : OrderMarketTests(api), IClassFixture<SqliteApi>;

public sealed class OrderMarketOnPostgres(PostgresApi api) : OrderMarketTests(api), IClassFixture<PostgresApi>;
