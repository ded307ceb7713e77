using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace Clientele.Persistence;

/// <summary>
/// How many rows of a resource each tenant holds, by the value of one column (customers by status), kept by triggers
/// in the row's own transaction (migration RecordCounts). A list that is unfiltered, or filtered on that column alone,
/// reads its meta.record_count here in a handful of rows instead of counting up to a million index entries.
/// On PostgreSQL each count is spread over <see cref="Slots"/> rows, and a writing statement adds to a random one,
/// so concurrent sign-ups do not queue behind one row lock until they commit; SQLite has one writer and one slot.
/// Not part of the EF model; only raw SQL touches the table.
/// </summary>
public static class RecordCounts
{
    public const string Table = "record_counts";
    public const int Slots = 16;

    /// <summary>The sum of the counts of <paramref name="values"/> (all values when empty) in the request's tenant.</summary>
    public static async Task<long> ReadAsync(AppDb db, string resource, IReadOnlyList<string> values, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            return await SumAsync(db, resource, values, ct);
        }
        finally
        {
            // Closes only what this opened: a connection the request already holds stays open.
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<long> SumAsync(AppDb db, string resource, IReadOnlyList<string> values, CancellationToken ct)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        var inValues = values.Count == 0 ? "" : $" AND value IN ({string.Join(", ", values.Select((_, i) => $"@v{i}"))})";
        command.CommandText = $"SELECT COALESCE(SUM(count), 0) FROM {Table} WHERE organization_id = @organization AND mode = @mode AND resource = @resource{inValues}";
        Add(command, "organization", db.Tenant.OrganizationId ?? throw new InvalidOperationException("No tenant for a count"));
        Add(command, "mode", db.Tenant.Mode!);
        Add(command, "resource", resource);
        for (var i = 0; i < values.Count; i++) Add(command, $"v{i}", values[i]);
        var result = await command.ExecuteScalarAsync(ct);
        return Convert.ToInt64(result, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Add(DbCommand command, string name, string value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = DbType.String;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
