using Clientele.Tests.JsonApi;

namespace Clientele.Tests.Tags;

public abstract class TagsTests(ApiFixture api)
{
    /// <summary>A tag name unique to one test (lowercase, at most 25 characters).</summary>
    private static string Name(string prefix = "t") => $"{prefix}{Guid.NewGuid():N}"[..20];

    private async Task<string> CreateTagAsync(string name)
    {
        var reply = await (await api.IntegrationAsync()).PostAsync("/api/tags", Body.Resource("tags", new { name }));
        reply.Status.ShouldBe(HttpStatusCode.Created, reply.Text);
        return reply.Id;
    }

    private async Task<List<string>> TagNamesAsync(ApiClient client, string customer)
    {
        var reply = await client.GetAsync($"/api/customers/{customer}/tags?sort=name");
        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
        return reply.Data.EnumerateArray().Select(t => t.GetProperty("attributes").GetProperty("name").GetString()!).ToList();
    }

    private static object Tags(string customer, object attributes) => Body.Update("customers", customer, attributes);

    [Fact]
    public async Task Create_lowercases_the_name_and_update_and_delete_work()
    {
        var client = await api.IntegrationAsync();
        var name = Name("v");

        var created = await client.PostAsync("/api/tags", Body.Resource("tags", new { name = name.ToUpperInvariant() }));
        var renamed = await client.PatchAsync($"/api/tags/{created.Id}", Body.Update("tags", created.Id, new { name = name + ":x" }));
        var deleted = await client.DeleteAsync($"/api/tags/{created.Id}");
        var gone = await client.GetAsync($"/api/tags/{created.Id}");

        created.Status.ShouldBe(HttpStatusCode.Created, created.Text);
        created.Data.GetProperty("type").GetString().ShouldBe("tags");
        created.Attributes.GetProperty("name").GetString().ShouldBe(name);
        renamed.Attributes.GetProperty("name").GetString().ShouldBe(name + ":x");
        deleted.Status.ShouldBe(HttpStatusCode.NoContent);
        gone.Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("", "blank")]
    [InlineData("has space", "invalid")]
    [InlineData("dot.ted", "invalid")]
    [InlineData("émoji", "invalid")]
    [InlineData("new\nline", "invalid")]
    [InlineData("abcdefghijklmnopqrstuvwxyz", "too_long")]
    public async Task An_invalid_name_is_422(string name, string error)
    {
        var reply = await (await api.IntegrationAsync()).PostAsync("/api/tags", Body.Resource("tags", new { name }));

        reply.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, reply.Text);
        reply.Pointer.ShouldBe("/data/attributes/name");
        reply.MetaError.ShouldBe(error);
    }

    [Fact]
    public async Task Names_of_25_characters_of_the_allowed_set_are_accepted_and_a_missing_name_is_blank()
    {
        var client = await api.IntegrationAsync();
        var name = ("a0_:-" + Guid.NewGuid().ToString("N"))[..25];

        var created = await client.PostAsync("/api/tags", Body.Resource("tags", new { name }));
        var missing = await client.PostAsync("/api/tags", Body.Resource("tags", new { reference = "x" }));

        created.Status.ShouldBe(HttpStatusCode.Created, created.Text);
        missing.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, missing.Text);
        missing.Pointer.ShouldBe("/data/attributes/name");
        missing.MetaError.ShouldBe("blank");
    }

    [Fact]
    public async Task A_name_taken_in_any_letter_case_is_422_taken()
    {
        var name = Name();
        await CreateTagAsync(name);

        var reply = await (await api.IntegrationAsync()).PostAsync("/api/tags", Body.Resource("tags", new { name = name.ToUpperInvariant() }));
        var live = await (await api.IntegrationAsync(Clientele.Persistence.Modes.Live)).PostAsync("/api/tags", Body.Resource("tags", new { name }));

        reply.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, reply.Text);
        reply.Pointer.ShouldBe("/data/attributes/name");
        reply.MetaError.ShouldBe("taken");
        live.Status.ShouldBe(HttpStatusCode.Created, live.Text);
    }

    [Fact]
    public async Task Sales_channel_tokens_may_not_read_or_write_tags()
    {
        var (_, customer, _) = await api.CustomerAsync();
        var guest = api.Client(await api.GuestTokenAsync());

        var listed = await customer.GetAsync("/api/tags");
        var created = await guest.PostAsync("/api/tags", Body.Resource("tags", new { name = Name() }));

        listed.Status.ShouldBe(HttpStatusCode.Unauthorized);
        created.Status.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Add_tags_links_existing_tags_and_ignores_duplicates_invalid_and_unknown_names()
    {
        var client = await api.IntegrationAsync();
        var (vip, gold) = (Name("vip"), Name("gold"));
        await CreateTagAsync(vip);
        await CreateTagAsync(gold);
        var customer = await api.CreateCustomerAsync(Unique.Email());

        var reply = await client.PatchAsync($"/api/customers/{customer}",
            Tags(customer, new { _add_tags = $"{vip},{vip.ToUpperInvariant()}, {gold} ,no such tag,{Name("unknown")},," }));
        var again = await client.PatchAsync($"/api/customers/{customer}", Tags(customer, new { _add_tags = vip }));

        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
        again.Status.ShouldBe(HttpStatusCode.OK, again.Text);
        reply.Attributes.TryGetProperty("_add_tags", out _).ShouldBeFalse();
        (await TagNamesAsync(client, customer)).ShouldBe(new[] { vip, gold }.Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public async Task Remove_tags_unlinks_and_add_is_applied_before_remove_whatever_the_order_in_the_body()
    {
        var client = await api.IntegrationAsync();
        var (a, b, c) = (Name("a"), Name("b"), Name("c"));
        foreach (var name in new[] { a, b, c }) await CreateTagAsync(name);
        var first = await api.CreateCustomerAsync(Unique.Email());
        var second = await api.CreateCustomerAsync(Unique.Email());
        await client.PatchAsync($"/api/customers/{first}", Tags(first, new { _add_tags = $"{a},{b}" }));
        await client.PatchAsync($"/api/customers/{second}", Tags(second, new { _add_tags = $"{a},{b}" }));

        var addFirst = await client.PatchAsync($"/api/customers/{first}", Tags(first, new { _add_tags = $"{c}", _remove_tags = $"{a},{c},{Name("unknown")}" }));
        // Anonymous objects serialize in declaration order: here _remove_tags comes first in the body.
        var removeFirst = await client.PatchAsync($"/api/customers/{second}", Tags(second, new { _remove_tags = $"{a},{c}", _add_tags = c }));

        addFirst.Status.ShouldBe(HttpStatusCode.OK, addFirst.Text);
        removeFirst.Status.ShouldBe(HttpStatusCode.OK, removeFirst.Text);
        (await TagNamesAsync(client, first)).ShouldBe([b]);
        (await TagNamesAsync(client, second)).ShouldBe([b]);
    }

    [Fact]
    public async Task A_customer_has_at_most_ten_tags()
    {
        var client = await api.IntegrationAsync();
        var names = Enumerable.Range(0, 11).Select(i => $"{Name("n")}{i:D2}").ToList();
        foreach (var name in names) await CreateTagAsync(name);
        var customer = await api.CreateCustomerAsync(Unique.Email());

        var ten = await client.PatchAsync($"/api/customers/{customer}", Tags(customer, new { _add_tags = string.Join(',', names.Take(10)) }));
        var eleventh = await client.PatchAsync($"/api/customers/{customer}", Tags(customer, new { _add_tags = names[10] }));
        var swapped = await client.PatchAsync($"/api/customers/{customer}", Tags(customer, new { _add_tags = names[10], _remove_tags = names[0] }));

        ten.Status.ShouldBe(HttpStatusCode.OK, ten.Text);
        eleventh.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, eleventh.Text);
        eleventh.Code.ShouldBe("VALIDATION_ERROR");
        eleventh.Pointer.ShouldBe("/data/attributes/_add_tags");
        eleventh.MetaError.ShouldBe("too_long");
        swapped.Status.ShouldBe(HttpStatusCode.OK, swapped.Text);
        (await TagNamesAsync(client, customer)).ShouldBe(names.Skip(1).Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public async Task Sales_channel_tokens_may_not_send_tag_triggers_or_the_tags_relationship()
    {
        var name = Name();
        var tag = await CreateTagAsync(name);
        var (id, customer, _) = await api.CustomerAsync();

        var add = await customer.PatchAsync($"/api/customers/{id}", Tags(id, new { _add_tags = name }));
        var remove = await customer.PatchAsync($"/api/customers/{id}", Tags(id, new { _remove_tags = name }));
        var relationship = await customer.PatchAsync($"/api/customers/{id}",
            Body.Update("customers", id, new { }, new { tags = new { data = new[] { new { type = "tags", id = tag } } } }));

        foreach (var reply in new[] { add, remove, relationship })
        {
            reply.Status.ShouldBe(HttpStatusCode.Unauthorized, reply.Text);
            reply.Code.ShouldBe("UNAUTHORIZED");
        }
        (await TagNamesAsync(await api.IntegrationAsync(), id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Tag_triggers_are_refused_on_create()
    {
        var reply = await (await api.IntegrationAsync()).PostAsync("/api/customers", Body.Resource("customers", new { email = Unique.Email(), _add_tags = "vip" }));

        reply.Status.ShouldBe(HttpStatusCode.BadRequest, reply.Text);
        reply.Code.ShouldBe("PARAM_NOT_ALLOWED");
        reply.Pointer.ShouldBe("/data/attributes/_add_tags");
    }

    [Fact]
    public async Task Include_tags_and_the_tags_name_filter_reach_customers_through_their_tags()
    {
        var client = await api.IntegrationAsync();
        var (vip, gold) = (Name("vip"), Name("gold"));
        var vipId = await CreateTagAsync(vip);
        var goldId = await CreateTagAsync(gold);
        var both = await api.CreateCustomerAsync(Unique.Email());
        var onlyGold = await api.CreateCustomerAsync(Unique.Email());
        await api.CreateCustomerAsync(Unique.Email());
        await client.PatchAsync($"/api/customers/{both}", Tags(both, new { _add_tags = $"{vip},{gold}" }));
        await client.PatchAsync($"/api/customers/{onlyGold}", Tags(onlyGold, new { _add_tags = gold }));

        var byVip = await client.GetAsync($"/api/customers?filter[q][tags_name_eq]={vip}&include=tags");
        var byGold = await client.GetAsync($"/api/customers?filter[q][tags_name_in]={vip},{gold}");
        var byId = await client.GetAsync($"/api/customers?filter[q][tags_id_eq]={goldId}");
        var linkage = await client.GetAsync($"/api/customers/{both}/relationships/tags");

        byVip.Ids.ShouldBe([both]);
        byVip.Data[0].GetProperty("relationships").GetProperty("tags").GetProperty("data").IdsOf().ShouldBe([vipId, goldId]);
        byVip.Json.GetProperty("included").IdsOf().ShouldBe([vipId, goldId], ignoreOrder: true);
        byVip.Json.GetProperty("included")[0].GetProperty("type").GetString().ShouldBe("tags");
        byGold.Ids.ShouldBe([both, onlyGold]);
        byId.Ids.ShouldBe([both, onlyGold]);
        linkage.Data.IdsOf().ShouldBe([vipId, goldId]);
    }

    [Fact]
    public async Task The_tags_relationship_replaces_the_linkage_clears_with_an_empty_array_and_is_limited_to_ten()
    {
        var client = await api.IntegrationAsync();
        var ids = new List<string>();
        for (var i = 0; i < 11; i++) ids.Add(await CreateTagAsync(Name($"r{i:D2}")));
        var email = Unique.Email();
        object Linkage(IEnumerable<string> tags) => new { tags = new { data = tags.Select(id => new { type = "tags", id }).ToArray() } };

        var created = await client.PostAsync("/api/customers?include=tags", Body.Resource("customers", new { email }, Linkage([ids[0], ids[1], ids[0]])));
        var customer = created.Id;
        var replaced = await client.PatchAsync($"/api/customers/{customer}?include=tags", Body.Update("customers", customer, new { }, Linkage([ids[1], ids[2]])));
        var tooMany = await client.PatchAsync($"/api/customers/{customer}", Body.Update("customers", customer, new { }, Linkage(ids)));
        var unknown = await client.PatchAsync($"/api/customers/{customer}", Body.Update("customers", customer, new { }, Linkage(["nOsUcHtAg0"])));
        var wrongType = await client.PatchAsync($"/api/customers/{customer}", Body.Update("customers", customer, new { },
            new { tags = new { data = new[] { new { type = "markets", id = ids[3] } } } }));
        var afterErrors = await client.GetAsync($"/api/customers/{customer}/relationships/tags");
        var cleared = await client.PatchAsync($"/api/customers/{customer}?include=tags", Body.Update("customers", customer, new { }, Linkage([])));

        created.Status.ShouldBe(HttpStatusCode.Created, created.Text);
        created.Data.GetProperty("relationships").GetProperty("tags").GetProperty("data").IdsOf().ShouldBe([ids[0], ids[1]]);
        replaced.Status.ShouldBe(HttpStatusCode.OK, replaced.Text);
        replaced.Data.GetProperty("relationships").GetProperty("tags").GetProperty("data").IdsOf().ShouldBe([ids[1], ids[2]]);
        tooMany.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, tooMany.Text);
        tooMany.Pointer.ShouldBe("/data/relationships/tags");
        tooMany.MetaError.ShouldBe("too_long");
        unknown.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, unknown.Text);
        unknown.MetaError.ShouldBe("not_found");
        wrongType.Status.ShouldBe(HttpStatusCode.Conflict, wrongType.Text);
        wrongType.Code.ShouldBe("TYPE_MISMATCH");
        afterErrors.Data.IdsOf().ShouldBe([ids[1], ids[2]]);
        cleared.Status.ShouldBe(HttpStatusCode.OK, cleared.Text);
        cleared.Data.GetProperty("relationships").GetProperty("tags").GetProperty("data").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task A_tagged_customer_can_be_deleted_and_its_tags_remain()
    {
        var client = await api.IntegrationAsync();
        var name = Name();
        var tag = await CreateTagAsync(name);
        var customer = await api.CreateCustomerAsync(Unique.Email());
        await client.PatchAsync($"/api/customers/{customer}", Tags(customer, new { _add_tags = name }));

        var deleted = await client.DeleteAsync($"/api/customers/{customer}");
        var tagRead = await client.GetAsync($"/api/tags/{tag}");
        var links = 0;
        await api.WithDbAsync(async db => links = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(
            db.CustomerTags, l => l.CustomerId == customer, TestContext.Current.CancellationToken));

        deleted.Status.ShouldBe(HttpStatusCode.NoContent, deleted.Text);
        tagRead.Status.ShouldBe(HttpStatusCode.OK);
        links.ShouldBe(0);
    }

    [Fact]
    public async Task Deleting_a_tag_unlinks_it_from_customers()
    {
        var client = await api.IntegrationAsync();
        var name = Name();
        var tag = await CreateTagAsync(name);
        var customer = await api.CreateCustomerAsync(Unique.Email());
        await client.PatchAsync($"/api/customers/{customer}", Tags(customer, new { _add_tags = name }));

        var deleted = await client.DeleteAsync($"/api/tags/{tag}");

        deleted.Status.ShouldBe(HttpStatusCode.NoContent, deleted.Text);
        (await TagNamesAsync(client, customer)).ShouldBeEmpty();
    }
}

public sealed class TagsOnSqlite(SqliteApi api) : TagsTests(api), IClassFixture<SqliteApi>;

public sealed class TagsOnPostgres(PostgresApi api) : TagsTests(api), IClassFixture<PostgresApi>;
