using Microsoft.AspNetCore.WebUtilities;

namespace Clientele.Tests.JsonApi;

public abstract class PaginationTests(ApiFixture api)
{
    private static JsonElement Meta(Reply reply) => reply.Json.GetProperty("meta");
    private static JsonElement Links(Reply reply) => reply.Json.GetProperty("links");
    private static string PageOf(JsonElement links, string name) =>
        QueryHelpers.ParseQuery(new Uri(links.GetProperty(name).GetString()!).Query)["page[number]"].ToString();

    [Fact]
    public async Task A_list_has_10_rows_by_default_and_numeric_record_and_page_counts()
    {
        var client = await api.IntegrationAsync();
        var tag = Seeding.Tag();
        var ids = await client.CreateCustomersAsync(tag, 12);

        var first = await client.GetAsync($"/api/customers?filter[q][email_start]={tag}");
        var second = await client.GetAsync($"/api/customers?filter[q][email_start]={tag}&page[number]=2");

        first.Status.ShouldBe(HttpStatusCode.OK, first.Text);
        first.Ids.ShouldBe(ids[..10]);
        Meta(first).GetProperty("record_count").ValueKind.ShouldBe(JsonValueKind.Number);
        Meta(first).GetProperty("record_count").GetInt32().ShouldBe(12);
        Meta(first).GetProperty("page_count").ValueKind.ShouldBe(JsonValueKind.Number);
        Meta(first).GetProperty("page_count").GetInt32().ShouldBe(2);
        second.Ids.ShouldBe(ids[10..]);
    }

    [Fact]
    public async Task Page_size_25_is_allowed_and_is_the_largest_page()
    {
        var client = await api.IntegrationAsync();
        var tag = Seeding.Tag();
        var ids = await client.CreateCustomersAsync(tag, 27);

        var first = await client.GetAsync($"/api/customers?filter[q][email_start]={tag}&page[size]=25");
        var second = await client.GetAsync($"/api/customers?filter[q][email_start]={tag}&page[size]=25&page[number]=2");

        first.Ids.ShouldBe(ids[..25]);
        Meta(first).GetProperty("page_count").GetInt32().ShouldBe(2);
        second.Ids.ShouldBe(ids[25..]);
    }

    [Theory]
    [InlineData("page[size]", "26")]
    [InlineData("page[size]", "100")]
    [InlineData("page[size]", "0")]
    [InlineData("page[size]", "-1")]
    [InlineData("page[size]", "abc")]
    [InlineData("page[size]", "")]
    [InlineData("page[size]", "2.5")]
    [InlineData("page[number]", "0")]
    [InlineData("page[number]", "-1")]
    [InlineData("page[number]", "abc")]
    [InlineData("page[number]", "99999999999")]
    public async Task A_bad_page_value_is_400_INVALID_PAGE_VALUE_naming_the_parameter(string parameter, string value)
    {
        var client = await api.IntegrationAsync();

        var reply = await client.GetAsync($"/api/customers?{parameter}={value}");

        reply.Status.ShouldBe(HttpStatusCode.BadRequest, reply.Text);
        reply.Code.ShouldBe("INVALID_PAGE_VALUE");
        reply.Parameter.ShouldBe(parameter);
        reply.Errors.Count().ShouldBe(1);
    }

