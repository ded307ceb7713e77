using System.Data.Common;
using Clientele.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Clientele.SampleData;

/// <summary>Writes many rows into one table as fast as the database allows: binary COPY on PostgreSQL, batched prepared INSERTs on SQLite.</summary>
public abstract class BulkWriter
{
    public static async Task<BulkWriter> OpenAsync(AppDb db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct); // through EF, so per-connection setup runs
        return db.Database.GetDbConnection() switch
        {
            NpgsqlConnection pg => new PostgresBulkWriter(pg),
            SqliteConnection sqlite => new SqliteBulkWriter(sqlite),
            var other => throw new NotSupportedException(other.GetType().Name),
        };
    }

    /// <summary>Appends rows; every row has one value per column, in order (null for NULL).</summary>
    public abstract Task WriteAsync(string table, string[] columns, IReadOnlyList<object?[]> rows, CancellationToken ct);

    private sealed class PostgresBulkWriter(NpgsqlConnection connection) : BulkWriter
    {
        public override async Task WriteAsync(string table, string[] columns, IReadOnlyList<object?[]> rows, CancellationToken ct)
        {
            await using var import = await connection.BeginBinaryImportAsync($"COPY {table} ({string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)", ct);
            foreach (var row in rows)
            {
                await import.StartRowAsync(ct);
                for (var i = 0; i < columns.Length; i++)
                {
                    switch (row[i])
                    {
                        case null: await import.WriteNullAsync(ct); break;
                        case string s when columns[i] == "metadata": await import.WriteAsync(s, NpgsqlDbType.Jsonb, ct); break;
                        case string s: await import.WriteAsync(s, NpgsqlDbType.Text, ct); break;
                        case DateTime d: await import.WriteAsync(d, NpgsqlDbType.TimestampTz, ct); break;
                        case int n: await import.WriteAsync(n, NpgsqlDbType.Integer, ct); break;
                        case long n: await import.WriteAsync(n, NpgsqlDbType.Bigint, ct); break;
                        case bool b: await import.WriteAsync(b, NpgsqlDbType.Boolean, ct); break;
                        case double x: await import.WriteAsync(x, NpgsqlDbType.Double, ct); break;
                        case var v: throw new NotSupportedException($"{table}.{columns[i]}: {v.GetType()}");
                    }
                }
            }
            await import.CompleteAsync(ct);
        }
    }

    private sealed class SqliteBulkWriter(SqliteConnection connection) : BulkWriter
    {
        public override async Task WriteAsync(string table, string[] columns, IReadOnlyList<object?[]> rows, CancellationToken ct)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})";
            var parameters = columns.Select((_, i) => command.Parameters.Add(new SqliteParameter($"$p{i}", null))).ToArray();
            command.Prepare();
            foreach (var row in rows)
            {
                for (var i = 0; i < columns.Length; i++) parameters[i].Value = row[i] ?? DBNull.Value;
                await command.ExecuteNonQueryAsync(ct);
            }
            await transaction.CommitAsync(ct);
        }
    }
}
