using System.Text.Json.Nodes;
using Clientele.Customers;
using Clientele.Persistence;

namespace Clientele.Tests.JsonApi;

/// <summary>Seeding helpers for list, filter and permission tests: groups and customers through the API, stored columns the API cannot write.</summary>
public static class Seeding
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A short value unique to one test, used as the start of every email it creates so that it can filter by it.</summary>
    public static string Tag() => "t" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>An email starting with the tag; <paramref name="name"/> orders emails within a tag.</summary>
    public static string Email(string tag, string name) => $"{tag}-{name}@example.com";

    /// <summary>Creates a customer group with an integration token and returns its id.</summary>
    public static async Task<string> CreateGroupAsync(this ApiFixture api, string? name = null, string? code = null, string mode = Modes.Test, string org = ApiFixture.Org)
    {
        var client = await api.IntegrationAsync(mode, org);
        var reply = await client.PostAsync("/api/customer_groups", Body.Resource("customer_groups", new { name = name ?? Unique.Code("group"), code }));
        reply.Status.ShouldBe(HttpStatusCode.Created, reply.Text);
        return reply.Id;
    }

    /// <summary>Creates a customer with the given attributes (email included) and optional group; returns its id.</summary>
    public static async Task<string> CreateCustomerAsync(this ApiClient client, object attributes, string? groupId = null)
    {
        var relationships = groupId is null ? null : new { customer_group = Body.ToOne("customer_groups", groupId) };
        var reply = await client.PostAsync("/api/customers", Body.Resource("customers", attributes, relationships));
        reply.Status.ShouldBe(HttpStatusCode.Created, reply.Text);
        return reply.Id;
    }

    /// <summary>Creates <paramref name="count"/> customers tag-00, tag-01, … in that order (so created_at increases); returns their ids.</summary>
    public static async Task<List<string>> CreateCustomersAsync(this ApiClient client, string tag, int count, string? groupId = null)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++) ids.Add(await client.CreateCustomerAsync(new { email = Email(tag, i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture)) }, groupId));
        return ids;
    }

    /// <summary>Changes stored columns of a customer that no request can write (timestamps, counters).</summary>
    public static Task ChangeStoredAsync(this ApiFixture api, string customerId, Action<Customer> change, string mode = Modes.Test) =>
        api.WithDbAsync(async db =>
        {
            var customer = await db.Customers.FindAsync([customerId], Ct);
            customer.ShouldNotBeNull();
            change(customer);
            await db.SaveChangesAsync(Ct);
        }, mode: mode);

    /// <summary>A request body given as raw JSON, for shapes the typed helpers cannot make.</summary>
    public static string Json(JsonNode node) => node.ToJsonString();

    /// <summary>The ids of an array of resource objects or resource identifiers, in order.</summary>
    public static List<string> IdsOf(this JsonElement array) => array.EnumerateArray().Select(r => r.GetProperty("id").GetString()!).ToList();

    /// <summary>The names of the members of a JSON object, sorted.</summary>
    public static List<string> Names(this JsonElement element) => element.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
}
