using System.Text.Json;

namespace Clientele.JsonApi;

/// <summary>The "data" member of a create or update request.</summary>
public sealed record RequestBody(string? Id, IReadOnlyDictionary<string, JsonElement> Attributes, IReadOnlyDictionary<string, JsonElement> Relationships)
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 32, AllowDuplicateProperties = false };

    /// <summary>Reads and checks the document envelope; attribute values are checked by the resource.</summary>
    public static async Task<RequestBody> ReadAsync(HttpContext http, ResourceType type, string? urlId)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(http.Request.Body, Options, http.RequestAborted);
        }
        catch (JsonException e)
        {
            // Strict parsing: a member given twice is refused rather than silently taking one of the values.
            var detail = e.Message.Contains("uplicate", StringComparison.Ordinal)
                ? "The request body gives a member name twice in one object" : "The request body is not valid JSON";
            throw new JsonApiException(JsonApiError.BadBody("INVALID_DATA_FORMAT", "/", detail));
        }
        http.Response.RegisterForDispose(document);
        var root = document.RootElement;
        if (StorableJson.FindUnstorable(root) is { } bad)
            throw new JsonApiException(JsonApiError.BadBody("INVALID_DATA_FORMAT", bad.Length > 0 ? bad : "/",
                "Strings must be valid Unicode text without NUL characters, and numbers within the range the store keeps"));
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
            throw new JsonApiException(JsonApiError.BadBody("PARAM_MISSING", "/data", "The request body must have a data object"));

        if (!data.TryGetProperty("type", out var typeJson) || typeJson.ValueKind != JsonValueKind.String)
            throw new JsonApiException(JsonApiError.BadBody("PARAM_MISSING", "/data/type", "data.type is missing"));
        if (typeJson.GetString() != type.Name)
            throw new JsonApiException(new JsonApiError(409, "TYPE_MISMATCH", "Type mismatch", $"data.type must be {type.Name}", "/data/type"));

        string? id = null;
        if (data.TryGetProperty("id", out var idJson) && idJson.ValueKind != JsonValueKind.Null)
        {
            id = idJson.ValueKind == JsonValueKind.String ? idJson.GetString() : idJson.GetRawText();
            if (urlId is null)
                throw new JsonApiException(JsonApiError.BadBody("PARAM_NOT_ALLOWED", "/data/id", "Ids are assigned by the server"));
            if (id != urlId)
                throw new JsonApiException(JsonApiError.BadBody("KEY_NOT_INCLUDED_IN_URL", "/data/id", "data.id does not match the id in the URL"));
        }
        return new RequestBody(id, Members(data, "attributes"), Members(data, "relationships"));
    }

    private static Dictionary<string, JsonElement> Members(JsonElement data, string name)
    {
        var members = new Dictionary<string, JsonElement>();
        if (!data.TryGetProperty(name, out var json) || json.ValueKind == JsonValueKind.Null) return members;
        if (json.ValueKind != JsonValueKind.Object)
            throw new JsonApiException(JsonApiError.BadBody("INVALID_DATA_FORMAT", $"/data/{name}", $"data.{name} must be an object"));
        foreach (var member in json.EnumerateObject())
        {
            if (!members.TryAdd(member.Name, member.Value))
                throw new JsonApiException(JsonApiError.BadBody("INVALID_DATA_FORMAT", $"/data/{name}/{member.Name}", $"{member.Name} is given twice"));
        }
        return members;
    }
}
