namespace Clientele.Tests.Orders;

public abstract class OrdersTests(ApiFixture api)
{
    private static async Task<Reply> CreateAsync(ApiClient client, object attributes)
    {
        var reply = await client.PostAsync("/api/orders", Body.Resource("orders", attributes));
        reply.Status.ShouldBe(HttpStatusCode.Created, reply.Text);
        return reply;
    }

    private static Task<Reply> TriggerAsync(ApiClient client, string id, string trigger, string query = "") =>
        client.PatchAsync($"/api/orders/{id}{query}", Body.Update("orders", id, new Dictionary<string, object> { [trigger] = true }));

    private async Task<JsonElement> CustomerAsync(string id) =>
        (await (await api.IntegrationAsync()).GetAsync($"/api/customers/{id}")).Attributes;

    private async Task<List<JsonElement>> CustomersWithEmailAsync(string email)
    {
        var reply = await (await api.IntegrationAsync()).GetAsync($"/api/customers?filter[q][email_eq]={Uri.EscapeDataString(email)}");
        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
        return reply.Data.EnumerateArray().ToList();
    }

    private static string CustomerIdOf(Reply order) =>
        order.Data.GetProperty("relationships").GetProperty("customer").GetProperty("data").GetProperty("id").GetString()!;

    private static string Status(Reply order) => order.Attributes.GetProperty("status").GetString()!;

