using System.Globalization;
using System.Text.Json;

namespace Clientele.JsonApi;

/// <summary>
/// JSON that both stores can keep: no NUL in strings or member names (PostgreSQL refuses it in text and jsonb), no
/// unpaired surrogate escape such as "\ud800" (not Unicode text), and no number outside PostgreSQL's numeric range
/// (jsonb keeps numbers exactly and refuses 1e999999 or 1e-20000). Request bodies and JSON filter values are checked
/// here once, so that nothing later meets such a value.
/// </summary>
public static class StorableJson
{
    // PostgreSQL numeric: at most 131072 digits before the decimal point and 16383 after it.
    private const int MaxIntegerDigits = 131072, MaxFractionDigits = 16383;

    /// <summary>The JSON pointer of the first value that cannot be stored, or null when every value can.</summary>
    public static string? FindUnstorable(JsonElement element, string pointer = "")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return IsStorable(() => element.GetString()!) ? null : pointer;
            case JsonValueKind.Number:
                return IsStorableNumber(element.GetRawText()) ? null : pointer;
            case JsonValueKind.Object:
                foreach (var member in element.EnumerateObject())
                {
                    if (!IsStorable(() => member.Name)) return pointer;
                    var escaped = member.Name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
                    if (FindUnstorable(member.Value, $"{pointer}/{escaped}") is { } found) return found;
                }
                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                    if (FindUnstorable(item, $"{pointer}/{index++}") is { } found) return found;
                return null;
            default:
                return null;
        }
    }

    /// <summary>Whether a string decodes to Unicode text without NUL.</summary>
    public static bool IsStorable(Func<string> read)
    {
        try
        {
            return !read().Contains('\0');
        }
        catch (InvalidOperationException)
        {
            return false; // System.Text.Json refuses to decode an unpaired surrogate escape
        }
    }

    /// <summary>Whether a JSON number (valid JSON number syntax) fits PostgreSQL's numeric type.</summary>
    internal static bool IsStorableNumber(string number)
    {
        var text = number.AsSpan().TrimStart('-');
        var e = text.IndexOfAny('e', 'E');
        var mantissa = e < 0 ? text : text[..e];
        long exponent = 0;
        // An exponent beyond a billion is far outside the range either way (and could overflow the sums below).
        if (e >= 0 && !(long.TryParse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent) && Math.Abs(exponent) <= 1_000_000_000))
            return false;
        var dot = mantissa.IndexOf('.');
        var integer = dot < 0 ? mantissa : mantissa[..dot];
        var fraction = dot < 0 ? [] : mantissa[(dot + 1)..];
        if (Math.Max(0, fraction.Length - exponent) > MaxFractionDigits) return false;
        // The position of the first significant digit, counted as digits before the decimal point.
        var significant = integer.TrimStart('0');
        long digitsBeforePoint;
        if (significant.Length > 0) digitsBeforePoint = significant.Length + exponent;
        else if (fraction.IndexOfAnyExcept('0') is var first and >= 0) digitsBeforePoint = -first + exponent;
        else return true; // zero
        return digitsBeforePoint <= MaxIntegerDigits;
    }
}
