using Clientele.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Clientele.Tests.JsonApi;

/// <summary>
/// An unfiltered customer list, or one filtered on status alone, takes its record_count from counts the database keeps
/// by tenant and status (Persistence.RecordCounts). They must always equal a real count: any other filter makes the
/// list count its rows, so the same list with an always-true extra filter is the reference.
/// </summary>
public abstract class RecordCountTests(ApiFixture api)
{
    private static readonly string[] Statuses = ["prospect", "acquired", "repeat"];
    private const string CountedRowByRow = "&filter[q][created_at_gt]=1970-01-01T00:00:00Z";

    private static async Task<int> RecordCountAsync(ApiClient client, string query)
    {
        var reply = await client.GetAsync("/api/customers?page[size]=1" + query);
        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
        return reply.RecordCount;
    }

    private static async Task<Dictionary<string, int>> CountsAsync(ApiClient client, bool rowByRow = false)
    {
        var extra = rowByRow ? CountedRowByRow : "";
        var counts = new Dictionary<string, int> { ["all"] = await RecordCountAsync(client, extra) };
        foreach (var status in Statuses) counts[status] = await RecordCountAsync(client, $"&filter[q][status_eq]={status}{extra}");
        return counts;
    }

    private static async Task PlaceOrderAsync(ApiClient client, string email)
    {
        var order = await client.PostAsync("/api/orders", Body.Resource("orders", new { customer_email = email, currency_code = "EUR" }));
        order.Status.ShouldBe(HttpStatusCode.Created, order.Text);
        var placed = await client.PatchAsync($"/api/orders/{order.Id}", Body.Update("orders", order.Id, new Dictionary<string, object> { ["_place"] = true }));
        placed.Status.ShouldBe(HttpStatusCode.OK, placed.Text);
    }

    [Fact]
    public async Task Counts_follow_sign_ups_placements_and_deletes_and_match_a_row_by_row_count()
    {
        var client = await api.IntegrationAsync();
        var before = await CountsAsync(client);
        var emails = Enumerable.Range(0, 4).Select(_ => Unique.Email("counted")).ToList();
        var ids = new List<string>();
        foreach (var email in emails) ids.Add(await api.CreateCustomerAsync(email));

        await PlaceOrderAsync(client, emails[1]);
        await PlaceOrderAsync(client, emails[2]);
        await PlaceOrderAsync(client, emails[2]);
        (await client.DeleteAsync($"/api/customers/{ids[3]}")).Status.ShouldBe(HttpStatusCode.NoContent);

        var after = await CountsAsync(client);
        after["all"].ShouldBe(before["all"] + 3);
        after["prospect"].ShouldBe(before["prospect"] + 1);
        after["acquired"].ShouldBe(before["acquired"] + 1);
        after["repeat"].ShouldBe(before["repeat"] + 1);
        after.ShouldBe(await CountsAsync(client, rowByRow: true));
    }

    [Fact]
    public async Task Lists_filtered_by_status_alone_or_not_at_all_read_the_stored_counts_and_other_lists_count_rows()
    {
        var client = await api.IntegrationAsync();
        await api.CreateCustomerAsync(Unique.Email("counted"));
        var before = await CountsAsync(client);
        const string Slot = "INSERT INTO record_counts (organization_id, mode, resource, value, slot, count) VALUES ({0}, 'test', 'customers', 'prospect', -1, 1000)";

        await api.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(Slot, db.Tenant.OrganizationId!));
        var stored = await CountsAsync(client);
        var rowByRow = await CountsAsync(client, rowByRow: true);
        await api.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DELETE FROM record_counts WHERE slot = -1"));

        stored["all"].ShouldBe(before["all"] + 1000);
        stored["prospect"].ShouldBe(before["prospect"] + 1000);
        stored["acquired"].ShouldBe(before["acquired"]);
        rowByRow.ShouldBe(before);
        (await CountsAsync(client)).ShouldBe(before);
    }

    [Fact]
    public async Task Status_in_adds_up_the_counts_of_its_values()
    {
        var client = await api.IntegrationAsync();
        await api.CreateCustomerAsync(Unique.Email("counted"));

        var both = await RecordCountAsync(client, "&filter[q][status_in]=prospect,repeat");

        both.ShouldBe(await RecordCountAsync(client, "&filter[q][status_in]=prospect,repeat" + CountedRowByRow));
        both.ShouldBe(await RecordCountAsync(client, "&filter[q][status_eq]=prospect") + await RecordCountAsync(client, "&filter[q][status_eq]=repeat"));
        (await RecordCountAsync(client, "&filter[q][status_eq]=no_such_status")).ShouldBe(0);
    }

    [Fact]
    public async Task Counts_are_kept_apart_by_mode()
    {
        var test = await api.IntegrationAsync();
        var live = await api.IntegrationAsync(Modes.Live);
        var testBefore = await CountsAsync(test);
        var liveBefore = await CountsAsync(live);

        await api.CreateCustomerAsync(Unique.Email("live"), mode: Modes.Live);

        (await CountsAsync(test)).ShouldBe(testBefore);
        (await CountsAsync(live))["prospect"].ShouldBe(liveBefore["prospect"] + 1);
        (await CountsAsync(live)).ShouldBe(await CountsAsync(live, rowByRow: true));
    }

    [Fact]
    public async Task Concurrent_sign_ups_are_each_counted_once()
    {
        const int SignUps = 24;
        var client = await api.IntegrationAsync();
        var before = await CountsAsync(client);

        var replies = await Task.WhenAll(Enumerable.Range(0, SignUps).Select(_ =>
            client.PostAsync("/api/customers", Body.Resource("customers", new { email = Unique.Email("burst") }))));

        replies.ShouldAllBe(r => r.Status == HttpStatusCode.Created);
        var after = await CountsAsync(client);
        after["prospect"].ShouldBe(before["prospect"] + SignUps);
        after.ShouldBe(await CountsAsync(client, rowByRow: true));
    }
}

public sealed class RecordCountOnSqlite(SqliteApi api) : RecordCountTests(api), IClassFixture<SqliteApi>;

public sealed class RecordCountOnPostgres(PostgresApi api) : RecordCountTests(api), IClassFixture<PostgresApi>;
