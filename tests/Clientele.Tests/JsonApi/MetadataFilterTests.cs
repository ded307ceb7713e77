namespace Clientele.Tests.JsonApi;

public abstract class MetadataFilterTests(ApiFixture api)
{
    private async Task<(ApiClient Client, string Tag, Dictionary<string, string> Ids)> SeedAsync()
    {
        var client = await api.IntegrationAsync();
        var tag = Unique.Code("jcont");
        var rows = new Dictionary<string, object>
        {
            ["gold"] = new { tier = "gold", code = "00123", vip = true, tags = new[] { "a", "b" }, nested = new { level = 2 } },
            ["number"] = new { tier = "silver", code = 123, vip = "true", tags = new[] { "b" } },
            ["empty"] = new { },
        };
        var ids = new Dictionary<string, string>();
        foreach (var (name, metadata) in rows)
        {
            var reply = await client.PostAsync("/api/customers", Body.Resource("customers", new { email = Unique.Email(), reference = tag, metadata }));
            reply.Status.ShouldBe(HttpStatusCode.Created, reply.Text);
            ids[name] = reply.Id;
        }
        return (client, tag, ids);
    }

    [Theory]
    [InlineData("""{"tier":"gold"}""", "gold")]
    [InlineData("""{"code":"00123"}""", "gold")]
    [InlineData("""{"code":123}""", "number")]
    [InlineData("""{"code":123.0}""", "number")]
    [InlineData("""{"vip":true}""", "gold")]
    [InlineData("""{"vip":"true"}""", "number")]
    [InlineData("""{"tags":["b"]}""", "gold,number")]
    [InlineData("""{"tags":["a","b"]}""", "gold")]
    [InlineData("""{"nested":{"level":2}}""", "gold")]
    [InlineData("""{"nested":{}}""", "gold")]
    [InlineData("""{}""", "gold,number,empty")]
    [InlineData("""{"tags":"b"}""", "")]
    [InlineData("""{"tier":"GOLD"}""", "")]
    public async Task Metadata_jcont_matches_json_containment_keeping_json_types(string json, string expected)
    {
        var (client, tag, ids) = await SeedAsync();

        var reply = await client.GetAsync($"/api/customers?filter[q][reference_eq]={tag}&filter[q][metadata_jcont]={Uri.EscapeDataString(json)}");

        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
        var expectedIds = expected.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(n => ids[n]).Order().ToList();
        reply.Ids.Order().ToList().ShouldBe(expectedIds);
    }

    [Fact]
    public async Task Metadata_jcont_with_invalid_json_is_an_invalid_filter_value()
    {
        var reply = await (await api.IntegrationAsync()).GetAsync("/api/customers?filter[q][metadata_jcont]={tier:gold");

        reply.Status.ShouldBe(HttpStatusCode.BadRequest);
        reply.Code.ShouldBe("INVALID_FILTER_VALUE");
        reply.Parameter.ShouldBe("filter[q][metadata_jcont]");
    }

    [Theory]
    [InlineData("""{"tier":"\u0000"}""")]
    [InlineData("""{"\u0000":1}""")]
    [InlineData("""{"tier":"\ud800"}""")]
    [InlineData("""{"count":1e999999}""")]
    [InlineData("""[1e-20000]""")]
    public async Task Metadata_jcont_with_json_no_store_can_keep_is_an_invalid_filter_value(string json)
    {
        var reply = await (await api.IntegrationAsync()).GetAsync($"/api/customers?filter[q][metadata_jcont]={Uri.EscapeDataString(json)}");

        reply.Status.ShouldBe(HttpStatusCode.BadRequest, reply.Text);
        reply.Code.ShouldBe("INVALID_FILTER_VALUE");
        reply.Parameter.ShouldBe("filter[q][metadata_jcont]");
    }
}

public sealed class MetadataFilterOnSqlite(SqliteApi api) : MetadataFilterTests(api), IClassFixture<SqliteApi>;

public sealed class MetadataFilterOnPostgres(PostgresApi api) : MetadataFilterTests(api), IClassFixture<PostgresApi>;
