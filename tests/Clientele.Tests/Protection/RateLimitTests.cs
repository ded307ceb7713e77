using Clientele.Organizations;
using Clientele.Persistence;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Clientele.Tests.Protection;

/// <summary>
/// Contract §7 rate limits: per client IP and endpoint, sliding windows, X-Ratelimit-* headers, 429 with Retry-After.
/// Each test runs its own app instance (its own in-memory limiters) with the limits on; tokens come from the fixture,
/// whose limits are off, so that getting them does not count.
/// </summary>
public abstract class RateLimitTests(ApiFixture api)
{
    private const string ForwardedFor = "X-Forwarded-For";

    private WebApplicationFactory<Program> Limited(params (string Key, string Value)[] settings) =>
        api.AnotherInstance([("Clientele:RateLimits:Enabled", "true"), .. settings]);

    /// <summary>A limited instance that trusts X-Forwarded-For, as behind a reverse proxy.</summary>
    private WebApplicationFactory<Program> BehindProxy(params (string Key, string Value)[] settings) =>
        Limited([("Clientele:RateLimits:ClientIpHeader", ForwardedFor), .. settings]);

    private static ApiClient From(WebApplicationFactory<Program> app, string? ip, string? token = null)
    {
        var client = ApiFixture.ClientOf(app, token);
        if (ip is not null) client.Http.DefaultRequestHeaders.Add(ForwardedFor, ip);
        return client;
    }

    private static string Header(Reply reply, string name) => reply.Response.Headers.GetValues(name).Single();

