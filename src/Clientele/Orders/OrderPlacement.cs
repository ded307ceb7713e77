using Clientele.Customers;
using Clientele.JsonApi;
using Clientele.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace Clientele.Orders;

/// <summary>
/// The status transitions of an order. Each is one conditional UPDATE (… WHERE id = @id AND status IN (…)), so of two
/// requests racing for the same transition exactly one changes the row, and only that one moves the customer's counters.
/// </summary>
internal static class OrderPlacement
{
    private const string EmailPointer = "/data/attributes/customer_email";

    private sealed record CustomerRow(string Id, string Email, bool HasPassword);

    public static Task PlaceAsync(RequestContext ctx, Order order) => PlaceAsync(ctx, order, retried: false);

    private static async Task PlaceAsync(RequestContext ctx, Order order, bool retried)
    {
        const string pointer = "/data/attributes/_place";
        // A retried placement answers the placed order and changes nothing.
        if (order.Status == OrderStatus.Placed) return;
        if (order.Status != OrderStatus.Draft) throw Transition(pointer, order.Status, OrderStatus.Placed);

        var email = order.CustomerEmail;
        var linked = order.CustomerId is { } linkedId ? await FindAsync(ctx, c => c.Id == linkedId) : null;
        if (linked is not null)
        {
            email ??= linked.Email;
            if (email != linked.Email) throw new JsonApiException(JsonApiError.Validation(EmailPointer, "invalid", "does not match the order's customer"));
        }
        if (email is null) throw new JsonApiException(JsonApiError.Blank(EmailPointer));
        if (ctx.Caller.CustomerId is { } own && email != await EmailOfAsync(ctx, own))
            throw new JsonApiException(JsonApiError.Validation(EmailPointer, "invalid", "must be the email of the customer the token belongs to"));

        var now = ctx.Db.UtcNow;
        // The order was read before this transaction: the claim also requires the customer_email and customer it was
        // read with, so that a concurrent update of either cannot leave a placed order naming another customer than
        // the one counted here.
        var entry = ctx.Db.Entry(order);
        var readEmail = entry.Property(o => o.CustomerEmail).OriginalValue;
        var readCustomer = entry.Property(o => o.CustomerId).OriginalValue;
        if (!await ClaimAsync(ctx, order, [OrderStatus.Draft], OrderStatus.Placed, s => s.SetProperty(o => o.PlacedAt, now), now,
                o => o.CustomerEmail == readEmail && o.CustomerId == readCustomer))
        {
            // Another request placed it first: this one is the retry.
            if (order.Status == OrderStatus.Placed) return;
            // Still a draft, changed meanwhile: place it as it now is (once; the reload dropped this body's changes).
            if (order.Status == OrderStatus.Draft && !retried)
            {
                await PlaceAsync(ctx, order, retried: true);
                return;
            }
            throw Transition(pointer, order.Status, OrderStatus.Placed);
        }

        var customer = linked ?? await FindOrCreateCustomerAsync(ctx, email, now);
        // Computed from the counter in SQL, so two placements of one customer's orders at once give 2 and repeat.
        var counted = await ctx.Db.Customers.Where(c => c.Id == customer.Id).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.TotalOrdersCount, c => c.TotalOrdersCount + 1)
            .SetProperty(c => c.Status, c => c.TotalOrdersCount + 1 >= 2 ? CustomerStatus.Repeat : CustomerStatus.Acquired)
            .SetProperty(c => c.UpdatedAt, now), ctx.Aborted);
        if (counted == 0) throw new JsonApiException(JsonApiError.Validation(EmailPointer, "not_found", "belongs to a customer that was just deleted"));

        order.Status = OrderStatus.Placed;
        order.PlacedAt = now;
        order.CustomerId = customer.Id;
        order.CustomerEmail = email;
        order.Guest = !customer.HasPassword;
    }

    public static async Task ApproveAsync(RequestContext ctx, Order order)
    {
        const string pointer = "/data/attributes/_approve";
        var now = ctx.Db.UtcNow;
        if (order.Status != OrderStatus.Placed
            || !await ClaimAsync(ctx, order, [OrderStatus.Placed], OrderStatus.Approved, s => s.SetProperty(o => o.ApprovedAt, now), now))
            throw Transition(pointer, order.Status, OrderStatus.Approved);
        order.Status = OrderStatus.Approved;
        order.ApprovedAt = now;
    }

    /// <summary>Cancels a placed or approved order; the customer's status and count stay as they are.</summary>
    public static async Task CancelAsync(RequestContext ctx, Order order)
    {
        const string pointer = "/data/attributes/_cancel";
        var now = ctx.Db.UtcNow;
        string[] from = [OrderStatus.Placed, OrderStatus.Approved];
        if (!from.Contains(order.Status)
            || !await ClaimAsync(ctx, order, from, OrderStatus.Cancelled, s => s.SetProperty(o => o.CancelledAt, now), now))
            throw Transition(pointer, order.Status, OrderStatus.Cancelled);
        order.Status = OrderStatus.Cancelled;
        order.CancelledAt = now;
    }

    /// <summary>
    /// Moves the row from one of <paramref name="from"/> to <paramref name="to"/> if it is still there. When it is not
    /// (a concurrent request moved it), the entity is reloaded so the answer shows the row as it is.
    /// </summary>
    private static async Task<bool> ClaimAsync(RequestContext ctx, Order order, string[] from, string to,
        Action<UpdateSettersBuilder<Order>> stamp, DateTime now, System.Linq.Expressions.Expression<Func<Order, bool>>? unchanged = null)
    {
        var id = order.Id;
        var rows = ctx.Db.Orders.Where(o => o.Id == id && from.Contains(o.Status));
        if (unchanged is not null) rows = rows.Where(unchanged);
        var moved = await rows.ExecuteUpdateAsync(s =>
        {
            s.SetProperty(o => o.Status, to).SetProperty(o => o.UpdatedAt, now);
            stamp(s);
        }, ctx.Aborted);
        if (moved == 1) return true;
        var entry = ctx.Db.Entry(order);
        await entry.ReloadAsync(ctx.Aborted);
        if (entry.State == EntityState.Detached) throw new JsonApiException(JsonApiError.NotFound());
        return false;
    }

    /// <summary>
    /// The customer with this canonical email, created as a guest (no password) if there is none. The insert skips
    /// on a unique conflict instead of failing, so concurrent checkouts with one email make one customer, and a
    /// PostgreSQL transaction is never aborted by the conflict; the row is then read back, whoever wrote it.
    /// </summary>
    private static async Task<CustomerRow> FindOrCreateCustomerAsync(RequestContext ctx, string email, DateTime now)
    {
        if (await FindAsync(ctx, c => c.Email == email) is { } existing) return existing;
        var tenant = ctx.Db.Tenant;
        string id = PublicId.New(), shopperReference = PublicId.New(20), profileId = PublicId.New(20);
        await ctx.Db.Database.ExecuteSqlAsync($$"""
            INSERT INTO customers (id, email, password_hash, status, total_orders_count, shopper_reference, profile_id,
                session_version, organization_id, mode, created_at, updated_at, metadata)
            VALUES ({{id}}, {{email}}, NULL, {{CustomerStatus.Prospect}}, 0, {{shopperReference}}, {{profileId}},
                0, {{tenant.OrganizationId}}, {{tenant.Mode}}, {{now}}, {{now}}, '{}')
            ON CONFLICT DO NOTHING
            """, ctx.Aborted);
        return await FindAsync(ctx, c => c.Email == email)
            ?? throw new InvalidOperationException("The customer was neither created nor found");
    }

    private static Task<CustomerRow?> FindAsync(RequestContext ctx, System.Linq.Expressions.Expression<Func<Customer, bool>> match) =>
        ctx.Db.Customers.AsNoTracking().Where(match)
            .Select(c => new CustomerRow(c.Id, c.Email, c.PasswordHash != null)).FirstOrDefaultAsync(ctx.Aborted);

    public static Task<string?> EmailOfAsync(RequestContext ctx, string customerId) =>
        ctx.Db.Customers.Where(c => c.Id == customerId).Select(c => c.Email).FirstOrDefaultAsync(ctx.Aborted);

    private static JsonApiException Transition(string pointer, string from, string to) =>
        new(JsonApiError.Validation(pointer, "invalid", $"cannot transition from {from} to {to}"));
}
