using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Clientele.Tests.Infrastructure;

/// <summary>An HTTP reply with its body parsed as JSON (Undefined when empty).</summary>
public sealed record Reply(HttpStatusCode Status, JsonElement Json, string Text, HttpResponseMessage Response)
{
    public JsonElement Data => Json.GetProperty("data");
    public string Id => Data.GetProperty("id").GetString()!;
    public JsonElement Attributes => Data.GetProperty("attributes");
    public JsonElement Error(int index = 0) => Json.GetProperty("errors")[index];
    public IEnumerable<JsonElement> Errors => Json.GetProperty("errors").EnumerateArray();
    public string Code => Error().GetProperty("code").GetString()!;
    public string? Pointer => Error().TryGetProperty("source", out var s) && s.TryGetProperty("pointer", out var p) ? p.GetString() : null;
    public string? Parameter => Error().TryGetProperty("source", out var s) && s.TryGetProperty("parameter", out var p) ? p.GetString() : null;
    public string? MetaError => Error().TryGetProperty("meta", out var m) && m.TryGetProperty("error", out var e) ? e.GetString() : null;
    public List<string> Ids => Data.EnumerateArray().Select(d => d.GetProperty("id").GetString()!).ToList();
    public int RecordCount => Json.GetProperty("meta").GetProperty("record_count").GetInt32();
}

/// <summary>A JSON:API client over HttpClient, sending the headers the official SDK sends.</summary>
public sealed class ApiClient(HttpClient http)
{
    public const string MediaType = "application/vnd.api+json";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public HttpClient Http => http;

    public Task<Reply> GetAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path));
    public Task<Reply> DeleteAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Delete, path));
    public Task<Reply> PostAsync(string path, object body) => PostJsonAsync(path, body, MediaType);
    public Task<Reply> PatchAsync(string path, object body) => SendAsync(new HttpRequestMessage(HttpMethod.Patch, path) { Content = Json(body, MediaType) });

    public Task<Reply> PostJsonAsync(string path, object body, string mediaType) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(body, mediaType) });

    public Task<Reply> SendRawAsync(HttpMethod method, string path, string body, string mediaType) =>
        SendAsync(new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, mediaType) });

    public async Task<Reply> SendAsync(HttpRequestMessage request)
    {
        var response = await http.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        var json = text.Length > 0 ? JsonDocument.Parse(text).RootElement : default;
        return new Reply(response.StatusCode, json, text, response);
    }

    private static StringContent Json(object body, string mediaType)
    {
        var content = new StringContent(body as string ?? JsonSerializer.Serialize(body), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }
}

/// <summary>Request bodies in the shape the SDK sends.</summary>
public static class Body
{
    public static object Resource(string type, object attributes, object? relationships = null) =>
        new { data = new { type, attributes, relationships = relationships ?? new { } } };

    public static object Update(string type, string id, object attributes, object? relationships = null) =>
        new { data = new { type, id, attributes, relationships = relationships ?? new { } } };

    public static object ToOne(string type, string? id) => new { data = id is null ? null : new { type, id } };
}

/// <summary>Unique values, so tests sharing a database never collide.</summary>
public static class Unique
{
    public const string Password = "correct horse battery";
    public static string Email(string prefix = "user") => $"{prefix}-{Guid.NewGuid():N}@example.com";
    public static string Code(string prefix = "code") => $"{prefix}-{Guid.NewGuid():N}";
}
