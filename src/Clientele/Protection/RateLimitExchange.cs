using Clientele.Hosting;
using Clientele.Persistence;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Clientele.Protection;

/// <summary>
/// On PostgreSQL, every SyncMilliseconds: adds this node's new rate-limit counts to the shared ones
/// (<c>rate_limit_counts</c>, an unlogged table keyed by window and segment start), reads back the totals of every
/// window this node follows, and deletes segments that left their window, in one batch (one round trip, one implicit
/// transaction). Requests never wait for it: when the database is slow or away, each node goes on with what it
/// last read plus its own counts, which it sends again with the next exchange.
/// </summary>
public sealed class RateLimitExchange(SharedWindowCounts counts, IOptions<ClienteleOptions> options, ILogger<RateLimitExchange> log)
    : BackgroundService
{
    /// <summary>Segments are deleted this long after they left their window, so that clock skew between nodes does not cut windows short.</summary>
    private const long DeleteGraceMs = 5000;

    /// <summary>At most this many old segments per exchange (or twice the rows it adds, if more); the rest go with the next.</summary>
    private const int DeleteBatch = 1000;

    private const string Upsert = """
        INSERT INTO rate_limit_counts (window_key, segment_start, hits, expires_at)
        SELECT d.window_key, d.segment_start, d.hits, d.expires_at
        FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[]) AS d(window_key, segment_start, hits, expires_at)
        ORDER BY d.window_key COLLATE "C", d.segment_start
        ON CONFLICT (window_key, segment_start) DO UPDATE SET hits = rate_limit_counts.hits + excluded.hits
        """;

    // Old rows another exchange is deleting (or adding to) are skipped rather than waited for.
    private const string DeleteOld = """
        DELETE FROM rate_limit_counts
        WHERE (window_key, segment_start) IN (
            SELECT window_key, segment_start FROM rate_limit_counts WHERE expires_at < $1
            LIMIT $2 FOR UPDATE SKIP LOCKED)
        """;

    private const string ReadTotals = """
        SELECT c.window_key, c.segment_start, c.hits
        FROM rate_limit_counts c
        JOIN unnest($1::text[], $2::bigint[]) AS w(window_key, since) ON c.window_key = w.window_key AND c.segment_start > w.since
        """;

    private bool _reachable = true;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!RateLimits.AreShared(settings)) return;
        await Task.Yield(); // do not hold up the host's start
        var interval = TimeSpan.FromMilliseconds(settings.RateLimits.SyncMilliseconds);
        var timeout = TimeSpan.FromMilliseconds(Math.Max(1000, 4 * settings.RateLimits.SyncMilliseconds));
        // Its own pool of one connection: the exchange never waits behind requests for a connection, and adds one
        // connection per node to the database's budget.
        var connection = new NpgsqlConnectionStringBuilder(DatabaseSetting.PostgresConnectionString(settings.Database))
        {
            MinPoolSize = 0,
            MaxPoolSize = 1,
        };
        await using var source = NpgsqlDataSource.Create(connection);
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
            await ExchangeOnceAsync(source, timeout, stoppingToken);
    }

    /// <summary>One exchange; failures are logged (once until the next success) and leave the counts with this node.</summary>
    private async Task ExchangeOnceAsync(NpgsqlDataSource source, TimeSpan timeout, CancellationToken stoppingToken)
    {
        var outgoing = counts.Begin();
        if (outgoing.Interests.Count == 0) return;
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            deadline.CancelAfter(timeout);
            var totals = await ExchangeAsync(source, outgoing, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), deadline.Token);
            counts.Complete(outgoing, totals);
            if (!_reachable)
            {
                _reachable = true;
                log.LogInformation("Rate-limit counts are shared through the database again");
            }
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            counts.Fail(outgoing);
            if (_reachable)
            {
                _reachable = false;
                log.LogWarning(e, "Could not exchange rate-limit counts with the database; this node limits with its own counts until it can");
            }
        }
    }

    private static async Task<List<SharedWindowCounts.Total>> ExchangeAsync(
        NpgsqlDataSource source, SharedWindowCounts.Outgoing outgoing, long now, CancellationToken ct)
    {
        await using var connection = await source.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch(connection);
        var deltas = outgoing.Deltas;
        if (deltas.Count > 0)
        {
            var upsert = new NpgsqlBatchCommand(Upsert);
            upsert.Parameters.Add(Array(NpgsqlDbType.Text, deltas.Select(d => d.Key).ToArray()));
            upsert.Parameters.Add(Array(NpgsqlDbType.Bigint, deltas.Select(d => d.SegmentStart).ToArray()));
            upsert.Parameters.Add(Array(NpgsqlDbType.Bigint, deltas.Select(d => d.Hits).ToArray()));
            upsert.Parameters.Add(Array(NpgsqlDbType.Bigint, deltas.Select(d => d.ExpiresAt).ToArray()));
            batch.BatchCommands.Add(upsert);
        }
        var delete = new NpgsqlBatchCommand(DeleteOld);
        delete.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = now - DeleteGraceMs });
        // At least twice the rows this exchange can add, so that old rows never pile up faster than they go.
        delete.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = Math.Max(DeleteBatch, 2 * deltas.Count) });
        batch.BatchCommands.Add(delete);
        var read = new NpgsqlBatchCommand(ReadTotals);
        read.Parameters.Add(Array(NpgsqlDbType.Text, outgoing.Interests.Select(i => i.Key).ToArray()));
        read.Parameters.Add(Array(NpgsqlDbType.Bigint, outgoing.Interests.Select(i => i.Since).ToArray()));
        batch.BatchCommands.Add(read);

        var totals = new List<SharedWindowCounts.Total>();
        await using var reader = await batch.ExecuteReaderAsync(ct);
        do
        {
            // Only the last statement returns rows.
            while (await reader.ReadAsync(ct))
                totals.Add(new SharedWindowCounts.Total(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
        }
        while (await reader.NextResultAsync(ct));
        return totals;
    }

    private static NpgsqlParameter Array<T>(NpgsqlDbType element, T[] values) =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | element, Value = values };
}
