using Clientele.Organizations;

namespace Clientele.Auth;

/// <summary>Who sent the request, as proven by its access token.</summary>
public sealed record Caller(string OrganizationId, string OrganizationSlug, string Mode, string ApplicationId, string Kind, string? CustomerId)
{
    public bool IsIntegration => Kind == ApplicationKinds.Integration;
    public bool IsCustomer => !IsIntegration && CustomerId is not null;
    public bool IsGuest => !IsIntegration && CustomerId is null;
}
