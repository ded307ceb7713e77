using System.Diagnostics;
using Clientele.Organizations;
using Clientele.Persistence;
using Clientele.Protection;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace Clientele.Tests.Protection;

/// <summary>
/// Contract §7: repeated failed password grants for one email are slowed down, then refused for a while, the same way
/// for emails that exist and emails that do not. Each test runs an app instance with the throttle on (the fixture's
/// is off) over the fixture's database and clock.
/// </summary>
public abstract class LoginThrottleTests(ApiFixture api)
{
    private const string Wrong = "not the password";

    private WebApplicationFactory<Program> Throttled(params (string Key, string Value)[] settings) =>
        api.AnotherInstance([("Clientele:LoginThrottle:Enabled", "true"), ("Clientele:LoginThrottle:DelayMilliseconds", "0"), .. settings]);

    private Task<Reply> GrantAsync(WebApplicationFactory<Program> app, string email, string password, string mode = Modes.Test) =>
        ApiFixture.ClientOf(app).PostJsonAsync("/oauth/token", new
        {
            grant_type = "password",
            client_id = api.Credentials(ApplicationKinds.SalesChannel, mode).ClientId,
            username = email,
            password,
        }, "application/json");

    private static void ShouldBeInvalidGrant(Reply reply)
    {
        reply.Status.ShouldBe(HttpStatusCode.Unauthorized, reply.Text);
        reply.Error().GetProperty("title").GetString().ShouldBe("invalid_grant");
    }

    private async Task FailAsync(WebApplicationFactory<Program> app, string email, int times, string mode = Modes.Test)
    {
        for (var i = 0; i < times; i++) ShouldBeInvalidGrant(await GrantAsync(app, email, Wrong, mode));
    }

    [Fact]
    public async Task Five_failures_lock_the_email_so_even_the_right_password_is_refused_until_the_window_passes()
    {
        await using var app = Throttled();
        var email = Unique.Email();
        await api.CreateCustomerAsync(email, Unique.Password);
        var wrongAnswer = await GrantAsync(app, email, Wrong);
        await FailAsync(app, email, 4);

        var locked = await GrantAsync(app, email, Unique.Password);
        api.Clock.Advance(TimeSpan.FromMinutes(14));
        var stillLocked = await GrantAsync(app, email, Unique.Password);
        api.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        var afterWindow = await GrantAsync(app, email, Unique.Password);

        ShouldBeInvalidGrant(locked);
        locked.Text.ShouldBe(wrongAnswer.Text);
        ShouldBeInvalidGrant(stillLocked);
        afterWindow.Status.ShouldBe(HttpStatusCode.OK, afterWindow.Text);
        afterWindow.Json.GetProperty("owner_type").GetString().ShouldBe("customer");
    }

    [Fact]
    public async Task Four_failures_do_not_lock_the_email()
    {
        await using var app = Throttled();
        var email = Unique.Email();
        await api.CreateCustomerAsync(email, Unique.Password);
        await FailAsync(app, email, 4);

        var reply = await GrantAsync(app, email, Unique.Password);

        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
    }

    [Fact]
    public async Task An_unknown_email_is_throttled_exactly_like_a_known_one()
    {
        await using var app = Throttled();
        var known = Unique.Email();
        var unknown = Unique.Email();
        await api.CreateCustomerAsync(known, Unique.Password);

        var knownReplies = new List<Reply>();
        var unknownReplies = new List<Reply>();
        for (var i = 0; i < 7; i++)
        {
            knownReplies.Add(await GrantAsync(app, known, Wrong));
            unknownReplies.Add(await GrantAsync(app, unknown, Wrong));
        }

        for (var i = 0; i < 7; i++)
        {
            ShouldBeInvalidGrant(knownReplies[i]);
            unknownReplies[i].Status.ShouldBe(knownReplies[i].Status);
            unknownReplies[i].Text.ShouldBe(knownReplies[i].Text);
        }
        // Both are counted the same way, in the database (shared by every node), under a hash rather than the address.
        await api.WithDbAsync(async db =>
        {
            var organization = await db.Organizations.SingleAsync(o => o.Slug == ApiFixture.Org, TestContext.Current.CancellationToken);
            var names = new[] { LoginThrottle.CounterName(known), LoginThrottle.CounterName(unknown) };
            var values = await db.Counters.Where(c => c.OrganizationId == organization.Id && c.Mode == Modes.Test && names.Contains(c.Name))
                .Select(c => c.Value).ToListAsync(TestContext.Current.CancellationToken);
            values.Count.ShouldBe(2);
            values.ShouldAllBe(v => v % 1000 == 5);
            (await db.Counters.AnyAsync(c => c.Name.Contains("example.com"), TestContext.Current.CancellationToken)).ShouldBeFalse();
        });
    }

