using Clientele.Persistence;

namespace Clientele.Tests.Addresses;

/// <summary>Address bodies and the steps that set up address books.</summary>
public static class AddressBook
{
    public static object Personal(string firstName = "John", string lastName = "Smith") => new
    {
        first_name = firstName,
        last_name = lastName,
        line_1 = "2883 Geraldine Lane",
        line_2 = "Apt.23",
        city = "New York",
        zip_code = "10013",
        state_code = "NY",
        country_code = "US",
        phone = "(212) 646-338-1228",
    };

    /// <summary>Creates an address with the given client and returns its id.</summary>
    public static async Task<string> CreateAddressAsync(ApiClient client, object? attributes = null)
    {
        var reply = await client.PostAsync("/api/addresses", Body.Resource("addresses", attributes ?? Personal()));
        reply.Status.ShouldBe(HttpStatusCode.Created, reply.Text);
        return reply.Id;
    }

    /// <summary>Links an address to a customer with the given client; returns the raw reply.</summary>
    public static Task<Reply> LinkAsync(ApiClient client, string customerId, string addressId, object? attributes = null) =>
        client.PostAsync("/api/customer_addresses", Body.Resource("customer_addresses", attributes ?? new { },
            new { customer = Body.ToOne("customers", customerId), address = Body.ToOne("addresses", addressId) }));
}

public abstract class AddressesTests(ApiFixture api)
{
    [Fact]
    public async Task Create_returns_the_address_with_full_name_full_address_and_name_computed_as_Commerce_Layer_does()
    {
        var client = await api.IntegrationAsync();
        var attributes = new
        {
            first_name = "John", last_name = "Smith", line_1 = "2883 Geraldine Lane", line_2 = "Apt.23", city = "New York", zip_code = "10013",
            state_code = "NY", country_code = "us", phone = "(212) 646-338-1228", email = "John@Example.COM", notes = "Ring twice",
            billing_info = "VAT 123", lat = 40.6971494, lng = -74.2598672,
        };

        var reply = await client.PostAsync("/api/addresses", Body.Resource("addresses", attributes));

        reply.Status.ShouldBe(HttpStatusCode.Created, reply.Text);
        var a = reply.Attributes;
        a.GetProperty("business").GetBoolean().ShouldBeFalse();
        a.GetProperty("country_code").GetString().ShouldBe("US");
        a.GetProperty("email").GetString().ShouldBe("john@example.com");
        a.GetProperty("full_name").GetString().ShouldBe("John Smith");
        a.GetProperty("full_address").GetString().ShouldBe("2883 Geraldine Lane Apt.23, 10013 New York NY (US) (212) 646-338-1228");
        a.GetProperty("name").GetString().ShouldBe("John Smith, 2883 Geraldine Lane Apt.23, 10013 New York NY (US) (212) 646-338-1228");
        a.GetProperty("lat").GetDouble().ShouldBe(40.6971494);
        a.GetProperty("lng").GetDouble().ShouldBe(-74.2598672);
        a.GetProperty("notes").GetString().ShouldBe("Ring twice");
        a.GetProperty("billing_info").GetString().ShouldBe("VAT 123");

        var read = await client.GetAsync($"/api/addresses/{reply.Id}");
        read.Attributes.GetProperty("lat").GetDouble().ShouldBe(40.6971494);
        read.Attributes.GetProperty("full_name").GetString().ShouldBe("John Smith");
    }

