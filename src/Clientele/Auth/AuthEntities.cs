using Clientele.Persistence;

namespace Clientele.Auth;

/// <summary>A refresh token, stored only as a hash; rotated on every use.</summary>
public sealed class RefreshToken : TenantEntity
{
    public string TokenHash { get; set; } = "";
    public string ApplicationId { get; set; } = "";
    public string CustomerId { get; set; } = "";
    public string Scope { get; set; } = "";
    public DateTime ExpiresAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}

/// <summary>An access token revoked before its expiry, by its jti.</summary>
public sealed class RevokedAccessToken
{
    public string Jti { get; set; } = "";
    public DateTime ExpiresAt { get; set; }
}

/// <summary>An RSA key that signs access tokens; shared by every node through the database.</summary>
public sealed class SigningKey
{
    public string Kid { get; set; } = "";
    public byte[] PrivateKey { get; set; } = [];
    public DateTime CreatedAt { get; set; }
}
