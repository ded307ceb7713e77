namespace Clientele.Persistence;

/// <summary>A per-organization, per-mode sequence (order numbers), advanced atomically in the database.</summary>
public sealed class Counter
{
    public string OrganizationId { get; set; } = "";
    public string Mode { get; set; } = "";
    public string Name { get; set; } = "";
    public long Value { get; set; }
}
