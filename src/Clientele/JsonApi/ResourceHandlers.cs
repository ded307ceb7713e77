using System.Linq.Expressions;
using System.Text.Json;
using Clientele.Auth;
using Clientele.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Clientele.JsonApi;

/// <summary>List, retrieve, create, update, delete and related endpoints for any described resource.</summary>
public static class ResourceHandlers<T> where T : ResourceEntity, new()
{
    public static void Map(IEndpointRouteBuilder api, Resource<T> resource)
    {
        var group = api.MapGroup($"/{resource.Name}").RequireAuthorization().WithTags(resource.Name);
        group.MapGet("/", (HttpContext http) => ListAsync(RequestContextOf(http), resource));
        group.MapPost("/", (HttpContext http) => CreateAsync(RequestContextOf(http), resource));
        group.MapGet("/{id}", (HttpContext http, string id) => GetAsync(RequestContextOf(http), resource, id));
        group.MapPatch("/{id}", (HttpContext http, string id) => UpdateAsync(RequestContextOf(http), resource, id));
        group.MapDelete("/{id}", (HttpContext http, string id) => DeleteAsync(RequestContextOf(http), resource, id));
        foreach (var relationship in resource.Relationships.Values)
        {
            group.MapGet($"/{{id}}/{relationship.Name}", (HttpContext http, string id) => RelatedAsync(RequestContextOf(http), resource, id, relationship));
            group.MapGet($"/{{id}}/relationships/{relationship.Name}", (HttpContext http, string id) => LinkageAsync(RequestContextOf(http), resource, id, relationship));
        }
        foreach (var name in resource.Unsupported)
            group.MapGet($"/{{id}}/{name}", () => Task.FromException(new JsonApiException(JsonApiError.NotFound())));
    }

    private static RequestContext RequestContextOf(HttpContext http) => new(
        http, http.RequestServices.GetRequiredService<AppDb>(), http.GetCaller(), http.RequestServices.GetRequiredService<ResourceRegistry>());

    private static void Require(RequestContext ctx, Resource<T> resource, Operation operation)
    {
        if (!resource.Allows(ctx.Caller, operation)) throw new JsonApiException(JsonApiError.Unauthorized());
    }

    private static async Task ListAsync(RequestContext ctx, Resource<T> resource)
    {
        Require(ctx, resource, Operation.List);
        var query = QuerySpec.Parse(ctx.Http.Request.Query, resource, ctx.Registry, collection: true);
        await WriteListAsync(ctx, resource, query, null);
    }

    // The most frequent query of all, compiled once per provider (a compiled query keeps the first model it meets): no
    // expression tree to walk, hash and look up on each request. The tenant filter still applies, read from the context.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, Func<AppDb, string, CancellationToken, Task<T?>>> UntrackedById = new();

    private static Func<AppDb, string, CancellationToken, Task<T?>> CompileUntrackedById(Type provider) =>
        EF.CompileAsyncQuery((AppDb db, string id, CancellationToken ct) => db.Set<T>().AsNoTracking().FirstOrDefault(e => e.Id == id));

    private static async Task<T> FindAsync(RequestContext ctx, Resource<T> resource, string id, Operation operation)
    {
        Require(ctx, resource, operation);
        // Only updates and deletes change the row they read; tracking a row that is only shown costs for nothing.
        if (operation is Operation.Read && resource.VisibleTo(ctx) is null)
            return await UntrackedById.GetOrAdd(ctx.Db.GetType(), CompileUntrackedById)(ctx.Db, id, ctx.Aborted) ?? throw new JsonApiException(JsonApiError.NotFound());
        var query = resource.Query(ctx);
        if (operation is Operation.Read) query = query.AsNoTracking();
        return await query.FirstOrDefaultAsync(e => e.Id == id, ctx.Aborted)
            ?? throw new JsonApiException(JsonApiError.NotFound());
    }

    private static async Task GetAsync(RequestContext ctx, Resource<T> resource, string id)
    {
        var query = QuerySpec.Parse(ctx.Http.Request.Query, resource, ctx.Registry, collection: false);
        await WriteSingleAsync(ctx, resource, await FindAsync(ctx, resource, id, Operation.Read), query, 200);
    }

