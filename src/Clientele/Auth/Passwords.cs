using Clientele.Customers;
using Clientele.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Clientele.Auth;

/// <summary>Slow salted password hashes (PBKDF2-HMAC-SHA512) with a configurable iteration count.</summary>
public sealed class Passwords
{
    public const int MinLength = 8, MaxLength = 128;

    private readonly PasswordHasher<Customer> _hasher;
    private readonly string _decoy;

    public Passwords(IOptions<ClienteleOptions> options)
    {
        _hasher = new PasswordHasher<Customer>(Options.Create(new PasswordHasherOptions { IterationCount = options.Value.PasswordIterations }));
        _decoy = _hasher.HashPassword(new Customer(), Secrets.New());
    }

    public string Hash(string password) => _hasher.HashPassword(null!, password);

    /// <summary>Checks a password; with no stored hash it still spends one hash, so unknown emails take as long as wrong passwords.</summary>
    public PasswordVerificationResult Verify(string? storedHash, string password)
    {
        var result = _hasher.VerifyHashedPassword(null!, storedHash ?? _decoy, password);
        return storedHash is null ? PasswordVerificationResult.Failed : result;
    }
}
