using System.Net.Http.Headers;
using System.Text;

namespace Clientele.Tests.Protection;

/// <summary>
/// Random and mutated requests against every endpoint (bodies, headers, query strings, ids, tokens) from a fixed
/// seed: never a 5xx, and every error is a JSON body. CLIENTELE_FUZZ_REQUESTS and CLIENTELE_FUZZ_SEED run it longer
/// or differently.
/// </summary>
public abstract class EndpointFuzzTests(ApiFixture api)
{
    private static readonly int Requests = int.TryParse(Environment.GetEnvironmentVariable("CLIENTELE_FUZZ_REQUESTS"), out var n) ? n : 2000;
    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("CLIENTELE_FUZZ_SEED"), out var s) ? s : 20261203;

    private static readonly string[] Types = ["customers", "customer_groups", "addresses", "customer_addresses", "customer_subscriptions",
        "customer_payment_sources", "customer_password_resets", "orders", "price_lists", "markets", "tags"];
    private static readonly string[] Attributes = ["email", "password", "name", "code", "reference", "metadata", "customer_email", "currency_code",
        "total_amount_cents", "_place", "_cancel", "_approve", "_add_tags", "_remove_tags", "_request_anonymization", "first_name", "last_name",
        "line_1", "city", "country_code", "phone", "business", "lat", "lng", "tax_included", "customer_password", "_reset_password_token", "status"];
    private static readonly string[] Relationships = ["customer", "customer_group", "address", "price_list", "market", "tags", "payment_source", "orders"];
    private static readonly string[] Media = ["application/vnd.api+json", "application/json", "text/plain", "application/vnd.api+json; charset=utf-8", "", "*/*", "application/x-www-form-urlencoded"];
    private static readonly string[] Paths = ["", "/{id}", "/{id}/customer", "/{id}/customers", "/{id}/relationships/customer_group", "/{id}/orders", "/{id}/tags", "/{id}/market", "/{id}/address"];

    private static object? Value(Random r, int depth = 0) => r.Next(depth > 3 ? 8 : 11) switch
    {
        0 => null,
        1 => r.Next(2) == 0,
        2 => r.NextInt64(long.MinValue, long.MaxValue),
        3 => r.NextDouble() * Math.Pow(10, r.Next(-300, 300)),
        4 => "",
        5 => new string((char)r.Next(0x20, 0x2FFF), r.Next(1, 300)),
        6 => "a@b.co",
        7 => r.Next(3) == 0 ? "EUR" : "true",
        8 => Enumerable.Range(0, r.Next(4)).Select(_ => Value(r, depth + 1)).ToArray(),
        9 => Enumerable.Range(0, r.Next(4)).ToDictionary(i => $"k{i}", _ => Value(r, depth + 1)),
        _ => new { type = Types[r.Next(Types.Length)], id = r.Next(2) == 0 ? "AbCdEfGhIj" : Value(r, depth + 1) },
    };

    private static string Body(Random r, string type, string? id)
    {
        switch (r.Next(12))
        {
            case 0: return "";
            case 1: return "{";
            case 2: return new string('[', 200) + new string(']', 200);
            case 3: return JsonSerializer.Serialize(Value(r));
            case 4: return $"{{\"data\":{{\"type\":\"{type}\",\"attributes\":{{\"email\":\"a@b.co\",\"email\":1}}}}}}";
        }
        var attributes = Enumerable.Range(0, r.Next(5)).Select(_ => Attributes[r.Next(Attributes.Length)]).Distinct().ToDictionary(name => name, _ => Value(r));
        var relationships = Enumerable.Range(0, r.Next(3)).Select(_ => Relationships[r.Next(Relationships.Length)]).Distinct()
            .ToDictionary(name => name, _ => r.Next(4) == 0 ? Value(r) : new { data = r.Next(3) == 0 ? null : Value(r) });
        var data = new Dictionary<string, object?> { ["type"] = r.Next(8) == 0 ? Types[r.Next(Types.Length)] : type, ["attributes"] = attributes, ["relationships"] = relationships };
        if (id is not null && r.Next(4) > 0) data["id"] = r.Next(5) == 0 ? "other" : id;
        return JsonSerializer.Serialize(new { data });
    }

    [Fact]
    public async Task Random_requests_to_every_endpoint_never_get_a_server_error()
    {
        var random = new Random(Seed);
        var integration = await api.IntegrationTokenAsync();
        var tokens = new[] { integration, await api.GuestTokenAsync(), (await api.CustomerAsync()).Token.GetProperty("access_token").GetString()!, "garbage", "a.b.c", integration[..^4] + "AAAA" };
        var ids = new List<string> { "AbCdEfGhIj", "../../etc", "%00", "x", new string('z', 300) };
        foreach (var type in new[] { "customers", "customer_groups" })
        {
            var created = await api.Client(integration).PostAsync($"/api/{type}", Body_(type));
            if (created.Status == HttpStatusCode.Created) ids.Add(created.Id);
        }
        var http = api.CreateClient();
        var failures = new List<string>();

        for (var i = 0; i < Requests; i++)
        {
            var type = Types[random.Next(Types.Length)];
            var id = ids[random.Next(ids.Count)];
            var method = new[] { HttpMethod.Get, HttpMethod.Get, HttpMethod.Post, HttpMethod.Patch, HttpMethod.Delete, HttpMethod.Put }[random.Next(6)];
            var path = $"/api/{type}" + Paths[random.Next(Paths.Length)].Replace("{id}", Uri.EscapeDataString(id));
            if (random.Next(6) == 0) path += "?" + new[] { "include=customer_group", "fields[customers]=email", "filter[q][email_cont]=%25", "page[size]=0", "sort=-id", "include=a.b.c.d" }[random.Next(6)];
            using var request = new HttpRequestMessage(method, path);
            if (random.Next(8) > 0) request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + tokens[random.Next(tokens.Length)]);
            request.Headers.TryAddWithoutValidation("Accept", Media[random.Next(Media.Length)]);
            if (method != HttpMethod.Get && method != HttpMethod.Delete || random.Next(10) == 0)
            {
                request.Content = new StringContent(Body(random, type, id), Encoding.UTF8);
                var media = Media[random.Next(Media.Length)];
                request.Content.Headers.ContentType = media.Length == 0 ? null : MediaTypeHeaderValue.Parse(media);
            }
            using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
            var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            if ((int)response.StatusCode >= 500) failures.Add($"{method} {path} -> {(int)response.StatusCode} {text}");
            else if (!response.IsSuccessStatusCode && text.Length > 0 && !text.TrimStart().StartsWith('{')) failures.Add($"{method} {path} -> {(int)response.StatusCode} not JSON: {text}");
        }

        failures.ShouldBeEmpty();
    }

    private static object Body_(string type) => type == "customers"
        ? Infrastructure.Body.Resource(type, new { email = Unique.Email("fuzz") })
        : Infrastructure.Body.Resource(type, new { name = "fuzz" });
}

public sealed class EndpointFuzzOnSqlite(SqliteApi api) : EndpointFuzzTests(api), IClassFixture<SqliteApi>;

public sealed class EndpointFuzzOnPostgres(PostgresApi api) : EndpointFuzzTests(api), IClassFixture<PostgresApi>;
