using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace Clientele.Protection;

/// <summary>
/// This node's view of sliding windows whose counts are shared with other nodes through the database (PostgreSQL).
/// A window is cut into segments aligned on Unix time, so that every node numbers them alike. For each segment the
/// node keeps three counts: what the database held at the last exchange (every node's requests, this one's included),
/// what this node has sent and is still waiting to see confirmed, and what it has admitted since. A decision reads
/// only memory: the window's count is the sum of all three over its segments. Nothing here waits for the database.
/// </summary>
public sealed class SharedWindowCounts(TimeProvider clock)
{
    private sealed class Segment(long start)
    {
        public long Start { get; } = start;

        /// <summary>Every node's requests, as read at the last exchange.</summary>
        public long Shared;

        /// <summary>This node's requests taken by the exchange under way, not yet in <see cref="Shared"/>.</summary>
        public long Sending;

        /// <summary>This node's requests since the exchange under way began.</summary>
        public long Pending;

        public long Total => Shared + Sending + Pending;
    }

    private sealed class Window(string key, long segmentMs, int segments)
    {
        public string Key { get; } = key;
        public long SegmentMs { get; } = segmentMs;
        public long LengthMs { get; } = segmentMs * segments;

        /// <summary>Guards everything below.</summary>
        public object Gate { get; } = new();

        /// <summary>Ordered by start.</summary>
        public List<Segment> Segments { get; } = [];

        /// <summary>Set once the window has been dropped from the registry; a request that still holds it looks again.</summary>
        public bool Dropped;

        public long CurrentStart(long now) => now - Mod(now, SegmentMs);

        /// <summary>Segments starting after this still count at <c>now</c>.</summary>
        public long Floor(long now) => CurrentStart(now) - LengthMs;

        public long Count(long now)
        {
            var floor = Floor(now);
            long count = 0;
            foreach (var segment in Segments)
                if (segment.Start > floor) count += segment.Total;
            return count;
        }

        public Segment SegmentAt(long start)
        {
            var i = Segments.Count - 1;
            while (i >= 0 && Segments[i].Start > start) i--;
            if (i >= 0 && Segments[i].Start == start) return Segments[i];
            var segment = new Segment(start);
            Segments.Insert(i + 1, segment);
            return segment;
        }

        /// <summary>Forgets segments that no longer count and hold nothing left to send.</summary>
        public void Prune(long now)
        {
            var floor = Floor(now);
            Segments.RemoveAll(s => s.Start <= floor && s.Sending == 0 && s.Pending == 0);
        }

        private static long Mod(long value, long by) => ((value % by) + by) % by;
    }

    /// <summary>One count to add in the database: this node's requests in one segment of one window.</summary>
    public readonly record struct Delta(string Key, long SegmentStart, long Hits, long ExpiresAt);

    /// <summary>A window this node wants the shared counts of: its segments starting after <c>Since</c>.</summary>
    public readonly record struct Interest(string Key, long Since);

    /// <summary>The shared count of one segment, as read from the database.</summary>
    public readonly record struct Total(string Key, long SegmentStart, long Hits);

    /// <summary>What one exchange sends and asks for.</summary>
    public sealed record Outgoing(IReadOnlyList<Delta> Deltas, IReadOnlyList<Interest> Interests);

    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    private long Now => clock.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Windows this node currently follows.</summary>
    public int Count => _windows.Count;

    /// <summary>
    /// Counts <paramref name="permits"/> requests in the window named <paramref name="key"/> if they fit under
    /// <paramref name="limit"/>; otherwise counts nothing and says how long until enough of the window has slid away.
    /// </summary>
    public bool TryAcquire(string key, TimeSpan length, int segments, int limit, int permits, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        while (true)
        {
            var window = _windows.GetOrAdd(key, static (k, shape) => new Window(k, shape.SegmentMs, shape.Segments), Shape(length, segments));
            lock (window.Gate)
            {
                if (window.Dropped) continue;
                var now = Now;
                var count = window.Count(now);
                if (count + permits <= limit)
                {
                    if (permits > 0) window.SegmentAt(window.CurrentStart(now)).Pending += permits;
                    return true;
                }
                retryAfter = TimeUntilRoom(window, now, count + permits - limit);
                return false;
            }
        }
    }

    /// <summary>Requests the window still has room for now; the whole limit for a window this node has not seen.</summary>
    public long Available(string key, int limit)
    {
        if (!_windows.TryGetValue(key, out var window)) return limit;
        lock (window.Gate) return Math.Max(0, limit - window.Count(Now));
    }

