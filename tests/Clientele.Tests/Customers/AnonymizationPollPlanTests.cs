using System.Text.RegularExpressions;
using Clientele.Customers;
using Clientele.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Clientele.Tests.Customers;

/// <summary>
/// Every node polls for due anonymizations every minute, across all tenants: on a large table that poll must search
/// the (status, due_at) index. SQLite's plan is checked, with statistics from ANALYZE over seeded customers: it answered
/// a single OR of both searches with a full scan, and, while the index covered every row (all NULL but a few), took
/// each status for the whole table and scanned for stale claims.
/// </summary>
public sealed partial class AnonymizationPollPlanTests(SqliteApi api) : IClassFixture<SqliteApi>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Both_searches_of_the_poll_use_the_status_index_and_scan_no_table()
    {
        var plans = new List<string>();
        await api.WithDbAsync(async db =>
        {
            await SampleData.SyntheticData.SeedAsync(db, ApiFixture.Org, Modes.Test, 3000, seed: 7, TextWriter.Null, Ct);
            // A few customers with a request in each state, as in a shop that has run for a while, then fresh statistics.
            await db.Database.ExecuteSqlRawAsync("""
                UPDATE customers SET anonymization_status = CASE rowid % 3 WHEN 0 THEN 'requested' WHEN 1 THEN 'started' ELSE 'completed' END,
                    anonymization_due_at = created_at, anonymization_started_at = CASE rowid % 3 WHEN 1 THEN created_at END
                WHERE rowid % 200 = 0;
                ANALYZE;
                """, Ct);
            var customers = db.Customers.IgnoreQueryFilters();
            var now = DateTime.UtcNow;
            foreach (var search in new[] { AnonymizationJob.DueRequests(customers, now), AnonymizationJob.StaleClaims(customers, now) })
                plans.Add(await PlanAsync(db, search.Take(AnonymizationJob.BatchSize).Select(c => c.Id).ToQueryString()));
        });

        plans.Count.ShouldBe(2);
        plans.ShouldAllBe(plan => plan.Contains("USING INDEX ix_customers_anonymization_status_anonymization_due_at (anonymization_status=?"));
        plans.ShouldAllBe(plan => !plan.Contains("SCAN "));
    }

    /// <summary>SQLite's query plan for EF's printed query, whose parameters come first as ".param set @name value" lines.</summary>
    private static async Task<string> PlanAsync(AppDb db, string printed)
    {
        var lines = printed.Split('\n', StringSplitOptions.TrimEntries);
        var sql = string.Join('\n', lines.Where(l => !l.StartsWith(".param ", StringComparison.Ordinal)));
        foreach (var match in lines.Select(l => ParamLine().Match(l)).Where(m => m.Success).OrderByDescending(m => m.Groups[1].Length))
            sql = Regex.Replace(sql, $@"{Regex.Escape(match.Groups[1].Value)}\b", match.Groups[2].Value.Replace("$", "$$", StringComparison.Ordinal));
        await db.Database.OpenConnectionAsync(Ct);
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var details = new List<string>();
        while (await reader.ReadAsync(Ct)) details.Add(reader.GetString(3));
        return string.Join('\n', details);
    }

    [GeneratedRegex(@"^\.param set (@\w+) (.+)$")]
    private static partial Regex ParamLine();
}
