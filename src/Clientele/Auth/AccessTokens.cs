using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Clientele.Hosting;
using Clientele.Organizations;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Clientele.Auth;

/// <summary>What an access token is issued for.</summary>
public sealed record TokenSubject(Organization Organization, Application Application, string? CustomerId, int SessionVersion, string Scope)
{
    /// <summary>The markets a market scope granted, or null for no market restriction.</summary>
    public MarketClaim? Market { get; init; }
}

/// <summary>The "market" claim: the granted markets' ids and the price list of the first one.</summary>
public sealed record MarketClaim(IReadOnlyList<string> Ids, string PriceListId);

/// <summary>Issues RS512 JWTs with Commerce Layer's claims, and reads them back after validation.</summary>
public sealed class AccessTokens(SigningKeys keys, IOptions<ClienteleOptions> options)
{
    private readonly ClienteleOptions _options = options.Value;

    // In base64, a byte whose low six bits are 111110 or 111111 ('>', '?', '~', DEL in ASCII) becomes '-' or '_' when it is
    // the third of a group. Escaping them (and all non-ASCII) in JSON strings means no payload can hold those characters,
    // whatever the configured region or domain; re-rolling rand cannot help with text that comes before it.
    private static readonly JsonWriterOptions PayloadJson = new() { Encoder = AtobSafeEncoder() };

    private static JavaScriptEncoder AtobSafeEncoder()
    {
        var settings = new TextEncoderSettings(UnicodeRanges.BasicLatin);
        settings.ForbidCharacters('>', '?', '~', '\u007f');
        return JavaScriptEncoder.Create(settings);
    }

    public int LifetimeSeconds(Application application) =>
        application.Kind == ApplicationKinds.Integration ? _options.Tokens.IntegrationSeconds : _options.Tokens.SalesChannelSeconds;

    public string Issue(TokenSubject subject, DateTimeOffset now)
    {
        var (kid, rsa) = keys.Current;
        var header = Base64UrlEncoder.Encode(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["alg"] = "RS512", ["typ"] = "JWT", ["kid"] = kid }));
        string payload;
        // The SDK decodes the payload with plain atob(), which rejects the base64url characters '-' and '_'.
        do payload = Base64UrlEncoder.Encode(Payload(subject, now));
        while (payload.AsSpan().IndexOfAny('-', '_') >= 0);
        var signingInput = $"{header}.{payload}";
        var signature = rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1);
        return $"{signingInput}.{Base64UrlEncoder.Encode(signature)}";
    }

    private byte[] Payload(TokenSubject subject, DateTimeOffset now)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using var w = new Utf8JsonWriter(buffer, PayloadJson);
        var application = subject.Application;
        var isPublic = application.Kind == ApplicationKinds.SalesChannel;
        w.WriteStartObject();
        w.WriteStartObject("organization");
        w.WriteString("id", subject.Organization.Id);
        w.WriteString("slug", subject.Organization.Slug);
        w.WriteBoolean("enterprise", false);
        w.WriteString("region", _options.Region);
        w.WriteEndObject();
        w.WriteStartObject("application");
        w.WriteString("id", application.Id);
        w.WriteString("client_id", application.ClientId);
        w.WriteString("kind", application.Kind);
        w.WriteBoolean("public", isPublic);
        w.WriteBoolean("confidential", !isPublic);
        w.WriteEndObject();
        w.WriteString("scope", subject.Scope);
        w.WriteNumber("exp", now.ToUnixTimeSeconds() + LifetimeSeconds(application));
        w.WriteBoolean("test", application.Mode == Persistence.Modes.Test);
        w.WriteNumber("rand", Random.Shared.NextDouble());
        w.WriteNumber("iat", now.ToUnixTimeSeconds());
        w.WriteString("iss", _options.Issuer);
        w.WriteString("jti", Persistence.PublicId.New(16));
        if (subject.CustomerId is not null)
        {
            w.WriteStartObject("owner");
            w.WriteString("id", subject.CustomerId);
            w.WriteString("type", "Customer");
            w.WriteEndObject();
            // Clientele's own claim: the customer's session version, which a password change raises.
            w.WriteNumber("sv", subject.SessionVersion);
        }
        if (subject.Market is { } market)
        {
            w.WriteStartObject("market");
            w.WriteStartArray("id");
            foreach (var id in market.Ids) w.WriteStringValue(id);
            w.WriteEndArray();
            w.WriteString("price_list_id", market.PriceListId);
            w.WriteStartArray("stock_location_ids");
            w.WriteEndArray();
            w.WriteNull("geocoder_id");
            w.WriteBoolean("allows_external_prices", false);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.Flush();
        return buffer.WrittenSpan.ToArray();
    }
}

/// <summary>The claims of a validated access token that Clientele acts on.</summary>
public sealed record AccessTokenClaims(Caller Caller, string Jti, long ExpiresAt, int SessionVersion)
{
    public static AccessTokenClaims? Read(string encodedPayload)
    {
        try
        {
            using var json = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(encodedPayload));
            var root = json.RootElement;
            var organization = root.GetProperty("organization");
            var application = root.GetProperty("application");
            var customer = root.TryGetProperty("owner", out var owner) ? owner.GetProperty("id").GetString() : null;
            var caller = new Caller(
                organization.GetProperty("id").GetString()!, organization.GetProperty("slug").GetString()!,
                root.GetProperty("test").GetBoolean() ? Persistence.Modes.Test : Persistence.Modes.Live,
                application.GetProperty("id").GetString()!, application.GetProperty("kind").GetString()!, customer);
            return new AccessTokenClaims(caller, root.GetProperty("jti").GetString()!, root.GetProperty("exp").GetInt64(),
                root.TryGetProperty("sv", out var sv) ? sv.GetInt32() : 0);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            return null;
        }
    }
}
