using Clientele.Protection;
using Microsoft.Extensions.Time.Testing;

namespace Clientele.Tests.Protection;

/// <summary>
/// The bookkeeping behind rate limits shared across nodes, with the database played by a dictionary and time by a
/// fake clock: what each node counts, sends, reads back and forgets. The real exchange with PostgreSQL is covered by
/// Scaling/SharedRateLimitNodesTests and SharedRateLimitOutageTests.
/// </summary>
public sealed class SharedWindowCountsTests
{
    private const string Key = "burst|test|203.0.113.1|GET /api/customers";
    private static readonly TimeSpan Length = TimeSpan.FromSeconds(10);
    private const int Segments = 10;

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));
    private readonly Dictionary<(string, long), long> _database = [];

    /// <summary>What the exchange's batch does: add the deltas, then read the totals of the windows asked for.</summary>
    private List<SharedWindowCounts.Total> Exchange(SharedWindowCounts.Outgoing outgoing)
    {
        foreach (var delta in outgoing.Deltas)
            _database[(delta.Key, delta.SegmentStart)] = _database.GetValueOrDefault((delta.Key, delta.SegmentStart)) + delta.Hits;
        return [.. _database.Where(row => outgoing.Interests.Any(i => i.Key == row.Key.Item1 && row.Key.Item2 > i.Since))
            .Select(row => new SharedWindowCounts.Total(row.Key.Item1, row.Key.Item2, row.Value))];
    }

    private void Sync(SharedWindowCounts node)
    {
        var outgoing = node.Begin();
        node.Complete(outgoing, Exchange(outgoing));
    }

    private static int Admit(SharedWindowCounts node, int requests, int limit)
    {
        var admitted = 0;
        for (var i = 0; i < requests; i++)
            if (node.TryAcquire(Key, Length, Segments, limit, 1, out _)) admitted++;
        return admitted;
    }

    [Fact]
    public void A_node_counts_what_other_nodes_admitted_once_both_have_exchanged()
    {
        var a = new SharedWindowCounts(_clock);
        var b = new SharedWindowCounts(_clock);
        Admit(a, 6, limit: 10).ShouldBe(6);
        Admit(b, 1, limit: 10).ShouldBe(1);

        Sync(a);
        Sync(b);

        b.Available(Key, 10).ShouldBe(3);
        Admit(b, 10, limit: 10).ShouldBe(3);
        Sync(b);
        Sync(a);
        a.Available(Key, 10).ShouldBe(0);
        a.TryAcquire(Key, Length, Segments, 10, 1, out _).ShouldBeFalse();
    }

    [Fact]
    public void Requests_admitted_while_an_exchange_is_under_way_are_counted_once()
    {
        var node = new SharedWindowCounts(_clock);
        Admit(node, 2, limit: 10);

        var outgoing = node.Begin();
        Admit(node, 1, limit: 10);
        node.Available(Key, 10).ShouldBe(7);
        node.Complete(outgoing, Exchange(outgoing));

        node.Available(Key, 10).ShouldBe(7);
        outgoing.Deltas.ShouldBe([new SharedWindowCounts.Delta(Key, outgoing.Deltas[0].SegmentStart, 2, outgoing.Deltas[0].SegmentStart + 10_000)]);
        Sync(node);
        _database.Values.Sum().ShouldBe(3);
        node.Available(Key, 10).ShouldBe(7);
    }

    [Fact]
    public void Without_the_database_a_node_limits_with_its_own_counts_and_sends_them_later()
    {
        var node = new SharedWindowCounts(_clock);
        Admit(node, 4, limit: 5);

        // The exchange never completes (a hung or slow database): decisions go on from memory.
        var hung = node.Begin();
        Admit(node, 5, limit: 5).ShouldBe(1);
        node.Fail(hung);

        node.Available(Key, 5).ShouldBe(0);
        var next = node.Begin();
        next.Deltas.Sum(d => d.Hits).ShouldBe(5);
    }

    [Fact]
    public void Refused_requests_are_not_counted()
    {
        var node = new SharedWindowCounts(_clock);
        Admit(node, 12, limit: 3).ShouldBe(3);

        node.Begin().Deltas.Sum(d => d.Hits).ShouldBe(3);
    }

    [Fact]
    public void The_window_slides_and_retry_after_says_when_the_oldest_requests_leave_it()
    {
        var node = new SharedWindowCounts(_clock);
        _clock.SetUtcNow(_clock.GetUtcNow().AddMilliseconds(300));
        Admit(node, 1, limit: 2);
        _clock.Advance(TimeSpan.FromSeconds(4));
        Admit(node, 1, limit: 2);

        node.TryAcquire(Key, Length, Segments, 2, 1, out var retryAfter).ShouldBeFalse();
        // The first request's segment began 4.3 s ago and leaves the 10 s window 5.7 s from now.
        retryAfter.ShouldBe(TimeSpan.FromMilliseconds(5700));

        _clock.Advance(retryAfter);
        node.TryAcquire(Key, Length, Segments, 2, 1, out _).ShouldBeTrue();
        node.TryAcquire(Key, Length, Segments, 2, 1, out _).ShouldBeFalse();
    }

    [Fact]
    public void Segments_from_other_nodes_that_left_the_window_no_longer_count()
    {
        var a = new SharedWindowCounts(_clock);
        var b = new SharedWindowCounts(_clock);
        Admit(a, 5, limit: 5);
        Sync(a);
        Admit(b, 1, limit: 5);
        Sync(b);
        b.Available(Key, 5).ShouldBe(0);

        _clock.Advance(Length);

        b.Available(Key, 5).ShouldBe(5);
    }

    [Fact]
    public void Idle_windows_are_forgotten_and_no_longer_exchanged()
    {
        var node = new SharedWindowCounts(_clock);
        Admit(node, 1, limit: 5);
        Sync(node);
        node.Count.ShouldBe(1);

        _clock.Advance(Length + TimeSpan.FromSeconds(1));
        var outgoing = node.Begin();

        outgoing.Interests.ShouldBeEmpty();
        node.Count.ShouldBe(0);
        Admit(node, 5, limit: 5).ShouldBe(5);
    }

    [Fact]
    public void Deltas_are_sorted_so_that_concurrent_exchanges_lock_rows_in_one_order()
    {
        var node = new SharedWindowCounts(_clock);
        foreach (var key in new[] { "b", "a", "c" })
        {
            node.TryAcquire(key, Length, Segments, 5, 1, out _).ShouldBeTrue();
            _clock.Advance(TimeSpan.FromSeconds(1));
            node.TryAcquire(key, Length, Segments, 5, 1, out _).ShouldBeTrue();
        }

        var deltas = node.Begin().Deltas;

        deltas.Select(d => (d.Key, d.SegmentStart)).ShouldBe(deltas.Select(d => (d.Key, d.SegmentStart)).OrderBy(d => d.Key, StringComparer.Ordinal).ThenBy(d => d.SegmentStart));
        deltas.Select(d => d.Key).Distinct().ShouldBe(["a", "b", "c"]);
    }
}
