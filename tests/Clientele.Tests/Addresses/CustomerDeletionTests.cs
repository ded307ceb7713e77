namespace Clientele.Tests.Addresses;

public abstract class CustomerDeletionTests(ApiFixture api)
{
    [Fact]
    public async Task Deleting_a_customer_deletes_its_book_wallet_subscriptions_and_the_addresses_no_other_customer_uses()
    {
        var integration = await api.IntegrationAsync();
        var email = Unique.Email();
        var customerId = await api.CreateCustomerAsync(email);
        var neighbourId = await api.CreateCustomerAsync(Unique.Email());
        var own = await AddressBook.CreateAddressAsync(integration);
        var shared = await AddressBook.CreateAddressAsync(integration);
        var unbooked = await AddressBook.CreateAddressAsync(integration);
        var entry = (await AddressBook.LinkAsync(integration, customerId, own)).Id;
        (await AddressBook.LinkAsync(integration, customerId, shared)).Status.ShouldBe(HttpStatusCode.Created);
        var neighbourEntry = (await AddressBook.LinkAsync(integration, neighbourId, shared)).Id;
        var source = (await integration.PostAsync("/api/customer_payment_sources", Body.Resource("customer_payment_sources", new { customer_token = "cus_1" },
            new { customer = Body.ToOne("customers", customerId) }))).Id;
        var subscription = (await integration.PostAsync("/api/customer_subscriptions", Body.Resource("customer_subscriptions", new { customer_email = email, reference = "news" }))).Id;

        var deleted = await integration.DeleteAsync($"/api/customers/{customerId}");

        deleted.Status.ShouldBe(HttpStatusCode.NoContent, deleted.Text);
        (await integration.GetAsync($"/api/addresses/{own}")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await integration.GetAsync($"/api/customer_addresses/{entry}")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await integration.GetAsync($"/api/customer_payment_sources/{source}")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await integration.GetAsync($"/api/customer_subscriptions/{subscription}")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await integration.GetAsync($"/api/addresses/{shared}")).Status.ShouldBe(HttpStatusCode.OK);
        (await integration.GetAsync($"/api/customer_addresses/{neighbourEntry}")).Status.ShouldBe(HttpStatusCode.OK);
        (await integration.GetAsync($"/api/addresses/{unbooked}")).Status.ShouldBe(HttpStatusCode.OK);
        (await integration.PostAsync("/api/customers", Body.Resource("customers", new { email }))).Status.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_customer_exposes_its_address_book_wallet_and_subscriptions_as_relationships()
    {
        var integration = await api.IntegrationAsync();
        var email = Unique.Email();
        var customerId = await api.CreateCustomerAsync(email);
        var entry = (await AddressBook.LinkAsync(integration, customerId, await AddressBook.CreateAddressAsync(integration))).Id;
        var source = (await integration.PostAsync("/api/customer_payment_sources", Body.Resource("customer_payment_sources", new { },
            new { customer = Body.ToOne("customers", customerId) }))).Id;
        var subscription = (await integration.PostAsync("/api/customer_subscriptions", Body.Resource("customer_subscriptions", new { customer_email = email, reference = "news" }))).Id;

        var reply = await integration.GetAsync($"/api/customers/{customerId}?include=customer_addresses,customer_payment_sources,customer_subscriptions");

        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
        var relationships = reply.Data.GetProperty("relationships");
        relationships.GetProperty("customer_addresses").GetProperty("data")[0].GetProperty("id").GetString().ShouldBe(entry);
        relationships.GetProperty("customer_payment_sources").GetProperty("data")[0].GetProperty("id").GetString().ShouldBe(source);
        relationships.GetProperty("customer_subscriptions").GetProperty("data")[0].GetProperty("id").GetString().ShouldBe(subscription);
        reply.Json.GetProperty("included").GetArrayLength().ShouldBe(3);
        (await integration.GetAsync($"/api/customers?filter[q][customer_subscriptions_reference_eq]=news&filter[q][email_eq]={Uri.EscapeDataString(email)}")).Ids.ShouldBe([customerId]);
    }
}

public sealed class CustomerDeletionOnSqlite(SqliteApi api) : CustomerDeletionTests(api), IClassFixture<SqliteApi>;

public sealed class CustomerDeletionOnPostgres(PostgresApi api) : CustomerDeletionTests(api), IClassFixture<PostgresApi>;