    private static async Task CreateAsync(RequestContext ctx, Resource<T> resource)
    {
        Require(ctx, resource, Operation.Create);
        var query = QuerySpec.Parse(ctx.Http.Request.Query, resource, ctx.Registry, collection: false);
        var body = await RequestBody.ReadAsync(ctx.Http, resource, urlId: null);
        var entity = new T();
        await WriteAsync(ctx, resource, entity, body, creating: true);
        await WriteSingleAsync(ctx, resource, entity, query, 201);
    }

    private static async Task UpdateAsync(RequestContext ctx, Resource<T> resource, string id)
    {
        var query = QuerySpec.Parse(ctx.Http.Request.Query, resource, ctx.Registry, collection: false);
        var entity = await FindAsync(ctx, resource, id, Operation.Update);
        var body = await RequestBody.ReadAsync(ctx.Http, resource, urlId: id);
        await WriteAsync(ctx, resource, entity, body, creating: false);
        await WriteSingleAsync(ctx, resource, entity, query, 200);
    }

    private static async Task DeleteAsync(RequestContext ctx, Resource<T> resource, string id)
    {
        // Nothing applies to a delete, but a typo must not go unnoticed while the record is deleted anyway.
        QuerySpec.Parse(ctx.Http.Request.Query, resource, ctx.Registry, collection: false);
        await using var transaction = await ctx.Db.Database.BeginTransactionAsync(ctx.Aborted);
        var entity = await FindAsync(ctx, resource, id, Operation.Delete);
        await resource.OnDeletingAsync(ctx, entity);
        ctx.Db.Remove(entity);
        try
        {
            await ctx.Db.SaveChangesAsync(ctx.Aborted);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new JsonApiException(JsonApiError.NotFound()); // deleted by a concurrent request
        }
        catch (DbUpdateException e) when (Constraint.IsForeignKeyViolation(e))
        {
            throw new JsonApiException(JsonApiError.Locked($"The {resource.Name} is still referenced by other resources"));
        }
        await transaction.CommitAsync(ctx.Aborted);
        ctx.Http.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static async Task RelatedAsync(RequestContext ctx, Resource<T> resource, string id, RelationshipField relationship)
    {
        var target = relationship.Target(ctx.Registry);
        var query = QuerySpec.Parse(ctx.Http.Request.Query, target, ctx.Registry, collection: relationship.ToMany);
        var source = await FindAsync(ctx, resource, id, Operation.Read);
        await relationship.RelatedAsync(ctx, source, query);
    }

    private static async Task LinkageAsync(RequestContext ctx, Resource<T> resource, string id, RelationshipField relationship)
    {
        QuerySpec.Parse(ctx.Http.Request.Query, resource, ctx.Registry, collection: false);
        var source = await FindAsync(ctx, resource, id, Operation.Read);
        var rows = await relationship.LoadAsync(ctx, [source]);
        var targetType = relationship.Target(ctx.Registry).Name;
        await DocumentWriter.WriteAsync(ctx.Http, 200, w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("data");
            DocumentWriter.WriteLinkage(w, targetType, rows.TargetIdsBySource[id], relationship.ToMany);
            w.WriteEndObject();
        });
    }

    /// <summary>
    /// One write, one transaction. Attributes are applied first, outside it (a password hash takes tens of
    /// milliseconds and must not hold SQLite's write lock); relationships, hooks, triggers and the save run inside.
    /// </summary>
    private static async Task WriteAsync(RequestContext ctx, Resource<T> resource, T entity, RequestBody body, bool creating)
    {
        ApplyAttributes(ctx, resource, entity, body, creating);
        await using var transaction = await ctx.Db.Database.BeginTransactionAsync(ctx.Aborted);
        await ApplyRelationshipsAsync(ctx, resource, entity, body);
        await resource.OnWritingAsync(ctx, entity, creating);
        JsonApiException.ThrowIfAny(ctx.Errors);
        if (creating) ctx.Db.Add(entity);
        foreach (var trigger in ctx.Triggers) await trigger();
        JsonApiException.ThrowIfAny(ctx.Errors);
        await SaveAsync(ctx, resource, body);
        await transaction.CommitAsync(ctx.Aborted);
    }

