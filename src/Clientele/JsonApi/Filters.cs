using System.Globalization;
using System.Linq.Expressions;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Clientele.JsonApi;

/// <summary>An attribute reached through zero or more relationships: customer_group_name = [customer_group] + name.</summary>
public sealed record AttributePath(IReadOnlyList<RelationshipField> Hops, AttributeField Attribute);

/// <summary>One attribute of a filter with the values parsed for it (each attribute normalises values its own way).</summary>
public sealed record FilterTerm(AttributePath Path, IReadOnlyList<FilterValue> Values);

/// <summary>One filter[q][...] parameter: terms ORed together under one predicate.</summary>
public sealed record FilterClause(string Parameter, IReadOnlyList<FilterTerm> Terms, Predicate Predicate);

/// <summary>A parsed filter value; a bare date covers [Value, DayEnd).</summary>
public sealed record FilterValue(object? Value, DateTime? DayEnd = null);

/// <summary>How many values a predicate takes.</summary>
public enum Arity { One, Many, Flag }

/// <summary>
/// The attribute's SQL expression, the parsed values, whether the database is PostgreSQL, and the index that may
/// narrow the predicate to candidate rows first (given a predicate name without _any/_all and one value).
/// </summary>
public readonly record struct PredicateInput(Expression Member, IReadOnlyList<FilterValue> Values, bool Postgres,
    Func<string, FilterValue, Expression?>? Candidates = null);

/// <summary>One Ransack predicate: its name, arity, the kinds it applies to and its SQL-translatable expression.</summary>
public sealed record Predicate(string Name, Arity Arity, ValueKind[] Kinds, Func<PredicateInput, Expression> Build);

/// <summary>Parses filter[q][attr_predicate] keys and values, and turns clauses into one WHERE expression.</summary>
public static class FilterParser
{
    private const int MaxPathDepth = 3;

    /// <summary>
    /// The most comparisons (attributes times values, over every filter of a request) one query may hold. Each is a
    /// SQL parameter and one more level of the WHERE clause's AND/OR chain, and databases limit both: SQLite refuses
    /// expressions deeper than 1000, PostgreSQL statements with more than 65535 parameters.
    /// </summary>
    public const int MaxComparisons = 500;

    public static void Parse(string parameter, string key, string raw, ResourceType type, ResourceRegistry registry, List<FilterClause> filters, List<JsonApiError> errors)
    {
        foreach (var predicate in Predicates.ByLongestName)
        {
            if (!key.EndsWith("_" + predicate.Name, StringComparison.Ordinal)) continue;
            var attributes = key[..^(predicate.Name.Length + 1)];
            var paths = attributes.Split("_or_").Select(a => Resolve(a, type, registry, 0)).ToList();
            if (paths.Any(p => p is null)) continue;
            if (paths.Any(p => !predicate.Kinds.Contains(p!.Attribute.Kind)))
            {
                errors.Add(JsonApiError.BadParameter("FILTER_NOT_ALLOWED", parameter, $"{predicate.Name} does not apply to {attributes}"));
                return;
            }
            var kind = paths[0]!.Attribute.Kind;
            if (paths.Any(p => p!.Attribute.Kind != kind))
            {
                errors.Add(JsonApiError.BadParameter("FILTER_NOT_ALLOWED", parameter, $"{attributes} mixes attributes of different types"));
                return;
            }
            var terms = new List<FilterTerm>();
            foreach (var path in paths)
            {
                if (ParseValues(predicate, path!.Attribute, raw) is not { } values)
                {
                    errors.Add(JsonApiError.BadParameter("INVALID_FILTER_VALUE", parameter, $"'{raw}' is not a valid value for {key}"));
                    return;
                }
                terms.Add(new FilterTerm(path, values));
            }
            if (filters.Sum(Comparisons) + Comparisons(new FilterClause(parameter, terms, predicate)) > MaxComparisons)
            {
                errors.Add(JsonApiError.BadParameter("INVALID_FILTER_VALUE", parameter, $"Filters may compare at most {MaxComparisons} values in all"));
                return;
            }
            filters.Add(new FilterClause(parameter, terms, predicate));
            return;
        }
        errors.Add(JsonApiError.BadParameter("FILTER_NOT_ALLOWED", parameter, $"{key} is not a filter of {type.Name}"));
    }

