using System.Net.Http.Headers;
using System.Text;
using Clientele.Tests.OfficialClients;

namespace Clientele.Tests.Scaling;

/// <summary>
/// Two real server processes on one PostgreSQL database behave as one server: uniqueness, order placement and
/// counters, and refresh-token rotation hold across them, because the database enforces them.
/// </summary>
public sealed class TwoNodesTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    private readonly string _database = $"clientele_nodes_{Guid.NewGuid():N}";
    private string _url = "";
    private ServerProcess? _a, _b;
    private JsonElement _integration, _salesChannel;

    public async ValueTask InitializeAsync()
    {
        _url = (await PostgresServer.SharedAsync()).DatabaseUrl(_database);
        await CommandAsync(["organizations", "create", "--slug", "nodes", "--name", "Nodes"]);
        _integration = JsonDocument.Parse(await CommandAsync(["applications", "create", "--organization", "nodes", "--kind", "integration", "--name", "i", "--json"])).RootElement.Clone();
        _salesChannel = JsonDocument.Parse(await CommandAsync(["applications", "create", "--organization", "nodes", "--kind", "sales_channel", "--name", "s", "--json"])).RootElement.Clone();
        var settings = new[] { "--database", _url, "--Clientele:PasswordIterations=1000" };
        _a = await ServerProcess.StartAsync(settings, Ct);
        _b = await ServerProcess.StartAsync(settings, Ct);
    }

    private async Task<string> CommandAsync(string[] args)
    {
        var result = await ClienteleExecutable.RunAsync([.. args, "--database", _url], CommandTimeout, Ct);
        result.ExitCode.ShouldBe(0, result.ToString());
        return result.Stdout;
    }

    public async ValueTask DisposeAsync()
    {
        if (_a is not null) await _a.DisposeAsync();
        if (_b is not null) await _b.DisposeAsync();
        await using var connection = new Npgsql.NpgsqlConnection(Persistence.DatabaseSetting.PostgresConnectionString(_url.Replace(_database, "postgres")));
        await connection.OpenAsync();
        await using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private static async Task<(HttpStatusCode Status, JsonElement Json)> SendAsync(ServerProcess node, HttpMethod method, string path, object? body, string? token, string mediaType = "application/vnd.api+json")
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(method, node.BaseUrl + path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.api+json"));
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, mediaType);
        using var response = await http.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }

    private static Task<(HttpStatusCode Status, JsonElement Json)> TokenAsync(ServerProcess node, object body) =>
        SendAsync(node, HttpMethod.Post, "/oauth/token", body, null, "application/json");

    private async Task<string> IntegrationTokenAsync(ServerProcess node) =>
        (await TokenAsync(node, new { grant_type = "client_credentials", client_id = _integration.GetProperty("client_id").GetString(), client_secret = _integration.GetProperty("client_secret").GetString() }))
        .Json.GetProperty("access_token").GetString()!;

    [Fact]
    public async Task Concurrent_mixed_case_sign_ups_split_across_two_nodes_create_one_customer()
    {
        var local = Guid.NewGuid().ToString("N");
        var tokens = new[] { await IntegrationTokenAsync(_a!), await IntegrationTokenAsync(_b!) };

        var replies = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => SendAsync(i % 2 == 0 ? _a! : _b!, HttpMethod.Post, "/api/customers",
            Body.Resource("customers", new { email = i % 3 == 0 ? $"Node.{local}@Example.com" : $"node.{local}@example.COM" }), tokens[i % 2])));

        replies.Count(r => r.Status == HttpStatusCode.Created).ShouldBe(1);
        replies.Count(r => r.Status == HttpStatusCode.UnprocessableEntity && r.Json.GetProperty("errors")[0].GetProperty("meta").GetProperty("error").GetString() == "taken").ShouldBe(19);
    }

    [Fact]
    public async Task Placements_for_one_customer_split_across_two_nodes_count_exactly_once_each()
    {
        var token = await IntegrationTokenAsync(_a!);
        var email = Unique.Email("nodes");
        var orders = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var created = await SendAsync(i % 2 == 0 ? _a! : _b!, HttpMethod.Post, "/api/orders", Body.Resource("orders", new { customer_email = email, currency_code = "EUR" }), token);
            created.Status.ShouldBe(HttpStatusCode.Created, created.Json.ToString());
            orders.Add(created.Json.GetProperty("data").GetProperty("id").GetString()!);
        }

        // Every order is placed twice at once, once on each node.
        var replies = await Task.WhenAll(orders.SelectMany(id => new[] { _a!, _b! }.Select(node =>
            SendAsync(node, HttpMethod.Patch, $"/api/orders/{id}", Body.Update("orders", id, new { _place = true }), token))));
        var customers = await SendAsync(_b!, HttpMethod.Get, $"/api/customers?filter[q][email_eq]={Uri.EscapeDataString(email)}", null, token);

        replies.ShouldAllBe(r => r.Status == HttpStatusCode.OK);
        customers.Json.GetProperty("meta").GetProperty("record_count").GetInt32().ShouldBe(1);
        var customer = customers.Json.GetProperty("data")[0].GetProperty("attributes");
        customer.GetProperty("total_orders_count").GetInt32().ShouldBe(6);
        customer.GetProperty("status").GetString().ShouldBe("repeat");
    }

    [Fact]
    public async Task A_refresh_token_used_on_one_node_is_dead_on_the_other()
    {
        var token = await IntegrationTokenAsync(_a!);
        var email = Unique.Email("rotate");
        (await SendAsync(_a!, HttpMethod.Post, "/api/customers", Body.Resource("customers", new { email, password = Unique.Password }), token)).Status.ShouldBe(HttpStatusCode.Created);
        var clientId = _salesChannel.GetProperty("client_id").GetString();
        var login = await TokenAsync(_a!, new { grant_type = "password", client_id = clientId, username = email, password = Unique.Password });
        var first = login.Json.GetProperty("refresh_token").GetString();

        var rotated = await TokenAsync(_a!, new { grant_type = "refresh_token", client_id = clientId, refresh_token = first });
        var reused = await TokenAsync(_b!, new { grant_type = "refresh_token", client_id = clientId, refresh_token = first });
        var next = await TokenAsync(_b!, new { grant_type = "refresh_token", client_id = clientId, refresh_token = rotated.Json.GetProperty("refresh_token").GetString() });

        rotated.Status.ShouldBe(HttpStatusCode.OK);
        reused.Status.ShouldBe(HttpStatusCode.Unauthorized);
        reused.Json.GetProperty("errors")[0].GetProperty("title").GetString().ShouldBe("invalid_grant");
        next.Status.ShouldBe(HttpStatusCode.OK);
    }
}
