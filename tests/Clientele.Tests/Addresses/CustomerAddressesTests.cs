namespace Clientele.Tests.Addresses;

public abstract class CustomerAddressesTests(ApiFixture api)
{
    [Fact]
    public async Task Linking_an_address_returns_its_name_and_the_customer_email_and_includes_both_sides()
    {
        var integration = await api.IntegrationAsync();
        var email = Unique.Email();
        var customerId = await api.CreateCustomerAsync(email);
        var addressId = await AddressBook.CreateAddressAsync(integration);

        var reply = await AddressBook.LinkAsync(integration, customerId, addressId, new { customer_email = email.ToUpperInvariant() });
        var read = await integration.GetAsync($"/api/customer_addresses/{reply.Id}?include=customer,address");

        reply.Status.ShouldBe(HttpStatusCode.Created, reply.Text);
        reply.Attributes.GetProperty("name").GetString().ShouldBe("John Smith, 2883 Geraldine Lane Apt.23, 10013 New York NY (US) (212) 646-338-1228");
        reply.Attributes.GetProperty("customer_email").GetString().ShouldBe(email);
        read.Status.ShouldBe(HttpStatusCode.OK, read.Text);
        var relationships = read.Data.GetProperty("relationships");
        relationships.GetProperty("customer").GetProperty("data").GetProperty("id").GetString().ShouldBe(customerId);
        relationships.GetProperty("address").GetProperty("data").GetProperty("id").GetString().ShouldBe(addressId);
        read.Json.GetProperty("included").EnumerateArray().Select(r => r.GetProperty("type").GetString())
            .ShouldBe(["customers", "addresses"], ignoreOrder: true);
    }