    private static (long SegmentMs, int Segments) Shape(TimeSpan length, int segments)
    {
        segments = Math.Max(1, segments);
        return (Math.Max(1, (long)length.TotalMilliseconds / segments), segments);
    }

    /// <summary>Until the oldest segments that hold at least <paramref name="excess"/> requests have left the window.</summary>
    private static TimeSpan TimeUntilRoom(Window window, long now, long excess)
    {
        var floor = window.Floor(now);
        long freed = 0;
        foreach (var segment in window.Segments)
        {
            if (segment.Start <= floor) continue;
            freed += segment.Total;
            if (freed >= excess) return TimeSpan.FromMilliseconds(Math.Max(1, segment.Start + window.LengthMs - now));
        }
        return TimeSpan.FromMilliseconds(window.SegmentMs);
    }

    /// <summary>
    /// Starts an exchange: takes every count admitted since the last one (to be added in the database) and lists the
    /// windows to read back. Windows with nothing left in them are forgotten. Call <see cref="Complete"/> or
    /// <see cref="Fail"/> before the next one.
    /// </summary>
    public Outgoing Begin()
    {
        var now = Now;
        var deltas = new List<Delta>();
        var interests = new List<Interest>();
        foreach (var window in _windows.Values)
        {
            lock (window.Gate)
            {
                window.Prune(now);
                if (window.Segments.Count == 0)
                {
                    window.Dropped = true;
                    _windows.TryRemove(new KeyValuePair<string, Window>(window.Key, window));
                    continue;
                }
                foreach (var segment in window.Segments)
                {
                    if (segment.Pending == 0) continue;
                    deltas.Add(new Delta(window.Key, segment.Start, segment.Pending, segment.Start + window.LengthMs));
                    segment.Sending += segment.Pending;
                    segment.Pending = 0;
                }
                interests.Add(new Interest(window.Key, window.Floor(now)));
            }
        }
        // One order on every node, so that concurrent exchanges lock the same rows in the same order.
        deltas.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key) is var byKey and not 0 ? byKey : a.SegmentStart.CompareTo(b.SegmentStart));
        return new Outgoing(deltas, interests);
    }

    /// <summary>
    /// Ends an exchange whose deltas the database has added: its totals (every node's, ours included) replace what was
    /// known of the windows asked for.
    /// </summary>
    public void Complete(Outgoing sent, IEnumerable<Total> totals)
    {
        var byKey = totals.GroupBy(t => t.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var interest in sent.Interests)
        {
            if (!_windows.TryGetValue(interest.Key, out var window)) continue;
            lock (window.Gate)
            {
                foreach (var segment in window.Segments)
                {
                    segment.Sending = 0;
                    if (segment.Start > interest.Since) segment.Shared = 0;
                }
                if (byKey.TryGetValue(interest.Key, out var read))
                    foreach (var total in read)
                        if (total.SegmentStart > interest.Since) window.SegmentAt(total.SegmentStart).Shared = total.Hits;
            }
        }
    }

    /// <summary>Ends an exchange that did not reach the database: its counts stay here and go with the next one.</summary>
    public void Fail(Outgoing sent)
    {
        foreach (var interest in sent.Interests)
        {
            if (!_windows.TryGetValue(interest.Key, out var window)) continue;
            lock (window.Gate)
            {
                foreach (var segment in window.Segments)
                {
                    segment.Pending += segment.Sending;
                    segment.Sending = 0;
                }
            }
        }
    }
}

/// <summary>
/// One kind of window (oauth, burst or average) over <see cref="SharedWindowCounts"/>: the same partitions, limits and
/// leases as the in-memory sliding-window limiter it replaces on PostgreSQL.
/// </summary>
public sealed class SharedWindowLimiter(
    SharedWindowCounts counts, TimeSpan length, int segments, Func<HttpContext, int?> limitOf, Func<HttpContext, string> keyOf)
    : PartitionedRateLimiter<HttpContext>
{
    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired { get; } = acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter is { } wait && metadataName == MetadataName.RetryAfter.Name ? wait : null;
            return metadata is not null;
        }
    }

    private static readonly Lease Granted = new(true, null);

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) =>
        limitOf(resource) is { } limit ? new RateLimiterStatistics { CurrentAvailablePermits = counts.Available(keyOf(resource), limit) } : null;

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount)
    {
        if (limitOf(resource) is not { } limit) return Granted;
        return counts.TryAcquire(keyOf(resource), length, segments, limit, permitCount, out var retryAfter) ? Granted : new Lease(false, retryAfter);
    }

    /// <summary>No queue (as QueueLimit 0 in the in-memory limiter): the answer is immediate.</summary>
    protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(resource, permitCount));
}
