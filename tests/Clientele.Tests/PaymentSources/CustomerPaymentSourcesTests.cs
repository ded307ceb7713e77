namespace Clientele.Tests.PaymentSources;

public abstract class CustomerPaymentSourcesTests(ApiFixture api)
{
    private static object Relationships(string customerId, string? type = "stripe_payments", string? id = "pm_42") =>
        new { customer = Body.ToOne("customers", customerId), payment_source = type is null ? null : Body.ToOne(type, id) };

    private async Task<string> CreateAsync(string customerId, string type = "stripe_payments", string id = "pm_42")
    {
        var reply = await (await api.IntegrationAsync()).PostAsync("/api/customer_payment_sources",
            Body.Resource("customer_payment_sources", new { customer_token = "cus_1", payment_source_token = "tok_1" }, Relationships(customerId, type, id)));
        reply.Status.ShouldBe(HttpStatusCode.Created, reply.Text);
        return reply.Id;
    }

    [Fact]
    public async Task The_payment_source_is_kept_as_given_and_always_shown_as_relationship_data()
    {
        var integration = await api.IntegrationAsync();
        var customerId = await api.CreateCustomerAsync(Unique.Email());

        var created = await integration.PostAsync("/api/customer_payment_sources",
            Body.Resource("customer_payment_sources", new { customer_token = "cus_xyz", payment_source_token = "pm_abc" }, Relationships(customerId, "braintree_payments", "bt_7")));
        var read = await integration.GetAsync($"/api/customer_payment_sources/{created.Id}");

        created.Status.ShouldBe(HttpStatusCode.Created, created.Text);
        read.Attributes.GetProperty("customer_token").GetString().ShouldBe("cus_xyz");
        read.Attributes.GetProperty("payment_source_token").GetString().ShouldBe("pm_abc");
        read.Attributes.GetProperty("name").GetString().ShouldBe("Braintree payment bt_7");
        var reference = read.Data.GetProperty("relationships").GetProperty("payment_source").GetProperty("data");
        reference.GetProperty("type").GetString().ShouldBe("braintree_payments");
        reference.GetProperty("id").GetString().ShouldBe("bt_7");
        read.Data.GetProperty("relationships").GetProperty("customer").GetProperty("links").GetProperty("related").GetString()
            .ShouldEndWith($"/api/customer_payment_sources/{created.Id}/customer");
    }

    [Fact]
    public async Task The_payment_source_can_be_replaced_and_unset()
    {
        var integration = await api.IntegrationAsync();
        var id = await CreateAsync(await api.CreateCustomerAsync(Unique.Email()));

        var replaced = await integration.PatchAsync($"/api/customer_payment_sources/{id}", Body.Update("customer_payment_sources", id, new { },
            new { payment_source = Body.ToOne("adyen_payments", "ad_1") }));
        var unset = await integration.PatchAsync($"/api/customer_payment_sources/{id}", Body.Update("customer_payment_sources", id, new { },
            new { payment_source = Body.ToOne("adyen_payments", null) }));

        replaced.Data.GetProperty("relationships").GetProperty("payment_source").GetProperty("data").GetProperty("id").GetString().ShouldBe("ad_1");
        replaced.Attributes.GetProperty("name").GetString().ShouldBe("Adyen payment ad_1");
        unset.Status.ShouldBe(HttpStatusCode.OK, unset.Text);
        unset.Data.GetProperty("relationships").GetProperty("payment_source").GetProperty("data").ValueKind.ShouldBe(JsonValueKind.Null);
        unset.Attributes.GetProperty("name").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task A_payment_type_Commerce_Layer_does_not_have_is_invalid()
    {
        var integration = await api.IntegrationAsync();
        var customerId = await api.CreateCustomerAsync(Unique.Email());

        var reply = await integration.PostAsync("/api/customer_payment_sources",
            Body.Resource("customer_payment_sources", new { }, Relationships(customerId, "customers", customerId)));

        reply.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, reply.Text);
        reply.Pointer.ShouldBe("/data/relationships/payment_source/data/type");
        reply.MetaError.ShouldBe("invalid");
    }

