using System.Linq.Expressions;
using Clientele.Auth;
using Clientele.Customers;
using Clientele.JsonApi;

namespace Clientele.PaymentSources;

/// <summary>
/// The wallet. Payments live with their gateways, so payment_source is a reference kept as given (type and id).
/// A customer token reads, updates and deletes its own entries; creating them is for integrations.
/// </summary>
public sealed class CustomerPaymentSourceResource : Resource<CustomerPaymentSource>
{
    /// <summary>Commerce Layer's payment source types.</summary>
    public static readonly string[] PaymentSourceTypes =
    [
        "adyen_payments", "axerve_payments", "braintree_payments", "checkout_com_payments", "external_payments",
        "klarna_payments", "paypal_payments", "satispay_payments", "stripe_payments", "wire_transfers",
    ];

    public CustomerPaymentSourceResource() : base("customer_payment_sources")
    {
        Attribute("name", p => p.Name, Access.Read | Access.Query);
        Add(new AttributeField<CustomerPaymentSource, string?>("customer_token", p => p.CustomerToken, Access.Read | Access.Query | Access.Write, ValueKind.String) { MaxLength = 255 });
        Add(new AttributeField<CustomerPaymentSource, string?>("payment_source_token", p => p.PaymentSourceToken, Access.Read | Access.Query | Access.Write, ValueKind.String) { MaxLength = 255 });
        // Filters over the reference: payment_source_type_eq=stripe_payments, payment_source_id_eq=...
        Attribute("payment_source_type", p => p.PaymentSourceType, Access.Filter);
        Attribute("payment_source_id", p => p.PaymentSourceId, Access.Filter);
        ToOne<Customer>("customer", p => p.CustomerId, writable: true);
        Reference("payment_source", PaymentSourceTypes, p => (p.PaymentSourceType, p.PaymentSourceId), (p, type, id) =>
        {
            p.PaymentSourceType = type;
            p.PaymentSourceId = id;
        });
        Unsupported.UnionWith(["payment_method", "event_stores"]);
    }

    public override bool Allows(Caller caller, Operation operation) => caller.IsIntegration
        || caller.IsCustomer && operation is Operation.List or Operation.Read or Operation.Update or Operation.Delete;

    public override bool AllowsRelationshipWrite(Caller caller, string relationship) => caller.IsIntegration || caller.IsCustomer;

    public override Expression<Func<CustomerPaymentSource, bool>>? VisibleTo(RequestContext ctx) => OwnedByCaller(ctx, p => p.CustomerId);

    public override Task OnWritingAsync(RequestContext ctx, CustomerPaymentSource source, bool creating)
    {
        if (string.IsNullOrEmpty(source.CustomerId)) ctx.Errors.Add(JsonApiError.Blank("/data/relationships/customer"));
        else if (!ctx.Caller.IsIntegration && source.CustomerId != ctx.Caller.CustomerId)
            ctx.Errors.Add(JsonApiError.Invalid("/data/relationships/customer"));
        source.Name = Label(source.PaymentSourceType, source.PaymentSourceId);
        return Task.CompletedTask;
    }

    /// <summary>A display label such as "Stripe payment pm_123": the card details stay with the gateway.</summary>
    public static string? Label(string? type, string? id)
    {
        if (type is null || id is null) return null;
        var singular = type.EndsWith('s') ? type[..^1] : type;
        var words = singular.Replace('_', ' ');
        return $"{char.ToUpperInvariant(words[0])}{words[1..]} {id}";
    }
}
