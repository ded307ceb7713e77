using System.Linq.Expressions;
using Clientele.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Clientele.JsonApi;

/// <summary>The related rows of a batch of sources, and which source points to which.</summary>
public sealed record RelatedRows(IReadOnlyList<object> Targets, Dictionary<string, List<string>> TargetIdsBySource);

/// <summary>One relationship of a resource type, loaded in one query per batch and filterable as EXISTS.</summary>
public abstract class RelationshipField(string name, bool toMany, bool writable)
{
    public string Name { get; } = name;
    public bool ToMany { get; } = toMany;
    public bool Writable { get; } = writable;
    public abstract Type TargetEntity { get; }
    public ResourceType Target(ResourceRegistry registry) => registry.All.Single(t => t.EntityType == TargetEntity);

    internal abstract Task<RelatedRows> LoadAsync(RequestContext ctx, IReadOnlyList<object> sources);

    /// <summary>
    /// Whether <paramref name="source"/> has a visible related row satisfying the predicate, as a semi-join
    /// (key IN (SELECT …)) so that the database can start from the related rows and an index on the key.
    /// </summary>
    internal abstract Expression Exists(RequestContext ctx, Expression source, Func<ParameterExpression, Expression> predicate);

    /// <summary>Whether <paramref name="source"/> has no visible related row at all.</summary>
    internal abstract Expression Missing(RequestContext ctx, Expression source);

    /// <summary>GET /api/{type}/{id}/{relationship}.</summary>
    internal abstract Task RelatedAsync(RequestContext ctx, object source, QuerySpec query);

    internal virtual string? ForeignKeyOf(object source) => null;
    internal virtual void SetForeignKey(object source, string? id) => throw new InvalidOperationException($"{Name} is not writable");

    /// <summary>Whether a target with this id exists and is visible to the caller.</summary>
    internal abstract Task<bool> TargetExistsAsync(RequestContext ctx, string id);

    /// <summary>Most related rows a source may have through this relationship, if limited.</summary>
    public int? MaxCount { get; init; }

    /// <summary>Makes <paramref name="ids"/> (existing, visible, distinct) the whole to-many linkage of the source.</summary>
    internal virtual Task ReplaceAsync(RequestContext ctx, object source, IReadOnlyList<string> ids) =>
        throw new InvalidOperationException($"{Name} is not a writable to-many relationship");
}

internal sealed class ToOneField<T, TTarget>(string name, Expression<Func<T, string?>> foreignKey, bool writable)
    : RelationshipField(name, false, writable) where T : ResourceEntity, new() where TTarget : ResourceEntity, new()
{
    private readonly Func<T, string?> _key = foreignKey.Compile();
    private readonly Action<T, string?> _setKey = Setter(foreignKey);

    public override Type TargetEntity => typeof(TTarget);

    internal override string? ForeignKeyOf(object source) => _key((T)source);
    internal override void SetForeignKey(object source, string? id) => _setKey((T)source, id);

    internal override async Task<RelatedRows> LoadAsync(RequestContext ctx, IReadOnlyList<object> sources)
    {
        var ids = sources.Select(s => _key((T)s)).OfType<string>().Distinct().ToList();
        var targets = ids.Count == 0 ? [] : await ctx.Registry.Get<TTarget>().Query(ctx).Where(t => ids.Contains(t.Id)).ToListAsync(ctx.Aborted);
        var found = targets.Select(t => t.Id).ToHashSet();
        var linkage = sources.Cast<T>().ToDictionary(s => s.Id, s => _key(s) is { } id && found.Contains(id) ? new List<string> { id } : []);
        return new RelatedRows(targets, linkage);
    }

    internal override Expression Exists(RequestContext ctx, Expression source, Func<ParameterExpression, Expression> predicate)
    {
        var target = Expression.Parameter(typeof(TTarget), "t");
        var ids = QueryExpressions.Select(ctx.Registry.Get<TTarget>().Query(ctx), Expression.Lambda<Func<TTarget, bool>>(predicate(target), target), t => t.Id);
        var key = ParameterReplacer.Replace(foreignKey, source);
        return Expression.AndAlso(Expression.NotEqual(key, Expression.Constant(null, typeof(string))), QueryExpressions.Contains(ids, key));
    }

    internal override Expression Missing(RequestContext ctx, Expression source)
    {
        var key = ParameterReplacer.Replace(foreignKey, source);
        return Expression.OrElse(Expression.Equal(key, Expression.Constant(null, typeof(string))),
            Expression.Not(Exists(ctx, source, _ => Expression.Constant(true))));
    }

    internal override async Task RelatedAsync(RequestContext ctx, object source, QuerySpec query)
    {
        var target = ctx.Registry.Get<TTarget>();
        var id = _key((T)source);
        var row = id is null ? null : await target.Query(ctx).FirstOrDefaultAsync(t => t.Id == id, ctx.Aborted);
        await ResourceHandlers<TTarget>.WriteSingleAsync(ctx, target, row, query, 200);
    }

    internal override Task<bool> TargetExistsAsync(RequestContext ctx, string id) =>
        ctx.Registry.Get<TTarget>().Query(ctx).AnyAsync(t => t.Id == id, ctx.Aborted);

    private static Action<T, string?> Setter(Expression<Func<T, string?>> key)
    {
        if (key.Body is not MemberExpression { Member: System.Reflection.PropertyInfo property }) return (_, _) => throw new InvalidOperationException();
        var target = Expression.Parameter(typeof(T));
        var value = Expression.Parameter(typeof(string));
        return Expression.Lambda<Action<T, string?>>(Expression.Assign(Expression.Property(target, property), value), target, value).Compile();
    }
}

