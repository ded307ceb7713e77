using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Clientele.Tests.OfficialClients;

namespace Clientele.Tests.Protection;

/// <summary>
/// A real server process killed with SIGKILL in the middle of concurrent writes, then restarted on the same
/// database: every write that was answered 2xx is there, and the customers' counters agree with their orders.
/// </summary>
public sealed class CrashTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Writes_answered_before_a_SIGKILL_survive_the_restart_and_counters_stay_consistent(string store)
    {
        var pgName = $"clientele_crash_{Guid.NewGuid():N}";
        string[] settings = store == "postgres" ? ["--database", (await PostgresServer.SharedAsync()).DatabaseUrl(pgName), "--Clientele:PasswordIterations=1000"] : ["--Clientele:PasswordIterations=1000"];
        await using var first = await ServerProcess.StartAsync(settings, Ct);
        var database = store == "postgres" ? settings[1] : first.Database;
        var app = await CredentialsAsync(database);
        var token = await TokenAsync(first.BaseUrl, app);

        var buyers = Enumerable.Range(0, 4).Select(i => Unique.Email($"buyer{i}")).ToArray();
        var created = new ConcurrentBag<string>();
        var placed = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(4));
        var watch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, 6).Select(w => Task.Run(async () =>
        {
            using var http = Client(first.BaseUrl, token);
            for (var i = 0; i < 300 && !stop.IsCancellationRequested; i++)
            {
                try
                {
                    if (w % 2 == 0)
                    {
                        var email = Unique.Email($"crash{w}");
                        if ((await SendAsync(http, HttpMethod.Post, "/api/customers", Body.Resource("customers", new { email }))).Status == HttpStatusCode.Created) created.Add(email);
                    }
                    else
                    {
                        var order = await SendAsync(http, HttpMethod.Post, "/api/orders", Body.Resource("orders", new { customer_email = buyers[i % buyers.Length], currency_code = "EUR" }));
                        if (order.Status != HttpStatusCode.Created) continue;
                        var id = order.Json.GetProperty("data").GetProperty("id").GetString()!;
                        if ((await SendAsync(http, HttpMethod.Patch, $"/api/orders/{id}", Body.Update("orders", id, new { _place = true }))).Status == HttpStatusCode.OK) placed.Add(id);
                    }
                }
                catch (HttpRequestException)
                {
                    return; // the server is gone
                }
                catch (TaskCanceledException)
                {
                    return;
                }
            }
        })).ToList();
        while (created.Count + placed.Count < 40 && watch.Elapsed < TimeSpan.FromSeconds(3)) await Task.Delay(20, Ct);
        await first.KillAsync();
        await Task.WhenAll(workers);

        await using var second = await ServerProcess.StartAsync([.. settings, "--database", database], Ct);
        using var check = Client(second.BaseUrl, await TokenAsync(second.BaseUrl, app));
        foreach (var email in created)
        {
            var found = await SendAsync(check, HttpMethod.Get, $"/api/customers?filter[q][email_eq]={Uri.EscapeDataString(email)}", null);
            found.Json.GetProperty("meta").GetProperty("record_count").GetInt32().ShouldBe(1, $"{email} was answered 201 but is gone");
        }
        foreach (var id in placed)
        {
            var order = await SendAsync(check, HttpMethod.Get, $"/api/orders/{id}", null);
            order.Json.GetProperty("data").GetProperty("attributes").GetProperty("status").GetString().ShouldBe("placed", $"order {id} was answered placed");
        }
        foreach (var email in buyers)
        {
            var customers = await SendAsync(check, HttpMethod.Get, $"/api/customers?filter[q][email_eq]={Uri.EscapeDataString(email)}", null);
            if (customers.Json.GetProperty("meta").GetProperty("record_count").GetInt32() == 0) continue;
            var customer = customers.Json.GetProperty("data")[0];
            var count = customer.GetProperty("attributes").GetProperty("total_orders_count").GetInt32();
            var orders = await SendAsync(check, HttpMethod.Get, $"/api/orders?filter[q][customer_id_eq]={customer.GetProperty("id").GetString()}&filter[q][status_eq]=placed", null);
            orders.Json.GetProperty("meta").GetProperty("record_count").GetInt32().ShouldBe(count, $"{email}: total_orders_count disagrees with its placed orders");
            customer.GetProperty("attributes").GetProperty("status").GetString().ShouldBe(count switch { 0 => "prospect", 1 => "acquired", _ => "repeat" });
        }
        (created.Count + placed.Count).ShouldBeGreaterThan(0);
        TestContext.Current.SendDiagnosticMessage($"{store}: {created.Count} creates and {placed.Count} placements answered before the kill");
    }

    private static async Task<JsonElement> CredentialsAsync(string database)
    {
        var slug = $"crash{Guid.NewGuid():N}"[..20];
        (await ClienteleExecutable.RunAsync(["organizations", "create", "--slug", slug, "--name", "Crash", "--database", database], TimeSpan.FromMinutes(2), Ct)).ExitCode.ShouldBe(0);
        var app = await ClienteleExecutable.RunAsync(["applications", "create", "--organization", slug, "--kind", "integration", "--name", "c", "--json", "--database", database], TimeSpan.FromMinutes(2), Ct);
        return JsonDocument.Parse(app.Stdout).RootElement.Clone();
    }

    private static async Task<string> TokenAsync(string baseUrl, JsonElement app)
    {
        using var http = new HttpClient();
        var body = JsonSerializer.Serialize(new { grant_type = "client_credentials", client_id = app.GetProperty("client_id").GetString(), client_secret = app.GetProperty("client_secret").GetString() });
        using var reply = await http.PostAsync($"{baseUrl}/oauth/token", new StringContent(body, Encoding.UTF8, "application/json"), Ct);
        return JsonDocument.Parse(await reply.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("access_token").GetString()!;
    }

    private static HttpClient Client(string baseUrl, string token)
    {
        var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.api+json"));
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Json)> SendAsync(HttpClient http, HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/vnd.api+json");
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }
}
