using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Clientele.Organizations;
using Clientele.Persistence;

namespace Clientele.Tests.Auth;

/// <summary>The access token itself: RS512 with a kid, verifiable from the JWKS, atob-safe, with Commerce Layer's claims; and what the API does with bad ones.</summary>
public abstract class AccessTokenTests(ApiFixture api)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string AccessToken(Reply reply)
    {
        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
        return reply.Json.GetProperty("access_token").GetString()!;
    }

    private async Task<JsonElement[]> JwksAsync()
    {
        var reply = await api.Client().GetAsync("/.well-known/jwks.json");
        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
        return reply.Json.GetProperty("keys").EnumerateArray().ToArray();
    }

    private static void ShouldBeRejectedAsInvalid(Reply reply)
    {
        reply.Status.ShouldBe(HttpStatusCode.Unauthorized, reply.Text);
        reply.Code.ShouldBe("INVALID_TOKEN");
        reply.Error().GetProperty("status").GetString().ShouldBe("401");
    }

    private Task<Reply> CustomersWith(string token) => api.Client(token).GetAsync("/api/customers");

    [Fact]
    public async Task Tokens_are_RS512_with_a_kid_whose_public_key_is_in_the_jwks_and_verifies_the_signature()
    {
        var token = Jwt.Parse(await api.IntegrationTokenAsync());
        var keys = await JwksAsync();

        token.Header.GetProperty("alg").GetString().ShouldBe("RS512");
        token.Header.GetProperty("typ").GetString().ShouldBe("JWT");
        token.Kid.ShouldNotBeNullOrWhiteSpace();
        var jwk = keys.Where(k => k.GetProperty("kid").GetString() == token.Kid).ShouldHaveSingleItem();
        jwk.GetProperty("kty").GetString().ShouldBe("RSA");
        jwk.GetProperty("alg").GetString().ShouldBe("RS512");
        jwk.GetProperty("use").GetString().ShouldBe("sig");
        jwk.TryGetProperty("d", out _).ShouldBeFalse("the JWKS must not publish the private key");
        token.VerifiesWith(jwk).ShouldBeTrue();
        Jwt.Parse(Jwt.Sign(token.HeaderSegment, token.PayloadSegment, RSA.Create(2048))).VerifiesWith(jwk).ShouldBeFalse();
    }

    [Fact]
    public async Task Every_kind_of_token_is_signed_with_the_published_key()
    {
        var (_, _, customer) = await api.CustomerAsync();
        var keys = await JwksAsync();

        foreach (var raw in new[] { await api.IntegrationTokenAsync(), await api.GuestTokenAsync(), customer.GetProperty("access_token").GetString()!, await api.IntegrationTokenAsync(Modes.Live, ApiFixture.OtherOrg) })
        {
            var token = Jwt.Parse(raw);
            token.VerifiesWith(keys.Single(k => k.GetProperty("kid").GetString() == token.Kid)).ShouldBeTrue(raw);
        }
    }

    [Fact]
    public async Task Payload_segments_decode_with_plain_base64_across_many_tokens()
    {
        var (_, _, customer) = await api.CustomerAsync();
        var refresh = customer.GetProperty("refresh_token").GetString();
        var salesChannel = api.Credentials(ApplicationKinds.SalesChannel).ClientId;
        var tokens = new List<string>();

        for (var i = 0; i < 20; i++)
        {
            tokens.Add(await api.IntegrationTokenAsync(i % 2 == 0 ? Modes.Test : Modes.Live, i % 3 == 0 ? ApiFixture.OtherOrg : ApiFixture.Org));
            tokens.Add(await api.GuestTokenAsync());
            var refreshed = await api.TokenAsync(new { grant_type = "refresh_token", client_id = salesChannel, refresh_token = refresh });
            tokens.Add(AccessToken(refreshed));
            refresh = refreshed.Json.GetProperty("refresh_token").GetString();
        }

        tokens.Distinct().Count().ShouldBe(tokens.Count);
        foreach (var token in tokens)
        {
            var payload = Jwt.Parse(token).PayloadSegment;
            payload.IndexOfAny(['-', '_']).ShouldBe(-1, payload);
            var padded = payload + new string('=', (4 - payload.Length % 4) % 4);
            using var json = JsonDocument.Parse(Convert.FromBase64String(padded)); // what atob() does in the SDK
            json.RootElement.GetProperty("organization").GetProperty("slug").GetString().ShouldBeOneOf(ApiFixture.Org, ApiFixture.OtherOrg);
        }
    }

    [Fact]
    public async Task Payload_stays_plain_base64_even_when_configured_names_hold_characters_that_base64url_writes_as_dash_or_underscore()
    {
        // '?' and '~' end in the bits 111110/111111; at the third byte of a base64 group they become '-' or '_'.
        // The region comes before rand in the payload, so re-rolling rand alone cannot move it.
        await using var app = api.AnotherInstance(("Clientele:Region", "??~~?"), ("Clientele:Domain", "shop?~.test"));
        var integration = api.Credentials(ApplicationKinds.Integration);

        for (var i = 0; i < 10; i++)
        {
            var reply = await ApiFixture.ClientOf(app).PostJsonAsync("/oauth/token",
                new { grant_type = "client_credentials", client_id = integration.ClientId, client_secret = integration.ClientSecret }, "application/json")
                .WaitAsync(TimeSpan.FromSeconds(20), Ct);

            var token = Jwt.Parse(AccessToken(reply));
            token.PayloadSegment.IndexOfAny(['-', '_']).ShouldBe(-1, token.PayloadSegment);
            token.Payload.GetProperty("organization").GetProperty("region").GetString().ShouldBe("??~~?");
            token.Payload.GetProperty("iss").GetString().ShouldBe("https://auth.shop?~.test");
            var accepted = await ApiFixture.ClientOf(app, token.ToString()).GetAsync("/api/customers");
            accepted.Status.ShouldBe(HttpStatusCode.OK, accepted.Text);
        }
    }

    [Fact]
    public async Task Integration_tokens_carry_the_organization_the_application_and_no_owner()
    {
        var integration = api.Credentials(ApplicationKinds.Integration);
        var raw = await api.IntegrationTokenAsync();
        var organization = await api.Client(raw).GetAsync("/api/organization");
        var application = await api.Client(raw).GetAsync("/api/application");

        var claims = Jwt.Parse(raw).Payload;

        var org = claims.GetProperty("organization");
        org.GetProperty("id").GetString().ShouldBe(organization.Id);
        org.GetProperty("slug").GetString().ShouldBe(ApiFixture.Org);
        org.GetProperty("enterprise").GetBoolean().ShouldBeFalse();
        org.GetProperty("region").GetString().ShouldNotBeNullOrWhiteSpace();
        var app = claims.GetProperty("application");
        app.GetProperty("id").GetString().ShouldBe(application.Id);
        app.GetProperty("client_id").GetString().ShouldBe(integration.ClientId);
        app.GetProperty("kind").GetString().ShouldBe("integration");
        app.GetProperty("public").GetBoolean().ShouldBeFalse();
        app.GetProperty("confidential").GetBoolean().ShouldBeTrue();
        claims.GetProperty("scope").GetString().ShouldBe("market:all");
        claims.GetProperty("test").GetBoolean().ShouldBeTrue();
        claims.GetProperty("iss").GetString().ShouldBe("https://auth.commercelayer.io");
        claims.GetProperty("rand").GetDouble().ShouldBeInRange(0, 1);
        (claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64()).ShouldBe(7200);
        claims.TryGetProperty("owner", out _).ShouldBeFalse();
        claims.TryGetProperty("market", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task Guest_tokens_are_public_sales_channel_tokens_without_an_owner()
    {
        var salesChannel = api.Credentials(ApplicationKinds.SalesChannel);
        var before = api.Clock.GetUtcNow().ToUnixTimeSeconds();

        var reply = await api.TokenAsync(new { grant_type = "client_credentials", client_id = salesChannel.ClientId });

        var claims = Jwt.Parse(AccessToken(reply)).Payload;
        var app = claims.GetProperty("application");
        app.GetProperty("client_id").GetString().ShouldBe(salesChannel.ClientId);
        app.GetProperty("kind").GetString().ShouldBe("sales_channel");
        app.GetProperty("public").GetBoolean().ShouldBeTrue();
        app.GetProperty("confidential").GetBoolean().ShouldBeFalse();
        claims.GetProperty("organization").GetProperty("slug").GetString().ShouldBe(ApiFixture.Org);
        claims.GetProperty("test").GetBoolean().ShouldBeTrue();
        claims.GetProperty("iat").GetInt64().ShouldBe(reply.Json.GetProperty("created_at").GetInt64());
        claims.GetProperty("iat").GetInt64().ShouldBeGreaterThanOrEqualTo(before);
        (claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64()).ShouldBe(14400);
        claims.TryGetProperty("owner", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task Customer_tokens_name_the_customer_as_owner()
    {
        var (id, _, token) = await api.CustomerAsync();

        var claims = Jwt.Parse(token.GetProperty("access_token").GetString()!).Payload;

        var owner = claims.GetProperty("owner");
        owner.GetProperty("id").GetString().ShouldBe(id);
        owner.GetProperty("type").GetString().ShouldBe("Customer");
        claims.GetProperty("application").GetProperty("kind").GetString().ShouldBe("sales_channel");
        claims.GetProperty("test").GetBoolean().ShouldBeTrue();
        (claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64()).ShouldBe(14400);
    }

    [Fact]
    public async Task Live_credentials_give_tokens_with_test_false()
    {
        var (_, _, customer) = await api.CustomerAsync(Modes.Live);

        var integration = Jwt.Parse(await api.IntegrationTokenAsync(Modes.Live)).Payload;
        var guest = Jwt.Parse(await api.GuestTokenAsync(Modes.Live)).Payload;
        var owner = Jwt.Parse(customer.GetProperty("access_token").GetString()!).Payload;

        integration.GetProperty("test").GetBoolean().ShouldBeFalse();
        guest.GetProperty("test").GetBoolean().ShouldBeFalse();
        owner.GetProperty("test").GetBoolean().ShouldBeFalse();
        integration.GetProperty("application").GetProperty("client_id").GetString().ShouldBe(api.Credentials(ApplicationKinds.Integration, Modes.Live).ClientId);
    }

    [Fact]
    public async Task A_token_works_until_its_lifetime_ends_and_is_then_an_invalid_token()
    {
        var integration = await api.IntegrationTokenAsync();
        var guest = await api.GuestTokenAsync();

        api.Clock.Advance(TimeSpan.FromSeconds(7200 - 30));
        var integrationBefore = await CustomersWith(integration);
        api.Clock.Advance(TimeSpan.FromSeconds(31));
        var integrationAfter = await CustomersWith(integration);
        var guestStill = await api.Client(guest).GetAsync("/api/organization");
        api.Clock.Advance(TimeSpan.FromSeconds(7200));
        var guestAfter = await api.Client(guest).GetAsync("/api/organization");
        var fresh = await CustomersWith(await api.IntegrationTokenAsync());

        integrationBefore.Status.ShouldBe(HttpStatusCode.OK, integrationBefore.Text);
        ShouldBeRejectedAsInvalid(integrationAfter);
        guestStill.Status.ShouldBe(HttpStatusCode.OK, guestStill.Text);
        ShouldBeRejectedAsInvalid(guestAfter);
        fresh.Status.ShouldBe(HttpStatusCode.OK, fresh.Text);
    }

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJSUzUxMiJ9.e30.")]
    [InlineData("....")]
    public async Task Malformed_tokens_are_invalid_tokens(string token)
    {
        ShouldBeRejectedAsInvalid(await CustomersWith(token));
    }

    [Fact]
    public async Task A_token_with_a_tampered_signature_is_an_invalid_token()
    {
        var token = Jwt.Parse(await api.IntegrationTokenAsync());
        var signature = token.SignatureSegment.ToCharArray();
        var middle = signature.Length / 2;
        signature[middle] = signature[middle] == 'A' ? 'B' : 'A';

        var reply = await CustomersWith((token with { SignatureSegment = new string(signature) }).ToString());

        ShouldBeRejectedAsInvalid(reply);
        (await CustomersWith(token.ToString())).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_token_whose_payload_was_changed_to_another_organization_is_an_invalid_token()
    {
        var acme = Jwt.Parse(await api.IntegrationTokenAsync());
        var globex = Jwt.Parse(await api.IntegrationTokenAsync(org: ApiFixture.OtherOrg)).Payload;
        var claims = JsonNode.Parse(acme.Payload.GetRawText())!;
        claims["organization"] = JsonNode.Parse(globex.GetProperty("organization").GetRawText());
        claims["application"] = JsonNode.Parse(globex.GetProperty("application").GetRawText());

        var reply = await CustomersWith((acme with { PayloadSegment = Jwt.Encode(claims.ToJsonString()) }).ToString());

        ShouldBeRejectedAsInvalid(reply);
    }

    [Fact]
    public async Task A_token_signed_by_another_key_is_an_invalid_token_even_with_the_right_kid()
    {
        var real = Jwt.Parse(await api.IntegrationTokenAsync());
        using var otherKey = RSA.Create(2048);
        var unknownKid = Jwt.Encode(JsonSerializer.Serialize(new { alg = "RS512", typ = "JWT", kid = "someoneelse" }));

        var sameKid = await CustomersWith(Jwt.Sign(real.HeaderSegment, real.PayloadSegment, otherKey));
        var otherKid = await CustomersWith(Jwt.Sign(unknownKid, real.PayloadSegment, otherKey));

        ShouldBeRejectedAsInvalid(sameKid);
        ShouldBeRejectedAsInvalid(otherKid);
    }

    [Fact]
    public async Task Unsigned_and_symmetrically_signed_tokens_are_invalid_tokens()
    {
        var real = Jwt.Parse(await api.IntegrationTokenAsync());
        var none = Jwt.Encode(JsonSerializer.Serialize(new { alg = "none", typ = "JWT", kid = real.Kid }));
        var hs512 = Jwt.Encode(JsonSerializer.Serialize(new { alg = "HS512", typ = "JWT", kid = real.Kid }));
        var jwk = (await JwksAsync()).Single(k => k.GetProperty("kid").GetString() == real.Kid);
        // The classic confusion attack: an HMAC keyed with the public key's bytes.
        var hmac = HMACSHA512.HashData(Base64Url.DecodeFromChars(jwk.GetProperty("n").GetString()!), Encoding.ASCII.GetBytes($"{hs512}.{real.PayloadSegment}"));

        var unsigned = await CustomersWith($"{none}.{real.PayloadSegment}.");
        var symmetric = await CustomersWith($"{hs512}.{real.PayloadSegment}.{Base64Url.EncodeToString(hmac)}");

        ShouldBeRejectedAsInvalid(unsigned);
        ShouldBeRejectedAsInvalid(symmetric);
    }

    [Fact]
    public async Task A_token_from_another_issuer_is_an_invalid_token()
    {
        // Signed with the key the server trusts, by a second instance configured for another domain.
        await using var other = api.AnotherInstance(("Clientele:Domain", "example.com"));
        var integration = api.Credentials(ApplicationKinds.Integration);
        var foreign = await ApiFixture.ClientOf(other).PostJsonAsync("/oauth/token",
            new { grant_type = "client_credentials", client_id = integration.ClientId, client_secret = integration.ClientSecret }, "application/json");

        var reply = await CustomersWith(AccessToken(foreign));

        Jwt.Parse(AccessToken(foreign)).Payload.GetProperty("iss").GetString().ShouldBe("https://auth.example.com");
        ShouldBeRejectedAsInvalid(reply);
    }

    [Fact]
    public async Task A_missing_token_is_unauthorized_not_an_invalid_token()
    {
        var customers = await api.Client().GetAsync("/api/customers");
        var organization = await api.Client().GetAsync("/api/organization");
        var basic = api.Client();
        basic.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", "dXNlcjpwYXNz");
        var wrongScheme = await basic.GetAsync("/api/customers");

        foreach (var reply in new[] { customers, organization, wrongScheme })
        {
            reply.Status.ShouldBe(HttpStatusCode.Unauthorized, reply.Text);
            reply.Code.ShouldBe("UNAUTHORIZED");
            reply.Error().GetProperty("status").GetString().ShouldBe("401");
        }
    }

    [Fact]
    public async Task A_valid_token_that_may_not_do_something_is_unauthorized_so_that_clients_do_not_refresh_in_a_loop()
    {
        var guest = await api.GuestTokenAsync();

        var list = await api.Client(guest).GetAsync("/api/customers");
        var singleton = await api.Client(guest).GetAsync("/api/organization");

        list.Status.ShouldBe(HttpStatusCode.Unauthorized, list.Text);
        list.Code.ShouldBe("UNAUTHORIZED");
        singleton.Status.ShouldBe(HttpStatusCode.OK, singleton.Text);
    }
}

public sealed class AccessTokenOnSqlite(SqliteApi api) : AccessTokenTests(api), IClassFixture<SqliteApi>;

public sealed class AccessTokenOnPostgres(PostgresApi api) : AccessTokenTests(api), IClassFixture<PostgresApi>;
