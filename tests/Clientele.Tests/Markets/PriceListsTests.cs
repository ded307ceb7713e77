namespace Clientele.Tests.Markets;

public abstract class PriceListsTests(ApiFixture api)
{
    [Fact]
    public async Task Create_answers_201_with_the_currency_and_tax_included_by_default()
    {
        var client = await api.IntegrationAsync();
        var code = Unique.Code();

        var reply = await client.PostAsync("/api/price_lists", Body.Resource("price_lists", new { name = "Europe", code, currency_code = "EUR" }));

        reply.Status.ShouldBe(HttpStatusCode.Created, reply.Text);
        reply.Data.GetProperty("type").GetString().ShouldBe("price_lists");
        reply.Attributes.GetProperty("name").GetString().ShouldBe("Europe");
        reply.Attributes.GetProperty("code").GetString().ShouldBe(code);
        reply.Attributes.GetProperty("currency_code").GetString().ShouldBe("EUR");
        reply.Attributes.GetProperty("tax_included").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Tax_included_can_be_set_false_on_create_and_update()
    {
        var client = await api.IntegrationAsync();

        var created = await client.PostAsync("/api/price_lists", Body.Resource("price_lists", new { name = "US", currency_code = "USD", tax_included = false }));
        var updated = await client.PatchAsync($"/api/price_lists/{created.Id}", Body.Update("price_lists", created.Id, new { tax_included = true, currency_code = "CAD" }));

        created.Status.ShouldBe(HttpStatusCode.Created, created.Text);
        created.Attributes.GetProperty("tax_included").GetBoolean().ShouldBeFalse();
        updated.Status.ShouldBe(HttpStatusCode.OK, updated.Text);
        updated.Attributes.GetProperty("tax_included").GetBoolean().ShouldBeTrue();
        updated.Attributes.GetProperty("currency_code").GetString().ShouldBe("CAD");
    }

    [Fact]
    public async Task Name_and_currency_code_are_required()
    {
        var reply = await (await api.IntegrationAsync()).PostAsync("/api/price_lists", Body.Resource("price_lists", new { code = Unique.Code() }));

        reply.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, reply.Text);
        reply.Errors.Select(e => (e.GetProperty("source").GetProperty("pointer").GetString(), e.GetProperty("meta").GetProperty("error").GetString()))
            .ShouldBe([("/data/attributes/name", "blank"), ("/data/attributes/currency_code", "blank")], ignoreOrder: true);
    }

    [Theory]
    [InlineData("eur")]
    [InlineData("EURO")]
    [InlineData("E1R")]
    [InlineData("EU")]
    [InlineData("EUR\n")]
    public async Task A_currency_code_that_is_not_three_uppercase_letters_is_422_invalid(string currency)
    {
        var reply = await (await api.IntegrationAsync()).PostAsync("/api/price_lists", Body.Resource("price_lists", new { name = "Bad", currency_code = currency }));

        reply.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, reply.Text);
        reply.Pointer.ShouldBe("/data/attributes/currency_code");
        reply.MetaError.ShouldBe("invalid");
    }

    [Fact]
    public async Task Sales_channel_tokens_may_not_read_or_create_price_lists()
    {
        var list = await api.CreatePriceListAsync();
        var guest = api.Client(await api.GuestTokenAsync());
        var (_, customer, _) = await api.CustomerAsync();

        var guestList = await guest.GetAsync("/api/price_lists");
        var customerRead = await customer.GetAsync($"/api/price_lists/{list}");
        var guestCreate = await guest.PostAsync("/api/price_lists", Body.Resource("price_lists", new { name = "Mine", currency_code = "EUR" }));

        guestList.Status.ShouldBe(HttpStatusCode.Unauthorized);
        customerRead.Status.ShouldBe(HttpStatusCode.Unauthorized);
        guestCreate.Status.ShouldBe(HttpStatusCode.Unauthorized);
        guestCreate.Code.ShouldBe("UNAUTHORIZED");
    }

    [Fact]
    public async Task A_price_list_used_by_a_market_cannot_be_deleted()
    {
        var client = await api.IntegrationAsync();
        var list = await api.CreatePriceListAsync();
        await api.CreateMarketAsync(list);

        var reply = await client.DeleteAsync($"/api/price_lists/{list}");
        var read = await client.GetAsync($"/api/price_lists/{list}");

        reply.Status.ShouldBe(HttpStatusCode.Locked, reply.Text);
        reply.Code.ShouldBe("LOCKED");
        read.Status.ShouldBe(HttpStatusCode.OK);
    }
}

public sealed class PriceListsOnSqlite(SqliteApi api) : PriceListsTests(api), IClassFixture<SqliteApi>;

public sealed class PriceListsOnPostgres(PostgresApi api) : PriceListsTests(api), IClassFixture<PostgresApi>;
