using System.Runtime.CompilerServices;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Clientele.Auth;

/// <summary>
/// JWT validation that remembers tokens whose signature it has already verified, until they expire. A client sends
/// the same token on every request, and an RSA verification plus parsing costs more than the rest of a primary-key
/// read; the exact token string is the key, so nothing unverified can match. Revocation and sessions are still
/// checked on every request (<see cref="TokenStatus"/>), so the cache never keeps a dead token alive.
/// </summary>
public sealed class VerifiedTokens(TimeProvider clock) : TokenHandler, IDisposable
{
    /// <summary>The most tokens remembered; past it the cache drops entries (a miss only costs a verification).</summary>
    public const int Capacity = 20_000;

    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly MemoryCache _verified = new(new MemoryCacheOptions { SizeLimit = Capacity, Clock = null });

    // Keyed by the token object itself, which a remembered validation hands out again on every request: the payload
    // is parsed once per remembered token, and an entry goes when its token is dropped.
    private readonly ConditionalWeakTable<JsonWebToken, AccessTokenClaims> _claims = new();

    /// <summary>Clientele's claims of a validated token, or null if its payload lacks them.</summary>
    public AccessTokenClaims? ClaimsOf(JsonWebToken token)
    {
        if (_claims.TryGetValue(token, out var known)) return known;
        if (AccessTokenClaims.Read(token.EncodedPayload) is not { } claims) return null;
        return _claims.GetValue(token, _ => claims);
    }

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (_verified.TryGetValue(token, out TokenValidationResult? known) && known!.SecurityToken.ValidTo > clock.GetUtcNow().UtcDateTime)
            return known;
        var result = await _handler.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is JsonWebToken jwt)
        {
            // Expiry is checked against the app's clock on every hit; the cache's own expiry only frees memory.
            _verified.Set(token, result, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero) });
        }
        return result;
    }

    public override Task<TokenValidationResult> ValidateTokenAsync(SecurityToken token, TokenValidationParameters validationParameters) =>
        _handler.ValidateTokenAsync(token, validationParameters);

    public override SecurityToken ReadToken(string token) => _handler.ReadToken(token);

    public void Dispose() => _verified.Dispose();
}
