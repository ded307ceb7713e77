using Clientele.Customers;
using Clientele.JsonApi;
using Microsoft.EntityFrameworkCore;

namespace Clientele.Tags;

/// <summary>
/// The _add_tags and _remove_tags triggers of customers. Each trigger only records its names; one step queued after
/// them applies the adds, then the removes, whatever their order in the body, and checks the limit on the result.
/// </summary>
public static class CustomerTagging
{
    public const int MaxTagsPerCustomer = 10;
    public const string AddTags = "_add_tags", RemoveTags = "_remove_tags";

    private sealed class Pending
    {
        public List<string> Add { get; } = [];
        public List<string> Remove { get; } = [];
    }

    private static Pending PendingOf(RequestContext ctx)
    {
        if (ctx.Http.Items[typeof(Pending)] is not Pending pending) ctx.Http.Items[typeof(Pending)] = pending = new Pending();
        return pending;
    }

    public static Task RecordAddAsync(RequestContext ctx, Customer _, object value)
    {
        PendingOf(ctx).Add.AddRange(Names(value));
        return Task.CompletedTask;
    }

    public static Task RecordRemoveAsync(RequestContext ctx, Customer _, object value)
    {
        PendingOf(ctx).Remove.AddRange(Names(value));
        return Task.CompletedTask;
    }

    /// <summary>Queues the step that applies recorded tag changes; call once the body's triggers are queued.</summary>
    public static void QueueApply(RequestContext ctx, Customer customer) => ctx.Triggers.Add(() => ApplyAsync(ctx, customer));

    /// <summary>Valid, distinct, lowercased names; invalid ones are ignored, as Commerce Layer does.</summary>
    private static IEnumerable<string> Names(object value) =>
        ((string)value).Split(',').Select(TagResource.Normalize).OfType<string>().Distinct();

    private static async Task ApplyAsync(RequestContext ctx, Customer customer)
    {
        if (ctx.Http.Items[typeof(Pending)] is not Pending pending) return;
        ctx.Http.Items.Remove(typeof(Pending));
        var names = pending.Add.Concat(pending.Remove).Distinct().ToList();
        // Unknown names are ignored: only tags that exist in this organization and mode are looked up.
        var tags = await ctx.Db.Tags.Where(t => names.Contains(t.Name)).ToDictionaryAsync(t => t.Name, t => t.Id, ctx.Aborted);

        // The links as this request leaves them so far: stored ones (a tags relationship in the same body may have
        // marked some deleted or added others).
        var stored = await ctx.Db.CustomerTags.Where(l => l.CustomerId == customer.Id).ToListAsync(ctx.Aborted);
        var links = stored.Concat(ctx.Db.ChangeTracker.Entries<CustomerTag>()
                .Where(e => e.State == EntityState.Added && e.Entity.CustomerId == customer.Id).Select(e => e.Entity))
            .Where(l => ctx.Db.Entry(l).State != EntityState.Deleted)
            .Distinct().ToList();
        var linked = links.Select(l => l.TagId).ToHashSet();

        foreach (var name in pending.Add)
        {
            if (tags.TryGetValue(name, out var tagId) && linked.Add(tagId))
            {
                var link = new CustomerTag { CustomerId = customer.Id, TagId = tagId };
                ctx.Db.CustomerTags.Add(link);
                links.Add(link);
            }
        }
        foreach (var name in pending.Remove)
        {
            if (!tags.TryGetValue(name, out var tagId) || !linked.Remove(tagId)) continue;
            foreach (var link in links.Where(l => l.TagId == tagId)) ctx.Db.Remove(link);
        }
        if (linked.Count > MaxTagsPerCustomer)
            ctx.Errors.Add(JsonApiError.Validation($"/data/attributes/{AddTags}", "too_long", $"is too long (maximum is {MaxTagsPerCustomer} tags)"));
    }
}