    private static int Comparisons(FilterClause clause) => clause.Terms.Sum(t => t.Values.Count);

    private static AttributePath? Resolve(string name, ResourceType type, ResourceRegistry registry, int depth)
    {
        if (type.Attributes.TryGetValue(name, out var attribute))
            return attribute.Can(Access.Filter) ? new AttributePath([], attribute) : null;
        if (depth >= MaxPathDepth) return null;
        foreach (var relationship in type.Relationships.Values)
        {
            // customer_group_name, customer_group_id: the rest is an attribute (id included) of the related type.
            if (name.StartsWith(relationship.Name + "_", StringComparison.Ordinal)
                && Resolve(name[(relationship.Name.Length + 1)..], relationship.Target(registry), registry, depth + 1) is { } inner)
                return new AttributePath([relationship, .. inner.Hops], inner.Attribute);
        }
        return null;
    }

    private static List<FilterValue>? ParseValues(Predicate predicate, AttributeField attribute, string raw)
    {
        if (predicate.Arity == Arity.Flag)
            return raw switch { "true" or "1" => [new FilterValue(true)], "false" or "0" => [new FilterValue(false)], _ => null };
        var parts = predicate.Arity == Arity.Many ? raw.Split(',') : [raw];
        var values = new List<FilterValue>(parts.Length);
        foreach (var part in parts)
        {
            if (ParseValue(attribute, part, predicate.Name) is not { } value) return null;
            values.Add(value);
        }
        return values;
    }