internal sealed class ToManyField<T, TTarget>(string name, Expression<Func<TTarget, string?>> inverseKey)
    : RelationshipField(name, true, false) where T : ResourceEntity, new() where TTarget : ResourceEntity, new()
{
    private readonly Func<TTarget, string?> _inverse = inverseKey.Compile();

    public override Type TargetEntity => typeof(TTarget);

    internal override async Task<RelatedRows> LoadAsync(RequestContext ctx, IReadOnlyList<object> sources)
    {
        var ids = sources.Cast<T>().Select(s => s.Id).ToList();
        var param = inverseKey.Parameters[0];
        var inIds = Expression.Lambda<Func<TTarget, bool>>(
            Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(string)], Expression.Constant(ids), inverseKey.Body), param);
        // Included to-many records are not paged, so their number is bounded: a group of a million customers must not
        // be loaded into one response. Past the bound the related endpoint, which pages, is the way.
        var limit = ctx.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Hosting.ClienteleOptions>>().Value.MaxIncluded;
        var targets = await ctx.Registry.Get<TTarget>().Query(ctx).Where(inIds).OrderBy(t => t.CreatedAt).ThenBy(t => t.Id).Take(limit + 1).ToListAsync(ctx.Aborted);
        if (targets.Count > limit)
            throw new JsonApiException(JsonApiError.BadParameter("BAD_REQUEST", "include",
                $"{Name} has more than {limit} records to include; list them from the related endpoint, which pages"));
        var linkage = ids.ToDictionary(id => id, _ => new List<string>());
        foreach (var t in targets)
            if (_inverse(t) is { } owner && linkage.TryGetValue(owner, out var list)) list.Add(t.Id);
        return new RelatedRows(targets, linkage);
    }

    internal override Expression Exists(RequestContext ctx, Expression source, Func<ParameterExpression, Expression> predicate)
    {
        var target = inverseKey.Parameters[0];
        // NOT IN over a subquery that yields a NULL matches nothing, so unlinked rows are left out explicitly.
        var match = Expression.AndAlso(Expression.NotEqual(inverseKey.Body, Expression.Constant(null, typeof(string))), predicate(target));
        var owners = QueryExpressions.Select(ctx.Registry.Get<TTarget>().Query(ctx), Expression.Lambda<Func<TTarget, bool>>(match, target), inverseKey);
        return QueryExpressions.Contains(owners, Expression.Property(source, nameof(ResourceEntity.Id)));
    }

    internal override Expression Missing(RequestContext ctx, Expression source) => Expression.Not(Exists(ctx, source, _ => Expression.Constant(true)));

    internal override Task RelatedAsync(RequestContext ctx, object source, QuerySpec query)
    {
        var id = ((T)source).Id;
        var param = inverseKey.Parameters[0];
        var scope = Expression.Lambda<Func<TTarget, bool>>(Expression.Equal(inverseKey.Body, Expression.Constant(id, typeof(string))), param);
        return ResourceHandlers<TTarget>.WriteListAsync(ctx, ctx.Registry.Get<TTarget>(), query, scope);
    }

    internal override Task<bool> TargetExistsAsync(RequestContext ctx, string id) => Task.FromResult(false);
}

