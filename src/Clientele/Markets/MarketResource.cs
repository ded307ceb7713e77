using System.Linq.Expressions;
using Clientele.Auth;
using Clientele.CustomerGroups;
using Clientele.JsonApi;
using Clientele.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Clientele.Markets;

/// <summary>
/// Markets: a price list and, for a private market, a customer group. Integrations manage them; sales-channel tokens
/// read the markets they could be granted (public ones, and a customer's own group's).
/// </summary>
public sealed class MarketResource : Resource<Market>
{
    public MarketResource() : base("markets")
    {
        Add(new AttributeField<Market, string>("name", m => m.Name, Access.Read | Access.Query | Access.Write, ValueKind.String) { Required = true, MaxLength = 255 });
        Add(new AttributeField<Market, string?>("code", m => m.Code, Access.Read | Access.Query | Access.Write, ValueKind.String) { MaxLength = 255 });
        Attribute("private", m => m.CustomerGroupId != null, Access.Read | Access.Filter);
        ToOne<PriceList>("price_list", m => m.PriceListId, writable: true);
        ToOne<CustomerGroup>("customer_group", m => m.CustomerGroupId, writable: true);
    }

    public override bool Allows(Caller caller, Operation operation) =>
        caller.IsIntegration || operation is Operation.List or Operation.Read;

    public override Expression<Func<Market, bool>>? VisibleTo(RequestContext ctx)
    {
        if (ctx.Caller.IsIntegration) return null;
        if (ctx.Caller.IsGuest) return m => m.CustomerGroupId == null;
        var own = ctx.Caller.CustomerId;
        var customers = ctx.Db.Customers;
        return m => m.CustomerGroupId == null || customers.Any(c => c.Id == own && c.CustomerGroupId == m.CustomerGroupId);
    }

    public override Task OnWritingAsync(RequestContext ctx, Market market, bool creating)
    {
        if (string.IsNullOrEmpty(market.PriceListId)) ctx.Errors.Add(JsonApiError.Blank("/data/relationships/price_list"));
        return Task.CompletedTask;
    }

    public override JsonApiError? ConflictError(DbUpdateException exception) =>
        Constraint.IsUniqueViolation(exception, "markets", "code") ? JsonApiError.Taken("/data/attributes/code") : null;
}
