namespace Clientele.Tests.Auth;

public abstract class SingletonLinksTests(ApiFixture api)
{
    [Theory]
    [InlineData("/api/organization", "organizations")]
    [InlineData("/api/application", "applications")]
    public async Task Singletons_link_to_themselves_like_every_resource_object(string path, string type)
    {
        var reply = await (await api.IntegrationAsync()).GetAsync(path);

        reply.Status.ShouldBe(HttpStatusCode.OK);
        reply.Data.GetProperty("type").GetString().ShouldBe(type);
        reply.Data.GetProperty("links").GetProperty("self").GetString()!.ShouldEndWith(path);
    }
}

public sealed class SingletonLinksOnSqlite(SqliteApi api) : SingletonLinksTests(api), IClassFixture<SqliteApi>;

public sealed class SingletonLinksOnPostgres(PostgresApi api) : SingletonLinksTests(api), IClassFixture<PostgresApi>;
