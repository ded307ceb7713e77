using Clientele.Persistence;

namespace Clientele.Addresses;

public sealed class Address : ResourceEntity
{
    public bool Business { get; set; }
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public string? Company { get; set; }
    public string? Line1 { get; set; }
    public string? Line2 { get; set; }
    public string? City { get; set; }
    public string? ZipCode { get; set; }
    public string? StateCode { get; set; }
    public string? CountryCode { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public string? Notes { get; set; }
    public string? BillingInfo { get; set; }
    public double? Lat { get; set; }
    public double? Lng { get; set; }

    /// <summary>The customer whose token created the address (they may manage it before it is in their address book).</summary>
    public string? CreatedByCustomerId { get; set; }
}

/// <summary>An entry of a customer's address book.</summary>
public sealed class CustomerAddress : ResourceEntity
{
    public string CustomerId { get; set; } = "";
    public string AddressId { get; set; } = "";
}