    /// <summary>Applies the body's attributes (and queues its triggers), collecting every error.</summary>
    private static void ApplyAttributes(RequestContext ctx, Resource<T> resource, T entity, RequestBody body, bool creating)
    {
        var access = creating ? Access.Create : Access.Update;
        foreach (var (name, json) in body.Attributes)
        {
            if (!resource.Attributes.TryGetValue(name, out var field) || !field.Can(access))
                ctx.Errors.Add(JsonApiError.BadBody("PARAM_NOT_ALLOWED", $"/data/attributes/{name}", $"{name} is not a writable attribute of {resource.Name}"));
            else if (field.TryParse(json, ctx.Errors, out var value))
                field.Assign(ctx, entity, value);
        }
        if (creating)
        {
            foreach (var field in resource.Attributes.Values.Where(f => f.Required && !body.Attributes.ContainsKey(f.Name)))
                ctx.Errors.Add(JsonApiError.Blank(field.Pointer));
        }
        JsonApiException.ThrowIfAny(ctx.Errors);
    }

    private static async Task ApplyRelationshipsAsync(RequestContext ctx, Resource<T> resource, T entity, RequestBody body)
    {
        foreach (var (name, json) in body.Relationships)
        {
            var pointer = $"/data/relationships/{name}";
            if (resource.References.TryGetValue(name, out var reference))
            {
                if (!resource.AllowsRelationshipWrite(ctx.Caller, name))
                    throw new JsonApiException(JsonApiError.Unauthorized($"You may not set {name}"));
                ApplyReference(ctx, entity, reference, json, pointer);
                continue;
            }
            if (!resource.Relationships.TryGetValue(name, out var relationship) || !relationship.Writable)
            {
                ctx.Errors.Add(JsonApiError.BadBody("PARAM_NOT_ALLOWED", pointer, $"{name} is not a writable relationship of {resource.Name}"));
                continue;
            }
            if (!resource.AllowsRelationshipWrite(ctx.Caller, name))
                throw new JsonApiException(JsonApiError.Unauthorized($"You may not set {name}"));
            if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("data", out var data))
            {
                ctx.Errors.Add(JsonApiError.BadBody("INVALID_DATA_FORMAT", pointer, $"{name} must be an object with data"));
                continue;
            }
            if (relationship.ToMany)
            {
                await ApplyToManyAsync(ctx, entity, relationship, pointer, data);
                continue;
            }
            if (data.ValueKind == JsonValueKind.Null)
            {
                relationship.SetForeignKey(entity, null);
                continue;
            }
            var target = relationship.Target(ctx.Registry);
            if (data.ValueKind != JsonValueKind.Object
                || !data.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
                || !data.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String)
            {
                ctx.Errors.Add(JsonApiError.BadBody("INVALID_DATA_FORMAT", pointer, $"{name}.data must be null or {{type, id}}"));
                continue;
            }
            if (type.GetString() != target.Name)
            {
                ctx.Errors.Add(new JsonApiError(409, "TYPE_MISMATCH", "Type mismatch", $"{name}.data.type must be {target.Name}", pointer + "/data/type"));
                continue;
            }
            if (!await relationship.TargetExistsAsync(ctx, id.GetString()!))
            {
                ctx.Errors.Add(JsonApiError.Validation(pointer, "not_found", "not found"));
                continue;
            }
            relationship.SetForeignKey(entity, id.GetString());
        }
        JsonApiException.ThrowIfAny(ctx.Errors);
    }

    /// <summary>A reference to a resource held elsewhere: its type must be one of the known ones; nothing is looked up.</summary>
    private static void ApplyReference(RequestContext ctx, T entity, ReferenceField reference, JsonElement json, string pointer)
    {
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("data", out var data))
        {
            ctx.Errors.Add(JsonApiError.BadBody("INVALID_DATA_FORMAT", pointer, $"{reference.Name} must be an object with data"));
            return;
        }
        if (data.ValueKind == JsonValueKind.Null)
        {
            reference.Set(entity, null, null);
            return;
        }
        if (data.ValueKind != JsonValueKind.Object
            || !data.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
            || !data.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String)
        {
            ctx.Errors.Add(JsonApiError.BadBody("INVALID_DATA_FORMAT", pointer, $"{reference.Name}.data must be null or {{type, id}}"));
            return;
        }
        if (!reference.Types.Contains(type.GetString()!))
        {
            ctx.Errors.Add(JsonApiError.Validation(pointer + "/data/type", "invalid", "is invalid"));
            return;
        }
        var value = id.GetString()!;
        if (value.Trim().Length == 0 || value.Length > ReferenceField.MaxIdLength)
        {
            ctx.Errors.Add(JsonApiError.Validation(pointer + "/data/id", "invalid", "is invalid"));
            return;
        }
        reference.Set(entity, type.GetString(), value);
    }

    /// <summary>{"data":[{type,id},…]} replaces the whole linkage; [] clears it.</summary>
    private static async Task ApplyToManyAsync(RequestContext ctx, T entity, RelationshipField relationship, string pointer, JsonElement data)
    {
        var name = relationship.Name;
        if (data.ValueKind != JsonValueKind.Array)
        {
            ctx.Errors.Add(JsonApiError.BadBody("INVALID_DATA_FORMAT", pointer, $"{name}.data must be an array of {{type, id}}"));
            return;
        }
        var target = relationship.Target(ctx.Registry);
        var ids = new List<string>();
        var index = 0;
        var failed = false;
        foreach (var item in data.EnumerateArray())
        {
            var itemPointer = $"{pointer}/data/{index++}";
            if (item.ValueKind != JsonValueKind.Object
                || !item.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
                || !item.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String)
            {
                ctx.Errors.Add(JsonApiError.BadBody("INVALID_DATA_FORMAT", itemPointer, $"{name}.data must be an array of {{type, id}}"));
                failed = true;
            }
            else if (type.GetString() != target.Name)
            {
                ctx.Errors.Add(new JsonApiError(409, "TYPE_MISMATCH", "Type mismatch", $"{name}.data[].type must be {target.Name}", itemPointer + "/type"));
                failed = true;
            }
            else if (!ids.Contains(id.GetString()!)) ids.Add(id.GetString()!);
        }
        if (failed) return;
        if (relationship.MaxCount is { } max && ids.Count > max)
        {
            ctx.Errors.Add(JsonApiError.Validation(pointer, "too_long", $"is too long (maximum is {max} records)"));
            return;
        }
        foreach (var id in ids)
        {
            if (!await relationship.TargetExistsAsync(ctx, id))
            {
                ctx.Errors.Add(JsonApiError.Validation(pointer, "not_found", "not found"));
                return;
            }
        }
        await relationship.ReplaceAsync(ctx, entity, ids);
    }

    private static async Task SaveAsync(RequestContext ctx, Resource<T> resource, RequestBody body)
    {
        try
        {
            await ctx.Db.SaveChangesAsync(ctx.Aborted);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The record (or a row written with it) was deleted between reading and writing it.
            throw new JsonApiException(JsonApiError.NotFound());
        }
        catch (DbUpdateException e) when (resource.ConflictError(e) is { } error)
        {
            throw new JsonApiException(error);
        }
        catch (DbUpdateException e) when (Constraint.IsForeignKeyViolation(e))
        {
            // A related row vanished between the check and the write.
            var pointer = body.Relationships.Count > 0 ? $"/data/relationships/{body.Relationships.Keys.First()}" : "/data";
            throw new JsonApiException(JsonApiError.Validation(pointer, "not_found", "not found"));
        }
    }

    internal static async Task WriteSingleAsync(RequestContext ctx, Resource<T> resource, T? entity, QuerySpec query, int status)
    {
        var included = new IncludedSet();
        if (entity is not null)
        {
            await resource.PrepareAsync(ctx, [entity]);
            await included.LoadAsync(ctx, resource, [entity], query.Include);
        }
        await DocumentWriter.WriteAsync(ctx.Http, status, w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("data");
            if (entity is null) w.WriteNullValue();
            else DocumentWriter.WriteResource(w, ctx, resource, entity, query, included);
            if (entity is not null) DocumentWriter.WriteIncluded(w, ctx, query, included, resource, [entity.Id]);
            w.WriteEndObject();
        });
    }

    internal static async Task WriteListAsync(RequestContext ctx, Resource<T> resource, QuerySpec query, Expression<Func<T, bool>>? scope)
    {
        if (!resource.Allows(ctx.Caller, Operation.List)) throw new JsonApiException(JsonApiError.Unauthorized());
        var rows = resource.Query(ctx);
        if (scope is not null) rows = rows.Where(scope);
        if (FilterParser.Build<T>(ctx, query.Filters) is { } filter) rows = rows.Where(filter);

        var total = scope is null && resource.VisibleTo(ctx) is null && resource.CountedValues(query.Filters) is { } counted
            ? await RecordCounts.ReadAsync(ctx.Db, resource.Name, counted, ctx.Aborted)
            : await rows.LongCountAsync(ctx.Aborted);
        // In long: (page - 1) * size overflows int for large page numbers, and a page past the end needs no query.
        var offset = (long)(query.PageNumber - 1) * query.PageSize;
        var page = offset >= total ? []
            : await Sorted(rows, query).Skip((int)offset).Take(query.PageSize).ToListAsync(ctx.Aborted);
        var included = new IncludedSet();
        if (page.Count > 0) await resource.PrepareAsync(ctx, page);
        await included.LoadAsync(ctx, resource, page, query.Include);
        var pageCount = (total + query.PageSize - 1) / query.PageSize;

        await DocumentWriter.WriteAsync(ctx.Http, 200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("data");
            foreach (var entity in page) DocumentWriter.WriteResource(w, ctx, resource, entity, query, included);
            w.WriteEndArray();
            DocumentWriter.WriteIncluded(w, ctx, query, included, resource, page.Select(e => e.Id).ToHashSet());
            w.WriteStartObject("meta");
            w.WriteNumber("record_count", total);
            w.WriteNumber("page_count", pageCount);
            w.WriteEndObject();
            w.WriteStartObject("links");
            var request = ctx.Http.Request;
            string Link(long number) => ctx.BaseUrl + request.PathBase + request.Path + QuerySpec.WithParameter(request.Query, "page[number]", number.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("first", Link(1));
            if (query.PageNumber > 1) w.WriteString("prev", Link(Math.Min(query.PageNumber - 1, Math.Max(pageCount, 1))));
            if (query.PageNumber < pageCount) w.WriteString("next", Link(query.PageNumber + 1));
            w.WriteString("last", Link(Math.Max(pageCount, 1)));
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    /// <summary>The requested order (default created_at), always ending with the id so pages never overlap.</summary>
    private static IQueryable<T> Sorted(IQueryable<T> rows, QuerySpec query)
    {
        var sort = query.Sort.Count > 0 ? query.Sort : [(DefaultSort, false)];
        IOrderedQueryable<T>? ordered = null;
        foreach (var (field, descending) in sort)
        {
            var method = (ordered is null, descending) switch
            {
                (true, false) => nameof(Queryable.OrderBy),
                (true, true) => nameof(Queryable.OrderByDescending),
                (false, false) => nameof(Queryable.ThenBy),
                (false, true) => nameof(Queryable.ThenByDescending),
            };
            var selector = field.Selector;
            ordered = (IOrderedQueryable<T>)rows.Provider.CreateQuery<T>(Expression.Call(typeof(Queryable), method,
                [typeof(T), selector.ReturnType], (ordered ?? rows).Expression, Expression.Quote(selector)));
        }
        // The tie-breaker runs in the direction of the last key, so one index on (..., key, id) serves the whole ORDER BY.
        return sort[^1].Descending ? ordered!.ThenByDescending(e => e.Id) : ordered!.ThenBy(e => e.Id);
    }

    private static readonly AttributeField DefaultSort = new AttributeField<T, DateTime>("created_at", e => e.CreatedAt, Access.Sort, ValueKind.DateTime);
}
