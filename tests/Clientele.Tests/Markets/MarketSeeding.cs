namespace Clientele.Tests.Markets;

/// <summary>Price lists and markets created through the API with an integration token.</summary>
public static class MarketSeeding
{
    public static async Task<string> CreatePriceListAsync(this ApiFixture api, string currency = "EUR", string? code = null)
    {
        var client = await api.IntegrationAsync();
        var reply = await client.PostAsync("/api/price_lists", Body.Resource("price_lists", new { name = Unique.Code("prices"), code, currency_code = currency }));
        reply.Status.ShouldBe(HttpStatusCode.Created, reply.Text);
        return reply.Id;
    }

    /// <summary>Creates a market on the price list, private to the group if one is given; returns its id.</summary>
    public static async Task<string> CreateMarketAsync(this ApiFixture api, string priceListId, string? groupId = null, string? code = null)
    {
        var client = await api.IntegrationAsync();
        var reply = await client.PostAsync("/api/markets", Body.Resource("markets", new { name = Unique.Code("market"), code }, Relationships(priceListId, groupId)));
        reply.Status.ShouldBe(HttpStatusCode.Created, reply.Text);
        return reply.Id;
    }

    public static object Relationships(string? priceListId, string? groupId = null) => groupId is null
        ? new { price_list = Body.ToOne("price_lists", priceListId) }
        : new { price_list = Body.ToOne("price_lists", priceListId), customer_group = Body.ToOne("customer_groups", groupId) };
}