    [Fact]
    public async Task A_customer_email_that_is_not_the_customers_is_refused()
    {
        var integration = await api.IntegrationAsync();
        var customerId = await api.CreateCustomerAsync(Unique.Email());
        var addressId = await AddressBook.CreateAddressAsync(integration);

        var wrong = await AddressBook.LinkAsync(integration, customerId, addressId, new { customer_email = Unique.Email() });
        var malformed = await AddressBook.LinkAsync(integration, customerId, addressId, new { customer_email = "not an email" });

        wrong.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, wrong.Text);
        wrong.Pointer.ShouldBe("/data/attributes/customer_email");
        wrong.MetaError.ShouldBe("invalid");
        malformed.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, malformed.Text);
        malformed.Pointer.ShouldBe("/data/attributes/customer_email");
        (await integration.GetAsync($"/api/customer_addresses?filter[q][address_id_eq]={addressId}")).RecordCount.ShouldBe(0);
    }

    [Fact]
    public async Task Customer_and_address_are_required_and_must_exist()
    {
        var integration = await api.IntegrationAsync();
        var customerId = await api.CreateCustomerAsync(Unique.Email());

        var missing = await integration.PostAsync("/api/customer_addresses", Body.Resource("customer_addresses", new { }));
        var unknown = await AddressBook.LinkAsync(integration, customerId, "nOsUcHaDdR");

        missing.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, missing.Text);
        missing.Errors.Select(e => e.GetProperty("source").GetProperty("pointer").GetString())
            .ShouldBe(["/data/relationships/customer", "/data/relationships/address"], ignoreOrder: true);
        missing.Errors.ShouldAllBe(e => e.GetProperty("meta").GetProperty("error").GetString() == "blank");
        unknown.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, unknown.Text);
        unknown.Pointer.ShouldBe("/data/relationships/address");
    }

    [Fact]
    public async Task The_same_address_cannot_be_in_one_address_book_twice()
    {
        var integration = await api.IntegrationAsync();
        var customerId = await api.CreateCustomerAsync(Unique.Email());
        var addressId = await AddressBook.CreateAddressAsync(integration);
        (await AddressBook.LinkAsync(integration, customerId, addressId)).Status.ShouldBe(HttpStatusCode.Created);

        var again = await AddressBook.LinkAsync(integration, customerId, addressId);

        again.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, again.Text);
        again.Pointer.ShouldBe("/data/relationships/address");
        again.MetaError.ShouldBe("taken");
    }

    [Fact]
    public async Task A_customer_token_has_full_CRUD_on_its_own_address_book()
    {
        var (customerId, customer, _) = await api.CustomerAsync();
        var first = await AddressBook.CreateAddressAsync(customer);
        var second = await AddressBook.CreateAddressAsync(customer, AddressBook.Personal("Jane", "Doe"));

        var created = await AddressBook.LinkAsync(customer, customerId, first);
        var list = await customer.GetAsync("/api/customer_addresses");
        var moved = await customer.PatchAsync($"/api/customer_addresses/{created.Id}", Body.Update("customer_addresses", created.Id, new { reference = "home" },
            new { address = Body.ToOne("addresses", second) }));
        var deleted = await customer.DeleteAsync($"/api/customer_addresses/{created.Id}");

        created.Status.ShouldBe(HttpStatusCode.Created, created.Text);
        list.Ids.ShouldBe([created.Id]);
        moved.Status.ShouldBe(HttpStatusCode.OK, moved.Text);
        moved.Attributes.GetProperty("name").GetString()!.ShouldStartWith("Jane Doe, ");
        moved.Attributes.GetProperty("reference").GetString().ShouldBe("home");
        deleted.Status.ShouldBe(HttpStatusCode.NoContent);
        (await customer.GetAsync($"/api/customer_addresses/{created.Id}")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_customer_token_cannot_put_an_address_in_another_customers_book_nor_link_an_address_it_cannot_see()
    {
        var (_, customer, _) = await api.CustomerAsync();
        var (otherId, other, _) = await api.CustomerAsync();
        var own = await AddressBook.CreateAddressAsync(customer);

        var toOther = await AddressBook.LinkAsync(customer, otherId, own);
        var theirs = await AddressBook.LinkAsync(other, otherId, own);

        toOther.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, toOther.Text);
        toOther.Pointer.ShouldBe("/data/relationships/customer");
        theirs.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, theirs.Text);
        theirs.Pointer.ShouldBe("/data/relationships/address");
        (await (await api.IntegrationAsync()).GetAsync($"/api/customer_addresses?filter[q][customer_id_eq]={otherId}")).RecordCount.ShouldBe(0);
    }

    [Fact]
    public async Task Other_customers_entries_answer_404_and_lists_count_only_the_callers_own()
    {
        var integration = await api.IntegrationAsync();
        var (ownerId, owner, _) = await api.CustomerAsync();
        var (_, other, _) = await api.CustomerAsync();
        var entry = (await AddressBook.LinkAsync(integration, ownerId, await AddressBook.CreateAddressAsync(integration))).Id;

        (await other.GetAsync($"/api/customer_addresses/{entry}")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await other.PatchAsync($"/api/customer_addresses/{entry}", Body.Update("customer_addresses", entry, new { reference = "x" }))).Status.ShouldBe(HttpStatusCode.NotFound);
        (await other.DeleteAsync($"/api/customer_addresses/{entry}")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await other.GetAsync("/api/customer_addresses")).RecordCount.ShouldBe(0);
        (await owner.GetAsync("/api/customer_addresses")).RecordCount.ShouldBe(1);
    }

    [Fact]
    public async Task A_guest_token_may_not_touch_address_books()
    {
        var guest = api.Client(await api.GuestTokenAsync());

        (await guest.GetAsync("/api/customer_addresses")).Status.ShouldBe(HttpStatusCode.Unauthorized);
        (await guest.PostAsync("/api/customer_addresses", Body.Resource("customer_addresses", new { }))).Status.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Address_books_filter_by_customer_and_address_and_hang_off_the_customer()
    {
        var integration = await api.IntegrationAsync();
        var customerId = await api.CreateCustomerAsync(Unique.Email());
        var otherId = await api.CreateCustomerAsync(Unique.Email());
        var addressId = await AddressBook.CreateAddressAsync(integration);
        var entry = (await AddressBook.LinkAsync(integration, customerId, addressId)).Id;
        (await AddressBook.LinkAsync(integration, otherId, await AddressBook.CreateAddressAsync(integration))).Status.ShouldBe(HttpStatusCode.Created);

        var byCustomer = await integration.GetAsync($"/api/customer_addresses?filter[q][customer_id_eq]={customerId}");
        var byAddress = await integration.GetAsync($"/api/customer_addresses?filter[q][address_id_eq]={addressId}");
        var customers = await integration.GetAsync($"/api/customers?filter[q][customer_addresses_address_id_eq]={addressId}");
        var related = await integration.GetAsync($"/api/customers/{customerId}/customer_addresses");
        var included = await integration.GetAsync($"/api/customers/{customerId}?include=customer_addresses.address");

        byCustomer.Ids.ShouldBe([entry]);
        byAddress.Ids.ShouldBe([entry]);
        customers.Ids.ShouldBe([customerId]);
        related.Ids.ShouldBe([entry]);
        related.Data[0].GetProperty("attributes").GetProperty("name").GetString()!.ShouldStartWith("John Smith, ");
        included.Data.GetProperty("relationships").GetProperty("customer_addresses").GetProperty("data")[0].GetProperty("id").GetString().ShouldBe(entry);
        var includedEntry = included.Json.GetProperty("included").EnumerateArray().Single(r => r.GetProperty("type").GetString() == "customer_addresses");
        includedEntry.GetProperty("attributes").GetProperty("name").GetString()!.ShouldStartWith("John Smith, ");
        included.Json.GetProperty("included").EnumerateArray().ShouldContain(r => r.GetProperty("type").GetString() == "addresses" && r.GetProperty("id").GetString() == addressId);
    }
}

public sealed class CustomerAddressesOnSqlite(SqliteApi api) : CustomerAddressesTests(api), IClassFixture<SqliteApi>;

public sealed class CustomerAddressesOnPostgres(PostgresApi api) : CustomerAddressesTests(api), IClassFixture<PostgresApi>;
