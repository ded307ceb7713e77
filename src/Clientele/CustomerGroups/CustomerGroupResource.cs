using System.Linq.Expressions;
using Clientele.Auth;
using Clientele.Customers;
using Clientele.JsonApi;
using Clientele.Markets;
using Clientele.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Clientele.CustomerGroups;

/// <summary>Customer groups; a customer token sees only its own group.</summary>
public sealed class CustomerGroupResource : Resource<CustomerGroup>
{
    public CustomerGroupResource() : base("customer_groups")
    {
        Add(new AttributeField<CustomerGroup, string>("name", g => g.Name, Access.Read | Access.Query | Access.Write, ValueKind.String) { Required = true, MaxLength = 255 });
        Add(new AttributeField<CustomerGroup, string?>("code", g => g.Code, Access.Read | Access.Query | Access.Write, ValueKind.String) { MaxLength = 255 });
        ToMany<Customer>("customers", c => c.CustomerGroupId);
        ToMany<Market>("markets", m => m.CustomerGroupId);
    }

    public override bool Allows(Caller caller, Operation operation) =>
        caller.IsIntegration || caller.IsCustomer && operation is Operation.List or Operation.Read;

    public override Expression<Func<CustomerGroup, bool>>? VisibleTo(RequestContext ctx)
    {
        if (ctx.Caller.IsIntegration) return null;
        var own = ctx.Caller.CustomerId;
        var customers = ctx.Db.Customers;
        return g => customers.Any(c => c.Id == own && c.CustomerGroupId == g.Id);
    }

    public override async Task OnDeletingAsync(RequestContext ctx, CustomerGroup group)
    {
        if (await ctx.Db.Customers.AnyAsync(c => c.CustomerGroupId == group.Id, ctx.Aborted))
            throw new JsonApiException(JsonApiError.Locked("The customer group still has customers"));
        if (await ctx.Db.Markets.AnyAsync(m => m.CustomerGroupId == group.Id, ctx.Aborted))
            throw new JsonApiException(JsonApiError.Locked("The customer group still has markets"));
    }

    public override JsonApiError? ConflictError(DbUpdateException exception) =>
        Constraint.IsUniqueViolation(exception, "customer_groups", "code") ? JsonApiError.Taken("/data/attributes/code") : null;
}