/// <summary>
/// A to-one reference to a resource held outside this service (a payment at a gateway, say): its type, one of a
/// known set, and its id are stored as given and always written as the relationship's data.
/// </summary>
public abstract class ReferenceField(string name, IReadOnlySet<string> types)
{
    public const int MaxIdLength = 255;

    public string Name { get; } = name;
    public IReadOnlySet<string> Types { get; } = types;

    internal abstract (string? Type, string? Id) Get(object entity);
    internal abstract void Set(object entity, string? type, string? id);
}

internal sealed class ReferenceField<T>(string name, IReadOnlySet<string> types, Func<T, (string? Type, string? Id)> get, Action<T, string?, string?> set)
    : ReferenceField(name, types)
{
    internal override (string? Type, string? Id) Get(object entity) => get((T)entity);
    internal override void Set(object entity, string? type, string? id) => set((T)entity, type, id);
}

/// <summary>
/// A to-many relationship through a join entity that holds both keys (customers and tags through customer_tags).
/// Include, related endpoints and filter paths work as for other relationships; writing replaces the join rows.
/// </summary>
internal sealed class ManyToManyField<T, TJoin, TTarget>(
    string name, Expression<Func<TJoin, string?>> sourceKey, Expression<Func<TJoin, string?>> targetKey, bool writable)
    : RelationshipField(name, true, writable)
    where T : ResourceEntity, new() where TJoin : TenantEntity, new() where TTarget : ResourceEntity, new()
{
    private readonly Func<TJoin, string?> _source = sourceKey.Compile();
    private readonly Func<TJoin, string?> _target = targetKey.Compile();
    private readonly Action<TJoin, string?> _setSource = KeySetter.For(sourceKey);
    private readonly Action<TJoin, string?> _setTarget = KeySetter.For(targetKey);

    public override Type TargetEntity => typeof(TTarget);

    /// <summary>The join rows whose source key is one of <paramref name="ids"/>.</summary>
    private IQueryable<TJoin> JoinsOf(RequestContext ctx, IReadOnlyList<string> ids)
    {
        var param = sourceKey.Parameters[0];
        var inIds = Expression.Lambda<Func<TJoin, bool>>(
            Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(string)], Expression.Constant(ids), sourceKey.Body), param);
        return ctx.Db.Set<TJoin>().Where(inIds);
    }

    internal override async Task<RelatedRows> LoadAsync(RequestContext ctx, IReadOnlyList<object> sources)
    {
        var ids = sources.Cast<T>().Select(s => s.Id).ToList();
        var pairs = await JoinsOf(ctx, ids)
            .Join(ctx.Registry.Get<TTarget>().Query(ctx), targetKey, t => t.Id, (j, t) => new { Join = j, Target = t })
            // In the targets' own order, as for other to-many relationships: links made by one write share a timestamp.
            .OrderBy(p => p.Target.CreatedAt).ThenBy(p => p.Target.Id)
            .AsNoTracking().ToListAsync(ctx.Aborted);
        var linkage = ids.ToDictionary(id => id, _ => new List<string>());
        var targets = new Dictionary<string, TTarget>();
        foreach (var pair in pairs)
        {
            targets.TryAdd(pair.Target.Id, pair.Target);
            if (_source(pair.Join) is { } owner && linkage.TryGetValue(owner, out var list)) list.Add(pair.Target.Id);
        }
        return new RelatedRows(targets.Values.ToList<object>(), linkage);
    }

    /// <summary>source.id IN (SELECT source_key FROM joins WHERE target_key IN (SELECT id FROM targets WHERE predicate)).</summary>
    internal override Expression Exists(RequestContext ctx, Expression source, Func<ParameterExpression, Expression> predicate)
    {
        var target = Expression.Parameter(typeof(TTarget), "t");
        var targetIds = QueryExpressions.Select(ctx.Registry.Get<TTarget>().Query(ctx), Expression.Lambda<Func<TTarget, bool>>(predicate(target), target), t => t.Id);
        var join = targetKey.Parameters[0];
        var linked = Expression.Lambda<Func<TJoin, bool>>(QueryExpressions.Contains(targetIds, targetKey.Body), join);
        var owners = QueryExpressions.Select(ctx.Db.Set<TJoin>(), linked, sourceKey);
        return QueryExpressions.Contains(owners, Expression.Property(source, nameof(ResourceEntity.Id)));
    }

    internal override Expression Missing(RequestContext ctx, Expression source) => Expression.Not(Exists(ctx, source, _ => Expression.Constant(true)));

    internal override Task RelatedAsync(RequestContext ctx, object source, QuerySpec query)
    {
        var join = sourceKey.Parameters[0];
        var ofSource = Expression.Lambda<Func<TJoin, bool>>(
            Expression.Equal(sourceKey.Body, Expression.Constant(((T)source).Id, typeof(string))), join);
        var linkedIds = QueryExpressions.Select(ctx.Db.Set<TJoin>(), ofSource, targetKey);
        var target = Expression.Parameter(typeof(TTarget), "t");
        var scope = Expression.Lambda<Func<TTarget, bool>>(
            QueryExpressions.Contains(linkedIds, Expression.Property(target, nameof(ResourceEntity.Id))), target);
        return ResourceHandlers<TTarget>.WriteListAsync(ctx, ctx.Registry.Get<TTarget>(), query, scope);
    }

    internal override Task<bool> TargetExistsAsync(RequestContext ctx, string id) =>
        ctx.Registry.Get<TTarget>().Query(ctx).AnyAsync(t => t.Id == id, ctx.Aborted);

    internal override async Task ReplaceAsync(RequestContext ctx, object source, IReadOnlyList<string> ids)
    {
        var sourceId = ((T)source).Id;
        var current = await JoinsOf(ctx, [sourceId]).ToListAsync(ctx.Aborted);
        var wanted = ids.ToHashSet();
        foreach (var join in current.Where(j => !wanted.Contains(_target(j)!))) ctx.Db.Remove(join);
        var kept = current.Select(j => _target(j)).ToHashSet();
        foreach (var id in ids.Where(id => !kept.Contains(id)))
        {
            var join = new TJoin();
            _setSource(join, sourceId);
            _setTarget(join, id);
            ctx.Db.Add(join);
        }
    }
}

