using Clientele.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Clientele.Tests.JsonApi;

/// <summary>
/// email_cont and metadata_jcont follow every write: on SQLite they read side tables kept by triggers (see
/// SqliteSearchTables), on PostgreSQL indexes on the columns themselves. Either way a created, changed or deleted
/// customer is found, moves or disappears at once.
/// </summary>
public abstract class SearchIndexTests(ApiFixture api)
{
    private static string Token() => Guid.NewGuid().ToString("N")[..12];

    private static string EmailCont(string tag, string value) =>
        $"/api/customers?filter[q][reference_eq]={tag}&filter[q][email_cont]={Uri.EscapeDataString(value)}";

    private static string MetadataJcont(string tag, string json) =>
        $"/api/customers?filter[q][reference_eq]={tag}&filter[q][metadata_jcont]={Uri.EscapeDataString(json)}";

    private async Task<(ApiClient Client, string Tag, string Id, string Word)> CreateAsync(object metadata)
    {
        var client = await api.IntegrationAsync();
        var tag = Unique.Code("search");
        var word = Token();
        var reply = await client.PostAsync("/api/customers", Body.Resource("customers", new { email = $"Ünï-{word}@Example.com", reference = tag, metadata }));
        reply.Status.ShouldBe(HttpStatusCode.Created, reply.Text);
        return (client, tag, reply.Id, word);
    }

