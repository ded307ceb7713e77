using Clientele.Persistence;
using Clientele.Tests.JsonApi;

namespace Clientele.Tests.CustomerGroups;

public abstract class CustomerGroupsTests(ApiFixture api)
{
    [Fact]
    public async Task Create_answers_201_with_name_code_and_the_customers_relationship()
    {
        var client = await api.IntegrationAsync();
        var code = Unique.Code();

        var reply = await client.PostAsync("/api/customer_groups", Body.Resource("customer_groups", new { name = "Wholesale", code, reference = "erp-7" }));

        reply.Status.ShouldBe(HttpStatusCode.Created, reply.Text);
        reply.Data.GetProperty("type").GetString().ShouldBe("customer_groups");
        reply.Id.ShouldMatch("^[A-Za-z0-9]{10}$");
        reply.Attributes.GetProperty("name").GetString().ShouldBe("Wholesale");
        reply.Attributes.GetProperty("code").GetString().ShouldBe(code);
        reply.Attributes.GetProperty("reference").GetString().ShouldBe("erp-7");
        reply.Data.GetProperty("relationships").GetProperty("customers").GetProperty("links").GetProperty("related").GetString()!
            .ShouldEndWith($"/api/customer_groups/{reply.Id}/customers");
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("   ", true)]
    public async Task A_missing_or_blank_name_is_422_blank(string? name, bool send)
    {
        var client = await api.IntegrationAsync();
        var code = Unique.Code();
        object attributes = send ? new { name, code } : new { code };

        var reply = await client.PostAsync("/api/customer_groups", Body.Resource("customer_groups", attributes));
        var listed = await client.GetAsync($"/api/customer_groups?filter[q][code_eq]={code}");

        reply.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, reply.Text);
        reply.Code.ShouldBe("VALIDATION_ERROR");
        reply.Pointer.ShouldBe("/data/attributes/name");
        reply.MetaError.ShouldBe("blank");
        listed.RecordCount.ShouldBe(0);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public async Task Updating_the_name_to_blank_is_422_and_keeps_the_old_name(string? name)
    {
        var client = await api.IntegrationAsync();
        var id = await api.CreateGroupAsync("Before");

        var reply = await client.PatchAsync($"/api/customer_groups/{id}", Body.Update("customer_groups", id, new { name }));
        var read = await client.GetAsync($"/api/customer_groups/{id}");

        reply.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, reply.Text);
        reply.Pointer.ShouldBe("/data/attributes/name");
        reply.MetaError.ShouldBe("blank");
        read.Attributes.GetProperty("name").GetString().ShouldBe("Before");
    }

    [Fact]
    public async Task A_name_over_255_characters_is_422_too_long()
    {
        var reply = await (await api.IntegrationAsync()).PostAsync("/api/customer_groups", Body.Resource("customer_groups", new { name = new string('n', 256) }));

        reply.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, reply.Text);
        reply.Pointer.ShouldBe("/data/attributes/name");
        reply.MetaError.ShouldBe("too_long");
    }

    [Fact]
    public async Task A_code_already_used_in_the_same_organization_and_mode_is_422_taken_on_create_and_update()
    {
        var client = await api.IntegrationAsync();
        var code = Unique.Code();
        var first = await api.CreateGroupAsync(code: code);
        var second = await api.CreateGroupAsync(code: Unique.Code());

        var created = await client.PostAsync("/api/customer_groups", Body.Resource("customer_groups", new { name = "Copy", code }));
        var updated = await client.PatchAsync($"/api/customer_groups/{second}", Body.Update("customer_groups", second, new { code }));
        var listed = await client.GetAsync($"/api/customer_groups?filter[q][code_eq]={code}");

        foreach (var reply in new[] { created, updated })
        {
            reply.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, reply.Text);
            reply.Code.ShouldBe("VALIDATION_ERROR");
            reply.Pointer.ShouldBe("/data/attributes/code");
            reply.MetaError.ShouldBe("taken");
        }
        listed.Ids.ShouldBe([first]);
    }

    [Fact]
    public async Task Concurrent_creates_with_one_code_make_exactly_one_group()
    {
        var code = Unique.Code();
        var token = await api.IntegrationTokenAsync();

        var replies = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            api.Client(token).PostAsync("/api/customer_groups", Body.Resource("customer_groups", new { name = $"Racer {i}", code }))));
        var listed = await api.Client(token).GetAsync($"/api/customer_groups?filter[q][code_eq]={code}");

        replies.Count(r => r.Status == HttpStatusCode.Created).ShouldBe(1, string.Join("\n", replies.Select(r => r.Text)));
        foreach (var rejected in replies.Where(r => r.Status != HttpStatusCode.Created))
        {
            rejected.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, rejected.Text);
            rejected.Pointer.ShouldBe("/data/attributes/code");
            rejected.MetaError.ShouldBe("taken");
        }
        listed.RecordCount.ShouldBe(1);
    }

    [Fact]
    public async Task The_same_code_is_allowed_in_live_and_in_another_organization()
    {
        var code = Unique.Code();

        var test = await (await api.IntegrationAsync(Modes.Test)).PostAsync("/api/customer_groups", Body.Resource("customer_groups", new { name = "Test", code }));
        var live = await (await api.IntegrationAsync(Modes.Live)).PostAsync("/api/customer_groups", Body.Resource("customer_groups", new { name = "Live", code }));
        var globex = await (await api.IntegrationAsync(org: ApiFixture.OtherOrg)).PostAsync("/api/customer_groups", Body.Resource("customer_groups", new { name = "Globex", code }));
        var liveAgain = await (await api.IntegrationAsync(Modes.Live)).PostAsync("/api/customer_groups", Body.Resource("customer_groups", new { name = "Live 2", code }));

        test.Status.ShouldBe(HttpStatusCode.Created, test.Text);
        live.Status.ShouldBe(HttpStatusCode.Created, live.Text);
        globex.Status.ShouldBe(HttpStatusCode.Created, globex.Text);
        liveAgain.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, liveAgain.Text);
        liveAgain.MetaError.ShouldBe("taken");
    }

    [Fact]
    public async Task Groups_without_a_code_do_not_collide()
    {
        var client = await api.IntegrationAsync();

        var first = await client.PostAsync("/api/customer_groups", Body.Resource("customer_groups", new { name = "No code 1" }));
        var second = await client.PostAsync("/api/customer_groups", Body.Resource("customer_groups", new { name = "No code 2", code = (string?)null }));

        first.Status.ShouldBe(HttpStatusCode.Created, first.Text);
        second.Status.ShouldBe(HttpStatusCode.Created, second.Text);
        first.Attributes.GetProperty("code").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task Deleting_a_group_that_has_customers_is_423_LOCKED_and_keeps_it()
    {
        var client = await api.IntegrationAsync();
        var group = await api.CreateGroupAsync();
        var member = await client.CreateCustomerAsync(new { email = Unique.Email() }, group);

        var locked = await client.DeleteAsync($"/api/customer_groups/{group}");
        var read = await client.GetAsync($"/api/customer_groups/{group}");
        var left = await client.PatchAsync($"/api/customers/{member}",
            Body.Update("customers", member, new { }, new { customer_group = Body.ToOne("customer_groups", null) }));
        var deleted = await client.DeleteAsync($"/api/customer_groups/{group}");
        var gone = await client.GetAsync($"/api/customer_groups/{group}");

        locked.Status.ShouldBe(HttpStatusCode.Locked, locked.Text);
        locked.Code.ShouldBe("LOCKED");
        locked.Error().GetProperty("status").GetString().ShouldBe("423");
        read.Status.ShouldBe(HttpStatusCode.OK);
        left.Status.ShouldBe(HttpStatusCode.OK, left.Text);
        deleted.Status.ShouldBe(HttpStatusCode.NoContent, deleted.Text);
        gone.Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Deleting_an_empty_group_answers_204_without_a_body_and_frees_its_code()
    {
        var client = await api.IntegrationAsync();
        var code = Unique.Code();
        var group = await api.CreateGroupAsync(code: code);

        var deleted = await client.DeleteAsync($"/api/customer_groups/{group}");
        var read = await client.GetAsync($"/api/customer_groups/{group}");
        var again = await client.PostAsync("/api/customer_groups", Body.Resource("customer_groups", new { name = "Again", code }));

        deleted.Status.ShouldBe(HttpStatusCode.NoContent);
        deleted.Text.ShouldBeEmpty();
        read.Status.ShouldBe(HttpStatusCode.NotFound);
        read.Code.ShouldBe("RECORD_NOT_FOUND");
        again.Status.ShouldBe(HttpStatusCode.Created, again.Text);
    }

    [Fact]
    public async Task Groups_filter_by_name_and_code()
    {
        var client = await api.IntegrationAsync();
        var tag = Seeding.Tag();
        var gold = await api.CreateGroupAsync($"{tag} Gold", $"{tag}-gold");
        var silver = await api.CreateGroupAsync($"{tag} Silver", $"{tag}-silver");

        var byName = await client.GetAsync($"/api/customer_groups?filter[q][name_cont]={tag}%20gol");
        var byCode = await client.GetAsync($"/api/customer_groups?filter[q][code_in]={tag}-gold,{tag}-silver");
        var bad = await client.GetAsync("/api/customer_groups?filter[q][email_eq]=x");

        byName.Ids.ShouldBe([gold]);
        byCode.Ids.ShouldBe([gold, silver]);
        bad.Status.ShouldBe(HttpStatusCode.BadRequest);
        bad.Code.ShouldBe("FILTER_NOT_ALLOWED");
    }
}

public sealed class CustomerGroupsOnSqlite(SqliteApi api) : CustomerGroupsTests(api), IClassFixture<SqliteApi>;

public sealed class CustomerGroupsOnPostgres(PostgresApi api) : CustomerGroupsTests(api), IClassFixture<PostgresApi>;