    private static void ShouldHaveLimits(Reply reply, int limit, int interval, int remaining)
    {
        Header(reply, "X-Ratelimit-Limit").ShouldBe(limit.ToString(System.Globalization.CultureInfo.InvariantCulture), reply.Text);
        Header(reply, "X-Ratelimit-Interval").ShouldBe(interval.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Header(reply, "X-Ratelimit-Remaining").ShouldBe(remaining.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Api_responses_in_test_mode_carry_half_the_burst_limit_and_count_down()
    {
        await using var app = BehindProxy();
        var client = From(app, "203.0.113.10", await api.IntegrationTokenAsync());

        var first = await client.GetAsync("/api/customers");
        var second = await client.GetAsync("/api/customers");

        first.Status.ShouldBe(HttpStatusCode.OK, first.Text);
        ShouldHaveLimits(first, limit: 25, interval: 10, remaining: 24);
        ShouldHaveLimits(second, limit: 25, interval: 10, remaining: 23);
    }

    [Fact]
    public async Task Live_tokens_get_the_full_burst_limit_of_fifty()
    {
        await using var app = BehindProxy();
        var client = From(app, "203.0.113.11", await api.IntegrationTokenAsync(Modes.Live));

        var reply = await client.GetAsync("/api/customers");

        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
        ShouldHaveLimits(reply, limit: 50, interval: 10, remaining: 49);
    }

    [Fact]
    public async Task Unauthenticated_api_requests_are_limited_as_test_mode()
    {
        await using var app = BehindProxy();

        var reply = await From(app, "203.0.113.12").GetAsync("/api/customers");

        reply.Status.ShouldBe(HttpStatusCode.Unauthorized);
        reply.Code.ShouldBe("UNAUTHORIZED");
        ShouldHaveLimits(reply, limit: 25, interval: 10, remaining: 24);
    }

    [Fact]
    public async Task The_average_window_is_reported_when_it_is_the_tighter_one()
    {
        await using var app = BehindProxy(("Clientele:RateLimits:AverageLimit", "6"));
        var client = From(app, "203.0.113.13", await api.IntegrationTokenAsync());

        var reply = await client.GetAsync("/api/customers");

        ShouldHaveLimits(reply, limit: 3, interval: 60, remaining: 2);
    }

    [Fact]
    public async Task Over_the_limit_an_endpoint_answers_429_too_many_requests_with_retry_after()
    {
        await using var app = BehindProxy(("Clientele:RateLimits:BurstLimit", "6"));
        var client = From(app, "203.0.113.14", await api.IntegrationTokenAsync());
        for (var i = 0; i < 3; i++) (await client.GetAsync("/api/customers")).Status.ShouldBe(HttpStatusCode.OK);

        var refused = await client.GetAsync("/api/customers");

        refused.Status.ShouldBe(HttpStatusCode.TooManyRequests, refused.Text);
        refused.Response.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.api+json");
        refused.Errors.Count().ShouldBe(1);
        refused.Code.ShouldBe("TOO_MANY_REQUESTS");
        refused.Error().GetProperty("status").GetString().ShouldBe("429");
        refused.Error().GetProperty("title").GetString().ShouldNotBeNullOrWhiteSpace();
        var retryAfter = refused.Response.Headers.RetryAfter!.Delta!.Value;
        retryAfter.TotalSeconds.ShouldBeInRange(1, 10);
        ShouldHaveLimits(refused, limit: 3, interval: 10, remaining: 0);
    }

    [Fact]
    public async Task Each_endpoint_and_method_and_client_address_has_its_own_allowance()
    {
        await using var app = BehindProxy(("Clientele:RateLimits:BurstLimit", "2"));
        var token = await api.IntegrationTokenAsync();
        var client = From(app, "203.0.113.15", token);
        (await client.GetAsync("/api/customers")).Status.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/api/customers")).Status.ShouldBe(HttpStatusCode.TooManyRequests);

        var otherRoute = await client.GetAsync("/api/customer_groups");
        var otherMethod = await client.PostAsync("/api/customers", Body.Resource("customers", new { email = Unique.Email() }));
        var otherClient = await From(app, "203.0.113.16", token).GetAsync("/api/customers");
        var sameRouteOtherId = await client.GetAsync("/api/customers/nOsUcHiD01");
        var sameRouteAnotherId = await client.GetAsync("/api/customers/nOsUcHiD02");

        otherRoute.Status.ShouldBe(HttpStatusCode.OK, otherRoute.Text);
        otherMethod.Status.ShouldBe(HttpStatusCode.Created, otherMethod.Text);
        otherClient.Status.ShouldBe(HttpStatusCode.OK, otherClient.Text);
        // One endpoint is one route template: ids do not make new allowances.
        sameRouteOtherId.Status.ShouldBe(HttpStatusCode.NotFound);
        sameRouteAnotherId.Status.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Without_a_trusted_header_setting_the_forwarded_address_is_ignored()
    {
        await using var app = Limited();
        var token = await api.IntegrationTokenAsync();

        var first = await From(app, "198.51.100.1", token).GetAsync("/api/customers");
        var second = await From(app, "198.51.100.2", token).GetAsync("/api/customers");

        ShouldHaveLimits(first, limit: 25, interval: 10, remaining: 24);
        ShouldHaveLimits(second, limit: 25, interval: 10, remaining: 23);
    }

    [Fact]
    public async Task Ipv6_clients_share_one_allowance_per_64_bit_network()
    {
        await using var app = BehindProxy();
        var token = await api.IntegrationTokenAsync();

        var first = await From(app, "2001:db8:1:2::1", token).GetAsync("/api/customers");
        var sameNetwork = await From(app, "2001:db8:1:2:ffff:0:0:7", token).GetAsync("/api/customers");
        var otherNetwork = await From(app, "2001:db8:1:3::1", token).GetAsync("/api/customers");

        ShouldHaveLimits(first, limit: 25, interval: 10, remaining: 24);
        ShouldHaveLimits(sameNetwork, limit: 25, interval: 10, remaining: 23);
        ShouldHaveLimits(otherNetwork, limit: 25, interval: 10, remaining: 24);
    }

    [Fact]
    public async Task Behind_a_proxy_only_the_last_forwarded_address_counts()
    {
        await using var app = BehindProxy();
        var token = await api.IntegrationTokenAsync();

        // A client can write any address at the front; the trusted proxy appends the one it saw.
        var first = await From(app, "1.1.1.1, 203.0.113.20", token).GetAsync("/api/customers");
        var second = await From(app, "2.2.2.2, 203.0.113.20", token).GetAsync("/api/customers");

        ShouldHaveLimits(first, limit: 25, interval: 10, remaining: 24);
        ShouldHaveLimits(second, limit: 25, interval: 10, remaining: 23);
    }

    [Fact]
    public async Task The_token_endpoint_allows_thirty_a_minute_then_answers_429_in_its_own_error_shape()
    {
        await using var app = BehindProxy();
        var client = From(app, "203.0.113.30");
        var body = new { grant_type = "client_credentials", client_id = "no-such-client" };
        Reply last = null!;
        for (var i = 0; i < 30; i++)
        {
            last = await client.PostJsonAsync("/oauth/token", body, "application/json");
            last.Status.ShouldBe(HttpStatusCode.Unauthorized, last.Text);
        }
        ShouldHaveLimits(last, limit: 30, interval: 60, remaining: 0);

        var refused = await client.PostJsonAsync("/oauth/token", body, "application/json");

        refused.Status.ShouldBe(HttpStatusCode.TooManyRequests, refused.Text);
        refused.Response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        var error = refused.Error();
        error.EnumerateObject().Select(p => p.Name).Order().ShouldBe(["code", "detail", "status", "title"]);
        error.GetProperty("code").GetString().ShouldBe("TOO_MANY_REQUESTS");
        error.GetProperty("status").GetInt32().ShouldBe(429);
        refused.Response.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBeInRange(1, 60);
        refused.Response.Headers.CacheControl!.NoStore.ShouldBeTrue();
        ShouldHaveLimits(refused, limit: 30, interval: 60, remaining: 0);
        // The API is another endpoint, with its own allowance.
        (await From(app, "203.0.113.30", await api.IntegrationTokenAsync()).GetAsync("/api/customers")).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_window_slides_so_requests_pass_again_once_it_has_moved_on()
    {
        await using var app = BehindProxy(("Clientele:RateLimits:BurstLimit", "2"), ("Clientele:RateLimits:BurstWindowSeconds", "1"),
            ("Clientele:RateLimits:SegmentsPerWindow", "2"));
        var client = From(app, "203.0.113.40", await api.IntegrationTokenAsync());
        (await client.GetAsync("/api/customers")).Status.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/api/customers")).Status.ShouldBe(HttpStatusCode.TooManyRequests);

        await Task.Delay(TimeSpan.FromMilliseconds(1600), TestContext.Current.CancellationToken);
        var later = await client.GetAsync("/api/customers");

        later.Status.ShouldBe(HttpStatusCode.OK, later.Text);
    }

    [Fact]
    public async Task Switched_off_nothing_is_limited_and_no_headers_are_sent()
    {
        var client = await api.IntegrationAsync();

        var replies = new List<Reply>();
        for (var i = 0; i < 30; i++) replies.Add(await client.GetAsync("/api/customers"));

        replies.ShouldAllBe(r => r.Status == HttpStatusCode.OK);
        replies[^1].Response.Headers.Contains("X-Ratelimit-Limit").ShouldBeFalse();
    }
}

public sealed class RateLimitOnSqlite(SqliteApi api) : RateLimitTests(api), IClassFixture<SqliteApi>;

public sealed class RateLimitOnPostgres(PostgresApi api) : RateLimitTests(api), IClassFixture<PostgresApi>;