    [Fact]
    public async Task A_created_customer_is_found_by_a_substring_of_its_email_in_any_case_and_by_its_metadata()
    {
        var (client, tag, id, word) = await CreateAsync(new { tier = "gold", n = 1, items = new[] { new { sku = "A-1", qty = 2 } } });

        (await client.GetAsync(EmailCont(tag, "ÜNÏ-" + word.ToUpperInvariant()))).Ids.ShouldBe([id]);
        (await client.GetAsync(EmailCont(tag, word[2..7]))).Ids.ShouldBe([id]);
        (await client.GetAsync(MetadataJcont(tag, """{"items":[{"sku":"A-1"}],"n":1.0}"""))).Ids.ShouldBe([id]);
        (await client.GetAsync(MetadataJcont(tag, """{"items":[{"sku":"A-2"}]}"""))).Ids.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_email_change_is_found_under_the_new_address_and_no_longer_under_the_old()
    {
        var (client, tag, id, word) = await CreateAsync(new { });
        var renamed = Token();

        var update = await client.PatchAsync($"/api/customers/{id}", Body.Update("customers", id, new { email = $"{renamed}@example.org" }));

        update.Status.ShouldBe(HttpStatusCode.OK, update.Text);
        (await client.GetAsync(EmailCont(tag, renamed))).Ids.ShouldBe([id]);
        (await client.GetAsync(EmailCont(tag, "example.org"))).Ids.ShouldBe([id]);
        (await client.GetAsync(EmailCont(tag, word))).Ids.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_metadata_change_is_found_under_the_new_values_and_no_longer_under_the_old()
    {
        var (client, tag, id, _) = await CreateAsync(new { tier = "gold", tags = new[] { "a", "b" } });

        var update = await client.PatchAsync($"/api/customers/{id}", Body.Update("customers", id, new { metadata = new { tier = "platinum", tags = new[] { "c" } } }));

        update.Status.ShouldBe(HttpStatusCode.OK, update.Text);
        (await client.GetAsync(MetadataJcont(tag, """{"tier":"platinum","tags":["c"]}"""))).Ids.ShouldBe([id]);
        (await client.GetAsync(MetadataJcont(tag, """{"tier":"gold"}"""))).Ids.ShouldBeEmpty();
        (await client.GetAsync(MetadataJcont(tag, """{"tags":["a"]}"""))).Ids.ShouldBeEmpty();
    }

    [Fact]
    public async Task Both_filters_work_through_a_relationship_path()
    {
        var (client, _, id, word) = await CreateAsync(new { tier = Token() });
        var tier = (await client.GetAsync($"/api/customers/{id}")).Attributes.GetProperty("metadata").GetProperty("tier").GetString()!;
        var group = await client.PostAsync("/api/customer_groups", Body.Resource("customer_groups", new { name = Unique.Code("group") }));
        group.Status.ShouldBe(HttpStatusCode.Created, group.Text);
        var moved = await client.PatchAsync($"/api/customers/{id}", Body.Update("customers", id, new { }, new { customer_group = Body.ToOne("customer_groups", group.Id) }));
        moved.Status.ShouldBe(HttpStatusCode.OK, moved.Text);

        (await client.GetAsync($"/api/customer_groups?filter[q][customers_email_cont]={word}")).Ids.ShouldBe([group.Id]);
        (await client.GetAsync($"/api/customer_groups?filter[q][customers_metadata_jcont]={Uri.EscapeDataString($$"""{"tier":"{{tier}}"}""")}")).Ids.ShouldBe([group.Id]);
        (await client.GetAsync($"/api/customer_groups?filter[q][customers_email_cont]={word}x")).Ids.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_deleted_customer_is_found_by_neither_filter()
    {
        var (client, tag, id, word) = await CreateAsync(new { tier = "gold" });

        (await client.DeleteAsync($"/api/customers/{id}")).Status.ShouldBe(HttpStatusCode.NoContent);

        (await client.GetAsync(EmailCont(tag, word))).Ids.ShouldBeEmpty();
        (await client.GetAsync(MetadataJcont(tag, """{"tier":"gold"}"""))).Ids.ShouldBeEmpty();
    }
}

public sealed class SearchIndexOnSqlite(SqliteApi api) : SearchIndexTests(api), IClassFixture<SqliteApi>;

public sealed class SearchIndexOnPostgres(PostgresApi api) : SearchIndexTests(api), IClassFixture<PostgresApi>;

/// <summary>On SQLite the filters read the side tables: what is missing there is not found (beyond the plain scan's reach).</summary>
public sealed class SqliteSearchTablesTests(SqliteApi api) : IClassFixture<SqliteApi>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(ApiClient Client, string Tag, string Id, string Word)> CreateAsync()
    {
        var client = await api.IntegrationAsync();
        var tag = Unique.Code("tables");
        var word = Guid.NewGuid().ToString("N")[..12];
        var reply = await client.PostAsync("/api/customers", Body.Resource("customers",
            new { email = $"{word}@example.com", reference = tag, metadata = new { tier = "gold", n = 1 } }));
        reply.Status.ShouldBe(HttpStatusCode.Created, reply.Text);
        return (client, tag, reply.Id, word);
    }

    private async Task<long> KeyOfAsync(string id)
    {
        long key = 0;
        await api.WithDbAsync(async db => key = await db.Database
            .SqlQuery<long>($"SELECT search_key AS \"Value\" FROM customer_search_keys WHERE customer_id = {id}").SingleAsync(Ct));
        return key;
    }

    [Fact]
    public async Task Email_cont_of_three_characters_or_more_reads_the_trigram_table_and_shorter_values_scan()
    {
        var (client, tag, id, word) = await CreateAsync();
        var key = await KeyOfAsync(id);

        await api.WithDbAsync(db => db.Database.ExecuteSqlAsync($"DELETE FROM customer_email_search WHERE rowid = {key}", Ct));

        (await client.GetAsync($"/api/customers?filter[q][reference_eq]={tag}&filter[q][email_cont]={word[..3]}")).Ids.ShouldBeEmpty();
        (await client.GetAsync($"/api/customers?filter[q][reference_eq]={tag}&filter[q][email_cont]={word[..2]}")).Ids.ShouldBe([id]);
    }

    [Fact]
    public async Task Metadata_jcont_reads_the_term_table_unless_the_pattern_has_no_scalar()
    {
        var (client, tag, id, _) = await CreateAsync();
        var key = await KeyOfAsync(id);

        await api.WithDbAsync(db => db.Database.ExecuteSqlAsync($"DELETE FROM customer_metadata_terms WHERE search_key = {key}", Ct));

        var jcont = $"/api/customers?filter[q][reference_eq]={tag}&filter[q][metadata_jcont]=";
        (await client.GetAsync(jcont + Uri.EscapeDataString("""{"tier":"gold"}"""))).Ids.ShouldBeEmpty();
        (await client.GetAsync(jcont + Uri.EscapeDataString("{}"))).Ids.ShouldBe([id]);
    }

    [Theory]
    [InlineData("""{"n":1}""", """{"n":1.0}""")]
    [InlineData("""{"n":0}""", """{"n":-0.0}""")]
    [InlineData("""{"n":100}""", """{"n":1e2}""")]
    [InlineData("""{"a":[{"b":[["x"]]}]}""", """{"a":[{"b":[["x"]]}]}""")]
    [InlineData("""{"a\u0062":"x"}""", """{"ab":"x"}""")]
    public async Task A_pattern_gives_the_terms_the_triggers_stored_for_an_equal_document(string pattern, string document)
    {
        var client = await api.IntegrationAsync();
        using var metadata = JsonDocument.Parse(document);
        var created = await client.PostAsync("/api/customers", Body.Resource("customers", new { email = Unique.Email(), metadata = metadata.RootElement }));
        created.Status.ShouldBe(HttpStatusCode.Created, created.Text);
        var key = await KeyOfAsync(created.Id);

        await api.WithDbAsync(async db =>
        {
            var stored = await db.Database.SqlQuery<string>($"SELECT term AS \"Value\" FROM customer_metadata_terms WHERE search_key = {key}").ToListAsync(Ct);
            var ofPattern = await TermsAsync(db, pattern);
            ofPattern.ShouldNotBeEmpty();
            ofPattern.Order().ShouldBe(stored.Order());
        });
    }

    [Theory]
    [InlineData("""{"n":1}""", """{"n":"1"}""")]
    [InlineData("""{"n":true}""", """{"n":"true"}""")]
    [InlineData("""{"a":{"b":1}}""", """{"a":{"c":1}}""")]
    [InlineData("""{"n":null}""", """{"n":false}""")]
    public async Task Values_of_different_types_or_keys_give_different_terms(string pattern, string document)
    {
        await api.WithDbAsync(async db => (await TermsAsync(db, pattern)).ShouldNotBe(await TermsAsync(db, document)));
    }

    private static Task<List<string>> TermsAsync(AppDb db, string json) =>
        db.Database.SqlQueryRaw<string>(SqliteSearchTables.PatternTermsSql(8), new Microsoft.Data.Sqlite.SqliteParameter("$pattern", json)).ToListAsync(Ct);
}
