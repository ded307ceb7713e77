using Clientele.Persistence;

namespace Clientele.Organizations;

/// <summary>The tenant. Not itself tenant-scoped: it is the scope.</summary>
public sealed class Organization
{
    public string Id { get; set; } = PublicId.New();
    public string Slug { get; set; } = "";
    public string Name { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>API credentials of one organization in one mode.</summary>
public sealed class Application : ResourceEntity
{
    public string Name { get; set; } = "";
    public string Kind { get; set; } = ApplicationKinds.Integration;
    public string ClientId { get; set; } = "";

    /// <summary>SHA-256 of the client secret; null for public (sales channel) applications.</summary>
    public string? SecretHash { get; set; }
}

public static class ApplicationKinds
{
    public const string Integration = "integration";
    public const string SalesChannel = "sales_channel";

    public static bool IsValid(string? kind) => kind is Integration or SalesChannel;
}
