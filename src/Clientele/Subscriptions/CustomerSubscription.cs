using Clientele.Persistence;

namespace Clientele.Subscriptions;

/// <summary>A customer's subscription (a newsletter, say), keyed by its reference per customer.</summary>
public sealed class CustomerSubscription : ResourceEntity
{
    public string CustomerId { get; set; } = "";
    public string CustomerEmail { get; set; } = "";
}
