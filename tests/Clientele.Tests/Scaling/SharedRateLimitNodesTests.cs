using System.Globalization;
using System.Net.Http.Headers;
using Clientele.Tests.OfficialClients;

namespace Clientele.Tests.Scaling;

/// <summary>
/// Two real server processes on one PostgreSQL database share their rate-limit counts: one client sending to both
/// gets about one allowance, not two (docs/scaling.md, "Rate limits across nodes").
/// </summary>
public sealed class SharedRateLimitNodesTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Test mode gets half the burst limit: 10 GET /api/customers a minute, so none leave the window during the test.</summary>
    private const int Limit = 10;
    private const int SyncMilliseconds = 50;

    /// <summary>
    /// Between two requests of the client. The documented bound allows each node to miss what the other admitted in
    /// the last 2 × (sync interval + exchange time), about 0.1 s here: less than one request at this pace.
    /// </summary>
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(200);

    /// <summary>Over the limit of 10: the bound at this pace is below one request; one more allows for a busy machine.</summary>
    private const int Overshoot = 2;

    private readonly string _database = $"clientele_limits_{Guid.NewGuid():N}";
    private string _url = "";
    private ServerProcess? _a, _b;
    private JsonElement _integration;

    public async ValueTask InitializeAsync()
    {
        _url = (await PostgresServer.SharedAsync()).DatabaseUrl(_database);
        await CommandAsync(["organizations", "create", "--slug", "limits", "--name", "Limits"]);
        _integration = JsonDocument.Parse(await CommandAsync(["applications", "create", "--organization", "limits", "--kind", "integration", "--name", "i", "--json"])).RootElement.Clone();
        string[] settings =
        [
            "--database", _url, "--Clientele:PasswordIterations=1000",
            "--Clientele:RateLimits:Enabled=true",
            $"--Clientele:RateLimits:BurstLimit={2 * Limit}",
            "--Clientele:RateLimits:BurstWindowSeconds=60",
            "--Clientele:RateLimits:AverageLimit=1000",
            $"--Clientele:RateLimits:SyncMilliseconds={SyncMilliseconds}",
        ];
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

    private sealed record Answer(ServerProcess Node, HttpStatusCode Status, string? Limit, string? Remaining, TimeSpan? RetryAfter);

    private static async Task<Answer> GetAsync(HttpClient http, ServerProcess node, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, node.BaseUrl + "/api/customers");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.api+json"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, Ct);
        string? Header(string name) => response.Headers.TryGetValues(name, out var values) ? values.Single() : null;
        return new Answer(node, response.StatusCode, Header("X-Ratelimit-Limit"), Header("X-Ratelimit-Remaining"), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task One_client_alternating_between_two_nodes_gets_about_one_allowance_not_two()
    {
        using var http = new HttpClient();
        using var token = await http.PostAsync(_a!.BaseUrl + "/oauth/token", new StringContent(JsonSerializer.Serialize(new
        {
            grant_type = "client_credentials",
            client_id = _integration.GetProperty("client_id").GetString(),
            client_secret = _integration.GetProperty("client_secret").GetString(),
        }), System.Text.Encoding.UTF8, "application/json"), Ct);
        var accessToken = JsonDocument.Parse(await token.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("access_token").GetString()!;

        // Twice the limit and more: counting alone, each node would admit the full limit.
        var answers = new List<Answer>();
        for (var i = 0; i < 2 * Limit + 4; i++)
        {
            answers.Add(await GetAsync(http, i % 2 == 0 ? _a! : _b!, accessToken));
            await Task.Delay(Pace, Ct);
        }

        var admitted = answers.Count(a => a.Status == HttpStatusCode.OK);
        var refused = answers.Where(a => a.Status == HttpStatusCode.TooManyRequests).ToList();
        var summary = string.Join(" ", answers.Select(a => $"{(a.Node == _a ? "A" : "B")}{(int)a.Status}/{a.Remaining}"));
        admitted.ShouldBeInRange(Limit, Limit + Overshoot, summary);
        (admitted + refused.Count).ShouldBe(answers.Count, summary);
        answers.ShouldAllBe(a => a.Limit == Limit.ToString(CultureInfo.InvariantCulture));
        // Both nodes refuse: each knows what the other admitted.
        refused.Select(a => a.Node).Distinct().Count().ShouldBe(2, summary);
        refused.ShouldAllBe(a => a.RetryAfter != null && a.RetryAfter.Value.TotalSeconds >= 1 && a.RetryAfter.Value.TotalSeconds <= 60);
        refused.ShouldAllBe(a => a.Remaining == "0");
    }
}
