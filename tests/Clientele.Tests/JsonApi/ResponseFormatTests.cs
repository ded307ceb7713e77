namespace Clientele.Tests.JsonApi;

public abstract class ResponseFormatTests(ApiFixture api)
{
    [Fact]
    public async Task Documents_keep_plus_signs_ampersands_and_apostrophes_readable()
    {
        var client = await api.IntegrationAsync();

        var created = await client.PostAsync("/api/customers", Body.Resource("customers", new { email = Unique.Email(), reference = "a+b & c's" }));
        var blank = await client.PostAsync("/api/customers", Body.Resource("customers", new { reference = "x" }));

        created.Text.ShouldContain("\"reference\":\"a+b & c's\"");
        blank.Text.ShouldContain("can't be blank");
    }

    [Fact]
    public async Task Unauthorized_answers_name_the_bearer_scheme()
    {
        var missing = await api.Client().GetAsync("/api/customers");
        var invalid = await api.Client("not.a.token").GetAsync("/api/customers");

        missing.Status.ShouldBe(HttpStatusCode.Unauthorized);
        missing.Response.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");
        invalid.Code.ShouldBe("INVALID_TOKEN");
        invalid.Response.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer error=\"invalid_token\"");
    }
}

public sealed class ResponseFormatOnSqlite(SqliteApi api) : ResponseFormatTests(api), IClassFixture<SqliteApi>;

public sealed class ResponseFormatOnPostgres(PostgresApi api) : ResponseFormatTests(api), IClassFixture<PostgresApi>;
