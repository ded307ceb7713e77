namespace Clientele.Tests.JsonApi;

/// <summary>Requests that race on one record: every loser gets a 4xx answer, never a 500.</summary>
public abstract class ConcurrentWriteTests(ApiFixture api)
{
    [Fact]
    public async Task Updates_and_deletes_racing_on_one_customer_answer_200_204_or_404()
    {
        var client = await api.IntegrationAsync();
        var replies = new List<Reply>();
        for (var round = 0; round < 8; round++)
        {
            var id = await api.CreateCustomerAsync(Unique.Email());
            var requests = Enumerable.Range(0, 3).SelectMany(i => new[]
            {
                client.DeleteAsync($"/api/customers/{id}"),
                client.PatchAsync($"/api/customers/{id}", Body.Update("customers", id, new { reference = $"r{i}", password = Unique.Password })),
            });
            replies.AddRange(await Task.WhenAll(requests));
            (await client.GetAsync($"/api/customers/{id}")).Status.ShouldBe(HttpStatusCode.NotFound);
        }

        foreach (var reply in replies)
        {
            reply.Status.ShouldBeOneOf([HttpStatusCode.OK, HttpStatusCode.NoContent, HttpStatusCode.NotFound], reply.Text);
            if (reply.Status == HttpStatusCode.NotFound) reply.Code.ShouldBe("RECORD_NOT_FOUND");
        }
        replies.Count(r => r.Status == HttpStatusCode.NoContent).ShouldBe(8);
    }

    [Fact]
    public async Task Concurrent_deletes_of_one_customer_group_delete_it_once_and_answer_404_to_the_others()
    {
        var client = await api.IntegrationAsync();
        var replies = new List<Reply>();
        for (var round = 0; round < 8; round++)
        {
            var id = (await client.PostAsync("/api/customer_groups", Body.Resource("customer_groups", new { name = "Race" }))).Id;
            replies.AddRange(await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.DeleteAsync($"/api/customer_groups/{id}"))));
        }

        foreach (var reply in replies)
            reply.Status.ShouldBeOneOf([HttpStatusCode.NoContent, HttpStatusCode.NotFound], reply.Text);
        replies.Count(r => r.Status == HttpStatusCode.NoContent).ShouldBe(8);
    }
}

public sealed class ConcurrentWritesOnSqlite(SqliteApi api) : ConcurrentWriteTests(api), IClassFixture<SqliteApi>;

public sealed class ConcurrentWritesOnPostgres(PostgresApi api) : ConcurrentWriteTests(api), IClassFixture<PostgresApi>;
