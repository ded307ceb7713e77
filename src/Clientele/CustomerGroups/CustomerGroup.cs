using Clientele.Persistence;

namespace Clientele.CustomerGroups;

public sealed class CustomerGroup : ResourceEntity
{
    public string Name { get; set; } = "";
    public string? Code { get; set; }
}
