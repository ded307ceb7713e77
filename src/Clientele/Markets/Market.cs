using Clientele.Persistence;

namespace Clientele.Markets;

public sealed class PriceList : ResourceEntity
{
    public string Name { get; set; } = "";
    public string? Code { get; set; }
    public string CurrencyCode { get; set; } = "";
    public bool TaxIncluded { get; set; } = true;
}

/// <summary>A market; with a customer group it is private to that group's customers.</summary>
public sealed class Market : ResourceEntity
{
    public string Name { get; set; } = "";
    public string? Code { get; set; }
    public string PriceListId { get; set; } = "";
    public string? CustomerGroupId { get; set; }
}
