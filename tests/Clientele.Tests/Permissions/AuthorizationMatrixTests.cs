using Clientele.Persistence;
using Clientele.Tests.Addresses;

namespace Clientele.Tests.Permissions;

/// <summary>
/// Every resource's list, read and update endpoints × every kind of token, answered as the table says: the table is the specification
/// of §3, and one test walks all of it.
/// </summary>
public abstract class AuthorizationMatrixTests(ApiFixture api)
{
    private enum Who { Integration, IntegrationLive, OtherOrganization, Guest, CustomerA, CustomerB, Expired }

    // Expected status of GET list, GET one record owned by (or visible to) customer A, and PATCH of that record
    // with no changes, per token kind. Columns: Integration, IntegrationLive, OtherOrganization, Guest, CustomerA,
    // CustomerB, Expired.
    private static readonly (string Resource, int[] List, int[] Read, int[] Update)[] Table =
    [
        ("customers",                [200, 200, 200, 401, 200, 200, 401], [200, 404, 404, 401, 200, 404, 401], [200, 404, 404, 401, 200, 404, 401]),
        ("customer_groups",          [200, 200, 200, 401, 200, 200, 401], [200, 404, 404, 401, 200, 404, 401], [200, 404, 404, 401, 401, 401, 401]),
        ("addresses",                [200, 200, 200, 401, 200, 200, 401], [200, 404, 404, 401, 200, 404, 401], [200, 404, 404, 401, 200, 404, 401]),
        ("customer_addresses",       [200, 200, 200, 401, 200, 200, 401], [200, 404, 404, 401, 200, 404, 401], [200, 404, 404, 401, 200, 404, 401]),
        ("customer_subscriptions",   [200, 200, 200, 401, 200, 200, 401], [200, 404, 404, 401, 200, 404, 401], [200, 404, 404, 401, 200, 404, 401]),
        ("customer_payment_sources", [200, 200, 200, 401, 200, 200, 401], [200, 404, 404, 401, 200, 404, 401], [200, 404, 404, 401, 200, 404, 401]),
        ("orders",                   [200, 200, 200, 401, 200, 200, 401], [200, 404, 404, 404, 200, 404, 401], [200, 404, 404, 404, 200, 404, 401]),
        ("markets",                  [200, 200, 200, 200, 200, 200, 401], [200, 404, 404, 200, 200, 200, 401], [200, 404, 404, 401, 401, 401, 401]),
        ("price_lists",              [200, 200, 200, 401, 401, 401, 401], [200, 404, 404, 401, 401, 401, 401], [200, 404, 404, 401, 401, 401, 401]),
        ("tags",                     [200, 200, 200, 401, 401, 401, 401], [200, 404, 404, 401, 401, 401, 401], [200, 404, 404, 401, 401, 401, 401]),
        ("customer_password_resets", [200, 200, 200, 401, 401, 401, 401], [200, 404, 404, 401, 401, 401, 401], [200, 404, 404, 422, 422, 422, 401]),
    ];

    [Fact]
    public async Task Every_endpoint_answers_every_kind_of_token_as_the_permission_table_says()
    {
        var admin = await api.IntegrationAsync();
        var (customerA, clientA, _) = await api.CustomerAsync();
        var (_, clientB, _) = await api.CustomerAsync();
        var emailA = (await admin.GetAsync($"/api/customers/{customerA}")).Attributes.GetProperty("email").GetString()!;

        var records = new Dictionary<string, string> { ["customers"] = customerA };
        var group = await admin.PostAsync("/api/customer_groups", Body.Resource("customer_groups", new { name = Unique.Code("matrix") }));
        records["customer_groups"] = group.Id;
        (await admin.PatchAsync($"/api/customers/{customerA}", Body.Update("customers", customerA, new { }, new { customer_group = Body.ToOne("customer_groups", group.Id) }))).Status.ShouldBe(HttpStatusCode.OK);
        records["addresses"] = await AddressBook.CreateAddressAsync(admin);
        records["customer_addresses"] = (await AddressBook.LinkAsync(admin, customerA, records["addresses"])).Id;
        records["customer_subscriptions"] = (await admin.PostAsync("/api/customer_subscriptions", Body.Resource("customer_subscriptions", new { customer_email = emailA, reference = "news" }))).Id;
        records["customer_payment_sources"] = (await admin.PostAsync("/api/customer_payment_sources", Body.Resource("customer_payment_sources",
            new { customer_token = "cus_1" }, new { customer = Body.ToOne("customers", customerA), payment_source = Body.ToOne("stripe_payments", "pm_1") }))).Id;
        records["orders"] = (await clientA.PostAsync("/api/orders", Body.Resource("orders", new { customer_email = emailA, currency_code = "EUR" }))).Id;
        var priceList = await admin.PostAsync("/api/price_lists", Body.Resource("price_lists", new { name = "Matrix", currency_code = "EUR" }));
        records["price_lists"] = priceList.Id;
        records["markets"] = (await admin.PostAsync("/api/markets", Body.Resource("markets", new { name = "Public" }, new { price_list = Body.ToOne("price_lists", priceList.Id) }))).Id;
        records["tags"] = (await admin.PostAsync("/api/tags", Body.Resource("tags", new { name = Unique.Code("t")[..20].ToLowerInvariant() }))).Id;
        records["customer_password_resets"] = (await admin.PostAsync("/api/customer_password_resets", Body.Resource("customer_password_resets", new { customer_email = emailA }))).Id;
        records.Values.ShouldAllBe(id => id.Length == 10);

        var expiring = await api.GuestTokenAsync();
        var clients = new Dictionary<Who, ApiClient>
        {
            [Who.Integration] = admin,
            [Who.IntegrationLive] = await api.IntegrationAsync(Modes.Live),
            [Who.OtherOrganization] = await api.IntegrationAsync(org: ApiFixture.OtherOrg),
            [Who.Guest] = api.Client(await api.GuestTokenAsync()),
            [Who.CustomerA] = clientA,
            [Who.CustomerB] = clientB,
        };

        var mismatches = new List<string>();
        async Task CheckAsync(Who who, ApiClient client)
        {
            foreach (var (resource, list, read, update) in Table)
            {
                var listed = await client.GetAsync($"/api/{resource}");
                if ((int)listed.Status != list[(int)who]) mismatches.Add($"{who} GET /api/{resource}: {(int)listed.Status}, expected {list[(int)who]}");
                var one = await client.GetAsync($"/api/{resource}/{records[resource]}");
                if ((int)one.Status != read[(int)who]) mismatches.Add($"{who} GET /api/{resource}/:id: {(int)one.Status}, expected {read[(int)who]}");
                var patched = await client.PatchAsync($"/api/{resource}/{records[resource]}", Body.Update(resource, records[resource], new { }));
                if ((int)patched.Status != update[(int)who]) mismatches.Add($"{who} PATCH /api/{resource}/:id: {(int)patched.Status}, expected {update[(int)who]} {patched.Text}");
            }
        }
        foreach (var (who, client) in clients) await CheckAsync(who, client);
        api.Clock.Advance(TimeSpan.FromHours(5)); // past every token's lifetime
        await CheckAsync(Who.Expired, api.Client(expiring));

        mismatches.ShouldBeEmpty();
    }
}

public sealed class AuthorizationMatrixOnSqlite(SqliteApi api) : AuthorizationMatrixTests(api), IClassFixture<SqliteApi>;

public sealed class AuthorizationMatrixOnPostgres(PostgresApi api) : AuthorizationMatrixTests(api), IClassFixture<PostgresApi>;
