using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

/// <summary>
/// The floor the server is measured against (scripts/bench.sh): a bare ASP.NET Core endpoint answering a fixed
/// JSON:API document, and a bare endpoint answering one customer read from SQLite by primary key with a raw command.
/// No authentication, no EF Core, no JSON:API layer: what is left is HTTP, routing and (for the second) one SQLite read.
///   dotnet Clientele.Bench.dll --baseline --port 5301 [--sqlite /path/bench.db]
/// GET /baseline/static and GET /baseline/customers/{id}.
/// </summary>
static class Baseline
{
    private const string Columns = "id, email, status, total_orders_count, shopper_reference, profile_id, reference, reference_origin, metadata, created_at, updated_at";

    public static async Task<int> RunAsync(Dictionary<string, string> options)
    {
        var port = int.Parse(options.GetValueOrDefault("port", "5301"));
        var builder = WebApplication.CreateSlimBuilder(["--urls", $"http://127.0.0.1:{port}"]);
        builder.Logging.ClearProviders();
        var app = builder.Build();

        var document = Encoding.UTF8.GetBytes(FixedDocument());
        app.MapGet("/baseline/static", () => Results.Bytes(document, "application/vnd.api+json"));

        if (options.GetValueOrDefault("sqlite") is { } path)
        {
            var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = true }.ToString();
            app.MapGet("/baseline/customers/{id}", async (string id, HttpContext http) =>
            {
                await using var connection = new SqliteConnection(connectionString);
                await connection.OpenAsync(http.RequestAborted);
                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT {Columns} FROM customers WHERE id = $id";
                command.Parameters.AddWithValue("$id", id);
                await using var reader = await command.ExecuteReaderAsync(http.RequestAborted);
                if (!await reader.ReadAsync(http.RequestAborted))
                {
                    http.Response.StatusCode = 404;
                    return;
                }
                http.Response.ContentType = "application/vnd.api+json";
                await using var json = new Utf8JsonWriter(http.Response.Body);
                json.WriteStartObject();
                json.WriteStartObject("data");
                json.WriteString("id", reader.GetString(0));
                json.WriteString("type", "customers");
                json.WriteStartObject("attributes");
                for (var i = 1; i < reader.FieldCount; i++)
                {
                    var name = reader.GetName(i);
                    switch (reader.GetValue(i))
                    {
                        case DBNull: json.WriteNull(name); break;
                        case long n: json.WriteNumber(name, n); break;
                        case double d: json.WriteNumber(name, d); break;
                        case var v: json.WriteString(name, v.ToString()); break;
                    }
                }
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndObject();
                await json.FlushAsync(http.RequestAborted);
            });
        }

        await app.RunAsync();
        return 0;
    }

    /// <summary>A customer document of the same shape and about the same size as the server's retrieve answer.</summary>
    private static string FixedDocument() => """
        {"data":{"id":"WxYzAbCdEf","type":"customers","links":{"self":"http://127.0.0.1/api/customers/WxYzAbCdEf"},
        "attributes":{"email":"ada.lovelace.abc1231@example.com","status":"acquired","has_password":false,"total_orders_count":1,
        "shopper_reference":"q8YtR2mK0pLs9dVx4bNz","profile_id":"h3JkL9sQw2Er5tYu7iOp","tax_exemption_code":null,"jwt_custom_claim":null,
        "anonymization_status":null,"anonymization_info":null,"created_at":"2025-03-01T10:15:00.000Z","updated_at":"2025-03-01T10:15:00.000Z",
        "reference":"crm-abc123-1","reference_origin":"crm","metadata":{"tier":"gold","source":"web","score":412}},
        "relationships":{"customer_group":{"links":{"self":"http://127.0.0.1/api/customers/WxYzAbCdEf/relationships/customer_group",
        "related":"http://127.0.0.1/api/customers/WxYzAbCdEf/customer_group"}},"customer_addresses":{"links":{"self":"http://127.0.0.1/api/customers/WxYzAbCdEf/relationships/customer_addresses",
        "related":"http://127.0.0.1/api/customers/WxYzAbCdEf/customer_addresses"}},"orders":{"links":{"self":"http://127.0.0.1/api/customers/WxYzAbCdEf/relationships/orders",
        "related":"http://127.0.0.1/api/customers/WxYzAbCdEf/orders"}}},"meta":{"mode":"test","organization_id":"OrgAbCdEfG"}}}
        """.ReplaceLineEndings("");
}
