using System.Globalization;
using System.Linq.Expressions;
using System.Text.Json;

namespace Clientele.JsonApi;

/// <summary>The JSON type of an attribute, which decides how it is parsed, written and filtered.</summary>
public enum ValueKind { String, Integer, Boolean, DateTime, Object, Number }

/// <summary>What clients may do with an attribute.</summary>
[Flags]
public enum Access
{
    None = 0,
    Read = 1,
    Filter = 2,
    Sort = 4,
    Create = 8,
    Update = 16,
    Query = Filter | Sort,
    Write = Create | Update,
}

/// <summary>One attribute of a resource type.</summary>
public abstract class AttributeField(string name, ValueKind kind, Access access)
{
    public string Name { get; } = name;
    public ValueKind Kind { get; } = kind;
    public Access Access { get; } = access;
    public string Pointer => $"/data/attributes/{Name}";

    /// <summary>Longest accepted value: characters for strings, UTF-8 bytes of JSON for objects.</summary>
    public int? MaxLength { get; init; }

    /// <summary>Required on create: missing or null gives 422 blank.</summary>
    public bool Required { get; init; }

    /// <summary>Applied to filter values before comparing (e.g. email canonical form).</summary>
    public Func<string, string>? FilterValue { get; init; }

    /// <summary>On SQLite, a side table that narrows some predicates of this attribute to indexed candidates.</summary>
    public SqliteSearchIndex? SqliteSearch { get; init; }

    /// <summary>entity => value, used for filters and sorting in SQL.</summary>
    public abstract LambdaExpression Selector { get; }

    public bool Can(Access access) => (Access & access) == access;

    internal abstract void WriteValue(Utf8JsonWriter w, object entity);

    /// <summary>Stores a value read from a request body (already type-checked).</summary>
    internal abstract void Assign(RequestContext ctx, object entity, object? value);

    /// <summary>Reads a body value of this attribute's kind, or records a 400 error.</summary>
    internal bool TryParse(JsonElement json, List<JsonApiError> errors, out object? value)
    {
        value = null;
        if (json.ValueKind == JsonValueKind.Null) return true;
        var ok = Kind switch
        {
            ValueKind.String => json.ValueKind == JsonValueKind.String && (value = json.GetString()) is not null,
            ValueKind.Integer => json.ValueKind == JsonValueKind.Number && json.TryGetInt64(out var l) && (value = l) is not null,
            ValueKind.Boolean => json.ValueKind is JsonValueKind.True or JsonValueKind.False && (value = json.GetBoolean()) is not null,
            ValueKind.DateTime => json.ValueKind == JsonValueKind.String && DateTime.TryParse(json.GetString(), CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d) && (value = d) is not null,
            ValueKind.Object => json.ValueKind == JsonValueKind.Object && (value = json.GetRawText()) is not null,
            ValueKind.Number => json.ValueKind == JsonValueKind.Number && json.TryGetDouble(out var n) && double.IsFinite(n) && (value = n) is not null,
            _ => false,
        };
        if (!ok) errors.Add(JsonApiError.BadBody("BAD_REQUEST", Pointer, $"{Name} must be {Describe(Kind)}"));
        return ok;
    }

    private static string Describe(ValueKind kind) => kind switch
    {
        ValueKind.String => "a string",
        ValueKind.Integer => "an integer",
        ValueKind.Boolean => "true or false",
        ValueKind.DateTime => "an ISO-8601 datetime",
        ValueKind.Number => "a number",
        _ => "a JSON object",
    };

    internal static string FormatDateTime(DateTime value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

/// <summary>An attribute read from (and usually written to) one property of the entity.</summary>
public sealed class AttributeField<T, TValue> : AttributeField where T : class
{
    private readonly Expression<Func<T, TValue>> _selector;
    private readonly Func<T, TValue> _get;
    private readonly Action<T, TValue>? _set;

    public AttributeField(string name, Expression<Func<T, TValue>> selector, Access access, ValueKind kind) : base(name, kind, access)
    {
        _selector = selector;
        _get = selector.Compile();
        if (selector.Body is MemberExpression { Member: System.Reflection.PropertyInfo { CanWrite: true } property } member && member.Expression == selector.Parameters[0])
        {
            var target = Expression.Parameter(typeof(T));
            var value = Expression.Parameter(typeof(TValue));
            _set = Expression.Lambda<Action<T, TValue>>(Expression.Assign(Expression.Property(target, property), value), target, value).Compile();
        }
    }

    public override LambdaExpression Selector => _selector;

    /// <summary>A write hook that replaces the plain property assignment (validation, hashing, normalising).</summary>
    public Action<RequestContext, T, object?>? Writer { get; init; }

    internal override void Assign(RequestContext ctx, object entity, object? value)
    {
        if (Writer is not null)
        {
            Writer(ctx, (T)entity, value);
            return;
        }
        if (value is null)
        {
            if (Kind == ValueKind.Object) value = "{}";
            else if (Required || default(TValue) is not null)
            {
                ctx.Errors.Add(JsonApiError.Blank(Pointer));
                return;
            }
        }
        // A required string of white space only is as blank as a missing one.
        if (Required && value is string text && Kind == ValueKind.String && string.IsNullOrWhiteSpace(text))
        {
            ctx.Errors.Add(JsonApiError.Blank(Pointer));
            return;
        }
        if (MaxLength is { } max && value is string s && (Kind == ValueKind.Object ? System.Text.Encoding.UTF8.GetByteCount(s) : s.Length) > max)
        {
            ctx.Errors.Add(JsonApiError.TooLong(Pointer, max));
            return;
        }
        if (value is long l && typeof(TValue) != typeof(long))
        {
            if (l is < int.MinValue or > int.MaxValue)
            {
                ctx.Errors.Add(JsonApiError.Invalid(Pointer));
                return;
            }
            value = (int)l;
        }
        if (_set is null) throw new InvalidOperationException($"Attribute {Name} has no setter");
        _set((T)entity, (TValue)value!);
    }

    internal override void WriteValue(Utf8JsonWriter w, object entity)
    {
        object? value = _get((T)entity);
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case string s when Kind == ValueKind.Object: w.WriteRawValue(s, skipInputValidation: true); break;
            case string s: w.WriteStringValue(s); break;
            case bool b: w.WriteBooleanValue(b); break;
            case int i: w.WriteNumberValue(i); break;
            case long l: w.WriteNumberValue(l); break;
            case decimal m: w.WriteNumberValue(m); break;
            case double n: w.WriteNumberValue(n); break;
            case DateTime d: w.WriteStringValue(FormatDateTime(d)); break;
            default: throw new InvalidOperationException($"Attribute {Name} has an unsupported type {value.GetType()}");
        }
    }
}
