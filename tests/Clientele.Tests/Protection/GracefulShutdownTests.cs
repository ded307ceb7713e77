using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Clientele.Tests.OfficialClients;

namespace Clientele.Tests.Protection;

/// <summary>
/// A real server process stopped with SIGTERM lets a request in flight finish, within Clientele:ShutdownTimeoutSeconds.
/// The slow request is a failed password grant that the login throttle holds back for a few seconds.
/// </summary>
public sealed partial class GracefulShutdownTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [GeneratedRegex(@"Default sales channel \(sales_channel.*\r?\n\s*client_id:\s*(\S+)")]
    private static partial Regex SalesChannelId();

    private static Task<ServerProcess> StartAsync(int delaySeconds, int shutdownSeconds) => ServerProcess.StartAsync(
    [
        "--Clientele:PasswordIterations=1000",
        "--Clientele:LoginThrottle:SlowAfterFailures=0",
        $"--Clientele:LoginThrottle:DelayMilliseconds={delaySeconds * 1000}",
        $"--Clientele:LoginThrottle:MaxDelayMilliseconds={delaySeconds * 1000}",
        $"--Clientele:ShutdownTimeoutSeconds={shutdownSeconds}",
    ], Ct);

    /// <summary>Starts a password grant that fails and is then held back by the throttle's delay.</summary>
    private static Task<HttpResponseMessage> SlowRequestAsync(ServerProcess server, HttpClient http)
    {
        var clientId = SalesChannelId().Match(server.Output) is { Success: true } m ? m.Groups[1].Value
            : throw new InvalidOperationException($"No sales channel in the first start's output:\n{server.Output}");
        var body = JsonSerializer.Serialize(new { grant_type = "password", client_id = clientId, username = Unique.Email(), password = "wrong password" });
        return http.PostAsync($"{server.BaseUrl}/oauth/token", new StringContent(body, Encoding.UTF8, "application/json"), Ct);
    }

    [Fact]
    public async Task A_request_in_flight_is_answered_before_the_server_exits_on_SIGTERM()
    {
        await using var server = await StartAsync(delaySeconds: 3, shutdownSeconds: 30);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var inFlight = SlowRequestAsync(server, http);
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);

        var exitCode = await server.TerminateAsync(TimeSpan.FromSeconds(20), Ct);
        using var response = await inFlight;

        exitCode.ShouldBe(0, server.Output);
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.Content.ReadAsStringAsync(Ct)).ShouldContain("invalid_grant");
    }

    [Fact]
    public async Task The_shutdown_timeout_bounds_how_long_the_server_waits_for_requests_in_flight()
    {
        await using var server = await StartAsync(delaySeconds: 20, shutdownSeconds: 1);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var inFlight = SlowRequestAsync(server, http);
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);

        var watch = Stopwatch.StartNew();
        await server.TerminateAsync(TimeSpan.FromSeconds(15), Ct);
        watch.Stop();

        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
        // Cut off, not answered: either no response at all or not the grant's answer.
        var answered = await inFlight.ContinueWith(t => t.IsCompletedSuccessfully && t.Result.StatusCode == HttpStatusCode.Unauthorized, TaskScheduler.Default);
        answered.ShouldBeFalse();
    }
}
