using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Clientele.CustomerGroups;
using Clientele.Customers;
using CsCheck;
using Microsoft.EntityFrameworkCore;

namespace Clientele.Tests.JsonApi;

/// <summary>
/// Random rows and random filter[q] expressions: what the server answers must equal an independent evaluation
/// of the same expression over the same rows, written here from the contract (API.md §5).
/// </summary>
public abstract class FilterDifferentialTests(ApiFixture api)
{
    public const int CasesPerRun = 400;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Group(string Id, string Name, string? Code);

    private sealed record Row(string Id, string Email, string? Reference, string? ReferenceOrigin, string Status, int TotalOrders,
        DateTime CreatedAt, string Metadata, Group? Group);

    private enum Kind { Text, Integer, Date, Json }

    private sealed record Attribute(string Name, Kind Kind, Func<Row, object?> Get);

    private static readonly string?[] Texts = [null, "", " ", "\t", "abc", "ABC", "Abc d", "a%c", "a_c", "a\\c", "ß", "Straße", "STRASSE", "École", "école", "ÉCOLE", "Ωmega", "x", "xy", "%", "_", "it's", "Ünïcödé", "a,b"];
    private static readonly string[] TextValues = ["", " ", "a", "A", "abc", "ABC", "%", "_", "c", "é", "É", "ß", "straße", "ab", "x", "\\", "a%c", "a_c", "it's", "ü", "Ωmega", "a,b",
        // Three characters or more, which SQLite answers from the trigram index: cases that fold differently by
        // culture (İ, the Kelvin sign), LIKE and GLOB wildcards taken literally, and text spanning the @.
        "İst", "İSTANBUL", "\u212Aelvin", "KELVIN", "\u212AEL", "STRASSE", "Straße.", "ÉCOLE.1", "a%c_", "%c_d", "a*b", "*b?", "b?c", "[b]", "ple.com",
        ".1@", "1@ex", "abc.1", "\\%_", "\u00A0Ω", "🙂x🙂", "ünï"];
    private static readonly string[] Patterns = ["a%", "%c", "a_c", "%ß%", "%", "_", "é%", "%e%", "a\\%c", "a\\_c", "___", "%a%c%", "x_"];
    private static readonly DateTime[] Moments =
    [
        Utc("2026-02-28T23:59:59.999"), Utc("2026-03-01T00:00:00"), Utc("2026-03-01T12:00:00"), Utc("2026-03-01T23:59:59.999"),
        Utc("2026-03-02T00:00:00"), Utc("2026-03-02T00:00:00.001"),
    ];
    private static readonly string[] DateValues = ["2026-03-01", "2026-03-02", "2026-02-28", "2026-03-01T12:00:00Z", "2026-03-01T13:00:00+01:00", "2026-03-01T00:00:00.000Z", "2026-03-01T23:59:59.999Z"];
    private static readonly string[] Metadata = ["{}", """{"tier":"gold"}""", """{"tier":"Gold","n":1}""", """{"n":"1"}""", """{"tags":["a","b"],"n":1.0}""", """{"o":{"k":true}}""",
        """{"n":1,"items":[{"sku":"A","qty":2}],"o":{"k":null}}""", """{"n":1.5,"items":[{"sku":"B"},{"sku":"A","qty":2.0}]}""",
        """{"a.b":{"c d":[1,[2,"x"]]},"sku":"A"}""", """{"ab":"x","n":-0.0,"big":12345678901234567890,"flags":[true,null]}"""];
    private static readonly string[] JsonValues = ["{}", """{"tier":"gold"}""", """{"n":1}""", """{"n":"1"}""", """{"tags":["a"]}""", """{"tags":"a"}""", """{"o":{}}""", """{"o":{"k":"true"}}""", """{"o":{"k":true}}""", "[]",
        """{"n":1.0}""", """{"n":1e0}""", """{"n":0}""", """{"n":1.5}""", """{"n":15e-1}""", """{"items":[{"sku":"A"}]}""", """{"items":[{"qty":2}]}""", """{"items":[{"sku":"A","qty":2}]}""",
        """{"items":[{"sku":"B","qty":2}]}""", """{"sku":"A"}""", """{"a.b":{"c d":[[2]]}}""", """{"a.b":{"c d":[1]}}""", """{"a.b":{"c d":[2]}}""", """{"a\u0062":"x"}""",
        """{"flags":[null]}""", """{"flags":[false]}""", """{"o":{"k":null}}""", """{"big":12345678901234567890.0}""", """{"tier":"gold","n":1}""", "1", "\"gold\""];
    private static readonly string[] Locals = ["abc", "ABC", "Abcd", "İstanbul", "\u212Aelvin", "kelvin", "Straße", "École", "a%c_d", "a*b?c", "ünïcödé"];
    private static readonly string[] Statuses = ["prospect", "acquired", "repeat"];

