using System.Linq.Expressions;
using Clientele.Auth;
using Clientele.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Clientele.JsonApi;

/// <summary>What a caller may attempt on a resource type; refusals answer 401 UNAUTHORIZED.</summary>
public enum Operation { List, Read, Create, Update, Delete }

/// <summary>
/// The description of one resource type: its attributes and relationships and who may see what.
/// The JSON:API layer does parsing, querying and writing from it; features only describe.
/// </summary>
public abstract class ResourceType(string name, Type entityType)
{
    public string Name { get; } = name;
    public Type EntityType { get; } = entityType;
    public Dictionary<string, AttributeField> Attributes { get; } = [];
    public Dictionary<string, RelationshipField> Relationships { get; } = [];

    /// <summary>Relationships of Commerce Layer this service does not hold; include answers INVALID_INCLUDE.</summary>
    public HashSet<string> Unsupported { get; } = [];

    /// <summary>References to resources held outside this service, written as relationships with data {type, id}.</summary>
    public Dictionary<string, ReferenceField> References { get; } = [];

    public bool HasField(string field) => Attributes.ContainsKey(field) || Relationships.ContainsKey(field) || References.ContainsKey(field);

    /// <summary>Loads what computed attributes read from other rows, before the rows are written in a response.</summary>
    internal abstract Task PrepareRowsAsync(RequestContext ctx, IReadOnlyList<object> rows);

    internal abstract void Map(IEndpointRouteBuilder api);
    internal abstract string IdOf(object entity);
    internal abstract string ModeOf(object entity);
    internal abstract string OrganizationOf(object entity);
}

/// <summary>A resource type backed by entity <typeparamref name="T"/>.</summary>
public abstract class Resource<T> : ResourceType where T : ResourceEntity, new()
{
    protected Resource(string name) : base(name, typeof(T))
    {
        // Filterable and sortable like any attribute, but never written into "attributes" (it is the resource's own id).
        Add(new AttributeField<T, string>("id", e => e.Id, Access.Query, ValueKind.String));
        Add(new AttributeField<T, string?>("reference", e => e.Reference, Access.Read | Access.Query | Access.Write, ValueKind.String) { MaxLength = 255 });
        Add(new AttributeField<T, string?>("reference_origin", e => e.ReferenceOrigin, Access.Read | Access.Query | Access.Write, ValueKind.String) { MaxLength = 255 });
        Add(MetadataField(null));
        Add(new AttributeField<T, DateTime>("created_at", e => e.CreatedAt, Access.Read | Access.Query, ValueKind.DateTime));
        Add(new AttributeField<T, DateTime>("updated_at", e => e.UpdatedAt, Access.Read | Access.Query, ValueKind.DateTime));
    }

    private static AttributeField<T, string> MetadataField(SqliteSearchIndex? search) =>
        new("metadata", e => e.Metadata, Access.Read | Access.Filter | Access.Write, ValueKind.Object) { MaxLength = 16 * 1024, SqliteSearch = search };

    /// <summary>Declares the SQLite side table (filled by the resource's triggers) that narrows metadata_jcont.</summary>
    protected void SearchMetadataOnSqlite(SqliteSearchIndex index) => Add(MetadataField(index));

    protected AttributeField<T, TValue> Add<TValue>(AttributeField<T, TValue> field)
    {
        Attributes[field.Name] = field;
        return field;
    }

    protected AttributeField<T, TValue> Attribute<TValue>(string name, Expression<Func<T, TValue>> selector, Access access) =>
        Add(new AttributeField<T, TValue>(name, selector, access, KindOf(typeof(TValue))));

    /// <summary>
    /// An update-only trigger attribute such as _place or _add_tags: write-only, run inside the write's transaction
    /// after the other attributes. Boolean triggers sent as false do nothing.
    /// </summary>
    protected void Trigger(string name, ValueKind kind, Func<RequestContext, T, object, Task> action, bool salesChannels = true, Access access = Access.Update) =>
        Add(new AttributeField<T, object?>(name, _ => null, access, kind)
        {
            Writer = (ctx, entity, value) =>
            {
                if (!salesChannels && !ctx.Caller.IsIntegration)
                    throw new JsonApiException(JsonApiError.Unauthorized($"Sales channels may not send {name}"));
                if (value is null or false) return;
                ctx.Triggers.Add(() => action(ctx, entity, value));
            },
        });

    protected void ToOne<TTarget>(string name, Expression<Func<T, string?>> foreignKey, bool writable = false) where TTarget : ResourceEntity, new() =>
        Relationships[name] = new ToOneField<T, TTarget>(name, foreignKey, writable);

    /// <summary>A polymorphic to-one reference kept as given (type and id), to a resource this service does not hold.</summary>
    protected void Reference(string name, IEnumerable<string> types, Func<T, (string? Type, string? Id)> get, Action<T, string?, string?> set) =>
        References[name] = new ReferenceField<T>(name, types.ToHashSet(), get, set);

    protected void ToMany<TTarget>(string name, Expression<Func<TTarget, string?>> inverseKey) where TTarget : ResourceEntity, new() =>
        Relationships[name] = new ToManyField<T, TTarget>(name, inverseKey);

