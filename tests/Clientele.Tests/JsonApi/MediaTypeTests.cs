using System.Net.Http.Headers;
using System.Text;

namespace Clientele.Tests.JsonApi;

public abstract class MediaTypeTests(ApiFixture api)
{
    /// <summary>A client with a token but no default headers, so each test sets Accept and Content-Type itself.</summary>
    private async Task<ApiClient> BareClientAsync()
    {
        var http = api.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await api.IntegrationTokenAsync());
        return new ApiClient(http);
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string? accept = null, string? body = null, string? contentType = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept).ShouldBeTrue();
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            if (contentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType).ShouldBeTrue();
        }
        return request;
    }

    private static string CustomerBody(string email) => JsonSerializer.Serialize(Body.Resource("customers", new { email }));

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/html")]
    [InlineData("application/xml, text/plain;q=0.5")]
    public async Task An_Accept_header_that_does_not_allow_the_JSON_API_media_type_is_406_NOT_ACCEPTABLE(string accept)
    {
        var client = await BareClientAsync();

        var list = await client.SendAsync(Request(HttpMethod.Get, "/api/customers", accept));
        var create = await client.SendAsync(Request(HttpMethod.Post, "/api/customers", accept, CustomerBody(Unique.Email()), ApiClient.MediaType));

        foreach (var reply in new[] { list, create })
        {
            reply.Status.ShouldBe(HttpStatusCode.NotAcceptable, reply.Text);
            reply.Code.ShouldBe("NOT_ACCEPTABLE");
            reply.Error().GetProperty("status").GetString().ShouldBe("406");
            reply.Response.Content.Headers.ContentType!.MediaType.ShouldBe(ApiClient.MediaType);
        }
    }

    [Theory]
    [InlineData("*/*")]
    [InlineData("application/*")]
    [InlineData("application/json, text/plain, */*")]
    [InlineData("application/json, application/vnd.api+json")]
    [InlineData("Application/VND.API+JSON")]
    [InlineData(null)]
    public async Task An_Accept_that_allows_the_JSON_API_media_type_or_no_Accept_at_all_is_served(string? accept)
    {
        var client = await BareClientAsync();

        var reply = await client.SendAsync(Request(HttpMethod.Get, "/api/customers", accept));

        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
        reply.Data.ValueKind.ShouldBe(JsonValueKind.Array);
        reply.Response.Content.Headers.ContentType!.MediaType.ShouldBe(ApiClient.MediaType);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task A_body_sent_as_another_media_type_is_415_and_nothing_is_created(string? contentType)
    {
        var client = await BareClientAsync();
        var email = Unique.Email();

        var reply = await client.SendAsync(Request(HttpMethod.Post, "/api/customers", ApiClient.MediaType, CustomerBody(email), contentType));
        var listed = await client.SendAsync(Request(HttpMethod.Get, $"/api/customers?filter[q][email_eq]={email}"));

        reply.Status.ShouldBe(HttpStatusCode.UnsupportedMediaType, reply.Text);
        reply.Code.ShouldBe("UNSUPPORTED_MEDIA_TYPE");
        reply.Error().GetProperty("status").GetString().ShouldBe("415");
        listed.RecordCount.ShouldBe(0);
    }

    [Fact]
    public async Task A_PATCH_body_sent_as_plain_JSON_is_415_and_nothing_changes()
    {
        var client = await BareClientAsync();
        var id = await api.CreateCustomerAsync(Unique.Email());
        var body = JsonSerializer.Serialize(Body.Update("customers", id, new { reference = "changed" }));

        var reply = await client.SendAsync(Request(HttpMethod.Patch, $"/api/customers/{id}", ApiClient.MediaType, body, "application/json"));
        var read = await client.SendAsync(Request(HttpMethod.Get, $"/api/customers/{id}"));

        reply.Status.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        reply.Code.ShouldBe("UNSUPPORTED_MEDIA_TYPE");
        read.Attributes.GetProperty("reference").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Theory]
    [InlineData("application/vnd.api+json")]
    [InlineData("Application/Vnd.Api+Json")]
    public async Task A_body_sent_as_the_JSON_API_media_type_in_any_letter_case_is_accepted(string contentType)
    {
        var client = await BareClientAsync();

        var reply = await client.SendAsync(Request(HttpMethod.Post, "/api/customers", ApiClient.MediaType, CustomerBody(Unique.Email()), contentType));

        reply.Status.ShouldBe(HttpStatusCode.Created, reply.Text);
    }

    [Fact]
    public async Task A_Content_Type_header_on_bodiless_GET_and_DELETE_requests_is_not_an_error()
    {
        var client = await BareClientAsync();
        var id = await api.CreateCustomerAsync(Unique.Email());

        // The SDK sends Content-Type on every request, GET and DELETE included.
        var list = await client.SendAsync(Request(HttpMethod.Get, "/api/customers", ApiClient.MediaType, "", ApiClient.MediaType));
        var read = await client.SendAsync(Request(HttpMethod.Get, $"/api/customers/{id}", ApiClient.MediaType, "", ApiClient.MediaType));
        var deleted = await client.SendAsync(Request(HttpMethod.Delete, $"/api/customers/{id}", ApiClient.MediaType, "", ApiClient.MediaType));

        list.Status.ShouldBe(HttpStatusCode.OK, list.Text);
        read.Status.ShouldBe(HttpStatusCode.OK, read.Text);
        read.Id.ShouldBe(id);
        deleted.Status.ShouldBe(HttpStatusCode.NoContent, deleted.Text);
        deleted.Text.ShouldBeEmpty();
    }
}

public sealed class MediaTypeOnSqlite(SqliteApi api) : MediaTypeTests(api), IClassFixture<SqliteApi>;

public sealed class MediaTypeOnPostgres(PostgresApi api) : MediaTypeTests(api), IClassFixture<PostgresApi>;
