using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Clientele.Persistence;

/// <summary>The embedded default: one SQLite file.</summary>
public sealed class SqliteAppDb(DbContextOptions<SqliteAppDb> options) : AppDb(options)
{
    public override bool IsPostgres => false;

    protected override void OnModelCreating(ModelBuilder model)
    {
        base.OnModelCreating(model);
        model.HasDbFunction(typeof(JsonContainment).GetMethod(nameof(JsonContainment.Contains))!).HasName(JsonContainment.SqlName);
        SqliteSearchTables.Configure(model);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder conventions)
    {
        // SQLite hands DateTime back without a kind; every stored time is UTC.
        conventions.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        conventions.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

/// <summary>PostgreSQL, for many stateless nodes on one database.</summary>
public sealed class PostgresAppDb(DbContextOptions<PostgresAppDb> options) : AppDb(options)
{
    public override bool IsPostgres => true;

    protected override void OnModelCreating(ModelBuilder model)
    {
        base.OnModelCreating(model);
        model.HasPostgresExtension("pg_trgm");
    }
}

/// <summary>Per-connection SQLite settings: synchronous=NORMAL, Unicode-aware lower() and JSON containment.</summary>
internal sealed class SqliteConnectionSetup : DbConnectionInterceptor
{
    // Contexts are pooled and keep their SqliteConnection, which re-registers its functions on every open by
    // itself; the pragma belongs to the native connection, which the driver's own pool reuses. So each is done
    // once per object rather than on every open.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SqliteConnection, object> WithFunctions = [];
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> WithPragmas = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Setup(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Setup(connection);
        return Task.CompletedTask;
    }

    private static void Setup(DbConnection connection)
    {
        var sqlite = (SqliteConnection)connection;
        if (WithFunctions.TryAdd(sqlite, WithFunctions))
        {
            // SQLite's own lower() folds ASCII only; filters promise case-insensitive matching for all letters.
            sqlite.CreateFunction("lower", (string? s) => s?.ToLowerInvariant(), isDeterministic: true);
            sqlite.CreateFunction(JsonContainment.SqlName, (string? document, string? pattern) => JsonContainment.Evaluate(document, pattern), isDeterministic: true);
        }
        if (sqlite.Handle is { } handle && WithPragmas.TryAdd(handle, WithPragmas))
        {
            // WAL is a property of the file, set once at start (ClienteleApp.PrepareDatabaseAsync). SQLite has one
            // writer at a time: with a busy timeout a waiting writer retries within milliseconds inside SQLite, where
            // the driver's own retry would sleep 150 ms at a time and starve the thread pool under concurrent writes.
            // A write whose triggers change several rows needs a statement journal; in memory it costs no temporary
            // file created, written and deleted per sign-up. Checkpoints every 10 000 WAL pages instead of 1 000 copy a
            // page that many commits changed (index and count pages) once, not ten times: a third more sign-ups a second.
            using var pragma = sqlite.CreateCommand();
            pragma.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA temp_store=MEMORY; PRAGMA wal_autocheckpoint=10000;";
            pragma.ExecuteNonQuery();
        }
    }
}

/// <summary>Turns the Clientele:Database setting into a provider and connection string.</summary>
public static class DatabaseSetting
{
    public const string Default = "sqlite:clientele.db";

    public static bool IsPostgres(string setting) =>
        setting.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || setting.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    public static void Configure(DbContextOptionsBuilder options, string setting)
    {
        if (IsPostgres(setting))
            options.UseNpgsql(PostgresConnectionString(setting)).UseSnakeCaseNamingConvention();
        else if (setting.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
            options.UseSqlite(SqliteConnectionString(setting)).UseSnakeCaseNamingConvention().AddInterceptors(new SqliteConnectionSetup());
        else
            throw new ArgumentException($"Database must be sqlite:<path> or postgres://user:password@host:port/dbname, not '{setting}'");
    }

    public static string SqliteConnectionString(string setting) =>
        new SqliteConnectionStringBuilder { DataSource = setting["sqlite:".Length..], Pooling = true }.ToString();

    public static string PostgresConnectionString(string setting)
    {
        var url = new Uri(setting);
        var userInfo = url.UserInfo.Split(':', 2);
        var builder = new Npgsql.NpgsqlConnectionStringBuilder
        {
            Host = url.Host,
            Port = url.IsDefaultPort || url.Port <= 0 ? 5432 : url.Port,
            Database = Uri.UnescapeDataString(url.AbsolutePath.TrimStart('/')) is { Length: > 0 } db ? db : "postgres",
            Username = userInfo[0].Length > 0 ? Uri.UnescapeDataString(userInfo[0]) : "postgres",
            // The same few statements run on every request (token check, read by id, counts): prepared once per pooled
            // connection, PostgreSQL parses and plans them once. A query string setting overrides it (Max Auto Prepare=0
            // for a pooler in transaction mode that cannot keep prepared statements).
            MaxAutoPrepare = 64,
            AutoPrepareMinUsages = 2,
        };
        if (userInfo.Length > 1) builder.Password = Uri.UnescapeDataString(userInfo[1]);
        foreach (var pair in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            builder[Uri.UnescapeDataString(kv[0])] = kv.Length > 1 ? Uri.UnescapeDataString(kv[1]) : "";
        }
        return builder.ToString();
    }
}

/// <summary>Recognises constraint violations of either provider, so they become 4xx answers rather than 500s.</summary>
public static class Constraint
{
    public static string UniqueIndexName(string table, string column) => $"ux_{table}_{column}";

    /// <summary>Whether the unique index on table.column (per organization and mode) refused the write.</summary>
    public static bool IsUniqueViolation(DbUpdateException exception, string table, string column) => exception.InnerException switch
    {
        SqliteException { SqliteExtendedErrorCode: 2067 } e => e.Message.Contains($"{table}.{column}", StringComparison.Ordinal),
        Npgsql.PostgresException { SqlState: "23505" } e => e.ConstraintName == UniqueIndexName(table, column),
        _ => false,
    };

    public static bool IsForeignKeyViolation(DbUpdateException exception) => exception.InnerException switch
    {
        SqliteException { SqliteExtendedErrorCode: 787 } => true,
        // SQLite reports ON DELETE RESTRICT through its trigger code, with the foreign-key message.
        SqliteException { SqliteExtendedErrorCode: 1811 } e => e.Message.Contains("FOREIGN KEY constraint failed", StringComparison.Ordinal),
        Npgsql.PostgresException { SqlState: "23503" } => true,
        _ => false,
    };
}

// Design-time factories for `dotnet ef migrations add <Name> --context SqliteAppDb|PostgresAppDb`.
internal sealed class SqliteDesignFactory : IDesignTimeDbContextFactory<SqliteAppDb>
{
    public SqliteAppDb CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqliteAppDb>();
        DatabaseSetting.Configure(options, "sqlite:design.db");
        return new SqliteAppDb(options.Options);
    }
}

internal sealed class PostgresDesignFactory : IDesignTimeDbContextFactory<PostgresAppDb>
{
    public PostgresAppDb CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PostgresAppDb>();
        DatabaseSetting.Configure(options, "postgres://postgres@127.0.0.1:5432/clientele");
        return new PostgresAppDb(options.Options);
    }
}
