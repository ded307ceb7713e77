using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Clientele.Tests.Infrastructure;

/// <summary>An access token taken apart, checked and re-signed by hand, independently of the server's JWT library.</summary>
public sealed record Jwt(string HeaderSegment, string PayloadSegment, string SignatureSegment)
{
    public static Jwt Parse(string token)
    {
        var parts = token.Split('.');
        parts.Length.ShouldBe(3, $"a JWT has three segments: {token}");
        return new Jwt(parts[0], parts[1], parts[2]);
    }

    public JsonElement Header => JsonDocument.Parse(Base64Url.DecodeFromChars(HeaderSegment)).RootElement;
    public JsonElement Payload => JsonDocument.Parse(Base64Url.DecodeFromChars(PayloadSegment)).RootElement;
    public byte[] Signature => Base64Url.DecodeFromChars(SignatureSegment);
    public string Kid => Header.GetProperty("kid").GetString()!;
    public override string ToString() => $"{HeaderSegment}.{PayloadSegment}.{SignatureSegment}";

    /// <summary>Checks the RS512 signature against one RSA key of a JWKS document (its "n" and "e").</summary>
    public bool VerifiesWith(JsonElement jwk)
    {
        using var rsa = RSA.Create(new RSAParameters
        {
            Modulus = Base64Url.DecodeFromChars(jwk.GetProperty("n").GetString()),
            Exponent = Base64Url.DecodeFromChars(jwk.GetProperty("e").GetString()),
        });
        return rsa.VerifyData(Encoding.ASCII.GetBytes($"{HeaderSegment}.{PayloadSegment}"), Signature, HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1);
    }

    public static string Encode(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

    /// <summary>A token with the given header and payload segments, signed RS512 with <paramref name="key"/>.</summary>
    public static string Sign(string headerSegment, string payloadSegment, RSA key)
    {
        var signature = key.SignData(Encoding.ASCII.GetBytes($"{headerSegment}.{payloadSegment}"), HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1);
        return $"{headerSegment}.{payloadSegment}.{Base64Url.EncodeToString(signature)}";
    }
}