    [Fact]
    public async Task The_customer_is_required()
    {
        var reply = await (await api.IntegrationAsync()).PostAsync("/api/customer_payment_sources",
            Body.Resource("customer_payment_sources", new { customer_token = "cus_1" }));

        reply.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, reply.Text);
        reply.Pointer.ShouldBe("/data/relationships/customer");
        reply.MetaError.ShouldBe("blank");
    }

    [Fact]
    public async Task Payment_sources_filter_by_their_reference_but_cannot_include_it()
    {
        var integration = await api.IntegrationAsync();
        var customerId = await api.CreateCustomerAsync(Unique.Email());
        var paypalId = Unique.Code("pp");
        var id = await CreateAsync(customerId, "paypal_payments", paypalId);
        await CreateAsync(customerId, "stripe_payments", paypalId);

        var filtered = await integration.GetAsync($"/api/customer_payment_sources?filter[q][payment_source_type_eq]=paypal_payments&filter[q][payment_source_id_eq]={paypalId}");
        var byCustomer = await integration.GetAsync($"/api/customer_payment_sources?filter[q][customer_id_eq]={customerId}");
        var include = await integration.GetAsync($"/api/customer_payment_sources/{id}?include=payment_source");
        var fields = await integration.GetAsync($"/api/customer_payment_sources/{id}?fields[customer_payment_sources]=name,payment_source");

        filtered.Ids.ShouldBe([id]);
        byCustomer.RecordCount.ShouldBe(2);
        include.Status.ShouldBe(HttpStatusCode.BadRequest);
        include.Code.ShouldBe("INVALID_INCLUDE");
        fields.Status.ShouldBe(HttpStatusCode.OK, fields.Text);
        fields.Data.GetProperty("relationships").EnumerateObject().Select(p => p.Name).ShouldBe(["payment_source"]);
        fields.Attributes.EnumerateObject().Select(p => p.Name).ShouldBe(["name"]);
    }

    [Fact]
    public async Task A_customer_token_reads_updates_and_deletes_its_own_payment_sources_but_may_not_create_them()
    {
        var (customerId, customer, _) = await api.CustomerAsync();
        var id = await CreateAsync(customerId);

        var list = await customer.GetAsync("/api/customer_payment_sources");
        var updated = await customer.PatchAsync($"/api/customer_payment_sources/{id}", Body.Update("customer_payment_sources", id, new { payment_source_token = "tok_2" }));
        var create = await customer.PostAsync("/api/customer_payment_sources", Body.Resource("customer_payment_sources", new { }, Relationships(customerId)));
        var deleted = await customer.DeleteAsync($"/api/customer_payment_sources/{id}");

        list.Ids.ShouldBe([id]);
        updated.Status.ShouldBe(HttpStatusCode.OK, updated.Text);
        updated.Attributes.GetProperty("payment_source_token").GetString().ShouldBe("tok_2");
        create.Status.ShouldBe(HttpStatusCode.Unauthorized);
        create.Code.ShouldBe("UNAUTHORIZED");
        deleted.Status.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Other_customers_payment_sources_answer_404_and_cannot_be_taken_over()
    {
        var (ownerId, owner, _) = await api.CustomerAsync();
        var (otherId, other, _) = await api.CustomerAsync();
        var id = await CreateAsync(ownerId);

        var read = await other.GetAsync($"/api/customer_payment_sources/{id}");
        var delete = await other.DeleteAsync($"/api/customer_payment_sources/{id}");
        var list = await other.GetAsync("/api/customer_payment_sources");
        var handOver = await owner.PatchAsync($"/api/customer_payment_sources/{id}", Body.Update("customer_payment_sources", id, new { },
            new { customer = Body.ToOne("customers", otherId) }));
        var guest = await api.Client(await api.GuestTokenAsync()).GetAsync("/api/customer_payment_sources");

        read.Status.ShouldBe(HttpStatusCode.NotFound);
        delete.Status.ShouldBe(HttpStatusCode.NotFound);
        list.RecordCount.ShouldBe(0);
        handOver.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, handOver.Text);
        handOver.Pointer.ShouldBe("/data/relationships/customer");
        guest.Status.ShouldBe(HttpStatusCode.Unauthorized);
        (await owner.GetAsync($"/api/customer_payment_sources/{id}/customer")).Data.GetProperty("id").GetString().ShouldBe(ownerId);
    }
}

public sealed class CustomerPaymentSourcesOnSqlite(SqliteApi api) : CustomerPaymentSourcesTests(api), IClassFixture<SqliteApi>;

public sealed class CustomerPaymentSourcesOnPostgres(PostgresApi api) : CustomerPaymentSourcesTests(api), IClassFixture<PostgresApi>;
