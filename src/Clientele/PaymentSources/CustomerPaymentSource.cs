using Clientele.Persistence;

namespace Clientele.PaymentSources;

/// <summary>A saved payment method of a customer (its wallet); the payment itself lives with the gateway.</summary>
public sealed class CustomerPaymentSource : ResourceEntity
{
    public string CustomerId { get; set; } = "";
    public string? Name { get; set; }
    public string? CustomerToken { get; set; }
    public string? PaymentSourceToken { get; set; }

    /// <summary>Polymorphic reference to the gateway's payment: its JSON:API type (e.g. stripe_payments) and id.</summary>
    public string? PaymentSourceType { get; set; }
    public string? PaymentSourceId { get; set; }
}
