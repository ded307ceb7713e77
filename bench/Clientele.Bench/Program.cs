using System.Data.Common;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Clientele.CustomerGroups;
using Clientele.Customers;
using Clientele.Hosting;
using Clientele.Organizations;
using Clientele.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

// Query latency over a large customer table: seeds N customers, serves them over loopback HTTP, and reports p50/p99
// of each list query with the SQL it runs and the database's plan for it.
//   dotnet run -c Release --project bench/Clientele.Bench -- --database sqlite:/tmp/bench.db [--customers 100000] [--requests 300] [--out file.md]
// With --baseline it serves the bare endpoints scripts/bench.sh compares the server with instead (Baseline.cs).
// With --hash-rate it times the server's password hash on one thread instead (HashRate.cs).
if (args.Contains("--baseline")) return await Baseline.RunAsync(ParseArgs(args.Where(a => a != "--baseline").ToArray()));
if (args.Contains("--hash-rate")) return HashRate.Run(ParseArgs(args.Where(a => a != "--hash-rate").ToArray()));
var options = ParseArgs(args);
var database = options.GetValueOrDefault("database") ?? throw new ArgumentException("--database is required");
var customerCount = int.Parse(options.GetValueOrDefault("customers", "100000"));
var requests = int.Parse(options.GetValueOrDefault("requests", "300"));
var port = int.Parse(options.GetValueOrDefault("port", "5199"));

var recorder = new SqlRecorder();
var builder = WebApplication.CreateBuilder(["--urls", $"http://127.0.0.1:{port}", $"--Clientele:Database={database}", "--Clientele:PasswordIterations=1000",
    "--Clientele:RateLimits:Enabled=false"]); // the load comes from one address
builder.Logging.ClearProviders();
builder.AddClientele();
builder.Services.ConfigureDbContext<SqliteAppDb>(o => o.AddInterceptors(recorder));
builder.Services.ConfigureDbContext<PostgresAppDb>(o => o.AddInterceptors(recorder));
var app = builder.Build();
app.UseClientele();
await app.PrepareDatabaseAsync();

var (clientId, secret) = await SeedAsync(app.Services, customerCount);
await app.StartAsync();

using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
var token = await TokenAsync(http, clientId, secret);
http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.api+json"));
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

var sampleEmail = "user.1234@example.com";
var queries = new (string Name, string Path)[]
{
    ("list, default order", "/api/customers"),
    ("email_eq", $"/api/customers?filter[q][email_eq]={Uri.EscapeDataString(sampleEmail.ToUpperInvariant())}"),
    ("email_cont", "/api/customers?filter[q][email_cont]=r.4321"),
    ("status_eq + sort=-created_at, page 2", "/api/customers?filter[q][status_eq]=repeat&sort=-created_at&page[number]=2"),
    ("metadata_jcont", "/api/customers?filter[q][metadata_jcont]=" + Uri.EscapeDataString("""{"tier":"platinum"}""")),
    ("customer_group_name_eq + include", "/api/customers?filter[q][customer_group_name_eq]=Group%207&include=customer_group"),
    ("reference_eq", "/api/customers?filter[q][reference_eq]=erp-77777"),
};

var report = new StringBuilder();
report.AppendLine($"Store: {(DatabaseSetting.IsPostgres(database) ? "PostgreSQL" : "SQLite")}, {customerCount:N0} customers, {requests} sequential requests per query after 20 warm-up requests.");
report.AppendLine();
report.AppendLine("| query | p50 ms | p99 ms | rows in page | record_count |");
report.AppendLine("|---|---:|---:|---:|---:|");
var details = new StringBuilder();
foreach (var (name, path) in queries)
{
    for (var i = 0; i < 20; i++) await GetAsync(http, path);
    var timings = new List<double>(requests);
    JsonElement last = default;
    recorder.Clear();
    for (var i = 0; i < requests; i++)
    {
        var watch = Stopwatch.StartNew();
        last = await GetAsync(http, path);
        timings.Add(watch.Elapsed.TotalMilliseconds);
    }
    timings.Sort();
    var statements = recorder.Distinct();
    report.AppendLine($"| {name} | {Percentile(timings, 0.50):F2} | {Percentile(timings, 0.99):F2} | {last.GetProperty("data").GetArrayLength()} | {last.GetProperty("meta").GetProperty("record_count").GetInt32()} |");
    details.AppendLine($"### {name}\n\n`GET {path}`\n");
    foreach (var statement in statements)
        details.AppendLine($"```sql\n{statement.Sql}\n```\nplan:\n```\n{await ExplainAsync(app.Services, statement)}\n```\n");
}
var output = $"{report}\n{details}";
Console.WriteLine(output);
if (options.GetValueOrDefault("out") is { } file) await File.WriteAllTextAsync(file, output);
await app.StopAsync();
return 0;

static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

static async Task<JsonElement> GetAsync(HttpClient http, string path)
{
    using var response = await http.GetAsync(path);
    var body = await response.Content.ReadAsStringAsync();
    if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {body}");
    return JsonDocument.Parse(body).RootElement;
}

