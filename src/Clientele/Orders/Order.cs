using Clientele.Persistence;

namespace Clientele.Orders;

public sealed class Order : ResourceEntity
{
    public int Number { get; set; }
    public string Status { get; set; } = OrderStatus.Draft;
    public string? CustomerEmail { get; set; }
    public string? CurrencyCode { get; set; }
    public long TotalAmountCents { get; set; }
    public bool Guest { get; set; }
    public DateTime? PlacedAt { get; set; }
    public DateTime? ApprovedAt { get; set; }
    public DateTime? CancelledAt { get; set; }
    public string? CustomerId { get; set; }
    public string? MarketId { get; set; }

    /// <summary>The customer whose token created the order, if any.</summary>
    public string? CreatedByCustomerId { get; set; }
}

public static class OrderStatus
{
    public const string Draft = "draft";
    public const string Placed = "placed";
    public const string Approved = "approved";
    public const string Cancelled = "cancelled";
}
