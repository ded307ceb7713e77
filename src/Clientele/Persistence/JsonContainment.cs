using System.Globalization;
using System.Text.Json;

namespace Clientele.Persistence;

/// <summary>
/// PostgreSQL's jsonb containment (@>) for SQLite: registered on every SQLite connection, so that metadata_jcont
/// gives the same answers on both databases. Values keep their JSON types: "00123" never equals 123.
/// </summary>
public static class JsonContainment
{
    public const string SqlName = "clientele_json_contains";

    /// <summary>Mapped to the SQL function; only ever runs inside SQLite.</summary>
    public static bool Contains(string? document, string? pattern) => Evaluate(document, pattern);

    public static bool Evaluate(string? document, string? pattern)
    {
        if (document is null || pattern is null) return false;
        try
        {
            using var doc = JsonDocument.Parse(document);
            using var pat = JsonDocument.Parse(pattern);
            var (d, p) = (doc.RootElement, pat.RootElement);
            // As in PostgreSQL, only at the top level may an array contain a bare scalar.
            if (d.ValueKind == JsonValueKind.Array && IsScalar(p)) return d.EnumerateArray().Any(e => IsScalar(e) && ScalarEquals(e, p));
            return Contains(d, p);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool Contains(JsonElement doc, JsonElement pattern)
    {
        switch (pattern.ValueKind)
        {
            case JsonValueKind.Object:
                if (doc.ValueKind != JsonValueKind.Object) return false;
                foreach (var member in pattern.EnumerateObject())
                {
                    if (!TryGetLast(doc, member.Name, out var value) || !Contains(value, member.Value)) return false;
                }
                return true;
            case JsonValueKind.Array:
                if (doc.ValueKind != JsonValueKind.Array) return false;
                foreach (var wanted in pattern.EnumerateArray())
                {
                    if (!doc.EnumerateArray().Any(have => IsScalar(wanted) ? IsScalar(have) && ScalarEquals(have, wanted) : Contains(have, wanted))) return false;
                }
                return true;
            default:
                return IsScalar(doc) && ScalarEquals(doc, pattern);
        }
    }

    // jsonb keeps the last of duplicate keys.
    private static bool TryGetLast(JsonElement obj, string name, out JsonElement value)
    {
        value = default;
        var found = false;
        foreach (var member in obj.EnumerateObject())
        {
            if (member.Name != name) continue;
            value = member.Value;
            found = true;
        }
        return found;
    }

    private static bool IsScalar(JsonElement e) => e.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array);

    private static bool ScalarEquals(JsonElement a, JsonElement b)
    {
        if (a.ValueKind != b.ValueKind) return false;
        return a.ValueKind switch
        {
            JsonValueKind.String => a.GetString() == b.GetString(),
            JsonValueKind.Number => NumberEquals(a.GetRawText(), b.GetRawText()),
            _ => true, // true, false, null
        };
    }

    // jsonb compares numbers by value: 1, 1.0 and 1e0 are equal.
    private static bool NumberEquals(string a, string b) =>
        decimal.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && decimal.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var y)
            ? x == y
            : double.Parse(a, CultureInfo.InvariantCulture) == double.Parse(b, CultureInfo.InvariantCulture);
}
