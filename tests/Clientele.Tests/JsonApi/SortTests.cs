namespace Clientele.Tests.JsonApi;

public abstract class SortTests(ApiFixture api)
{
    [Fact]
    public async Task Lists_are_in_created_at_order_by_default()
    {
        var client = await api.IntegrationAsync();
        var tag = Seeding.Tag();
        var c = await client.CreateCustomerAsync(new { email = Seeding.Email(tag, "c") });
        var a = await client.CreateCustomerAsync(new { email = Seeding.Email(tag, "a") });
        var b = await client.CreateCustomerAsync(new { email = Seeding.Email(tag, "b") });

        var reply = await client.GetAsync($"/api/customers?filter[q][email_start]={tag}");

        reply.Ids.ShouldBe([c, a, b]);
    }

    [Fact]
    public async Task Sort_by_descending_created_at_then_email_uses_email_for_equal_times()
    {
        var client = await api.IntegrationAsync();
        var tag = Seeding.Tag();
        var b = await client.CreateCustomerAsync(new { email = Seeding.Email(tag, "b") });
        var a = await client.CreateCustomerAsync(new { email = Seeding.Email(tag, "a") });
        var latest = await client.CreateCustomerAsync(new { email = Seeding.Email(tag, "z") });
        var sameTime = new DateTime(2031, 5, 4, 3, 2, 1, 123, DateTimeKind.Utc);
        await api.ChangeStoredAsync(b, c => c.CreatedAt = sameTime);
        await api.ChangeStoredAsync(a, c => c.CreatedAt = sameTime);
        await api.ChangeStoredAsync(latest, c => c.CreatedAt = sameTime.AddSeconds(1));

        var byTimeThenEmail = await client.GetAsync($"/api/customers?filter[q][email_start]={tag}&sort=-created_at,email");
        var byTimeThenEmailDescending = await client.GetAsync($"/api/customers?filter[q][email_start]={tag}&sort=-created_at,-email");

        byTimeThenEmail.Status.ShouldBe(HttpStatusCode.OK, byTimeThenEmail.Text);
        byTimeThenEmail.Ids.ShouldBe([latest, a, b]);
        byTimeThenEmailDescending.Ids.ShouldBe([latest, b, a]);
    }

    [Fact]
    public async Task Sort_by_email_ascending_and_descending()
    {
        var client = await api.IntegrationAsync();
        var tag = Seeding.Tag();
        var m = await client.CreateCustomerAsync(new { email = Seeding.Email(tag, "m") });
        var z = await client.CreateCustomerAsync(new { email = Seeding.Email(tag, "z") });
        var a = await client.CreateCustomerAsync(new { email = Seeding.Email(tag, "a") });

        var ascending = await client.GetAsync($"/api/customers?filter[q][email_start]={tag}&sort=email");
        var descending = await client.GetAsync($"/api/customers?filter[q][email_start]={tag}&sort=-email");

        ascending.Ids.ShouldBe([a, m, z]);
        descending.Ids.ShouldBe([z, m, a]);
    }

    [Fact]
    public async Task Sort_by_reference_then_descending_total_orders_count()
    {
        var client = await api.IntegrationAsync();
        var tag = Seeding.Tag();
        var x1 = await client.CreateCustomerAsync(new { email = Seeding.Email(tag, "1"), reference = "x" });
        var w = await client.CreateCustomerAsync(new { email = Seeding.Email(tag, "2"), reference = "w" });
        var x5 = await client.CreateCustomerAsync(new { email = Seeding.Email(tag, "3"), reference = "x" });
        await api.ChangeStoredAsync(x1, c => c.TotalOrdersCount = 1);
        await api.ChangeStoredAsync(x5, c => c.TotalOrdersCount = 5);

        var reply = await client.GetAsync($"/api/customers?filter[q][email_start]={tag}&sort=reference,-total_orders_count");

        reply.Ids.ShouldBe([w, x5, x1]);
    }

    [Fact]
    public async Task Customer_groups_sort_by_name_and_descending_code()
    {
        var client = await api.IntegrationAsync();
        var tag = Seeding.Tag();
        var b = await api.CreateGroupAsync($"{tag} b", $"{tag}-2");
        var a2 = await api.CreateGroupAsync($"{tag} a", $"{tag}-1");
        var a1 = await api.CreateGroupAsync($"{tag} a", $"{tag}-3");

        var reply = await client.GetAsync($"/api/customer_groups?filter[q][name_start]={tag}&sort=name,-code");

        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
        reply.Ids.ShouldBe([a1, a2, b]);
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("-bogus")]
    [InlineData("password")]
    [InlineData("has_password")]
    [InlineData("shopper_reference")]
    [InlineData("metadata")]
    [InlineData("customer_group")]
    [InlineData("customer_group.name")]
    [InlineData("email,nope")]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("email,")]
    public async Task An_unknown_or_unsortable_field_is_400_INVALID_SORT_CRITERIA(string sort)
    {
        var client = await api.IntegrationAsync();

        var reply = await client.GetAsync($"/api/customers?sort={Uri.EscapeDataString(sort)}");

        reply.Status.ShouldBe(HttpStatusCode.BadRequest, reply.Text);
        reply.Code.ShouldBe("INVALID_SORT_CRITERIA");
        reply.Parameter.ShouldBe("sort");
    }

    [Theory]
    [InlineData("status")]
    [InlineData("-status")]
    [InlineData("total_orders_count")]
    public async Task Paging_through_rows_that_share_the_sort_value_returns_each_row_exactly_once(string sort)
    {
        var client = await api.IntegrationAsync();
        var tag = Seeding.Tag();
        var ids = await client.CreateCustomersAsync(tag, 31);
        // Equal creation times too, so nothing but the id can break the tie.
        var sameTime = new DateTime(2031, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        foreach (var id in ids) await api.ChangeStoredAsync(id, c => c.CreatedAt = sameTime);

        var seen = new List<string>();
        for (var page = 1; page <= 8; page++)
        {
            var reply = await client.GetAsync($"/api/customers?filter[q][email_start]={tag}&sort={sort}&page[size]=4&page[number]={page}");
            reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
            reply.RecordCount.ShouldBe(31);
            seen.AddRange(reply.Ids);
        }

        seen.Count.ShouldBe(31);
        seen.Distinct().Count().ShouldBe(31);
        seen.Order(StringComparer.Ordinal).ShouldBe(ids.Order(StringComparer.Ordinal));
    }
}

public sealed class SortOnSqlite(SqliteApi api) : SortTests(api), IClassFixture<SqliteApi>;

public sealed class SortOnPostgres(PostgresApi api) : SortTests(api), IClassFixture<PostgresApi>;