    /// <summary>
    /// A to-many relationship through a join entity holding <paramref name="sourceKey"/> (this resource's id) and
    /// <paramref name="targetKey"/>; writable ones take {"data":[…]} in bodies, which replaces the linkage.
    /// </summary>
    protected void ManyToMany<TJoin, TTarget>(string name, Expression<Func<TJoin, string?>> sourceKey, Expression<Func<TJoin, string?>> targetKey,
        bool writable = false, int? maxCount = null) where TJoin : TenantEntity, new() where TTarget : ResourceEntity, new() =>
        Relationships[name] = new ManyToManyField<T, TJoin, TTarget>(name, sourceKey, targetKey, writable) { MaxCount = maxCount };

    private static ValueKind KindOf(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(string) => ValueKind.String,
        var t when t == typeof(int) || t == typeof(long) => ValueKind.Integer,
        var t when t == typeof(bool) => ValueKind.Boolean,
        var t when t == typeof(DateTime) => ValueKind.DateTime,
        var t when t == typeof(double) => ValueKind.Number,
        var t => throw new ArgumentException($"No value kind for {t}"),
    };

    /// <summary>
    /// The attribute whose values the database counts per tenant (Persistence.RecordCounts, kept by triggers that a
    /// migration creates for this resource's table); null when it counts nothing.
    /// </summary>
    public AttributeField? CountedBy { get; protected set; }

    /// <summary>
    /// The values whose stored counts add up to the record_count of a list with these filters: empty for every row,
    /// null when the filters need a real count (anything but one eq or in on <see cref="CountedBy"/>).
    /// </summary>
    public IReadOnlyList<string>? CountedValues(IReadOnlyList<FilterClause> filters)
    {
        if (CountedBy is null || filters.Count > 1) return null;
        if (filters.Count == 0) return [];
        var clause = filters[0];
        if (clause.Predicate.Name is not ("eq" or "in") || clause.Terms is not [{ Path.Hops.Count: 0 } term] || term.Path.Attribute != CountedBy) return null;
        var values = term.Values.Select(v => v.Value).OfType<string>().ToList();
        return values.Count == term.Values.Count ? values : null;
    }

    /// <summary>Whether the caller may attempt the operation at all.</summary>
    public virtual bool Allows(Caller caller, Operation operation) => caller.IsIntegration;

    /// <summary>The rows the caller may see; null means all rows of the tenant.</summary>
    public virtual Expression<Func<T, bool>>? VisibleTo(RequestContext ctx) => ctx.Caller.IsIntegration ? null : _ => false;

    /// <summary>
    /// Called with the rows of a response before they are written: loads, in one query per batch, what read-only
    /// attributes computed from other rows need.
    /// </summary>
    public virtual Task PrepareAsync(RequestContext ctx, IReadOnlyList<T> rows) => Task.CompletedTask;

    /// <summary>Called after the body is applied: defaults and cross-field validation (add to ctx.Errors).</summary>
    public virtual Task OnWritingAsync(RequestContext ctx, T entity, bool creating) => Task.CompletedTask;

    /// <summary>Called before a delete; throw a JsonApiException to refuse it.</summary>
    public virtual Task OnDeletingAsync(RequestContext ctx, T entity) => Task.CompletedTask;

    /// <summary>The 422 error for a unique-index violation, if it is one this resource knows.</summary>
    public virtual JsonApiError? ConflictError(DbUpdateException exception) => null;

    /// <summary>
    /// Visibility for records that belong to one customer: integrations see all, a customer token its own, a guest
    /// none (a guest token has no customer).
    /// </summary>
    protected static Expression<Func<T, bool>>? OwnedByCaller(RequestContext ctx, Expression<Func<T, string>> customerKey)
    {
        if (ctx.Caller.IsIntegration) return null;
        var own = ctx.Caller.CustomerId;
        Expression<Func<string?>> caller = () => own; // a closure, so EF Core sends the id as a parameter
        return Expression.Lambda<Func<T, bool>>(Expression.Equal(customerKey.Body, caller.Body), customerKey.Parameters);
    }

    public IQueryable<T> Query(RequestContext ctx)
    {
        IQueryable<T> rows = ctx.Db.Set<T>();
        return VisibleTo(ctx) is { } visible ? rows.Where(visible) : rows;
    }

    /// <summary>Whether the caller may set a relationship in a body; refusals answer 401.</summary>
    public virtual bool AllowsRelationshipWrite(Caller caller, string relationship) => caller.IsIntegration;

    internal override void Map(IEndpointRouteBuilder api) => ResourceHandlers<T>.Map(api, this);
    internal override Task PrepareRowsAsync(RequestContext ctx, IReadOnlyList<object> rows) =>
        rows.Count == 0 ? Task.CompletedTask : PrepareAsync(ctx, rows.Cast<T>().ToList());
    internal override string IdOf(object entity) => ((T)entity).Id;
    internal override string ModeOf(object entity) => ((T)entity).Mode;
    internal override string OrganizationOf(object entity) => ((T)entity).OrganizationId;
}
