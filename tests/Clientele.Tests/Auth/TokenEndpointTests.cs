using System.Net.Http.Headers;
using System.Text;
using Clientele.Organizations;
using Clientele.Persistence;

namespace Clientele.Tests.Auth;

/// <summary>POST /oauth/token: the grants, the success bodies and the error bodies the official clients read.</summary>
public abstract class TokenEndpointTests(ApiFixture api)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Provisioning.Credentials Integration => api.Credentials(ApplicationKinds.Integration);
    private Provisioning.Credentials SalesChannel => api.Credentials(ApplicationKinds.SalesChannel);

    private static readonly string[] AccessTokenKeys = ["access_token", "token_type", "expires_in", "scope", "created_at"];
    private static readonly string[] CustomerTokenKeys = [.. AccessTokenKeys, "refresh_token", "owner_id", "owner_type"];

    private static string[] Keys(JsonElement json) => json.EnumerateObject().Select(p => p.Name).Order().ToArray();

    private async Task<Reply> FormAsync(params (string Key, string Value)[] fields)
    {
        var content = new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Key, f.Value)));
        return await api.Client().SendAsync(new HttpRequestMessage(HttpMethod.Post, "/oauth/token") { Content = content });
    }

    /// <summary>The OAuth error body: exactly code, title, detail and a numeric status equal to the HTTP status.</summary>
    private static JsonElement ShouldBeOAuthError(Reply reply, HttpStatusCode status, string code, string title)
    {
        reply.Status.ShouldBe(status, reply.Text);
        reply.Response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        Keys(reply.Json).ShouldBe(["errors"]);
        reply.Json.GetProperty("errors").GetArrayLength().ShouldBe(1);
        var error = reply.Error();
        Keys(error).ShouldBe(["code", "detail", "status", "title"]);
        error.GetProperty("status").ValueKind.ShouldBe(JsonValueKind.Number);
        error.GetProperty("status").GetInt32().ShouldBe((int)status);
        error.GetProperty("code").GetString().ShouldBe(code);
        error.GetProperty("title").GetString().ShouldBe(title);
        error.GetProperty("detail").GetString().ShouldNotBeNullOrWhiteSpace();
        return error;
    }

    private void ShouldBeIssuedNow(JsonElement body, long before)
    {
        body.GetProperty("created_at").ValueKind.ShouldBe(JsonValueKind.Number);
        body.GetProperty("created_at").GetInt64().ShouldBeInRange(before, api.Clock.GetUtcNow().ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Client_credentials_of_an_integration_give_a_two_hour_bearer_token_and_nothing_else()
    {
        var before = api.Clock.GetUtcNow().ToUnixTimeSeconds();

        var reply = await api.TokenAsync(new { grant_type = "client_credentials", client_id = Integration.ClientId, client_secret = Integration.ClientSecret });

        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
        reply.Response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        Keys(reply.Json).ShouldBe(AccessTokenKeys.Order());
        reply.Json.GetProperty("access_token").GetString()!.Split('.').Length.ShouldBe(3);
        reply.Json.GetProperty("token_type").GetString().ShouldBe("bearer");
        reply.Json.GetProperty("expires_in").GetInt32().ShouldBe(7200);
        reply.Json.GetProperty("scope").GetString().ShouldBe("market:all");
        ShouldBeIssuedNow(reply.Json, before);
    }

    [Fact]
    public async Task Client_credentials_of_a_sales_channel_without_a_secret_give_a_four_hour_guest_token()
    {
        var before = api.Clock.GetUtcNow().ToUnixTimeSeconds();

        var reply = await api.TokenAsync(new { grant_type = "client_credentials", client_id = SalesChannel.ClientId });

        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
        Keys(reply.Json).ShouldBe(AccessTokenKeys.Order());
        reply.Json.GetProperty("token_type").GetString().ShouldBe("bearer");
        reply.Json.GetProperty("expires_in").GetInt32().ShouldBe(14400);
        reply.Json.GetProperty("scope").GetString().ShouldBe("market:all");
        ShouldBeIssuedNow(reply.Json, before);
        var guest = await api.Client(reply.Json.GetProperty("access_token").GetString()).GetAsync("/api/application");
        guest.Status.ShouldBe(HttpStatusCode.OK, guest.Text);
        guest.Attributes.GetProperty("kind").GetString().ShouldBe("sales_channel");
    }

    [Fact]
    public async Task The_password_grant_adds_a_refresh_token_and_the_customer_as_owner()
    {
        var email = Unique.Email();
        var id = await api.CreateCustomerAsync(email, Unique.Password);
        var before = api.Clock.GetUtcNow().ToUnixTimeSeconds();

        var reply = await api.PasswordGrantAsync(email, Unique.Password);

        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
        Keys(reply.Json).ShouldBe(CustomerTokenKeys.Order());
        reply.Json.GetProperty("token_type").GetString().ShouldBe("bearer");
        reply.Json.GetProperty("expires_in").GetInt32().ShouldBe(14400);
        reply.Json.GetProperty("scope").GetString().ShouldBe("market:all");
        reply.Json.GetProperty("refresh_token").GetString().ShouldNotBeNullOrWhiteSpace();
        reply.Json.GetProperty("owner_id").GetString().ShouldBe(id);
        reply.Json.GetProperty("owner_type").GetString().ShouldBe("customer");
        ShouldBeIssuedNow(reply.Json, before);
    }

    [Fact]
    public async Task The_password_grant_finds_the_customer_by_the_canonical_form_of_the_username()
    {
        var local = Guid.NewGuid().ToString("N");
        var id = await api.CreateCustomerAsync($"ann.{local}@example.com", Unique.Password);

        var reply = await api.PasswordGrantAsync($"  Ann.{local}@EXAMPLE.com ", Unique.Password);

        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
        reply.Json.GetProperty("owner_id").GetString().ShouldBe(id);
    }

    [Fact]
    public async Task Form_encoded_bodies_work_like_json_bodies()
    {
        var email = Unique.Email();
        var id = await api.CreateCustomerAsync(email, Unique.Password);

        var integration = await FormAsync(("grant_type", "client_credentials"), ("client_id", Integration.ClientId), ("client_secret", Integration.ClientSecret!));
        var guest = await FormAsync(("grant_type", "client_credentials"), ("client_id", SalesChannel.ClientId));
        var customer = await FormAsync(("grant_type", "password"), ("client_id", SalesChannel.ClientId), ("username", email), ("password", Unique.Password));
        var wrong = await FormAsync(("grant_type", "client_credentials"), ("client_id", Integration.ClientId), ("client_secret", "wrong"));

        integration.Status.ShouldBe(HttpStatusCode.OK, integration.Text);
        integration.Json.GetProperty("expires_in").GetInt32().ShouldBe(7200);
        guest.Status.ShouldBe(HttpStatusCode.OK, guest.Text);
        guest.Json.GetProperty("expires_in").GetInt32().ShouldBe(14400);
        customer.Status.ShouldBe(HttpStatusCode.OK, customer.Text);
        customer.Json.GetProperty("owner_id").GetString().ShouldBe(id);
        ShouldBeOAuthError(wrong, HttpStatusCode.Unauthorized, "UNAUTHORIZED", "invalid_client");
    }

    [Fact]
    public async Task Unknown_keys_such_as_the_slug_the_cli_sends_are_ignored()
    {
        var reply = await api.TokenAsync(new
        {
            grant_type = "client_credentials", client_id = Integration.ClientId, client_secret = Integration.ClientSecret,
            slug = ApiFixture.OtherOrg, domain = "example.com", extra = new { nested = true },
        });

        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
        Jwt.Parse(reply.Json.GetProperty("access_token").GetString()!).Payload.GetProperty("organization").GetProperty("slug").GetString().ShouldBe(ApiFixture.Org);
    }

    [Theory]
    [InlineData("")]
    [InlineData("market:all")]
    public async Task An_empty_scope_or_market_all_means_no_market_restriction(string scope)
    {
        var integration = await api.TokenAsync(new { grant_type = "client_credentials", client_id = Integration.ClientId, client_secret = Integration.ClientSecret, scope });
        var guest = await api.TokenAsync(new { grant_type = "client_credentials", client_id = SalesChannel.ClientId, scope });

        integration.Status.ShouldBe(HttpStatusCode.OK, integration.Text);
        integration.Json.GetProperty("scope").GetString().ShouldBe("market:all");
        guest.Status.ShouldBe(HttpStatusCode.OK, guest.Text);
        guest.Json.GetProperty("scope").GetString().ShouldBe("market:all");
        Jwt.Parse(guest.Json.GetProperty("access_token").GetString()!).Payload.TryGetProperty("market", out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("wrong-secret")]
    [InlineData("")]
    [InlineData(null)]
    public async Task An_integration_with_a_wrong_or_missing_secret_is_an_invalid_client(string? secret)
    {
        var reply = secret is null
            ? await api.TokenAsync(new { grant_type = "client_credentials", client_id = Integration.ClientId })
            : await api.TokenAsync(new { grant_type = "client_credentials", client_id = Integration.ClientId, client_secret = secret });

        ShouldBeOAuthError(reply, HttpStatusCode.Unauthorized, "UNAUTHORIZED", "invalid_client");
    }

    [Fact]
    public async Task The_secret_of_another_integration_is_an_invalid_client()
    {
        var live = api.Credentials(ApplicationKinds.Integration, Modes.Live);

        var reply = await api.TokenAsync(new { grant_type = "client_credentials", client_id = Integration.ClientId, client_secret = live.ClientSecret });

        ShouldBeOAuthError(reply, HttpStatusCode.Unauthorized, "UNAUTHORIZED", "invalid_client");
    }

    [Theory]
    [InlineData("client_credentials")]
    [InlineData("password")]
    [InlineData("refresh_token")]
    public async Task An_unknown_or_missing_client_id_is_an_invalid_client(string grant)
    {
        var unknown = await api.TokenAsync(new { grant_type = grant, client_id = "no-such-client", client_secret = "x", username = Unique.Email(), password = Unique.Password, refresh_token = "x" });
        var missing = await api.TokenAsync(new { grant_type = grant, username = Unique.Email(), password = Unique.Password, refresh_token = "x" });

        ShouldBeOAuthError(unknown, HttpStatusCode.Unauthorized, "UNAUTHORIZED", "invalid_client");
        ShouldBeOAuthError(missing, HttpStatusCode.Unauthorized, "UNAUTHORIZED", "invalid_client");
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_email_get_the_identical_invalid_grant()
    {
        var email = Unique.Email();
        await api.CreateCustomerAsync(email, Unique.Password);

        var wrongPassword = await api.PasswordGrantAsync(email, Unique.Password + "!");
        var unknownEmail = await api.PasswordGrantAsync(Unique.Email(), Unique.Password);

        var a = ShouldBeOAuthError(wrongPassword, HttpStatusCode.Unauthorized, "UNAUTHORIZED", "invalid_grant");
        var b = ShouldBeOAuthError(unknownEmail, HttpStatusCode.Unauthorized, "UNAUTHORIZED", "invalid_grant");
        b.GetProperty("detail").GetString().ShouldBe(a.GetProperty("detail").GetString());
        unknownEmail.Text.ShouldBe(wrongPassword.Text);
    }

    [Fact]
    public async Task A_customer_without_a_password_cannot_log_in()
    {
        var email = Unique.Email();
        await api.CreateCustomerAsync(email);

        var reply = await api.PasswordGrantAsync(email, Unique.Password);

        ShouldBeOAuthError(reply, HttpStatusCode.Unauthorized, "UNAUTHORIZED", "invalid_grant");
    }

    [Fact]
    public async Task Customers_of_the_other_mode_or_organization_cannot_log_in_through_this_sales_channel()
    {
        var email = Unique.Email();
        await api.CreateCustomerAsync(email, Unique.Password, Modes.Live);
        await api.CreateCustomerAsync(email, Unique.Password, org: ApiFixture.OtherOrg);

        var reply = await api.PasswordGrantAsync(email, Unique.Password, Modes.Test, ApiFixture.Org);

        ShouldBeOAuthError(reply, HttpStatusCode.Unauthorized, "UNAUTHORIZED", "invalid_grant");
    }

    [Theory]
    [InlineData("password")]
    [InlineData("refresh_token")]
    public async Task Customer_grants_with_an_integration_client_id_are_an_unauthorized_client(string grant)
    {
        var email = Unique.Email();
        await api.CreateCustomerAsync(email, Unique.Password);
        var refresh = (await api.PasswordGrantAsync(email, Unique.Password)).Json.GetProperty("refresh_token").GetString();

        var reply = await api.TokenAsync(new
        {
            grant_type = grant, client_id = Integration.ClientId, client_secret = Integration.ClientSecret,
            username = email, password = Unique.Password, refresh_token = refresh,
        });

        ShouldBeOAuthError(reply, HttpStatusCode.Unauthorized, "UNAUTHORIZED", "unauthorized_client");
    }

    [Fact]
    public async Task A_missing_grant_type_is_a_bad_request()
    {
        var json = await api.TokenAsync(new { client_id = Integration.ClientId, client_secret = Integration.ClientSecret });
        var form = await FormAsync(("client_id", Integration.ClientId), ("client_secret", Integration.ClientSecret!));

        ShouldBeOAuthError(json, HttpStatusCode.BadRequest, "BAD_REQUEST", "invalid_request");
        ShouldBeOAuthError(form, HttpStatusCode.BadRequest, "BAD_REQUEST", "invalid_request");
    }

    [Fact]
    public async Task An_unsupported_grant_type_is_a_bad_request()
    {
        var reply = await api.TokenAsync(new { grant_type = "authorization_code", client_id = Integration.ClientId, client_secret = Integration.ClientSecret, code = "x" });

        ShouldBeOAuthError(reply, HttpStatusCode.BadRequest, "BAD_REQUEST", "unsupported_grant_type");
    }

    [Theory]
    [InlineData("{\"grant_type\": \"client_credentials\", ", "application/json")]
    [InlineData("not json at all", "application/json")]
    [InlineData("[\"grant_type\", \"client_credentials\"]", "application/json")]
    [InlineData("grant_type=client_credentials", "text/plain")]
    [InlineData("", "application/json")]
    public async Task A_body_that_is_not_a_json_object_or_a_form_is_a_bad_request(string body, string mediaType)
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);

        var reply = await api.Client().SendAsync(new HttpRequestMessage(HttpMethod.Post, "/oauth/token") { Content = content });

        ShouldBeOAuthError(reply, HttpStatusCode.BadRequest, "BAD_REQUEST", "invalid_request");
    }

    [Theory]
    [InlineData("{\"grant_type\":\"password\",\"client_id\":\"CLIENT\",\"username\":\"a@b.example\",\"password\":\"pass\\ud800word\"}", "application/json")]
    [InlineData("{\"grant_type\":\"password\",\"client_id\":\"CLIENT\",\"username\":\"a\\u0000@b.example\",\"password\":\"password\"}", "application/json")]
    [InlineData("{\"grant_type\":\"client_credentials\",\"client_id\":\"CLIENT\\u0000\"}", "application/json")]
    [InlineData("{\"grant_type\":\"refresh_token\",\"client_id\":\"CLIENT\",\"refresh_token\":\"\\u0000\"}", "application/json")]
    [InlineData("grant_type=password&client_id=CLIENT&username=a%00%40b.example&password=password", "application/x-www-form-urlencoded")]
    [InlineData("grant_type=client_credentials&client_id=CLIENT", "multipart/form-data")]
    [InlineData("--x\r\nContent-Disposition: form-data; name=\"grant_type\"\r\n\r\nclient_credentials\r\n--x--\r\n", "multipart/form-data; boundary=x")]
    [InlineData("MANY_KEYS", "application/x-www-form-urlencoded")]
    public async Task A_body_no_store_can_read_is_a_bad_request_on_token_and_revoke(string body, string mediaType)
    {
        if (body == "MANY_KEYS") body = "grant_type=client_credentials&client_id=CLIENT&" + string.Join('&', Enumerable.Range(0, 1100).Select(i => $"k{i}=v"));
        body = body.Replace("CLIENT", SalesChannel.ClientId, StringComparison.Ordinal);
        foreach (var path in new[] { "/oauth/token", "/oauth/revoke" })
        {
            var content = new StringContent(body, Encoding.UTF8);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);

            var reply = await api.Client().SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = content });

            ShouldBeOAuthError(reply, HttpStatusCode.BadRequest, "BAD_REQUEST", "invalid_request");
        }
    }

    [Theory]
    [InlineData("market:id:nOsUcHmArKeT")]
    [InlineData("market:code:no-such-market")]
    [InlineData("market:all market:id:nOsUcHmArKeT")]
    public async Task An_unknown_market_scope_is_an_invalid_scope(string scope)
    {
        var integration = await api.TokenAsync(new { grant_type = "client_credentials", client_id = Integration.ClientId, client_secret = Integration.ClientSecret, scope });
        var guest = await api.TokenAsync(new { grant_type = "client_credentials", client_id = SalesChannel.ClientId, scope });

        ShouldBeOAuthError(integration, HttpStatusCode.BadRequest, "BAD_REQUEST", "invalid_scope");
        ShouldBeOAuthError(guest, HttpStatusCode.BadRequest, "BAD_REQUEST", "invalid_scope");
    }
}

public sealed class TokenEndpointOnSqlite(SqliteApi api) : TokenEndpointTests(api), IClassFixture<SqliteApi>;

public sealed class TokenEndpointOnPostgres(PostgresApi api) : TokenEndpointTests(api), IClassFixture<PostgresApi>;
