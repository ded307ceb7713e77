namespace Clientele.Persistence;

/// <summary>The organization and mode of the current request; every query is filtered by it.</summary>
public sealed class Tenant
{
    public string? OrganizationId { get; private set; }
    public string? Mode { get; private set; }

    public void Set(string organizationId, string mode)
    {
        OrganizationId = organizationId;
        Mode = mode;
    }
}
