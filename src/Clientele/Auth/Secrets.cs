using System.Security.Cryptography;
using System.Text;

namespace Clientele.Auth;

/// <summary>Random credentials and their stored form. They are high-entropy, so one SHA-256 is enough (no slow hash per request).</summary>
public static class Secrets
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    public static string New(int length = 43) => RandomNumberGenerator.GetString(Alphabet, length);

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool Matches(string secret, string hash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(hash));
}
