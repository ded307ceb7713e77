using System.Buffers;
using System.Text.Json;

namespace Clientele.JsonApi;

/// <summary>Resources pulled in by include, once each, and which resource points to which.</summary>
public sealed class IncludedSet
{
    private readonly Dictionary<(string Type, string Id), (ResourceType Type, object Entity)> _resources = [];
    private readonly Dictionary<(string Type, string Id, string Relationship), List<string>> _linkage = [];

    public IEnumerable<(ResourceType Type, object Entity)> Resources => _resources.Values;

    public bool TryGetLinkage(string type, string id, string relationship, out List<string> ids) =>
        _linkage.TryGetValue((type, id, relationship), out ids!);

    /// <summary>Loads the include tree below <paramref name="sources"/>: one query per relationship and level.</summary>
    public async Task LoadAsync(RequestContext ctx, ResourceType type, IReadOnlyList<object> sources, IncludeNode node)
    {
        if (sources.Count == 0) return;
        foreach (var (name, child) in node.Children)
        {
            var relationship = type.Relationships[name];
            var target = relationship.Target(ctx.Registry);
            var rows = await relationship.LoadAsync(ctx, sources);
            foreach (var (sourceId, ids) in rows.TargetIdsBySource) _linkage[(type.Name, sourceId, name)] = ids;
            var fresh = new List<object>();
            var added = new List<object>();
            foreach (var entity in rows.Targets)
            {
                var key = (target.Name, target.IdOf(entity));
                if (_resources.TryAdd(key, (target, entity)))
                {
                    fresh.Add(entity);
                    added.Add(entity);
                }
                else fresh.Add(_resources[key].Entity);
            }
            await target.PrepareRowsAsync(ctx, added);
            await LoadAsync(ctx, target, fresh, child);
        }
    }
}

/// <summary>Writes JSON:API documents straight to the response with Utf8JsonWriter.</summary>
public static class DocumentWriter
{
    public const string MediaType = "application/vnd.api+json";

    // Documents are never embedded in HTML, so '+', '&' and quotes stay readable instead of \u escapes.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteAsync(HttpContext http, int status, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions)) write(w);
        http.Response.StatusCode = status;
        http.Response.ContentType = MediaType;
        http.Response.ContentLength = buffer.WrittenCount;
        await http.Response.Body.WriteAsync(buffer.WrittenMemory, http.RequestAborted);
    }

    public static Task WriteErrorsAsync(HttpContext http, IReadOnlyList<JsonApiError> errors, int status) => WriteAsync(http, status, w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("errors");
        foreach (var error in errors) error.WriteTo(w);
        w.WriteEndArray();
        w.WriteEndObject();
    });

    public static void WriteResource(Utf8JsonWriter w, RequestContext ctx, ResourceType type, object entity, QuerySpec query, IncludedSet included)
    {
        var id = type.IdOf(entity);
        var self = $"{ctx.BaseUrl}/api/{type.Name}/{id}";
        w.WriteStartObject();
        w.WriteString("id", id);
        w.WriteString("type", type.Name);
        w.WriteStartObject("links");
        w.WriteString("self", self);
        w.WriteEndObject();
        w.WriteStartObject("attributes");
        foreach (var attribute in type.Attributes.Values)
        {
            if (!attribute.Can(Access.Read) || !query.Wants(type.Name, attribute.Name)) continue;
            w.WritePropertyName(attribute.Name);
            attribute.WriteValue(w, entity);
        }
        w.WriteEndObject();
        w.WriteStartObject("relationships");
        foreach (var relationship in type.Relationships.Values)
        {
            if (!query.Wants(type.Name, relationship.Name)) continue;
            w.WriteStartObject(relationship.Name);
            w.WriteStartObject("links");
            w.WriteString("self", $"{self}/relationships/{relationship.Name}");
            w.WriteString("related", $"{self}/{relationship.Name}");
            w.WriteEndObject();
            if (included.TryGetLinkage(type.Name, id, relationship.Name, out var ids))
            {
                var targetType = relationship.Target(ctx.Registry).Name;
                w.WritePropertyName("data");
                WriteLinkage(w, targetType, ids, relationship.ToMany);
            }
            w.WriteEndObject();
        }
        foreach (var reference in type.References.Values)
        {
            if (!query.Wants(type.Name, reference.Name)) continue;
            w.WriteStartObject(reference.Name);
            w.WritePropertyName("data");
            if (reference.Get(entity) is ({ } targetType, { } targetId)) WriteLinkage(w, targetType, [targetId], toMany: false);
            else w.WriteNullValue();
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteStartObject("meta");
        w.WriteString("mode", type.ModeOf(entity));
        w.WriteString("organization_id", type.OrganizationOf(entity));
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static void WriteLinkage(Utf8JsonWriter w, string targetType, IReadOnlyList<string> ids, bool toMany)
    {
        if (!toMany && ids.Count == 0)
        {
            w.WriteNullValue();
            return;
        }
        if (toMany) w.WriteStartArray();
        foreach (var id in ids)
        {
            w.WriteStartObject();
            w.WriteString("type", targetType);
            w.WriteString("id", id);
            w.WriteEndObject();
        }
        if (toMany) w.WriteEndArray();
    }

    /// <summary>Writes "included", leaving out resources that are already primary data.</summary>
    public static void WriteIncluded(Utf8JsonWriter w, RequestContext ctx, QuerySpec query, IncludedSet included, ResourceType primaryType, IReadOnlyCollection<string> primaryIds)
    {
        var any = false;
        foreach (var (type, entity) in included.Resources)
        {
            if (type == primaryType && primaryIds.Contains(type.IdOf(entity))) continue;
            if (!any)
            {
                w.WriteStartArray("included");
                any = true;
            }
            WriteResource(w, ctx, type, entity, query, included);
        }
        if (any) w.WriteEndArray();
    }
}