    private static FilterValue? ParseValue(AttributeField attribute, string raw, string predicate)
    {
        switch (attribute.Kind)
        {
            case ValueKind.String:
                // No stored string holds NUL, and PostgreSQL refuses it as a parameter.
                if (raw.Contains('\0')) return null;
                var exact = predicate is "eq" or "not_eq" or "eq_or_null" or "not_eq_or_null" or "in" or "not_in" or "in_or_null" or "not_in_or_null"
                    or "eq_any" or "eq_all" or "not_eq_any" or "not_eq_all";
                return new FilterValue(exact && attribute.FilterValue is { } normalize ? normalize(raw) : raw);
            case ValueKind.Integer:
                if (!long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return null;
                // The value takes the attribute's own type: amounts in cents are 64-bit, counts 32-bit.
                if ((Nullable.GetUnderlyingType(attribute.Selector.ReturnType) ?? attribute.Selector.ReturnType) == typeof(long)) return new FilterValue(l);
                return l is >= int.MinValue and <= int.MaxValue ? new FilterValue((int)l) : null;
            case ValueKind.Boolean:
                return raw switch { "true" or "1" => new FilterValue(true), "false" or "0" => new FilterValue(false), _ => null };
            case ValueKind.DateTime:
                if (DateOnly.TryParseExact(raw, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                {
                    var start = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
                    return new FilterValue(start, day == DateOnly.MaxValue ? DateTime.MaxValue : start.AddDays(1));
                }
                return DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment)
                    ? new FilterValue(moment.UtcDateTime) : null;
            case ValueKind.Object:
                try
                {
                    using var json = JsonDocument.Parse(raw);
                    return StorableJson.FindUnstorable(json.RootElement) is null ? new FilterValue(json.RootElement.GetRawText()) : null;
                }
                catch (JsonException)
                {
                    return null;
                }
            default:
                return null;
        }
    }

    /// <summary>All clauses ANDed, each clause's attributes ORed, as one predicate over <typeparamref name="T"/>.</summary>
    public static Expression<Func<T, bool>>? Build<T>(RequestContext ctx, IReadOnlyList<FilterClause> clauses)
    {
        if (clauses.Count == 0) return null;
        var entity = Expression.Parameter(typeof(T), "e");
        var body = clauses.Select(c => c.Terms.Select(t => BuildPath(ctx, entity, t.Path.Hops, t, c.Predicate)).Aggregate(Expression.OrElse))
            .Aggregate(Expression.AndAlso);
        return Expression.Lambda<Func<T, bool>>(body, entity);
    }

    private static Expression BuildPath(RequestContext ctx, Expression source, IReadOnlyList<RelationshipField> hops, FilterTerm term, Predicate predicate)
    {
        if (hops.Count == 0)
        {
            var attribute = term.Path.Attribute;
            Func<string, FilterValue, Expression?>? candidates = !ctx.Db.IsPostgres && attribute.SqliteSearch is { } index
                ? (name, value) => index.Candidates(ctx.Db, source, name, value)
                : null;
            return predicate.Build(new PredicateInput(ParameterReplacer.Replace(attribute.Selector, source), term.Values, ctx.Db.IsPostgres, candidates));
        }
        var related = hops[0].Exists(ctx, source, target => BuildPath(ctx, target, hops.Skip(1).ToList(), term, predicate));
        // As with Ransack's outer joins, a missing related row reads as NULL: customer_group_name_null=true
        // matches customers without a group.
        return MatchesNull(term, predicate)
            ? Expression.OrElse(related, hops[0].Missing(ctx, source))
            : related;
    }

    private static bool MatchesNull(FilterTerm term, Predicate predicate)
    {
        var type = term.Path.Attribute.Selector.ReturnType;
        if (type.IsValueType && Nullable.GetUnderlyingType(type) is null) type = typeof(Nullable<>).MakeGenericType(type);
        try
        {
            var test = predicate.Build(new PredicateInput(Expression.Constant(null, type), term.Values, Postgres: false));
            return Expression.Lambda<Func<bool>>(test).Compile(preferInterpretation: true)();
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or NullReferenceException)
        {
            return false; // a predicate that only SQL can evaluate never matches NULL
        }
    }
}

/// <summary>The predicate table. Adding a predicate is adding a row here.</summary>
public static class Predicates
{
    private static readonly ValueKind[] All = [ValueKind.String, ValueKind.Integer, ValueKind.Boolean, ValueKind.DateTime];
    private static readonly ValueKind[] Ordered = [ValueKind.String, ValueKind.Integer, ValueKind.DateTime];
    private static readonly ValueKind[] Text = [ValueKind.String];
    private static readonly ValueKind[] Nullable = [ValueKind.String, ValueKind.Integer, ValueKind.Boolean, ValueKind.DateTime, ValueKind.Object];

    private static readonly List<Predicate> Table = BuildTable();

    /// <summary>Longest names first, so that not_eq_or_null wins over eq_or_null and eq.</summary>
    public static IReadOnlyList<Predicate> ByLongestName { get; } = Table.OrderByDescending(p => p.Name.Length).ToList();

    private static List<Predicate> BuildTable()
    {
        // Single-value predicates; each also gets _any (OR over values) and _all (AND over values) forms.
        var single = new List<(string Name, ValueKind[] Kinds, Func<Expression, FilterValue, Expression> Build)>
        {
            ("eq", All, Eq),
            ("not_eq", All, (m, v) => And(NotNull(m), Expression.Not(Eq(m, v)))),
            ("lt", Ordered, (m, v) => Compare(m, v.Value, ExpressionType.LessThan)),
            ("lteq", Ordered, (m, v) => v.DayEnd is { } end ? Compare(m, end, ExpressionType.LessThan) : Compare(m, v.Value, ExpressionType.LessThanOrEqual)),
            ("gt", Ordered, (m, v) => Compare(m, v.Value, ExpressionType.GreaterThan)),
            ("gteq", Ordered, (m, v) => Compare(m, v.Value, ExpressionType.GreaterThanOrEqual)),
            ("matches", Text, (m, v) => Like(m, LikePattern((string)v.Value!))),
            ("does_not_match", Text, (m, v) => And(NotNull(m), Expression.Not(Like(m, LikePattern((string)v.Value!))))),
            ("start", Text, (m, v) => Like(m, Literal(v) + "%")),
            ("not_start", Text, (m, v) => And(NotNull(m), Expression.Not(Like(m, Literal(v) + "%")))),
            ("end", Text, (m, v) => Like(m, "%" + Literal(v))),
            ("not_end", Text, (m, v) => And(NotNull(m), Expression.Not(Like(m, "%" + Literal(v))))),
            ("cont", Text, (m, v) => Like(m, "%" + Literal(v) + "%")),
            ("not_cont", Text, (m, v) => And(NotNull(m), Expression.Not(Like(m, "%" + Literal(v) + "%")))),
        };
        var table = new List<Predicate>();
        foreach (var (name, kinds, build) in single)
        {
            table.Add(new Predicate(name, Arity.One, kinds, p => Narrowed(p, name, p.Values[0], build(p.Member, p.Values[0]))));
            table.Add(new Predicate(name + "_any", Arity.Many, kinds, p => p.Values.Select(v => Narrowed(p, name, v, build(p.Member, v))).Aggregate(Expression.OrElse)));
            table.Add(new Predicate(name + "_all", Arity.Many, kinds, p => p.Values.Select(v => Narrowed(p, name, v, build(p.Member, v))).Aggregate(Expression.AndAlso)));
        }
        table.AddRange(
        [
            new("eq_or_null", Arity.One, All, p => Expression.OrElse(IsNull(p.Member), Eq(p.Member, p.Values[0]))),
            new("not_eq_or_null", Arity.One, All, p => Expression.OrElse(IsNull(p.Member), Expression.Not(Eq(p.Member, p.Values[0])))),
            new("in", Arity.Many, All, p => In(p.Member, p.Values)),
            new("not_in", Arity.Many, All, p => And(NotNull(p.Member), Expression.Not(In(p.Member, p.Values)))),
            new("in_or_null", Arity.Many, All, p => Expression.OrElse(IsNull(p.Member), In(p.Member, p.Values))),
            new("not_in_or_null", Arity.Many, All, p => Expression.OrElse(IsNull(p.Member), Expression.Not(In(p.Member, p.Values)))),
            new("null", Arity.Flag, Nullable, p => Flag(p.Values, IsNull(p.Member))),
            new("not_null", Arity.Flag, Nullable, p => Flag(p.Values, NotNull(p.Member))),
            // present/blank trim text; a JSON object (jsonb on PostgreSQL) has no text to trim, so they do not apply to it.
            new("present", Arity.Flag, All, p => Flag(p.Values, Present(p.Member))),
            new("blank", Arity.Flag, All, p => Flag(p.Values, Expression.Not(Present(p.Member)))),
            new("true", Arity.Flag, [ValueKind.Boolean], p => IsTrue(p.Member, (bool)p.Values[0].Value!, true)),
            new("false", Arity.Flag, [ValueKind.Boolean], p => IsTrue(p.Member, (bool)p.Values[0].Value!, false)),
            new("jcont", Arity.One, [ValueKind.Object], p => Narrowed(p, "jcont", p.Values[0], JsonContains(p.Member, (string)p.Values[0].Value!, p.Postgres))),
        ]);
        return table;
    }

    private static Expression And(Expression a, Expression b) => Expression.AndAlso(a, b);

    // The index's candidates (a superset of the matches) first, then the exact condition on them.
    private static Expression Narrowed(PredicateInput p, string name, FilterValue value, Expression exact) =>
        p.Candidates?.Invoke(name, value) is { } candidates ? And(candidates, exact) : exact;

    // Ransack: attr_true=true is "= true"; attr_true=false is "!= true" (which, as SQL, never matches NULL).
    private static Expression IsTrue(Expression m, bool flag, bool target)
    {
        var equals = Eq(m, new FilterValue(target));
        return flag ? equals : And(NotNull(m), Expression.Not(equals));
    }

    // jsonb containment: PostgreSQL's @> operator (GIN-indexable; a JsonDocument parameter is sent as jsonb);
    // on SQLite a registered function with the same rules.
    private static Expression JsonContains(Expression m, string json, bool postgres) => postgres
        ? Expression.Call(typeof(NpgsqlJsonDbFunctionsExtensions), nameof(NpgsqlJsonDbFunctionsExtensions.JsonContains), null,
            Expression.Constant(EF.Functions), Expression.Convert(m, typeof(object)), Expression.Convert(Parameter(JsonDocument.Parse(json), typeof(JsonDocument)), typeof(object)))
        : Expression.Equal(Expression.Call(typeof(Persistence.JsonContainment), nameof(Persistence.JsonContainment.Contains), null, m, Parameter(json, typeof(string))),
            Expression.Constant(true));

    private static Expression Flag(IReadOnlyList<FilterValue> values, Expression condition) => (bool)values[0].Value! ? condition : Expression.Not(condition);

    private static Expression IsNull(Expression m) =>
        m.Type.IsValueType && System.Nullable.GetUnderlyingType(m.Type) is null ? Expression.Constant(false) : Expression.Equal(m, Expression.Constant(null, m.Type));

    private static Expression NotNull(Expression m) => Expression.Not(IsNull(m));

    private static readonly char[] WhiteSpace = [' ', '\t', '\n', '\r', '\f', '\v'];

    private static Expression Present(Expression m) => m.Type == typeof(string)
        ? And(NotNull(m), Expression.NotEqual(Expression.Call(m, nameof(string.Trim), null, Expression.Constant(WhiteSpace)), Expression.Constant("")))
        : NotNull(m);

    private static Expression Eq(Expression m, FilterValue v) => v.DayEnd is { } end
        ? And(Compare(m, v.Value, ExpressionType.GreaterThanOrEqual), Compare(m, end, ExpressionType.LessThan))
        : And(NotNull(m), Expression.Equal(m, Parameter(v.Value, m.Type)));

    private static Expression In(Expression m, IReadOnlyList<FilterValue> values)
    {
        if (values.Any(v => v.DayEnd is not null)) return values.Select(v => Eq(m, v)).Aggregate(Expression.OrElse);
        var element = System.Nullable.GetUnderlyingType(m.Type) ?? m.Type;
        var list = (System.Collections.IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
        foreach (var v in values) list.Add(v.Value);
        var member = element == m.Type ? m : Expression.Convert(m, element);
        return And(NotNull(m), Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [element], Parameter(list, list.GetType()), member));
    }

    private static Expression Compare(Expression m, object? value, ExpressionType op)
    {
        if (m.Type == typeof(string))
        {
            var compare = Expression.Call(typeof(string), nameof(string.Compare), null, m, Parameter(value, typeof(string)));
            return And(NotNull(m), Expression.MakeBinary(op, compare, Expression.Constant(0)));
        }
        return Expression.MakeBinary(op, m, Parameter(value, m.Type));
    }

    private static Expression LowerOf(Expression m) => Expression.Call(m, nameof(string.ToLower), Type.EmptyTypes);

    private static string Lower(string value) => value.ToLowerInvariant();

    // A pattern may not end in a lone escape character (PostgreSQL refuses it): a trailing \ matches itself.
    private static string LikePattern(string value)
    {
        var lower = Lower(value);
        var trailing = lower.Length - lower.TrimEnd('\\').Length;
        return trailing % 2 == 1 ? lower + "\\" : lower;
    }

    // cont/start/end: a LIKE on lower(attribute) with %, _ and \ of the value escaped, so they match literally;
    // as LIKE '%…%' it can use a trigram index on PostgreSQL.
    private static string Literal(FilterValue v) =>
        Lower((string)v.Value!).Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");

    // matches: a LIKE pattern where \ escapes % and _, the same on SQLite (no default escape) and PostgreSQL.
    private static Expression Like(Expression m, string pattern) =>
        And(NotNull(m), Expression.Call(typeof(DbFunctionsExtensions), nameof(DbFunctionsExtensions.Like), null,
            Expression.Constant(EF.Functions), LowerOf(m), Parameter(pattern, typeof(string)), Expression.Constant("\\")));

    /// <summary>A value EF Core sends as a SQL parameter rather than inlining it.</summary>
    internal static Expression Parameter(object? value, Type type)
    {
        var box = Activator.CreateInstance(typeof(Box<>).MakeGenericType(type), [value])!;
        return Expression.Property(Expression.Constant(box), "Value");
    }

    private sealed class Box<TValue>(TValue value)
    {
        public TValue Value { get; } = value;
    }
}
