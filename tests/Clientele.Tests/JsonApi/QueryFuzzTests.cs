using CsCheck;

namespace Clientele.Tests.JsonApi;

/// <summary>Random and mutated query strings: never a 5xx; and queries built from the grammar are never refused.</summary>
public abstract class QueryFuzzTests(ApiFixture api)
{
    public const int CasesPerRun = 1500;

    private static readonly string[] Attributes = ["email", "reference", "reference_origin", "status", "total_orders_count", "created_at", "updated_at",
        "metadata", "customer_group_name", "customer_group_code", "customer_group_id", "anonymization_status"];
    private static readonly string[] Predicates = ["eq", "not_eq", "eq_or_null", "in", "not_in", "cont", "start", "end", "matches", "lt", "lteq", "gt", "gteq",
        "null", "not_null", "present", "blank", "cont_any", "not_cont_all", "lt_all", "start_any", "jcont", "true", "false"];
    private static readonly string[] Values = ["", "a", "1", "-1", "abc,def", "2026-03-01", "2026-03-01T10:00:00+02:00", "true", "false", "%", "_", "\\", "{\"a\":1}",
        "[]", "null", "99999999999999999999", "1e309", "ß", "😀", "'", "\"", "%00", "a%2Cb", "\u0000", "\ud800"];
    private static readonly string[] Noise = ["[", "]", "[]", "=", "&", "%", "%zz", "..", ",", "-", "q", "filter", "page", "sort", "fields", "include", "😀", " ", "\u0000"];

    private static Gen<string> Filter =>
        from attribute in Gen.OneOf(Attributes)
        from second in Gen.OneOf(Attributes.Prepend("").ToArray())
        from predicate in Gen.OneOf(Predicates)
        from value in Gen.OneOf(Values)
        select $"filter[q][{attribute}{(second.Length > 0 ? "_or_" + second : "")}_{predicate}]={Uri.EscapeDataString(value)}";

    private static Gen<string> Part => Gen.OneOf(
        Filter,
        Gen.OneOf("page[number]", "page[size]").Select(Gen.OneOf("1", "0", "-3", "25", "26", "x", "", "2147483648")).Select((k, v) => $"{k}={v}"),
        Gen.OneOf("email", "-created_at", "status,-email", "bogus", "", ",", "-", "metadata", "password").Select(v => $"sort={v}"),
        Gen.OneOf("customer_group", "customer_group.customers", "customer_group.customers.customer_group", "a.b.c.d", "", "returns", ",").Select(v => $"include={v}"),
        Gen.OneOf("customers", "customer_groups", "nope", "").Select(Gen.OneOf("email", "name,status", "", "bogus", "customer_group")).Select((t, f) => $"fields[{t}]={f}"),
        Gen.OneOf(Noise).Array[1, 6].Select(parts => string.Concat(parts)));

    // A mutation: a random character spliced into, or cut out of, an otherwise well-formed query.
    private static Gen<string> Mutated =>
        from query in Part.Array[1, 4].Select(parts => string.Join("&", parts))
        from at in Gen.Int[0, 1000]
        from noise in Gen.OneOf(Noise)
        from cut in Gen.Bool
        select cut && query.Length > 0 ? query.Remove(at % query.Length, 1) : query.Insert(at % (query.Length + 1), noise);

    [Fact]
    public async Task Random_and_mutated_query_strings_never_give_a_server_error()
    {
        var client = await api.IntegrationAsync();
        var cases = 0;

        await Gen.OneOf(Mutated, Part.Array[1, 4].Select(parts => string.Join("&", parts))).SampleAsync(async query =>
        {
            Interlocked.Increment(ref cases);
            var reply = await client.Http.GetAsync($"/api/customers?{query}", TestContext.Current.CancellationToken);
            var body = await reply.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

            ((int)reply.StatusCode).ShouldBeLessThan(500, $"{query}\n{body}");
            if (reply.StatusCode != HttpStatusCode.OK)
            {
                using var json = JsonDocument.Parse(body);
                json.RootElement.GetProperty("errors").GetArrayLength().ShouldBeGreaterThan(0);
            }
        }, iter: CasesPerRun, threads: 2, print: q => q);

        TestContext.Current.SendDiagnosticMessage($"{api.Store}: {cases} fuzzed query strings");
    }

    private static readonly (string Attribute, string[] Predicates, string[] Values)[] Valid =
    [
        ("email", ["eq", "not_eq", "cont", "start", "end", "in", "matches", "null", "present", "blank", "cont_any"], ["a@b.co", "x", "a,b", "%", "true"]),
        ("reference_or_reference_origin", ["eq", "cont", "not_cont", "eq_or_null", "in_or_null", "start_any", "lt"], ["x", "", "a,b", "ß"]),
        ("total_orders_count", ["eq", "gt", "lteq", "in", "not_in", "lt_any"], ["0", "3", "1,2", "-7"]),
        ("created_at", ["gt", "lteq", "eq", "lt", "gteq", "not_eq"], ["2026-03-01", "2026-03-01T10:00:00Z", "2026-03-01T10:00:00+05:30", "2026-03-01T10:00:00.123Z"]),
        ("customer_group_name", ["eq", "cont", "null", "not_null", "in"], ["Gold", "true", "a,b"]),
        ("metadata", ["jcont"], ["{}", "{\"a\":1}", "[1]", "\"x\""]),
        ("status", ["eq", "in", "not_eq", "start"], ["prospect", "acquired,repeat"]),
    ];

    private static bool IsList(string predicate) => predicate is "in" or "not_in" || predicate.EndsWith("_any") || predicate.EndsWith("_all");

    [Fact]
    public async Task Queries_built_from_the_grammar_are_never_refused()
    {
        var client = await api.IntegrationAsync();
        var gen =
            from row in Gen.OneOf(Valid)
            from predicate in Gen.OneOf(row.Predicates)
            from value in Gen.OneOf(predicate is "null" or "not_null" or "present" or "blank" ? ["true", "false"]
                : IsList(predicate) ? row.Values : row.Values.Where(v => row.Attribute != "total_orders_count" || !v.Contains(',')).ToArray())
            from size in Gen.Int[1, 25]
            from sort in Gen.OneOf("created_at", "-created_at", "email,-status", "-total_orders_count,reference", "updated_at")
            from include in Gen.OneOf("", "&include=customer_group", "&include=customer_group.customers&fields[customer_groups]=name")
            select $"filter[q][{row.Attribute}_{predicate}]={Uri.EscapeDataString(value)}&page[size]={size}&page[number]=1&sort={sort}{include}";

        await gen.SampleAsync(async query =>
        {
            var reply = await client.GetAsync($"/api/customers?{query}");
            reply.Status.ShouldBe(HttpStatusCode.OK, $"{query}\n{reply.Text}");
        }, iter: CasesPerRun / 3, threads: 2, print: q => q);
    }
}

public sealed class QueryFuzzOnSqlite(SqliteApi api) : QueryFuzzTests(api), IClassFixture<SqliteApi>;

public sealed class QueryFuzzOnPostgres(PostgresApi api) : QueryFuzzTests(api), IClassFixture<PostgresApi>;
