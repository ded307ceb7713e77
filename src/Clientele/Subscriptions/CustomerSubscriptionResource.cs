using System.Linq.Expressions;
using Clientele.Auth;
using Clientele.Customers;
using Clientele.JsonApi;
using Clientele.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Clientele.Subscriptions;

/// <summary>Customer subscriptions, created by customer_email and keyed by a reference unique per customer.</summary>
public sealed class CustomerSubscriptionResource : Resource<CustomerSubscription>
{
    private const string EmailPointer = "/data/attributes/customer_email", ReferencePointer = "/data/attributes/reference";

    public CustomerSubscriptionResource() : base("customer_subscriptions")
    {
        Add(new AttributeField<CustomerSubscription, string>("customer_email", s => s.CustomerEmail, Access.Read | Access.Query | Access.Create, ValueKind.String)
        {
            Required = true,
            FilterValue = EmailAddress.ForFilter,
            Writer = WriteCustomerEmail,
        });
        ToOne<Customer>("customer", s => s.CustomerId);
        Unsupported.UnionWith(["events", "event_stores"]);
    }

    private static void WriteCustomerEmail(RequestContext ctx, CustomerSubscription subscription, object? value)
    {
        if (value is not string raw || raw.Trim().Length == 0) ctx.Errors.Add(JsonApiError.Blank(EmailPointer));
        else if (raw.Length > 1024 || EmailAddress.Canonicalize(raw) is not { } canonical) ctx.Errors.Add(JsonApiError.Invalid(EmailPointer));
        else subscription.CustomerEmail = canonical;
    }

    public override bool Allows(Caller caller, Operation operation) => caller.IsIntegration || caller.IsCustomer;

    public override Expression<Func<CustomerSubscription, bool>>? VisibleTo(RequestContext ctx) => OwnedByCaller(ctx, s => s.CustomerId);

    public override async Task OnWritingAsync(RequestContext ctx, CustomerSubscription subscription, bool creating)
    {
        if (string.IsNullOrWhiteSpace(subscription.Reference)) ctx.Errors.Add(JsonApiError.Blank(ReferencePointer));
        if (!creating) return;
        var email = subscription.CustomerEmail;
        var customerId = await ctx.Db.Customers.Where(c => c.Email == email).Select(c => c.Id).FirstOrDefaultAsync(ctx.Aborted);
        // A customer token may subscribe only itself; any other email reads as unknown.
        if (customerId is null || !ctx.Caller.IsIntegration && customerId != ctx.Caller.CustomerId)
            ctx.Errors.Add(JsonApiError.Validation(EmailPointer, "invalid", "does not belong to a customer"));
        else subscription.CustomerId = customerId;
    }

    public override JsonApiError? ConflictError(DbUpdateException exception) =>
        Constraint.IsUniqueViolation(exception, "customer_subscriptions", "reference") ? JsonApiError.Taken(ReferencePointer) : null;
}
