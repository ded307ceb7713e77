using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Clientele.Tests.Protection;

/// <summary>
/// On PostgreSQL the rate-limit counts are exchanged with the database in the background. When that exchange fails,
/// requests are still answered at once and limited with the node's own counts, one warning is logged, and the
/// counts reach the database once it is back. The shared table is renamed away to make the exchange fail while the
/// rest of the database keeps serving.
/// </summary>
public sealed class SharedRateLimitOutageTests(PostgresApi api) : IClassFixture<PostgresApi>
{
    private const string Warning = "Could not exchange rate-limit counts";
    private const string Restored = "shared through the database again";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed class Capture : ILoggerProvider
    {
        public ConcurrentQueue<(LogLevel Level, string Text)> Lines { get; } = new();
        public ILogger CreateLogger(string category) => new Logger(this);
        public void Dispose() { }

        private sealed class Logger(Capture capture) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel level, EventId id, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                capture.Lines.Enqueue((level, formatter(state, exception)));
        }

        public int Count(LogLevel level, string text) => Lines.Count(l => l.Level == level && l.Text.Contains(text, StringComparison.Ordinal));

        /// <summary>Waits (at most 10 s) until a line like this has been logged.</summary>
        public async Task WaitForAsync(LogLevel level, string text)
        {
            for (var i = 0; i < 200 && Count(level, text) == 0; i++) await Task.Delay(50, Ct);
            Count(level, text).ShouldBeGreaterThan(0, $"no {level} line with '{text}' was logged");
        }
    }

    private async Task SqlAsync(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(Persistence.DatabaseSetting.PostgresConnectionString(api.Database));
        await connection.OpenAsync(Ct);
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }

    private async Task<long> SharedHitsAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(Persistence.DatabaseSetting.PostgresConnectionString(api.Database));
        await connection.OpenAsync(Ct);
        await using var command = new Npgsql.NpgsqlCommand("SELECT coalesce(sum(hits), 0) FROM rate_limit_counts WHERE window_key LIKE 'burst|%'", connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Without_the_shared_counts_requests_are_answered_and_limited_by_the_node_alone_until_they_are_back()
    {
        var token = await api.IntegrationTokenAsync();
        var capture = new Capture();
        await SqlAsync("ALTER TABLE rate_limit_counts RENAME TO rate_limit_counts_away");
        try
        {
            await using var app = api.WithWebHostBuilder(b =>
            {
                b.UseSetting("Clientele:RateLimits:Enabled", "true");
                b.UseSetting("Clientele:RateLimits:BurstLimit", "6");
                b.UseSetting("Clientele:RateLimits:SyncMilliseconds", "20");
                b.ConfigureLogging(l => l.AddProvider(capture));
            });
            var client = ApiFixture.ClientOf(app, token);

            var admitted = new List<Reply>();
            for (var i = 0; i < 3; i++) admitted.Add(await client.GetAsync("/api/customers"));
            await capture.WaitForAsync(LogLevel.Warning, Warning);
            // Many more exchanges fail while the table is away.
            await Task.Delay(300, Ct);
            var refused = await client.GetAsync("/api/customers");

            admitted.ShouldAllBe(r => r.Status == HttpStatusCode.OK);
            admitted.Select(r => r.Response.Headers.GetValues("X-Ratelimit-Remaining").Single()).ShouldBe(["2", "1", "0"]);
            refused.Status.ShouldBe(HttpStatusCode.TooManyRequests, refused.Text);
            refused.Response.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBeInRange(1, 10);
            capture.Count(LogLevel.Warning, Warning).ShouldBe(1);

            await SqlAsync("ALTER TABLE rate_limit_counts_away RENAME TO rate_limit_counts");
            await capture.WaitForAsync(LogLevel.Information, Restored);

            (await SharedHitsAsync()).ShouldBe(3);
        }
        finally
        {
            await SqlAsync("ALTER TABLE IF EXISTS rate_limit_counts_away RENAME TO rate_limit_counts");
        }
    }
}
