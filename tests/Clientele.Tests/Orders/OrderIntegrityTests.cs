namespace Clientele.Tests.Orders;

/// <summary>
/// A placed order keeps naming the customer it was counted for, whatever else happens to it at the same moment.
/// </summary>
public abstract class OrderIntegrityTests(ApiFixture api)
{
    private const int Rounds = 20;

    private static Task<Reply> PlaceAsync(ApiClient client, string id) =>
        client.PatchAsync($"/api/orders/{id}", Body.Update("orders", id, new Dictionary<string, object> { ["_place"] = true }));

    private static async Task<string> CreateOrderAsync(ApiClient client, object attributes)
    {
        var reply = await client.PostAsync("/api/orders", Body.Resource("orders", attributes));
        reply.Status.ShouldBe(HttpStatusCode.Created, reply.Text);
        return reply.Id;
    }

    [Fact]
    public async Task A_placed_order_cannot_be_moved_to_another_customer()
    {
        var client = await api.IntegrationAsync();
        var email = Unique.Email();
        var placedFor = await api.CreateCustomerAsync(email);
        var other = await api.CreateCustomerAsync(Unique.Email());
        var order = await CreateOrderAsync(client, new { customer_email = email });
        (await PlaceAsync(client, order)).Status.ShouldBe(HttpStatusCode.OK);

        var moved = await client.PatchAsync($"/api/orders/{order}", Body.Update("orders", order, new { }, new { customer = Body.ToOne("customers", other) }));
        var deleted = await client.DeleteAsync($"/api/customers/{placedFor}");

        moved.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, moved.Text);
        moved.Code.ShouldBe("VALIDATION_ERROR");
        moved.Pointer.ShouldBe("/data/relationships/customer");
        moved.MetaError.ShouldBe("invalid");
        deleted.Status.ShouldBe((HttpStatusCode)423, deleted.Text);
        var read = await client.GetAsync($"/api/orders/{order}?include=customer");
        read.Data.GetProperty("relationships").GetProperty("customer").GetProperty("data").GetProperty("id").GetString().ShouldBe(placedFor);
    }

    [Fact]
    public async Task A_draft_order_may_still_be_moved_to_another_customer()
    {
        var client = await api.IntegrationAsync();
        var other = await api.CreateCustomerAsync(Unique.Email());
        var order = await CreateOrderAsync(client, new { });

        var moved = await client.PatchAsync($"/api/orders/{order}?include=customer", Body.Update("orders", order, new { }, new { customer = Body.ToOne("customers", other) }));

        moved.Status.ShouldBe(HttpStatusCode.OK, moved.Text);
        moved.Data.GetProperty("relationships").GetProperty("customer").GetProperty("data").GetProperty("id").GetString().ShouldBe(other);
    }

    [Fact]
    public async Task An_email_change_racing_the_placement_never_leaves_the_order_naming_another_customer()
    {
        var integration = await api.IntegrationTokenAsync();
        var guest = await api.GuestTokenAsync();
        for (var round = 0; round < Rounds; round++)
        {
            var email = Unique.Email("placed");
            await api.CreateCustomerAsync(email);
            var order = await CreateOrderAsync(api.Client(guest), new { customer_email = email });

            var replies = await Task.WhenAll(
                PlaceAsync(api.Client(guest), order),
                api.Client(integration).PatchAsync($"/api/orders/{order}", Body.Update("orders", order, new { customer_email = Unique.Email("changed") })));

            replies[0].Status.ShouldBe(HttpStatusCode.OK, replies[0].Text);
            replies[1].Status.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.UnprocessableEntity);
            var read = await api.Client(integration).GetAsync($"/api/orders/{order}?include=customer");
            read.Attributes.GetProperty("status").GetString().ShouldBe("placed");
            var customer = read.Json.GetProperty("included")[0].GetProperty("attributes");
            read.Attributes.GetProperty("customer_email").GetString().ShouldBe(customer.GetProperty("email").GetString(), $"round {round}");
            customer.GetProperty("total_orders_count").GetInt32().ShouldBe(1);
        }
    }

    [Fact]
    public async Task Deleting_an_order_while_it_is_placed_never_loses_a_counted_order()
    {
        var token = await api.IntegrationTokenAsync();
        for (var round = 0; round < Rounds; round++)
        {
            var email = Unique.Email();
            var customer = await api.CreateCustomerAsync(email);
            var order = await CreateOrderAsync(api.Client(token), new { customer_email = email });

            var replies = await Task.WhenAll(PlaceAsync(api.Client(token), order), api.Client(token).DeleteAsync($"/api/orders/{order}"));

            var count = (await api.Client(token).GetAsync($"/api/customers/{customer}")).Attributes.GetProperty("total_orders_count").GetInt32();
            var exists = (await api.Client(token).GetAsync($"/api/orders/{order}")).Status == HttpStatusCode.OK;
            if (replies[0].Status == HttpStatusCode.OK)
            {
                replies[1].Status.ShouldBe((HttpStatusCode)423, $"round {round}: {replies[1].Text}");
                exists.ShouldBeTrue();
                count.ShouldBe(1);
            }
            else
            {
                replies[1].Status.ShouldBe(HttpStatusCode.NoContent, replies[1].Text);
                exists.ShouldBeFalse();
                count.ShouldBe(0);
            }
        }
    }

    [Fact]
    public async Task Orders_filter_by_amounts_beyond_32_bits()
    {
        var client = await api.IntegrationAsync();
        var email = Unique.Email();
        var large = await CreateOrderAsync(client, new { customer_email = email, total_amount_cents = 5_000_000_000L });
        await CreateOrderAsync(client, new { customer_email = email, total_amount_cents = 100 });

        var above = await client.GetAsync($"/api/orders?filter[q][customer_email_eq]={Uri.EscapeDataString(email)}&filter[q][total_amount_cents_gt]=4294967296");
        var exact = await client.GetAsync($"/api/orders?filter[q][total_amount_cents_in]=5000000000,1&filter[q][customer_email_eq]={Uri.EscapeDataString(email)}");
        var tooLarge = await client.GetAsync("/api/orders?filter[q][total_amount_cents_gt]=9223372036854775808");
        var count = await client.GetAsync("/api/customers?filter[q][total_orders_count_gt]=2147483648");

        above.Status.ShouldBe(HttpStatusCode.OK, above.Text);
        above.Ids.ShouldBe([large]);
        exact.Status.ShouldBe(HttpStatusCode.OK, exact.Text);
        exact.Ids.ShouldBe([large]);
        tooLarge.Status.ShouldBe(HttpStatusCode.BadRequest);
        tooLarge.Code.ShouldBe("INVALID_FILTER_VALUE");
        count.Status.ShouldBe(HttpStatusCode.BadRequest);
        count.Code.ShouldBe("INVALID_FILTER_VALUE");
    }
}

public sealed class OrderIntegrityOnSqlite(SqliteApi api) : OrderIntegrityTests(api), IClassFixture<SqliteApi>;

public sealed class OrderIntegrityOnPostgres(PostgresApi api) : OrderIntegrityTests(api), IClassFixture<PostgresApi>;
