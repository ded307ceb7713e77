namespace Clientele.Tests.Customers;

public abstract class SessionVersionTests(ApiFixture api)
{
    [Fact]
    public async Task Concurrent_password_changes_each_end_the_sessions_before_them()
    {
        var id = await api.CreateCustomerAsync(Unique.Email("versions"), Unique.Password);
        var client = await api.IntegrationAsync();

        var replies = await Task.WhenAll(Enumerable.Range(0, 5).Select(i =>
            client.PatchAsync($"/api/customers/{id}", Body.Update("customers", id, new { password = $"{Unique.Password} {i}" }))));
        var version = 0;
        await api.WithDbAsync(async db => version = (await db.Customers.FindAsync([id], TestContext.Current.CancellationToken))!.SessionVersion);

        replies.ShouldAllBe(r => r.Status == HttpStatusCode.OK);
        version.ShouldBe(5);
    }
}

public sealed class SessionVersionOnSqlite(SqliteApi api) : SessionVersionTests(api), IClassFixture<SqliteApi>;

public sealed class SessionVersionOnPostgres(PostgresApi api) : SessionVersionTests(api), IClassFixture<PostgresApi>;
