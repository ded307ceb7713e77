using System.Linq.Expressions;
using System.Text.RegularExpressions;
using Clientele.Auth;
using Clientele.Customers;
using Clientele.JsonApi;
using Clientele.Markets;
using Clientele.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Clientele.Orders;

/// <summary>
/// Orders, the subset the customer lifecycle needs: a number, a status moved by the _place, _approve and _cancel
/// triggers, and the customer an order is placed for. Guests check out; customers see only their own orders.
/// </summary>
public sealed partial class OrderResource : Resource<Order>
{
    private const string EmailPointer = "/data/attributes/customer_email";

    public OrderResource() : base("orders")
    {
        Attribute("number", o => o.Number, Access.Read | Access.Query);
        Attribute("status", o => o.Status, Access.Read | Access.Query);
        Add(new AttributeField<Order, string?>("customer_email", o => o.CustomerEmail, Access.Read | Access.Query | Access.Write, ValueKind.String)
        {
            FilterValue = EmailAddress.ForFilter,
            Writer = WriteEmail,
        });
        Add(new AttributeField<Order, string?>("currency_code", o => o.CurrencyCode, Access.Read | Access.Query | Access.Write, ValueKind.String) { Writer = WriteCurrency });
        Attribute("total_amount_cents", o => o.TotalAmountCents, Access.Read | Access.Query | Access.Write);
        Attribute("guest", o => o.Guest, Access.Read | Access.Query);
        Attribute("placed_at", o => o.PlacedAt, Access.Read | Access.Query);
        Attribute("approved_at", o => o.ApprovedAt, Access.Read | Access.Query);
        Attribute("cancelled_at", o => o.CancelledAt, Access.Read | Access.Query);

        Trigger("_place", ValueKind.Boolean, (ctx, order, _) => OrderPlacement.PlaceAsync(ctx, order));
        Trigger("_approve", ValueKind.Boolean, (ctx, order, _) => OrderPlacement.ApproveAsync(ctx, order), salesChannels: false);
        Trigger("_cancel", ValueKind.Boolean, (ctx, order, _) => OrderPlacement.CancelAsync(ctx, order), salesChannels: false);

        ToOne<Customer>("customer", o => o.CustomerId, writable: true);
        ToOne<Market>("market", o => o.MarketId, writable: true);
    }

    // Guests get no list: guest tokens are public, so a list would show every guest's orders to anyone.
    public override bool Allows(Caller caller, Operation operation) => caller.IsIntegration
        || caller.IsCustomer && operation is Operation.List or Operation.Read or Operation.Create or Operation.Update
        || caller.IsGuest && operation is Operation.Read or Operation.Create or Operation.Update;

    /// <summary>
    /// A customer sees the orders it created or that are linked to it. A guest sees the orders of nobody registered:
    /// created without a customer token and linked to no customer, or to a customer without a password.
    /// </summary>
    public override Expression<Func<Order, bool>>? VisibleTo(RequestContext ctx)
    {
        if (ctx.Caller.IsIntegration) return null;
        if (ctx.Caller.CustomerId is { } own) return o => o.CustomerId == own || o.CreatedByCustomerId == own;
        var customers = ctx.Db.Customers;
        return o => o.CreatedByCustomerId == null
            && (o.CustomerId == null || customers.Any(c => c.Id == o.CustomerId && c.PasswordHash == null));
    }

    private static void WriteEmail(RequestContext ctx, Order order, object? value)
    {
        if (value is null) order.CustomerEmail = null;
        else if (value is not string raw || raw.Trim().Length == 0) ctx.Errors.Add(JsonApiError.Blank(EmailPointer));
        else if (raw.Length > 1024 || EmailAddress.Canonicalize(raw) is not { } canonical) ctx.Errors.Add(JsonApiError.Invalid(EmailPointer));
        else order.CustomerEmail = canonical;
    }

    private static void WriteCurrency(RequestContext ctx, Order order, object? value)
    {
        if (value is null) order.CurrencyCode = null;
        else if (value is string code && CurrencyCode().IsMatch(code)) order.CurrencyCode = code;
        else ctx.Errors.Add(JsonApiError.Invalid("/data/attributes/currency_code"));
    }

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyCode();

    public override async Task OnWritingAsync(RequestContext ctx, Order order, bool creating)
    {
        if (order.TotalAmountCents < 0)
            ctx.Errors.Add(JsonApiError.Validation("/data/attributes/total_amount_cents", "greater_than_or_equal_to", "must be greater than or equal to 0"));
        if (!creating) await KeepPlacedOrdersCustomerAsync(ctx, order);

        if (ctx.Caller.CustomerId is { } own)
        {
            var ownEmail = await OrderPlacement.EmailOfAsync(ctx, own);
            if (creating)
            {
                order.CreatedByCustomerId = own;
                order.CustomerId = own;
                order.CustomerEmail ??= ownEmail;
            }
            if (order.CustomerEmail is not null && order.CustomerEmail != ownEmail)
                ctx.Errors.Add(JsonApiError.Validation(EmailPointer, "invalid", "must be the email of the customer the token belongs to"));
        }

        if (creating && ctx.Errors.Count == 0)
            order.Number = checked((int)await OrderNumbers.NextAsync(ctx.Db, ctx.Aborted));
    }

    /// <summary>
    /// The customer_email and customer of an order are fixed once it is placed: its customer was found (or created)
    /// and counted from them. The order was read before the write's transaction, so a placement may have committed
    /// since; the status is checked again in the database with an update that locks the row until commit, so a
    /// placement that comes after waits and then sees (and places for) the new values.
    /// </summary>
    private static async Task KeepPlacedOrdersCustomerAsync(RequestContext ctx, Order order)
    {
        var entry = ctx.Db.Entry(order);
        var emailChanged = entry.Property(o => o.CustomerEmail).IsModified;
        var customerChanged = entry.Property(o => o.CustomerId).IsModified;
        if (!emailChanged && !customerChanged) return;
        if (order.Status == OrderStatus.Draft && await LockDraftAsync(ctx, order.Id)) return;
        if (emailChanged) ctx.Errors.Add(JsonApiError.Validation(EmailPointer, "invalid", "cannot be changed once the order is placed"));
        if (customerChanged) ctx.Errors.Add(JsonApiError.Validation("/data/relationships/customer", "invalid", "cannot be changed once the order is placed"));
    }

    /// <summary>Whether the order is still a draft in the database; if so its row stays locked until the transaction ends.</summary>
    private static async Task<bool> LockDraftAsync(RequestContext ctx, string id) =>
        await ctx.Db.Orders.Where(o => o.Id == id && o.Status == OrderStatus.Draft)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, o => o.Status), ctx.Aborted) == 1;

    /// <summary>Only drafts go, checked in the database (a placement may have committed since the order was read).</summary>
    public override async Task OnDeletingAsync(RequestContext ctx, Order order)
    {
        if (order.Status != OrderStatus.Draft || !await LockDraftAsync(ctx, order.Id))
            throw new JsonApiException(JsonApiError.Locked("Only draft orders can be deleted; placed orders are kept"));
    }

    public override JsonApiError? ConflictError(DbUpdateException exception) =>
        Constraint.IsUniqueViolation(exception, "orders", "number") ? JsonApiError.Taken("/data/attributes/number") : null;
}
