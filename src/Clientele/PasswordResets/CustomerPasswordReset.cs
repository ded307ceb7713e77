using Clientele.Persistence;

namespace Clientele.PasswordResets;

/// <summary>A password reset request; its token is stored only as a hash and works once.</summary>
public sealed class CustomerPasswordReset : ResourceEntity
{
    public string CustomerId { get; set; } = "";
    public string CustomerEmail { get; set; } = "";
    public string TokenHash { get; set; } = "";
    public DateTime ExpiresAt { get; set; }
    public DateTime? ResetPasswordAt { get; set; }

    /// <summary>Set when a newer reset or another password change made the token useless.</summary>
    public DateTime? InvalidatedAt { get; set; }
}
