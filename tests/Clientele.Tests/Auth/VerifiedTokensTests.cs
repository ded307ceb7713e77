using System.Security.Cryptography;
using Clientele.Auth;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Clientele.Tests.Auth;

/// <summary>The claims Clientele reads from a verified token, parsed once per remembered token.</summary>
public sealed class VerifiedTokensTests
{
    private static JsonWebToken Token(string payloadJson)
    {
        using var key = RSA.Create(2048);
        return new JsonWebToken(Jwt.Sign(Jwt.Encode("""{"alg":"RS512","typ":"JWT","kid":"k1"}"""), Jwt.Encode(payloadJson), key));
    }

    [Fact]
    public void A_tokens_claims_are_read_once_and_the_same_claims_come_back_on_every_later_request()
    {
        using var verified = new VerifiedTokens(TimeProvider.System);
        var token = Token("""
            {"organization":{"id":"org1","slug":"acme"},"application":{"id":"app1","kind":"sales_channel"},
             "test":true,"jti":"j1","exp":4102444800,"owner":{"id":"cus1","type":"Customer"},"sv":3}
            """);

        var first = verified.ClaimsOf(token);
        var again = verified.ClaimsOf(token);

        first.ShouldNotBeNull();
        (first.Caller.OrganizationId, first.Caller.Mode, first.Caller.CustomerId, first.Jti, first.SessionVersion)
            .ShouldBe(("org1", "test", "cus1", "j1", 3));
        again.ShouldBeSameAs(first);
    }

    [Fact]
    public void A_token_without_Clientele_claims_has_none()
    {
        using var verified = new VerifiedTokens(TimeProvider.System);

        verified.ClaimsOf(Token("""{"sub":"someone","exp":4102444800}""")).ShouldBeNull();
    }
}
