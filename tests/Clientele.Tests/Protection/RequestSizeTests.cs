using System.Net.Http.Headers;
using System.Text;

namespace Clientele.Tests.Protection;

/// <summary>Contract §7: bodies over 1 MB are refused with 413 PAYLOAD_TOO_LARGE before they are read.</summary>
public abstract class RequestSizeTests(ApiFixture api)
{
    private const int OneMegabyte = 1024 * 1024;

    private static HttpRequestMessage Post(string path, int size, string mediaType)
    {
        const string prefix = """{"data":{"type":"customers","attributes":{"email":""" + "\"", suffix = "\"}}}";
        var body = Encoding.UTF8.GetBytes(prefix + new string('a', size - prefix.Length - suffix.Length) + suffix);
        body.Length.ShouldBe(size);
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
    }

    [Fact]
    public async Task A_body_over_one_megabyte_is_413_payload_too_large_and_nothing_is_created()
    {
        var client = await api.IntegrationAsync();
        var before = (await client.GetAsync("/api/customers")).RecordCount;

        var reply = await client.SendAsync(Post("/api/customers", OneMegabyte + 1, ApiClient.MediaType));

        reply.Status.ShouldBe(HttpStatusCode.RequestEntityTooLarge, reply.Text);
        reply.Code.ShouldBe("PAYLOAD_TOO_LARGE");
        reply.Error().GetProperty("status").GetString().ShouldBe("413");
        (await client.GetAsync("/api/customers")).RecordCount.ShouldBe(before);
    }

    [Fact]
    public async Task A_body_just_under_one_megabyte_is_read_and_judged_on_its_content()
    {
        var client = await api.IntegrationAsync();

        var reply = await client.SendAsync(Post("/api/customers", OneMegabyte - 100, ApiClient.MediaType));

        reply.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, reply.Text);
        reply.Pointer.ShouldBe("/data/attributes/email");
    }

    [Fact]
    public async Task The_token_endpoint_refuses_a_body_over_one_megabyte_too()
    {
        var reply = await api.Client().SendAsync(Post("/oauth/token", OneMegabyte + 1, "application/json"));

        reply.Status.ShouldBe(HttpStatusCode.RequestEntityTooLarge, reply.Text);
        reply.Code.ShouldBe("PAYLOAD_TOO_LARGE");
    }
}

public sealed class RequestSizeOnSqlite(SqliteApi api) : RequestSizeTests(api), IClassFixture<SqliteApi>;

public sealed class RequestSizeOnPostgres(PostgresApi api) : RequestSizeTests(api), IClassFixture<PostgresApi>;
