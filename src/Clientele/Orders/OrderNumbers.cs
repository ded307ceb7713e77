using System.Data.Common;
using Clientele.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Clientele.Orders;

/// <summary>Order numbers: one counter row per organization and mode, advanced in the database.</summary>
public static class OrderNumbers
{
    public const string CounterName = "orders";

    /// <summary>
    /// The next number, from one upsert that creates the row or adds one to it. The row stays locked until the
    /// write's transaction ends (PostgreSQL row lock; SQLite's single writer), so no two orders get the same
    /// number, and a rolled-back create gives its number back.
    /// </summary>
    public static async Task<long> NextAsync(AppDb db, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Order numbers are taken inside the write's transaction");
        command.CommandText = """
            INSERT INTO counters (organization_id, mode, name, value) VALUES (@organization, @mode, @name, 1)
            ON CONFLICT (organization_id, mode, name) DO UPDATE SET value = counters.value + 1
            RETURNING value
            """;
        Parameter(command, "organization", db.Tenant.OrganizationId);
        Parameter(command, "mode", db.Tenant.Mode);
        Parameter(command, "name", CounterName);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Parameter(DbCommand command, string name, string? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? throw new InvalidOperationException("No tenant for an order number");
        command.Parameters.Add(parameter);
    }
}