    [Fact]
    public async Task A_successful_grant_forgets_earlier_failures()
    {
        await using var app = Throttled();
        var email = Unique.Email();
        await api.CreateCustomerAsync(email, Unique.Password);
        await FailAsync(app, email, 4);
        (await GrantAsync(app, email, Unique.Password)).Status.ShouldBe(HttpStatusCode.OK);
        await FailAsync(app, email, 4);

        var reply = await GrantAsync(app, email, Unique.Password);

        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
    }

    [Fact]
    public async Task Failures_older_than_the_window_no_longer_count()
    {
        await using var app = Throttled();
        var email = Unique.Email();
        await api.CreateCustomerAsync(email, Unique.Password);
        await FailAsync(app, email, 4);
        api.Clock.Advance(TimeSpan.FromMinutes(16));
        await FailAsync(app, email, 4);

        var reply = await GrantAsync(app, email, Unique.Password);

        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
    }

    [Fact]
    public async Task Each_mode_throttles_its_own_customers()
    {
        await using var app = Throttled();
        var email = Unique.Email();
        await api.CreateCustomerAsync(email, Unique.Password, Modes.Test);
        await api.CreateCustomerAsync(email, Unique.Password, Modes.Live);
        await FailAsync(app, email, 5, Modes.Test);

        var test = await GrantAsync(app, email, Unique.Password, Modes.Test);
        var live = await GrantAsync(app, email, Unique.Password, Modes.Live);

        ShouldBeInvalidGrant(test);
        live.Status.ShouldBe(HttpStatusCode.OK, live.Text);
    }

    [Fact]
    public async Task The_email_is_throttled_in_its_canonical_form()
    {
        await using var app = Throttled();
        var email = Unique.Email();
        await api.CreateCustomerAsync(email, Unique.Password);
        await FailAsync(app, "  " + email.ToUpperInvariant(), 5);

        var reply = await GrantAsync(app, email, Unique.Password);

        ShouldBeInvalidGrant(reply);
    }

    [Fact]
    public async Task Failed_grants_are_slowed_down_after_the_first_ones()
    {
        await using var app = Throttled(("Clientele:LoginThrottle:DelayMilliseconds", "400"), ("Clientele:LoginThrottle:SlowAfterFailures", "1"));
        var email = Unique.Email();
        await FailAsync(app, email, 1);

        var watch = Stopwatch.StartNew();
        ShouldBeInvalidGrant(await GrantAsync(app, email, Wrong)); // second failure: one over, 400 ms
        ShouldBeInvalidGrant(await GrantAsync(app, email, Wrong)); // third: two over, 800 ms
        watch.Stop();

        watch.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(1150));
    }

    [Fact]
    public async Task Switched_off_failures_never_lock_an_email()
    {
        var email = Unique.Email();
        await api.CreateCustomerAsync(email, Unique.Password);
        for (var i = 0; i < 6; i++) ShouldBeInvalidGrant(await api.PasswordGrantAsync(email, Wrong));

        var reply = await api.PasswordGrantAsync(email, Unique.Password);

        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
    }
}

public sealed class LoginThrottleOnSqlite(SqliteApi api) : LoginThrottleTests(api), IClassFixture<SqliteApi>;

public sealed class LoginThrottleOnPostgres(PostgresApi api) : LoginThrottleTests(api), IClassFixture<PostgresApi>;