    [Fact]
    public async Task Links_are_absolute_and_keep_the_other_query_parameters()
    {
        var client = await api.IntegrationAsync();
        var tag = Seeding.Tag();
        var ids = await client.CreateCustomersAsync(tag, 12);
        var query = $"filter[q][email_start]={tag}&sort=-email&page[size]=5";

        var middle = await client.GetAsync($"/api/customers?{query}&page[number]=2");

        var links = Links(middle);
        links.Names().ShouldBe(["first", "last", "next", "prev"]);
        foreach (var (name, page) in new[] { ("first", "1"), ("prev", "1"), ("next", "3"), ("last", "3") })
        {
            var link = new Uri(links.GetProperty(name).GetString()!);
            link.IsAbsoluteUri.ShouldBeTrue();
            link.GetLeftPart(UriPartial.Path).ShouldBe("http://localhost/api/customers");
            var parameters = QueryHelpers.ParseQuery(link.Query);
            parameters["page[number]"].ToString().ShouldBe(page, name);
            parameters["page[size]"].ToString().ShouldBe("5", name);
            parameters["sort"].ToString().ShouldBe("-email", name);
            parameters["filter[q][email_start]"].ToString().ShouldBe(tag, name);
            parameters.Count.ShouldBe(4, name);
        }
        var next = await client.GetAsync(links.GetProperty("next").GetString()!);
        next.Ids.ShouldBe(Enumerable.Reverse(ids).Skip(10).ToList());
    }

    [Fact]
    public async Task The_first_page_has_no_prev_link_and_the_last_page_no_next_link()
    {
        var client = await api.IntegrationAsync();
        var tag = Seeding.Tag();
        await client.CreateCustomersAsync(tag, 7);

        var first = await client.GetAsync($"/api/customers?filter[q][email_start]={tag}&page[size]=3");
        var last = await client.GetAsync($"/api/customers?filter[q][email_start]={tag}&page[size]=3&page[number]=3");
        var only = await client.GetAsync($"/api/customers?filter[q][email_start]={tag}&page[size]=25");

        Links(first).Names().ShouldBe(["first", "last", "next"]);
        PageOf(Links(first), "next").ShouldBe("2");
        Links(last).Names().ShouldBe(["first", "last", "prev"]);
        PageOf(Links(last), "prev").ShouldBe("2");
        last.Ids.Count.ShouldBe(1);
        Links(only).Names().ShouldBe(["first", "last"]);
        Meta(only).GetProperty("page_count").GetInt32().ShouldBe(1);
    }

    [Theory]
    [InlineData("4")]
    [InlineData("1000")]
    [InlineData("858993460")]
    [InlineData("1000000000")]
    [InlineData("2147483647")]
    public async Task A_page_past_the_end_is_an_empty_list(string number)
    {
        var client = await api.IntegrationAsync();
        var tag = Seeding.Tag();
        await client.CreateCustomersAsync(tag, 7);

        var reply = await client.GetAsync($"/api/customers?filter[q][email_start]={tag}&page[size]=25&page[number]={number}");

        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
        reply.Data.GetArrayLength().ShouldBe(0);
        reply.RecordCount.ShouldBe(7);
        Meta(reply).GetProperty("page_count").GetInt32().ShouldBe(1);
        Links(reply).TryGetProperty("next", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task An_empty_list_has_zero_counts_and_first_and_last_links_to_page_1()
    {
        var client = await api.IntegrationAsync();

        var reply = await client.GetAsync($"/api/customers?filter[q][email_start]={Seeding.Tag()}");

        reply.Status.ShouldBe(HttpStatusCode.OK);
        reply.Data.GetArrayLength().ShouldBe(0);
        reply.RecordCount.ShouldBe(0);
        Meta(reply).GetProperty("page_count").GetInt32().ShouldBe(0);
        Links(reply).Names().ShouldBe(["first", "last"]);
        PageOf(Links(reply), "last").ShouldBe("1");
    }

    [Fact]
    public async Task Page_parameters_on_a_single_resource_are_400()
    {
        var client = await api.IntegrationAsync();
        var id = await api.CreateCustomerAsync(Unique.Email());

        var reply = await client.GetAsync($"/api/customers/{id}?page[size]=5");

        reply.Status.ShouldBe(HttpStatusCode.BadRequest, reply.Text);
        reply.Parameter.ShouldBe("page[size]");
    }
}

public sealed class PaginationOnSqlite(SqliteApi api) : PaginationTests(api), IClassFixture<SqliteApi>;

public sealed class PaginationOnPostgres(PostgresApi api) : PaginationTests(api), IClassFixture<PostgresApi>;