    [Fact]
    public async Task A_personal_address_needs_first_and_last_name_and_a_business_address_needs_a_company()
    {
        var client = await api.IntegrationAsync();
        var personal = new { line_1 = "Via Roma 1", city = "Firenze", country_code = "IT", phone = "055 123" };

        var noNames = await client.PostAsync("/api/addresses", Body.Resource("addresses", personal));
        var noCompany = await client.PostAsync("/api/addresses", Body.Resource("addresses", new { business = true, first_name = "Ann", line_1 = "Via Roma 1", city = "Firenze", country_code = "IT", phone = "055 123" }));
        var business = await client.PostAsync("/api/addresses", Body.Resource("addresses", new { business = true, company = "The Red Brand Inc.", line_1 = "Via Roma 1", city = "Firenze", country_code = "IT", phone = "055 123" }));

        noNames.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, noNames.Text);
        noNames.Errors.Select(e => e.GetProperty("source").GetProperty("pointer").GetString())
            .ShouldBe(["/data/attributes/first_name", "/data/attributes/last_name"], ignoreOrder: true);
        noNames.Errors.ShouldAllBe(e => e.GetProperty("meta").GetProperty("error").GetString() == "blank");
        noCompany.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, noCompany.Text);
        noCompany.Pointer.ShouldBe("/data/attributes/company");
        noCompany.MetaError.ShouldBe("blank");
        business.Status.ShouldBe(HttpStatusCode.Created, business.Text);
        business.Attributes.GetProperty("full_name").GetString().ShouldBe("The Red Brand Inc.");
        business.Attributes.GetProperty("name").GetString().ShouldBe("The Red Brand Inc., Via Roma 1, Firenze (IT) 055 123");
    }

    [Fact]
    public async Task Line_1_city_country_code_and_phone_are_required()
    {
        var client = await api.IntegrationAsync();

        var missing = await client.PostAsync("/api/addresses", Body.Resource("addresses", new { first_name = "Ann", last_name = "Lee" }));
        var blankLine = await client.PostAsync("/api/addresses", Body.Resource("addresses", new { first_name = "Ann", last_name = "Lee", line_1 = "  ", city = "Rome", country_code = "IT", phone = "1" }));

        missing.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, missing.Text);
        missing.Errors.Select(e => e.GetProperty("source").GetProperty("pointer").GetString()).ShouldBe(
            ["/data/attributes/line_1", "/data/attributes/city", "/data/attributes/country_code", "/data/attributes/phone"], ignoreOrder: true);
        blankLine.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, blankLine.Text);
        blankLine.Pointer.ShouldBe("/data/attributes/line_1");
        blankLine.MetaError.ShouldBe("blank");
    }

    [Theory]
    [InlineData("XX")]
    [InlineData("ITA")]
    [InlineData("I")]
    [InlineData("UK")]
    public async Task A_country_code_that_is_not_an_assigned_ISO_3166_alpha_2_code_is_invalid(string code)
    {
        var client = await api.IntegrationAsync();

        var reply = await client.PostAsync("/api/addresses", Body.Resource("addresses", new { first_name = "Ann", last_name = "Lee", line_1 = "x", city = "y", country_code = code, phone = "1" }));

        reply.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, reply.Text);
        reply.Pointer.ShouldBe("/data/attributes/country_code");
        reply.MetaError.ShouldBe("invalid");
    }

    [Fact]
    public async Task Coordinates_must_be_numbers_within_range()
    {
        var client = await api.IntegrationAsync();

        var outOfRange = await client.PostAsync("/api/addresses", Body.Resource("addresses", new { first_name = "A", last_name = "B", line_1 = "x", city = "y", country_code = "IT", phone = "1", lat = 91.0 }));
        var text = await client.PostAsync("/api/addresses", Body.Resource("addresses", new { first_name = "A", last_name = "B", line_1 = "x", city = "y", country_code = "IT", phone = "1", lng = "12.5" }));

        outOfRange.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, outOfRange.Text);
        outOfRange.Pointer.ShouldBe("/data/attributes/lat");
        text.Status.ShouldBe(HttpStatusCode.BadRequest, text.Text);
        text.Pointer.ShouldBe("/data/attributes/lng");
    }

    [Fact]
    public async Task Switching_an_address_to_business_on_update_requires_a_company()
    {
        var client = await api.IntegrationAsync();
        var id = await AddressBook.CreateAddressAsync(client);

        var refused = await client.PatchAsync($"/api/addresses/{id}", Body.Update("addresses", id, new { business = true }));
        var accepted = await client.PatchAsync($"/api/addresses/{id}", Body.Update("addresses", id, new { business = true, company = "Acme" }));

        refused.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, refused.Text);
        refused.Pointer.ShouldBe("/data/attributes/company");
        accepted.Status.ShouldBe(HttpStatusCode.OK, accepted.Text);
        accepted.Attributes.GetProperty("full_name").GetString().ShouldBe("Acme");
    }

    [Fact]
    public async Task A_customer_token_creates_an_address_and_reads_updates_and_deletes_it_while_other_customers_get_404()
    {
        var (ownerId, owner, _) = await api.CustomerAsync();
        var (_, other, _) = await api.CustomerAsync();

        var id = await AddressBook.CreateAddressAsync(owner);

        string? createdBy = null;
        await api.WithDbAsync(async db => createdBy = (await db.Addresses.FindAsync([id], TestContext.Current.CancellationToken))!.CreatedByCustomerId);
        createdBy.ShouldBe(ownerId);
        (await owner.GetAsync($"/api/addresses/{id}")).Status.ShouldBe(HttpStatusCode.OK);
        (await owner.GetAsync("/api/addresses")).Ids.ShouldBe([id]);
        (await other.GetAsync($"/api/addresses/{id}")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await other.PatchAsync($"/api/addresses/{id}", Body.Update("addresses", id, new { city = "Boston" }))).Status.ShouldBe(HttpStatusCode.NotFound);
        (await other.DeleteAsync($"/api/addresses/{id}")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await other.GetAsync("/api/addresses")).RecordCount.ShouldBe(0);
        var updated = await owner.PatchAsync($"/api/addresses/{id}", Body.Update("addresses", id, new { city = "Boston" }));
        updated.Status.ShouldBe(HttpStatusCode.OK, updated.Text);
        updated.Attributes.GetProperty("city").GetString().ShouldBe("Boston");
        (await owner.DeleteAsync($"/api/addresses/{id}")).Status.ShouldBe(HttpStatusCode.NoContent);
        (await (await api.IntegrationAsync()).GetAsync($"/api/addresses/{id}")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_customer_token_sees_the_addresses_of_its_address_book_that_an_integration_created()
    {
        var (customerId, customer, _) = await api.CustomerAsync();
        var integration = await api.IntegrationAsync();
        var booked = await AddressBook.CreateAddressAsync(integration);
        var unbooked = await AddressBook.CreateAddressAsync(integration);
        (await AddressBook.LinkAsync(integration, customerId, booked)).Status.ShouldBe(HttpStatusCode.Created);

        var list = await customer.GetAsync("/api/addresses");

        list.Ids.ShouldBe([booked]);
        list.RecordCount.ShouldBe(1);
        (await customer.GetAsync($"/api/addresses/{booked}")).Status.ShouldBe(HttpStatusCode.OK);
        (await customer.GetAsync($"/api/addresses/{unbooked}")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_guest_may_create_an_address_for_checkout_but_not_read_it_back()
    {
        var guest = api.Client(await api.GuestTokenAsync());

        var created = await guest.PostAsync("/api/addresses", Body.Resource("addresses", AddressBook.Personal()));
        var read = await guest.GetAsync($"/api/addresses/{created.Id}");
        var list = await guest.GetAsync("/api/addresses");
        var update = await guest.PatchAsync($"/api/addresses/{created.Id}", Body.Update("addresses", created.Id, new { city = "Boston" }));

        created.Status.ShouldBe(HttpStatusCode.Created, created.Text);
        created.Attributes.GetProperty("full_name").GetString().ShouldBe("John Smith");
        read.Status.ShouldBe(HttpStatusCode.Unauthorized);
        read.Code.ShouldBe("UNAUTHORIZED");
        list.Status.ShouldBe(HttpStatusCode.Unauthorized);
        update.Status.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Addresses_are_isolated_by_mode()
    {
        var id = await AddressBook.CreateAddressAsync(await api.IntegrationAsync(Modes.Test));

        var live = await (await api.IntegrationAsync(Modes.Live)).GetAsync($"/api/addresses/{id}");

        live.Status.ShouldBe(HttpStatusCode.NotFound);
    }
}

public sealed class AddressesOnSqlite(SqliteApi api) : AddressesTests(api), IClassFixture<SqliteApi>;

public sealed class AddressesOnPostgres(PostgresApi api) : AddressesTests(api), IClassFixture<PostgresApi>;