/// <summary>Compiles a setter from a property selector such as j => j.TagId.</summary>
internal static class KeySetter
{
    public static Action<TEntity, string?> For<TEntity>(Expression<Func<TEntity, string?>> key)
    {
        if (key.Body is not MemberExpression { Member: System.Reflection.PropertyInfo property }) return (_, _) => throw new InvalidOperationException();
        var target = Expression.Parameter(typeof(TEntity));
        var value = Expression.Parameter(typeof(string));
        return Expression.Lambda<Action<TEntity, string?>>(Expression.Assign(Expression.Property(target, property), value), target, value).Compile();
    }
}

/// <summary>Small helpers for building expression trees that EF Core translates.</summary>
internal static class QueryExpressions
{
    /// <summary>SELECT key FROM source WHERE predicate, as an expression to embed in another query.</summary>
    public static Expression Select<TTarget>(IQueryable<TTarget> source, Expression<Func<TTarget, bool>> predicate, Expression<Func<TTarget, string?>> key) =>
        Expression.Call(typeof(Queryable), nameof(Queryable.Select), [typeof(TTarget), typeof(string)],
            Expression.Call(typeof(Queryable), nameof(Queryable.Where), [typeof(TTarget)], source.Expression, Expression.Quote(predicate)),
            Expression.Quote(key));

    /// <summary>value IN (subquery).</summary>
    public static Expression Contains(Expression subquery, Expression value) =>
        Expression.Call(typeof(Queryable), nameof(Queryable.Contains), [typeof(string)], subquery, value);
}

/// <summary>Rewrites a lambda's body onto another parameter or expression.</summary>
internal sealed class ParameterReplacer(ParameterExpression from, Expression to) : ExpressionVisitor
{
    public static Expression Replace(LambdaExpression lambda, Expression to) => new ParameterReplacer(lambda.Parameters[0], to).Visit(lambda.Body);

    protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
}