    private static readonly Attribute[] Attributes =
    [
        new("reference", Kind.Text, r => r.Reference),
        new("reference_origin", Kind.Text, r => r.ReferenceOrigin),
        new("email", Kind.Text, r => r.Email),
        new("status", Kind.Text, r => r.Status),
        new("customer_group_name", Kind.Text, r => r.Group?.Name),
        new("customer_group_code", Kind.Text, r => r.Group?.Code),
        new("total_orders_count", Kind.Integer, r => r.TotalOrders),
        new("created_at", Kind.Date, r => r.CreatedAt),
        new("metadata", Kind.Json, r => r.Metadata),
    ];

    private static readonly string[] TextPredicates = ["eq", "not_eq", "eq_or_null", "not_eq_or_null", "in", "not_in", "in_or_null", "not_in_or_null",
        "cont", "not_cont", "start", "not_start", "end", "not_end", "matches", "does_not_match", "lt", "lteq", "gt", "gteq",
        "cont_any", "cont_all", "not_cont_all", "start_any", "end_all", "matches_any", "matches_all", "not_eq_all", "eq_any", "lt_any", "gteq_all",
        "null", "not_null", "present", "blank"];
    private static readonly string[] NumberPredicates = ["eq", "not_eq", "lt", "lteq", "gt", "gteq", "in", "not_in", "lt_any", "gt_all", "null", "not_null"];
    private static readonly string[] DatePredicates = ["eq", "not_eq", "lt", "lteq", "gt", "gteq", "in", "not_in", "eq_or_null", "null", "not_null"];
    private static readonly string[] JsonPredicates = ["jcont", "null", "not_null"];

    // One set of rows per database, shared by the tests of a class (xunit makes an instance per test; they run in turn).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ApiFixture, List<Row>> Seeded = [];

