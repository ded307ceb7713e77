using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace Clientele.JsonApi;

/// <summary>A node of the include tree: include=a.b,a.c,d gives a(b,c), d.</summary>
public sealed class IncludeNode
{
    public Dictionary<string, IncludeNode> Children { get; } = [];
}

/// <summary>The parsed query string of one request: paging, sort, fields, include and filters.</summary>
public sealed class QuerySpec
{
    public const int DefaultPageSize = 10, MaxPageSize = 25, MaxIncludeDepth = 3;

    public int PageNumber { get; private set; } = 1;
    public int PageSize { get; private set; } = DefaultPageSize;
    public List<(AttributeField Field, bool Descending)> Sort { get; } = [];
    public IncludeNode Include { get; } = new();
    public Dictionary<string, HashSet<string>> Fields { get; } = [];
    public List<FilterClause> Filters { get; } = [];

    /// <summary>Whether a field of a type is in the response (all are, unless fields[type] names some).</summary>
    public bool Wants(string type, string field) => !Fields.TryGetValue(type, out var set) || set.Contains(field);

    /// <summary>Parses every parameter, collecting one error per bad parameter, then throws them together.</summary>
    public static QuerySpec Parse(IQueryCollection query, ResourceType type, ResourceRegistry registry, bool collection)
    {
        var spec = new QuerySpec();
        var errors = new List<JsonApiError>();
        foreach (var (name, values) in query)
        {
            var value = values.Count > 0 ? values[^1] ?? "" : "";
            if (name == "include") spec.ParseInclude(value, type, registry, errors);
            else if (name.StartsWith("fields[", StringComparison.Ordinal) && name.EndsWith(']')) spec.ParseFields(name, value, registry, errors);
            else if (!collection && (name is "sort" || name.StartsWith("page[", StringComparison.Ordinal) || name.StartsWith("filter[", StringComparison.Ordinal)))
                errors.Add(JsonApiError.BadParameter("BAD_REQUEST", name, $"{name} applies to lists only"));
            else if (name is "page[number]") spec.PageNumber = ParsePage(name, value, int.MaxValue, errors);
            else if (name is "page[size]") spec.PageSize = ParsePage(name, value, MaxPageSize, errors);
            else if (name is "sort") spec.ParseSort(value, type, errors);
            else if (name.StartsWith("filter[q][", StringComparison.Ordinal) && name.EndsWith(']') && name.Length > "filter[q][]".Length)
                FilterParser.Parse(name, name["filter[q][".Length..^1], value, type, registry, spec.Filters, errors);
            else errors.Add(JsonApiError.BadParameter("BAD_REQUEST", name, $"{name} is not a supported query parameter"));
        }
        JsonApiException.ThrowIfAny(errors);
        return spec;
    }

    private static int ParsePage(string name, string value, int max, List<JsonApiError> errors)
    {
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= max) return n;
        errors.Add(JsonApiError.BadParameter("INVALID_PAGE_VALUE", name, $"{name} must be an integer from 1 to {max}"));
        return 1;
    }

    private void ParseSort(string value, ResourceType type, List<JsonApiError> errors)
    {
        foreach (var raw in value.Split(','))
        {
            var descending = raw.StartsWith('-');
            var name = descending ? raw[1..] : raw;
            if (type.Attributes.TryGetValue(name, out var field) && field.Can(Access.Sort)) Sort.Add((field, descending));
            else errors.Add(JsonApiError.BadParameter("INVALID_SORT_CRITERIA", "sort", $"{type.Name} cannot be sorted by '{name}'"));
        }
    }

    private void ParseFields(string name, string value, ResourceRegistry registry, List<JsonApiError> errors)
    {
        var typeName = name["fields[".Length..^1];
        if (registry.Find(typeName) is not { } type)
        {
            errors.Add(JsonApiError.BadParameter("INVALID_FIELD", name, $"'{typeName}' is not a resource type"));
            return;
        }
        var set = new HashSet<string>();
        foreach (var field in value.Split(','))
        {
            // id and type are always in a resource object; the official CLI puts id in its field lists (-f id,email).
            if (field is "id" or "type") continue;
            if (type.Attributes.TryGetValue(field, out var a) && a.Can(Access.Read) || type.Relationships.ContainsKey(field) || type.References.ContainsKey(field)) set.Add(field);
            else errors.Add(JsonApiError.BadParameter("INVALID_FIELD", name, $"'{field}' is not a field of {typeName}"));
        }
        Fields[typeName] = set;
    }

    private void ParseInclude(string value, ResourceType type, ResourceRegistry registry, List<JsonApiError> errors)
    {
        foreach (var path in value.Split(','))
        {
            var segments = path.Split('.');
            if (segments.Length > MaxIncludeDepth)
            {
                errors.Add(JsonApiError.BadParameter("INVALID_INCLUDE", "include", $"'{path}' is deeper than {MaxIncludeDepth} levels"));
                continue;
            }
            var node = Include;
            var current = type;
            foreach (var segment in segments)
            {
                if (!current.Relationships.TryGetValue(segment, out var relationship))
                {
                    errors.Add(JsonApiError.BadParameter("INVALID_INCLUDE", "include", $"'{segment}' is not an includable relationship of {current.Name}"));
                    break;
                }
                node = node.Children.TryGetValue(segment, out var child) ? child : node.Children[segment] = new IncludeNode();
                current = relationship.Target(registry);
            }
        }
    }

    /// <summary>The same query string with one parameter replaced, for pagination links.</summary>
    public static string WithParameter(IQueryCollection query, string name, string value)
    {
        var parts = query.Where(q => q.Key != name).SelectMany(q => ((StringValues)q.Value).Select(v => (q.Key, v ?? "")))
            .Append((name, value))
            .Select(p => $"{Uri.EscapeDataString(p.Item1)}={Uri.EscapeDataString(p.Item2)}");
        return "?" + string.Join("&", parts);
    }
}
