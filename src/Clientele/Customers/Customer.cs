using Clientele.Persistence;

namespace Clientele.Customers;

public sealed class Customer : ResourceEntity
{
    public string Email { get; set; } = "";
    public string? PasswordHash { get; set; }
    public string Status { get; set; } = CustomerStatus.Prospect;
    public int TotalOrdersCount { get; set; }
    public string? ShopperReference { get; set; }
    public string? ProfileId { get; set; }
    public string? TaxExemptionCode { get; set; }
    public string? AnonymizationStatus { get; set; }
    public DateTime? AnonymizationRequestedAt { get; set; }
    public DateTime? AnonymizationDueAt { get; set; }
    public DateTime? AnonymizationStartedAt { get; set; }
    public DateTime? AnonymizationCompletedAt { get; set; }
    public DateTime? AnonymizationCancelledAt { get; set; }
    public DateTime? AnonymizationFailedAt { get; set; }
    public string? CustomerGroupId { get; set; }

    /// <summary>Raised on every password change; access tokens carrying an older value are refused.</summary>
    public int SessionVersion { get; set; }
}

public static class CustomerStatus
{
    public const string Prospect = "prospect";
    public const string Acquired = "acquired";
    public const string Repeat = "repeat";
}