static async Task<string> TokenAsync(HttpClient http, string clientId, string secret)
{
    var reply = await http.PostAsync("/oauth/token", JsonContent.Create(new { grant_type = "client_credentials", client_id = clientId, client_secret = secret }));
    return JsonDocument.Parse(await reply.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString()!;
}

static async Task<(string, string)> SeedAsync(IServiceProvider services, int count)
{
    await using var scope = services.CreateAsyncScope();
    var db = scope.ServiceProvider.GetRequiredService<AppDb>();
    var organization = await db.Organizations.FirstOrDefaultAsync(o => o.Slug == "bench")
        ?? await Provisioning.CreateOrganizationAsync(db, "bench", "Bench", default);
    var app = await Provisioning.CreateApplicationAsync(db, "bench", ApplicationKinds.Integration, "bench", Modes.Test, default);
    db.Tenant.Set(organization.Id, Modes.Test);
    var existing = await db.Customers.CountAsync();
    if (existing >= count) return (app.ClientId, app.ClientSecret!);

    var groups = Enumerable.Range(0, 10).Select(i => new CustomerGroup { Name = $"Group {i}", Code = $"g{i}" }).ToList();
    db.CustomerGroups.AddRange(groups);
    await db.SaveChangesAsync();
    var random = new Random(42);
    var tiers = new[] { "bronze", "silver", "gold", "platinum" };
    var start = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    var watch = Stopwatch.StartNew();
    const int batch = 5000;
    for (var offset = 0; offset < count; offset += batch)
    {
        await using var batchScope = services.CreateAsyncScope();
        var batchDb = batchScope.ServiceProvider.GetRequiredService<AppDb>();
        batchDb.Tenant.Set(organization.Id, Modes.Test);
        batchDb.ChangeTracker.AutoDetectChangesEnabled = false;
        for (var i = offset; i < Math.Min(count, offset + batch); i++)
        {
            var roll = random.Next(100);
            batchDb.Customers.Add(new Customer
            {
                Email = $"user.{i}@example.com",
                Reference = $"erp-{i}",
                Status = roll < 70 ? CustomerStatus.Prospect : roll < 90 ? CustomerStatus.Acquired : CustomerStatus.Repeat,
                TotalOrdersCount = roll < 70 ? 0 : roll < 90 ? 1 : 2 + random.Next(5),
                Metadata = $"{{\"tier\":\"{tiers[random.Next(100) < 2 ? 3 : random.Next(3)]}\",\"n\":{i % 100}}}",
                CustomerGroupId = random.Next(2) == 0 ? groups[random.Next(groups.Count)].Id : null,
                ShopperReference = $"shopper-{i}",
                ProfileId = $"profile-{i}",
                CreatedAt = start.AddSeconds(i * 300.0 + random.Next(300)),
            });
        }
        await batchDb.SaveChangesAsync();
    }
    Console.Error.WriteLine($"seeded {count:N0} customers in {watch.Elapsed.TotalSeconds:F1} s");
    if (db.IsPostgres) await db.Database.ExecuteSqlRawAsync("ANALYZE");
    else await db.Database.ExecuteSqlRawAsync("ANALYZE");
    return (app.ClientId, app.ClientSecret!);
}

static async Task<string> ExplainAsync(IServiceProvider services, RecordedStatement statement)
{
    await using var scope = services.CreateAsyncScope();
    var db = scope.ServiceProvider.GetRequiredService<AppDb>();
    await db.Database.OpenConnectionAsync(); // through EF, so the per-connection SQLite functions are registered
    var connection = db.Database.GetDbConnection();
    await using var command = connection.CreateCommand();
    command.CommandText = (db.IsPostgres ? "EXPLAIN " : "EXPLAIN QUERY PLAN ") + statement.Sql;
    foreach (var (name, value) in statement.Parameters)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
    var lines = new List<string>();
    await using var reader = await command.ExecuteReaderAsync();
    while (await reader.ReadAsync())
        lines.Add(db.IsPostgres ? reader.GetString(0) : reader.GetValue(reader.FieldCount - 1)?.ToString() ?? "");
    return string.Join("\n", lines);
}

static Dictionary<string, string> ParseArgs(string[] args)
{
    var result = new Dictionary<string, string>();
    for (var i = 0; i + 1 < args.Length; i += 2) result[args[i].TrimStart('-')] = args[i + 1];
    return result;
}

/// <summary>One SQL statement as sent, with its parameter values.</summary>
sealed record RecordedStatement(string Sql, List<(string Name, object? Value)> Parameters);

/// <summary>Records the SQL of each command (bench only), to print it with its plan.</summary>
sealed class SqlRecorder : DbCommandInterceptor
{
    private readonly List<RecordedStatement> _statements = [];

    public void Clear()
    {
        lock (_statements) _statements.Clear();
    }

    public List<RecordedStatement> Distinct()
    {
        lock (_statements) return _statements.DistinctBy(s => s.Sql).ToList();
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (command.CommandText.Contains("FROM \"customers\"", StringComparison.Ordinal) || command.CommandText.Contains("FROM customers", StringComparison.Ordinal))
        {
            var parameters = command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value)).ToList();
            lock (_statements) _statements.Add(new RecordedStatement(command.CommandText, parameters));
        }
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }
}
