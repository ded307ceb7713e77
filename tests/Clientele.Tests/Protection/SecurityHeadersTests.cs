using Clientele.Organizations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Clientele.Tests.Protection;

/// <summary>Headers that keep browsers from sniffing, framing, leaking or caching, and the shutdown drain setting.</summary>
public abstract class SecurityHeadersTests(ApiFixture api)
{
    private static void ShouldHaveSecurityHeaders(Reply reply)
    {
        var headers = reply.Response.Headers;
        headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff", reply.Text);
        headers.GetValues("X-Frame-Options").Single().ShouldBe("DENY");
        headers.GetValues("Referrer-Policy").Single().ShouldBe("no-referrer");
    }

    [Fact]
    public async Task Every_kind_of_response_carries_the_security_headers()
    {
        var client = await api.IntegrationAsync();

        var replies = new[]
        {
            await client.GetAsync("/api/customers"),
            await client.PostAsync("/api/customers", Body.Resource("customers", new { email = "not an email" })),
            await client.GetAsync("/api/customers/nOsUcHiD01"),
            await api.Client().GetAsync("/api/customers"),
            await api.Client().GetAsync("/no/such/path"),
            await api.TokenAsync(new { grant_type = "client_credentials", client_id = "no-such-client" }),
        };

        replies.Select(r => (int)r.Status).ShouldBe([200, 422, 404, 401, 404, 401]);
        foreach (var reply in replies) ShouldHaveSecurityHeaders(reply);
        var health = await api.CreateClient().GetAsync("/health", TestContext.Current.CancellationToken);
        health.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
    }

    [Fact]
    public async Task Token_responses_are_never_cached_whether_they_succeed_or_fail()
    {
        var app = api.Credentials(ApplicationKinds.Integration);

        var issued = await api.TokenAsync(new { grant_type = "client_credentials", client_id = app.ClientId, client_secret = app.ClientSecret });
        var refused = await api.TokenAsync(new { grant_type = "client_credentials", client_id = app.ClientId, client_secret = "wrong" });
        var revoked = await api.RevokeAsync(new { client_id = app.ClientId, client_secret = app.ClientSecret, token = "unknown" });

        issued.Status.ShouldBe(HttpStatusCode.OK);
        refused.Status.ShouldBe(HttpStatusCode.Unauthorized);
        foreach (var reply in new[] { issued, refused, revoked })
        {
            reply.Response.Headers.CacheControl!.NoStore.ShouldBeTrue(reply.Text);
            reply.Response.Headers.Pragma.ToString().ShouldBe("no-cache");
            ShouldHaveSecurityHeaders(reply);
        }
    }

    [Fact]
    public async Task An_error_written_by_the_error_handler_keeps_the_security_headers()
    {
        // The error handler clears the failed response before writing the error; the headers are added after that.
        var client = await api.IntegrationAsync();

        var reply = await client.SendRawAsync(HttpMethod.Post, "/api/customers", "{", "application/vnd.api+json");

        reply.Status.ShouldBe(HttpStatusCode.BadRequest, reply.Text);
        reply.Code.ShouldBe("INVALID_DATA_FORMAT");
        ShouldHaveSecurityHeaders(reply);
    }

    [Fact]
    public void The_shutdown_drain_timeout_is_thirty_seconds_unless_configured()
    {
        using var configured = api.AnotherInstance(("Clientele:ShutdownTimeoutSeconds", "7"));

        api.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout.ShouldBe(TimeSpan.FromSeconds(30));
        configured.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout.ShouldBe(TimeSpan.FromSeconds(7));
    }
}

public sealed class SecurityHeadersOnSqlite(SqliteApi api) : SecurityHeadersTests(api), IClassFixture<SqliteApi>;

public sealed class SecurityHeadersOnPostgres(PostgresApi api) : SecurityHeadersTests(api), IClassFixture<PostgresApi>;
