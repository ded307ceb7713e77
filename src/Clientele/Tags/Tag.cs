using Clientele.Persistence;

namespace Clientele.Tags;

public sealed class Tag : ResourceEntity
{
    public string Name { get; set; } = "";
}

/// <summary>A tag on a customer (at most 10 per customer).</summary>
public sealed class CustomerTag : TenantEntity
{
    public string CustomerId { get; set; } = "";
    public string TagId { get; set; } = "";
}