    private async Task<List<Row>> SeedAsync()
    {
        if (Seeded.TryGetValue(api, out var seeded)) return seeded;
        var random = new Random(20261203);
        var groups = new List<Group>();
        var rows = new List<Row>();
        await api.WithDbAsync(async db =>
        {
            foreach (var (name, code) in new[] { ("Gold", "g1"), ("gold", (string?)null), ("Silver", "ß-s") })
            {
                var group = new CustomerGroup { Name = name, Code = code };
                db.CustomerGroups.Add(group);
                groups.Add(new Group(group.Id, name, code));
            }
            for (var i = 0; i < 25; i++)
            {
                var group = random.Next(4) is var g && g < 3 ? groups[g] : null;
                var customer = new Customer
                {
                    Email = EmailAddress.Canonicalize($"{Locals[random.Next(Locals.Length)]}.{i}@Example.COM")!,
                    Reference = Texts[random.Next(Texts.Length)],
                    ReferenceOrigin = Texts[random.Next(Texts.Length)],
                    Status = Statuses[random.Next(3)],
                    TotalOrdersCount = random.Next(4),
                    Metadata = Metadata[random.Next(Metadata.Length)],
                    CustomerGroupId = group?.Id,
                };
                db.Customers.Add(customer);
                rows.Add(new Row(customer.Id, customer.Email, customer.Reference, customer.ReferenceOrigin, customer.Status, customer.TotalOrdersCount,
                    Moments[random.Next(Moments.Length)], customer.Metadata, group));
            }
            await db.SaveChangesAsync(Ct);
            // created_at is stamped on insert; boundary moments are set afterwards, bypassing the stamp.
            foreach (var row in rows)
                await db.Customers.Where(c => c.Id == row.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.CreatedAt, row.CreatedAt), Ct);
        });
        Seeded.AddOrUpdate(api, rows);
        return rows;
    }

    private sealed record Clause(Attribute[] Attributes, string Predicate, string Value)
    {
        public string Key => $"filter[q][{string.Join("_or_", Attributes.Select(a => a.Name))}_{Predicate}]";
        public override string ToString() => $"{Key}={Value}";
    }

    private static Gen<string> ValueFor(Kind kind, string predicate)
    {
        if (predicate is "null" or "not_null" or "present" or "blank") return Gen.OneOf("true", "false");
        var multi = predicate is "in" or "not_in" or "in_or_null" or "not_in_or_null" || predicate.EndsWith("_any") || predicate.EndsWith("_all");
        var single = kind switch
        {
            Kind.Text when predicate.Contains("matches") => Gen.OneOf(Patterns),
            Kind.Text => Gen.OneOf(TextValues),
            Kind.Integer => Gen.OneOf("0", "1", "2", "3", "-1"),
            Kind.Date => Gen.OneOf(DateValues),
            _ => Gen.OneOf(JsonValues),
        };
        return multi ? single.Array[1, 3].Select(values => string.Join(",", values)) : single;
    }

    private static Gen<Clause> ClauseGen =>
        from first in Gen.OneOf(Attributes)
        from second in Gen.OneOf(Attributes.Where(a => a.Kind == first.Kind && a != first).Prepend(null).ToArray())
        from predicate in Gen.OneOf(first.Kind switch { Kind.Text => TextPredicates, Kind.Integer => NumberPredicates, Kind.Date => DatePredicates, _ => JsonPredicates })
        from value in ValueFor(first.Kind, predicate)
        select new Clause(second is null || predicate == "jcont" ? [first] : [first, second], predicate, value);

    [Fact]
    public async Task Server_filters_equal_an_independent_evaluation_over_the_same_rows()
    {
        var rows = await SeedAsync();
        var client = await api.IntegrationAsync();
        var cases = 0;

        // Distinct keys: a repeated query parameter keeps only its last value.
        await ClauseGen.Array[1, 2].Where(cs => cs.Select(c => c.Key).Distinct().Count() == cs.Length).SampleAsync(async clauses =>
        {
            Interlocked.Increment(ref cases);
            var query = string.Join("&", clauses.Select(c => $"{c.Key}={Uri.EscapeDataString(c.Value)}"));
            var reply = await client.GetAsync($"/api/customers?page[size]=25&{query}");

            reply.Status.ShouldBe(HttpStatusCode.OK, $"{query}\n{reply.Text}");
            var expected = rows.Where(r => clauses.All(c => Matches(r, c))).Select(r => r.Id).Order().ToList();
            var actual = reply.Ids.Order().ToList();
            string Describe(string id) => rows.Single(r => r.Id == id).ToString();
            actual.ShouldBe(expected, $"{string.Join(" & ", clauses.Select(c => c.ToString()))}\nmissing: {string.Join("\n", expected.Except(actual).Select(Describe))}\nextra: {string.Join("\n", actual.Except(expected).Select(Describe))}");
        }, iter: CasesPerRun, threads: 1, print: clauses => string.Join(" & ", clauses.Select(c => c.ToString())));

        TestContext.Current.SendDiagnosticMessage($"{api.Store}: {cases} generated filter cases");
        cases.ShouldBeGreaterThanOrEqualTo(CasesPerRun);
    }

    /// <summary>
    /// Every text value with the email substring predicates, and every JSON value with jcont: the filters SQLite
    /// narrows through its side tables (three characters or more; patterns with a scalar), compared exhaustively.
    /// </summary>
    [Fact]
    public async Task Indexed_filters_equal_an_independent_evaluation_for_every_value()
    {
        var rows = await SeedAsync();
        var client = await api.IntegrationAsync();
        var email = Attributes.Single(a => a.Name == "email");
        var metadata = Attributes.Single(a => a.Name == "metadata");
        var clauses = new[] { "cont", "start", "end", "not_cont", "cont_all" }.SelectMany(p => TextValues.Select(v => new Clause([email], p, v)))
            .Append(new Clause([email], "cont_any", string.Join(",", TextValues.Where(v => v.Length >= 3 && !v.Contains(',')).Take(4))))
            .Concat(JsonValues.Select(v => new Clause([metadata], "jcont", v)));
        foreach (var clause in clauses)
        {
            var reply = await client.GetAsync($"/api/customers?page[size]=25&{clause.Key}={Uri.EscapeDataString(clause.Value)}");

            reply.Status.ShouldBe(HttpStatusCode.OK, $"{clause}\n{reply.Text}");
            reply.Ids.Order().ShouldBe(rows.Where(r => Matches(r, clause)).Select(r => r.Id).Order(), clause.ToString());
        }
    }

    // ---- the independent evaluation, from the contract ----

    private static bool Matches(Row row, Clause clause) => clause.Attributes.Any(a => Evaluate(a, a.Get(row), clause.Predicate, clause.Value));

    private static bool Evaluate(Attribute attribute, object? actual, string predicate, string raw)
    {
        switch (predicate)
        {
            case "null": return (actual is null) == (raw == "true");
            case "not_null": return (actual is not null) == (raw == "true");
            case "present": return IsPresent(actual) == (raw == "true");
            case "blank": return !IsPresent(actual) == (raw == "true");
            case "jcont": return actual is string doc && JsonContains(JsonDocument.Parse(doc).RootElement, JsonDocument.Parse(raw).RootElement, top: true);
        }
        var values = raw.Split(',');
        switch (predicate)
        {
            case "in": return actual is not null && values.Any(v => Single(attribute, actual, "eq", v));
            case "not_in": return actual is not null && !values.Any(v => Single(attribute, actual, "eq", v));
            case "in_or_null": return actual is null || values.Any(v => Single(attribute, actual, "eq", v));
            case "not_in_or_null": return actual is null || !values.Any(v => Single(attribute, actual, "eq", v));
        }
        if (predicate.EndsWith("_any")) return values.Any(v => Single(attribute, actual, predicate[..^4], v));
        if (predicate.EndsWith("_all")) return values.All(v => Single(attribute, actual, predicate[..^4], v));
        return Single(attribute, actual, predicate, raw);
    }

    private static bool IsPresent(object? value) => value is not null && (value is not string s || s.Trim(' ', '\t', '\n', '\r', '\f', '\v').Length > 0);

    private static bool Single(Attribute attribute, object? actual, string predicate, string raw)
    {
        if (predicate == "eq_or_null") return actual is null || Single(attribute, actual, "eq", raw);
        if (predicate == "not_eq_or_null") return actual is null || !Single(attribute, actual, "eq", raw);
        if (actual is null) return false;
        if (predicate.StartsWith("not_") || predicate == "does_not_match")
            return !Single(attribute, actual, predicate == "does_not_match" ? "matches" : predicate[4..], raw);
        return actual switch
        {
            string s => Text(attribute, s, predicate, raw),
            int n => Compare(n.CompareTo(int.Parse(raw, CultureInfo.InvariantCulture)), predicate),
            DateTime d => Date(d, predicate, raw),
            _ => throw new InvalidOperationException(),
        };
    }

    private static bool Text(Attribute attribute, string actual, string predicate, string raw)
    {
        var value = attribute.Name == "email" && predicate == "eq" ? EmailAddress.Canonicalize(raw) ?? raw.Trim().ToLowerInvariant() : raw;
        string lower = actual.ToLowerInvariant(), needle = raw.ToLowerInvariant();
        return predicate switch
        {
            "eq" => actual == value,
            "cont" => lower.Contains(needle, StringComparison.Ordinal),
            "start" => lower.StartsWith(needle, StringComparison.Ordinal),
            "end" => lower.EndsWith(needle, StringComparison.Ordinal),
            "matches" => Like(lower, needle),
            _ => Compare(string.CompareOrdinal(actual, raw), predicate),
        };
    }

    private static bool Compare(int order, string predicate) => predicate switch
    {
        "eq" => order == 0,
        "lt" => order < 0,
        "lteq" => order <= 0,
        "gt" => order > 0,
        "gteq" => order >= 0,
        _ => throw new InvalidOperationException(predicate),
    };

    private static bool Date(DateTime actual, string predicate, string raw)
    {
        if (DateOnly.TryParseExact(raw, "yyyy-MM-dd", out var day))
        {
            var start = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            var end = start.AddDays(1);
            return predicate switch
            {
                "eq" => actual >= start && actual < end,
                "lteq" => actual < end,
                _ => Compare(actual.CompareTo(start), predicate),
            };
        }
        return Compare(actual.CompareTo(DateTimeOffset.Parse(raw, CultureInfo.InvariantCulture).UtcDateTime), predicate);
    }

    // SQL LIKE with % (any run), _ (one character) and \ escaping the next character.
    private static bool Like(string text, string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length) regex.Append(Regex.Escape(pattern[++i].ToString()));
            else if (c == '%') regex.Append(".*");
            else if (c == '_') regex.Append('.');
            else regex.Append(Regex.Escape(c.ToString()));
        }
        return Regex.IsMatch(text, regex.Append('$').ToString(), RegexOptions.Singleline);
    }

    private static bool JsonContains(JsonElement doc, JsonElement pattern, bool top)
    {
        static bool Scalar(JsonElement e) => e.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array);
        static bool Same(JsonElement a, JsonElement b) => a.ValueKind == b.ValueKind && (a.ValueKind switch
        {
            JsonValueKind.Number => a.GetDecimal() == b.GetDecimal(),
            JsonValueKind.String => a.GetString() == b.GetString(),
            _ => true,
        });
        if (top && doc.ValueKind == JsonValueKind.Array && Scalar(pattern)) return doc.EnumerateArray().Any(e => Same(e, pattern));
        return pattern.ValueKind switch
        {
            JsonValueKind.Object => doc.ValueKind == JsonValueKind.Object
                && pattern.EnumerateObject().All(p => doc.TryGetProperty(p.Name, out var v) && JsonContains(v, p.Value, false)),
            JsonValueKind.Array => doc.ValueKind == JsonValueKind.Array
                && pattern.EnumerateArray().All(p => doc.EnumerateArray().Any(d => Scalar(p) ? Same(d, p) : JsonContains(d, p, false))),
            _ => Same(doc, pattern),
        };
    }

    private static DateTime Utc(string value) => DateTime.SpecifyKind(DateTime.Parse(value, CultureInfo.InvariantCulture), DateTimeKind.Utc);
}

public sealed class FilterDifferentialOnSqlite(SqliteApi api) : FilterDifferentialTests(api), IClassFixture<SqliteApi>;

public sealed class FilterDifferentialOnPostgres(PostgresApi api) : FilterDifferentialTests(api), IClassFixture<PostgresApi>;
