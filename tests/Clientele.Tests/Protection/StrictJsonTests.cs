namespace Clientele.Tests.Protection;

public abstract class StrictJsonTests(ApiFixture api)
{
    [Theory]
    [InlineData("""{"data":{"type":"customers","type":"customer_groups","attributes":{"email":"a@b.co"}}}""")]
    [InlineData("""{"data":{"type":"customers","attributes":{"email":"a@b.co","metadata":{"k":1,"k":2}}}}""")]
    [InlineData("""{"data":{"type":"customers","attributes":{"email":"a@b.co"}},"data":{"type":"customers"}}""")]
    public async Task A_member_given_twice_anywhere_in_a_body_is_refused(string body)
    {
        var client = await api.IntegrationAsync();

        var reply = await client.SendRawAsync(HttpMethod.Post, "/api/customers", body, ApiClient.MediaType);

        reply.Status.ShouldBe(HttpStatusCode.BadRequest);
        reply.Code.ShouldBe("INVALID_DATA_FORMAT");
        reply.Error().GetProperty("detail").GetString()!.ShouldContain("twice");
    }

    [Fact]
    public async Task A_token_request_giving_a_key_twice_is_refused()
    {
        var app = api.Credentials("integration");

        var reply = await api.Client().SendRawAsync(HttpMethod.Post, "/oauth/token",
            $$"""{"grant_type":"client_credentials","client_id":"{{app.ClientId}}","client_secret":"{{app.ClientSecret}}","client_id":"other"}""", "application/json");

        reply.Status.ShouldBe(HttpStatusCode.BadRequest);
        reply.Error().GetProperty("title").GetString().ShouldBe("invalid_request");
    }
}

public sealed class StrictJsonOnSqlite(SqliteApi api) : StrictJsonTests(api), IClassFixture<SqliteApi>;

public sealed class StrictJsonOnPostgres(PostgresApi api) : StrictJsonTests(api), IClassFixture<PostgresApi>;