    private static void ShouldBeRefusedTransition(Reply reply, string trigger)
    {
        reply.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, reply.Text);
        reply.Code.ShouldBe("VALIDATION_ERROR");
        reply.Pointer.ShouldBe($"/data/attributes/{trigger}");
    }

    [Fact]
    public async Task A_new_order_is_a_draft_with_the_canonical_email_and_a_read_only_number()
    {
        var client = await api.IntegrationAsync();
        var local = Guid.NewGuid().ToString("N");

        var reply = await CreateAsync(client, new { customer_email = $" Ann.{local}@Example.COM ", currency_code = "EUR", total_amount_cents = 12_345 });
        var numbered = await client.PostAsync("/api/orders", Body.Resource("orders", new { number = 7 }));

        reply.Data.GetProperty("type").GetString().ShouldBe("orders");
        var attributes = reply.Attributes;
        attributes.GetProperty("status").GetString().ShouldBe("draft");
        attributes.GetProperty("customer_email").GetString().ShouldBe($"ann.{local}@example.com");
        attributes.GetProperty("currency_code").GetString().ShouldBe("EUR");
        attributes.GetProperty("total_amount_cents").GetInt64().ShouldBe(12_345);
        attributes.GetProperty("number").GetInt32().ShouldBeGreaterThan(0);
        attributes.GetProperty("guest").GetBoolean().ShouldBeFalse();
        attributes.GetProperty("placed_at").ValueKind.ShouldBe(JsonValueKind.Null);
        attributes.GetProperty("approved_at").ValueKind.ShouldBe(JsonValueKind.Null);
        attributes.GetProperty("cancelled_at").ValueKind.ShouldBe(JsonValueKind.Null);
        attributes.TryGetProperty("_place", out _).ShouldBeFalse();
        reply.Data.GetProperty("relationships").GetProperty("customer").GetProperty("links").GetProperty("related").GetString()
            .ShouldEndWith($"/api/orders/{reply.Id}/customer");
        numbered.Status.ShouldBe(HttpStatusCode.BadRequest);
        numbered.Code.ShouldBe("PARAM_NOT_ALLOWED");
        numbered.Pointer.ShouldBe("/data/attributes/number");
    }

    [Fact]
    public async Task Order_numbers_increase_with_each_order()
    {
        var client = await api.IntegrationAsync();

        var numbers = new List<int>();
        for (var i = 0; i < 3; i++) numbers.Add((await CreateAsync(client, new { })).Attributes.GetProperty("number").GetInt32());

        numbers[1].ShouldBeGreaterThan(numbers[0]);
        numbers[2].ShouldBeGreaterThan(numbers[1]);
    }

    [Fact]
    public async Task Order_numbers_stay_unique_under_concurrent_creates()
    {
        var token = await api.IntegrationTokenAsync();

        var replies = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => api.Client(token).PostAsync("/api/orders", Body.Resource("orders", new { }))));
        var after = await CreateAsync(api.Client(token), new { });

        replies.ShouldAllBe(r => r.Status == HttpStatusCode.Created);
        var numbers = replies.Select(r => r.Attributes.GetProperty("number").GetInt32()).ToList();
        numbers.Distinct().Count().ShouldBe(20);
        after.Attributes.GetProperty("number").GetInt32().ShouldBeGreaterThan(numbers.Max());
    }

    [Theory]
    [InlineData("eur")]
    [InlineData("EURO")]
    [InlineData("E1R")]
    [InlineData("")]
    public async Task Currency_codes_must_be_three_uppercase_letters(string code)
    {
        var reply = await (await api.IntegrationAsync()).PostAsync("/api/orders", Body.Resource("orders", new { currency_code = code }));

        reply.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, reply.Text);
        reply.Pointer.ShouldBe("/data/attributes/currency_code");
        reply.MetaError.ShouldBe("invalid");
    }

    [Fact]
    public async Task Placing_creates_a_guest_customer_for_a_new_email_and_makes_it_acquired()
    {
        var client = await api.IntegrationAsync();
        var local = Guid.NewGuid().ToString("N");
        var order = await CreateAsync(client, new { customer_email = $"New.{local}@Example.com" });

        var placed = await TriggerAsync(client, order.Id, "_place", "?include=customer");

        placed.Status.ShouldBe(HttpStatusCode.OK, placed.Text);
        Status(placed).ShouldBe("placed");
        placed.Attributes.GetProperty("placed_at").GetString().ShouldNotBeNull();
        placed.Attributes.GetProperty("guest").GetBoolean().ShouldBeTrue();
        var customer = placed.Json.GetProperty("included")[0];
        customer.GetProperty("id").GetString().ShouldBe(CustomerIdOf(placed));
        customer.GetProperty("attributes").GetProperty("email").GetString().ShouldBe($"new.{local}@example.com");
        customer.GetProperty("attributes").GetProperty("status").GetString().ShouldBe("acquired");
        customer.GetProperty("attributes").GetProperty("total_orders_count").GetInt32().ShouldBe(1);
        customer.GetProperty("attributes").GetProperty("has_password").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task A_second_placed_order_makes_the_customer_repeat_and_a_cancellation_does_not_demote_it()
    {
        var client = await api.IntegrationAsync();
        var email = Unique.Email();
        var customerId = await api.CreateCustomerAsync(email, Unique.Password);
        var first = await CreateAsync(client, new { customer_email = email.ToUpperInvariant() });
        var second = await CreateAsync(client, new { customer_email = email });

        var placedFirst = await TriggerAsync(client, first.Id, "_place");
        var afterFirst = await CustomerAsync(customerId);
        await TriggerAsync(client, second.Id, "_place");
        var afterSecond = await CustomerAsync(customerId);
        var cancelled = await TriggerAsync(client, second.Id, "_cancel");
        var afterCancel = await CustomerAsync(customerId);

        placedFirst.Attributes.GetProperty("guest").GetBoolean().ShouldBeFalse();
        CustomerIdOf((await client.GetAsync($"/api/orders/{first.Id}?include=customer"))).ShouldBe(customerId);
        afterFirst.GetProperty("status").GetString().ShouldBe("acquired");
        afterFirst.GetProperty("total_orders_count").GetInt32().ShouldBe(1);
        afterSecond.GetProperty("status").GetString().ShouldBe("repeat");
        afterSecond.GetProperty("total_orders_count").GetInt32().ShouldBe(2);
        cancelled.Status.ShouldBe(HttpStatusCode.OK, cancelled.Text);
        Status(cancelled).ShouldBe("cancelled");
        cancelled.Attributes.GetProperty("cancelled_at").GetString().ShouldNotBeNull();
        afterCancel.GetProperty("status").GetString().ShouldBe("repeat");
        afterCancel.GetProperty("total_orders_count").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task Placing_a_placed_order_again_changes_nothing()
    {
        var client = await api.IntegrationAsync();
        var order = await CreateAsync(client, new { customer_email = Unique.Email() });
        var placed = await TriggerAsync(client, order.Id, "_place");
        api.Clock.Advance(TimeSpan.FromMinutes(5));

        var again = await TriggerAsync(client, order.Id, "_place");

        again.Status.ShouldBe(HttpStatusCode.OK, again.Text);
        Status(again).ShouldBe("placed");
        again.Attributes.GetProperty("placed_at").GetString().ShouldBe(placed.Attributes.GetProperty("placed_at").GetString());
        again.Attributes.GetProperty("updated_at").GetString().ShouldBe(placed.Attributes.GetProperty("updated_at").GetString());
        (await CustomerAsync(CustomerIdOf(await client.GetAsync($"/api/orders/{order.Id}?include=customer"))))
            .GetProperty("total_orders_count").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task Approving_and_cancelling_follow_the_allowed_transitions_only()
    {
        var client = await api.IntegrationAsync();
        var order = await CreateAsync(client, new { customer_email = Unique.Email() });

        var approveDraft = await TriggerAsync(client, order.Id, "_approve");
        var cancelDraft = await TriggerAsync(client, order.Id, "_cancel");
        await TriggerAsync(client, order.Id, "_place");
        var approved = await TriggerAsync(client, order.Id, "_approve");
        var approveAgain = await TriggerAsync(client, order.Id, "_approve");
        var placeApproved = await TriggerAsync(client, order.Id, "_place");
        var cancelled = await TriggerAsync(client, order.Id, "_cancel");
        var cancelAgain = await TriggerAsync(client, order.Id, "_cancel");
        var approveCancelled = await TriggerAsync(client, order.Id, "_approve");
        var placeCancelled = await TriggerAsync(client, order.Id, "_place");
        var final = await client.GetAsync($"/api/orders/{order.Id}");

        ShouldBeRefusedTransition(approveDraft, "_approve");
        ShouldBeRefusedTransition(cancelDraft, "_cancel");
        approved.Status.ShouldBe(HttpStatusCode.OK, approved.Text);
        Status(approved).ShouldBe("approved");
        approved.Attributes.GetProperty("approved_at").GetString().ShouldNotBeNull();
        ShouldBeRefusedTransition(approveAgain, "_approve");
        ShouldBeRefusedTransition(placeApproved, "_place");
        Status(cancelled).ShouldBe("cancelled");
        ShouldBeRefusedTransition(cancelAgain, "_cancel");
        ShouldBeRefusedTransition(approveCancelled, "_approve");
        ShouldBeRefusedTransition(placeCancelled, "_place");
        Status(final).ShouldBe("cancelled");
    }

    [Fact]
    public async Task Placing_without_an_email_is_refused_and_the_order_stays_a_draft()
    {
        var client = await api.IntegrationAsync();
        var order = await CreateAsync(client, new { });

        var reply = await TriggerAsync(client, order.Id, "_place");
        var after = await client.GetAsync($"/api/orders/{order.Id}");

        reply.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, reply.Text);
        reply.Pointer.ShouldBe("/data/attributes/customer_email");
        reply.MetaError.ShouldBe("blank");
        Status(after).ShouldBe("draft");
    }

    [Fact]
    public async Task The_email_and_place_can_be_sent_together_but_the_email_cannot_change_once_placed()
    {
        var client = await api.IntegrationAsync();
        var order = await CreateAsync(client, new { });
        var email = Unique.Email();

        var placed = await client.PatchAsync($"/api/orders/{order.Id}", Body.Update("orders", order.Id, new { customer_email = email, _place = true }));
        var changed = await client.PatchAsync($"/api/orders/{order.Id}", Body.Update("orders", order.Id, new { customer_email = Unique.Email() }));

        Status(placed).ShouldBe("placed");
        placed.Attributes.GetProperty("customer_email").GetString().ShouldBe(email);
        changed.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, changed.Text);
        changed.Pointer.ShouldBe("/data/attributes/customer_email");
        (await CustomersWithEmailAsync(email)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Two_orders_of_one_customer_placed_at_once_make_it_repeat_with_a_count_of_two()
    {
        var token = await api.IntegrationTokenAsync();
        var email = Unique.Email();
        var customerId = await api.CreateCustomerAsync(email);
        var first = await CreateAsync(api.Client(token), new { customer_email = email });
        var second = await CreateAsync(api.Client(token), new { customer_email = email });

        var replies = await Task.WhenAll(TriggerAsync(api.Client(token), first.Id, "_place"), TriggerAsync(api.Client(token), second.Id, "_place"));

        replies.ShouldAllBe(r => r.Status == HttpStatusCode.OK);
        var customer = await CustomerAsync(customerId);
        customer.GetProperty("total_orders_count").GetInt32().ShouldBe(2);
        customer.GetProperty("status").GetString().ShouldBe("repeat");
    }

    [Fact]
    public async Task The_same_placement_sent_several_times_at_once_counts_once()
    {
        var token = await api.IntegrationTokenAsync();
        var email = Unique.Email();
        var order = await CreateAsync(api.Client(token), new { customer_email = email });

        var replies = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => TriggerAsync(api.Client(token), order.Id, "_place")));

        foreach (var reply in replies)
        {
            reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
            Status(reply).ShouldBe("placed");
        }
        replies.Select(r => r.Attributes.GetProperty("placed_at").GetString()).Distinct().Count().ShouldBe(1);
        var customers = await CustomersWithEmailAsync(email);
        customers.Count.ShouldBe(1);
        customers[0].GetProperty("attributes").GetProperty("total_orders_count").GetInt32().ShouldBe(1);
        customers[0].GetProperty("attributes").GetProperty("status").GetString().ShouldBe("acquired");
    }

    [Fact]
    public async Task Twenty_concurrent_guest_checkouts_with_one_email_in_mixed_case_make_one_customer()
    {
        var token = await api.GuestTokenAsync();
        var local = Guid.NewGuid().ToString("N");
        var variants = Enumerable.Range(0, 20).Select(i => i % 2 == 0 ? $"Race.{local}@Example.com" : $" race.{local}@EXAMPLE.COM").ToList();

        async Task<Reply> CheckoutAsync(string email)
        {
            var client = api.Client(token);
            var order = await client.PostAsync("/api/orders", Body.Resource("orders", new { customer_email = email }));
            order.Status.ShouldBe(HttpStatusCode.Created, order.Text);
            return await TriggerAsync(client, order.Id, "_place");
        }

        var replies = await Task.WhenAll(variants.Select(CheckoutAsync));

        foreach (var reply in replies)
        {
            reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
            Status(reply).ShouldBe("placed");
            reply.Attributes.GetProperty("guest").GetBoolean().ShouldBeTrue();
        }
        var customers = await CustomersWithEmailAsync($"race.{local}@example.com");
        customers.Count.ShouldBe(1);
        var linked = await (await api.IntegrationAsync()).GetAsync($"/api/customers/{customers[0].GetProperty("id").GetString()}/orders?page[size]=25");
        linked.Ids.Order().ShouldBe(replies.Select(r => r.Id).Order());
        customers[0].GetProperty("attributes").GetProperty("total_orders_count").GetInt32().ShouldBe(20);
        customers[0].GetProperty("attributes").GetProperty("status").GetString().ShouldBe("repeat");
    }

    [Fact]
    public async Task A_guest_creates_reads_updates_and_places_its_order_but_cannot_list_or_delete_orders()
    {
        var guest = api.Client(await api.GuestTokenAsync());
        var order = await CreateAsync(guest, new { currency_code = "USD" });

        var read = await guest.GetAsync($"/api/orders/{order.Id}");
        var updated = await guest.PatchAsync($"/api/orders/{order.Id}", Body.Update("orders", order.Id, new { customer_email = Unique.Email(), total_amount_cents = 500 }));
        var placed = await TriggerAsync(guest, order.Id, "_place");
        var readPlaced = await guest.GetAsync($"/api/orders/{order.Id}");
        var list = await guest.GetAsync("/api/orders");
        var delete = await guest.DeleteAsync($"/api/orders/{order.Id}");
        var approve = await TriggerAsync(guest, order.Id, "_approve");

        read.Status.ShouldBe(HttpStatusCode.OK, read.Text);
        updated.Attributes.GetProperty("total_amount_cents").GetInt64().ShouldBe(500);
        Status(placed).ShouldBe("placed");
        placed.Attributes.GetProperty("guest").GetBoolean().ShouldBeTrue();
        readPlaced.Status.ShouldBe(HttpStatusCode.OK, readPlaced.Text);
        list.Status.ShouldBe(HttpStatusCode.Unauthorized);
        list.Code.ShouldBe("UNAUTHORIZED");
        delete.Status.ShouldBe(HttpStatusCode.Unauthorized);
        approve.Status.ShouldBe(HttpStatusCode.Unauthorized);
        Status(await (await api.IntegrationAsync()).GetAsync($"/api/orders/{order.Id}")).ShouldBe("placed");
    }

    [Fact]
    public async Task A_guest_cannot_reach_orders_of_registered_customers()
    {
        var integration = await api.IntegrationAsync();
        var guest = api.Client(await api.GuestTokenAsync());
        var (_, customer, _) = await api.CustomerAsync();
        var customersOwn = await CreateAsync(customer, new { });
        var registeredEmail = Unique.Email();
        await api.CreateCustomerAsync(registeredEmail, Unique.Password);
        var placedForRegistered = await CreateAsync(integration, new { customer_email = registeredEmail });
        await TriggerAsync(integration, placedForRegistered.Id, "_place");

        var replies = new[]
        {
            await guest.GetAsync($"/api/orders/{customersOwn.Id}"),
            await guest.PatchAsync($"/api/orders/{customersOwn.Id}", Body.Update("orders", customersOwn.Id, new { reference = "x" })),
            await TriggerAsync(guest, customersOwn.Id, "_place"),
            await guest.GetAsync($"/api/orders/{placedForRegistered.Id}"),
        };

        foreach (var reply in replies)
        {
            reply.Status.ShouldBe(HttpStatusCode.NotFound, reply.Text);
            reply.Code.ShouldBe("RECORD_NOT_FOUND");
        }
        Status(await integration.GetAsync($"/api/orders/{customersOwn.Id}")).ShouldBe("draft");
    }

    [Fact]
    public async Task A_guest_checkout_with_a_registered_email_joins_that_customer_and_then_belongs_to_it()
    {
        var email = Unique.Email();
        var customerId = await api.CreateCustomerAsync(email, Unique.Password);
        var guest = api.Client(await api.GuestTokenAsync());
        var order = await CreateAsync(guest, new { customer_email = email });

        var placed = await TriggerAsync(guest, order.Id, "_place");
        var readAgain = await guest.GetAsync($"/api/orders/{order.Id}");

        placed.Status.ShouldBe(HttpStatusCode.OK, placed.Text);
        placed.Attributes.GetProperty("guest").GetBoolean().ShouldBeFalse();
        readAgain.Status.ShouldBe(HttpStatusCode.NotFound);
        (await CustomerAsync(customerId)).GetProperty("total_orders_count").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task A_customer_creates_and_places_its_own_orders_and_sees_only_those()
    {
        var (id, client, token) = await api.CustomerAsync();
        var (_, other, _) = await api.CustomerAsync();
        var othersOrder = await CreateAsync(other, new { });
        var integrationOrder = await CreateAsync(await api.IntegrationAsync(), new { customer_email = Unique.Email() });

        var order = await CreateAsync(client, new { currency_code = "EUR" });
        var placed = await TriggerAsync(client, order.Id, "_place", "?include=customer");
        var list = await client.GetAsync("/api/orders");
        var related = await client.GetAsync($"/api/customers/{id}/orders");

        var ownEmail = (await CustomerAsync(id)).GetProperty("email").GetString();
        order.Attributes.GetProperty("customer_email").GetString().ShouldBe(ownEmail);
        placed.Status.ShouldBe(HttpStatusCode.OK, placed.Text);
        CustomerIdOf(placed).ShouldBe(id);
        placed.Attributes.GetProperty("guest").GetBoolean().ShouldBeFalse();
        placed.Json.GetProperty("included")[0].GetProperty("attributes").GetProperty("status").GetString().ShouldBe("acquired");
        list.Ids.ShouldBe([order.Id]);
        list.RecordCount.ShouldBe(1);
        related.Ids.ShouldBe([order.Id]);
        foreach (var foreign in new[] { othersOrder.Id, integrationOrder.Id })
        {
            (await client.GetAsync($"/api/orders/{foreign}")).Status.ShouldBe(HttpStatusCode.NotFound);
            (await TriggerAsync(client, foreign, "_place")).Status.ShouldBe(HttpStatusCode.NotFound);
        }
        token.GetProperty("owner_id").GetString().ShouldBe(id);
    }

    [Fact]
    public async Task A_customer_may_not_place_an_order_for_another_customers_email()
    {
        var (_, client, _) = await api.CustomerAsync();
        var otherEmail = Unique.Email();
        var otherId = await api.CreateCustomerAsync(otherEmail, Unique.Password);
        var order = await CreateAsync(client, new { });

        var created = await client.PostAsync("/api/orders", Body.Resource("orders", new { customer_email = otherEmail }));
        var placed = await client.PatchAsync($"/api/orders/{order.Id}", Body.Update("orders", order.Id, new { customer_email = otherEmail, _place = true }));
        var approved = await TriggerAsync(client, order.Id, "_approve");

        foreach (var reply in new[] { created, placed })
        {
            reply.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, reply.Text);
            reply.Pointer.ShouldBe("/data/attributes/customer_email");
        }
        approved.Status.ShouldBe(HttpStatusCode.Unauthorized);
        Status(await client.GetAsync($"/api/orders/{order.Id}")).ShouldBe("draft");
        (await CustomerAsync(otherId)).GetProperty("total_orders_count").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task Sales_channels_may_not_set_the_customer_relationship()
    {
        var (_, client, _) = await api.CustomerAsync();
        var otherId = await api.CreateCustomerAsync(Unique.Email());

        var reply = await client.PostAsync("/api/orders", Body.Resource("orders", new { }, new { customer = Body.ToOne("customers", otherId) }));

        reply.Status.ShouldBe(HttpStatusCode.Unauthorized, reply.Text);
    }

    [Fact]
    public async Task An_order_linked_to_a_customer_is_placed_for_that_customer()
    {
        var client = await api.IntegrationAsync();
        var email = Unique.Email();
        var customerId = await api.CreateCustomerAsync(email, Unique.Password);
        var order = await client.PostAsync("/api/orders", Body.Resource("orders", new { }, new { customer = Body.ToOne("customers", customerId) }));
        var mismatched = await client.PostAsync("/api/orders", Body.Resource("orders", new { customer_email = Unique.Email() }, new { customer = Body.ToOne("customers", customerId) }));

        var placed = await TriggerAsync(client, order.Id, "_place");
        var refused = await TriggerAsync(client, mismatched.Id, "_place");

        placed.Status.ShouldBe(HttpStatusCode.OK, placed.Text);
        placed.Attributes.GetProperty("customer_email").GetString().ShouldBe(email);
        refused.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, refused.Text);
        refused.Pointer.ShouldBe("/data/attributes/customer_email");
        (await CustomerAsync(customerId)).GetProperty("total_orders_count").GetInt32().ShouldBe(1);
    }

    [Theory]
    [InlineData("_place")]
    [InlineData("_cancel")]
    public async Task A_customer_with_a_placed_or_cancelled_order_cannot_be_deleted(string lastStep)
    {
        var client = await api.IntegrationAsync();
        var email = Unique.Email();
        var customerId = await api.CreateCustomerAsync(email);
        var order = await CreateAsync(client, new { customer_email = email });
        await TriggerAsync(client, order.Id, "_place");
        if (lastStep == "_cancel") Status(await TriggerAsync(client, order.Id, "_cancel")).ShouldBe("cancelled");

        var deleted = await client.DeleteAsync($"/api/customers/{customerId}");

        deleted.Status.ShouldBe((HttpStatusCode)423, deleted.Text);
        deleted.Code.ShouldBe("LOCKED");
        (await client.GetAsync($"/api/customers/{customerId}")).Status.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync($"/api/orders/{order.Id}")).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Deleting_a_customer_deletes_its_draft_orders()
    {
        var client = await api.IntegrationAsync();
        var email = Unique.Email();
        var customerId = await api.CreateCustomerAsync(email);
        var draft = await client.PostAsync("/api/orders", Body.Resource("orders", new { customer_email = email }, new { customer = Body.ToOne("customers", customerId) }));

        var deleted = await client.DeleteAsync($"/api/customers/{customerId}");
        var order = await client.GetAsync($"/api/orders/{draft.Id}");

        deleted.Status.ShouldBe(HttpStatusCode.NoContent, deleted.Text);
        order.Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Only_draft_orders_can_be_deleted()
    {
        var client = await api.IntegrationAsync();
        var draft = await CreateAsync(client, new { });
        var placed = await CreateAsync(client, new { customer_email = Unique.Email() });
        await TriggerAsync(client, placed.Id, "_place");

        var deletedDraft = await client.DeleteAsync($"/api/orders/{draft.Id}");
        var deletedPlaced = await client.DeleteAsync($"/api/orders/{placed.Id}");

        deletedDraft.Status.ShouldBe(HttpStatusCode.NoContent);
        deletedPlaced.Status.ShouldBe((HttpStatusCode)423);
        deletedPlaced.Code.ShouldBe("LOCKED");
        (await client.GetAsync($"/api/orders/{placed.Id}")).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Orders_filter_by_status_and_customer_email()
    {
        var client = await api.IntegrationAsync();
        var email = Unique.Email();
        var placed = await CreateAsync(client, new { customer_email = email });
        await CreateAsync(client, new { customer_email = email });
        await TriggerAsync(client, placed.Id, "_place");

        var reply = await client.GetAsync($"/api/orders?filter[q][customer_email_eq]={Uri.EscapeDataString(email.ToUpperInvariant())}&filter[q][status_eq]=placed");

        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
        reply.Ids.ShouldBe([placed.Id]);
    }
}

public sealed class OrdersOnSqlite(SqliteApi api) : OrdersTests(api), IClassFixture<SqliteApi>;

public sealed class OrdersOnPostgres(PostgresApi api) : OrdersTests(api), IClassFixture<PostgresApi>;
