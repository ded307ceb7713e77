using System.Text.Json;
using Clientele.Customers;
using Clientele.Hosting;
using Clientele.JsonApi;
using Clientele.Organizations;
using Clientele.Persistence;
using Clientele.Protection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Net.Http.Headers;

namespace Clientele.Auth;

/// <summary>POST /oauth/token, POST /oauth/revoke and the JWKS, answering like Commerce Layer's auth server.</summary>
public static class TokenEndpoints
{
    public static void MapTokenEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/oauth/token", TokenAsync).WithTags("auth");
        app.MapPost("/oauth/revoke", RevokeAsync).WithTags("auth");
        app.MapGet("/.well-known/jwks.json", Jwks).WithTags("auth");
    }

    /// <summary>An OAuth failure; js-auth reads only the body, so its shape matters more than the status.</summary>
    private sealed class OAuthException(int status, string code, string title, string detail) : Exception(detail)
    {
        public int Status { get; } = status;
        public object Body => new { errors = new[] { new { code, title, detail = Message, status = Status } } };
    }

    private static OAuthException InvalidRequest(string detail) => new(400, "BAD_REQUEST", "invalid_request", detail);
    private static OAuthException InvalidClient() => new(401, "UNAUTHORIZED", "invalid_client", "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.");
    private static OAuthException InvalidGrant() => new(401, "UNAUTHORIZED", "invalid_grant", "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.");
    private static OAuthException UnauthorizedClient() => new(401, "UNAUTHORIZED", "unauthorized_client", "The client is not authorized to perform this request using this method.");
    private static OAuthException InvalidScope(int status, string detail) => new(status, status == 401 ? "UNAUTHORIZED" : "BAD_REQUEST", "invalid_scope", detail);

    private static async Task<IResult> TokenAsync(HttpContext http, AppDb db, AccessTokens tokens, Passwords passwords, LoginThrottle throttle, TimeProvider clock, IOptions<ClienteleOptions> options)
    {
        try
        {
            var form = await ReadBodyAsync(http.Request);
            var grant = form.GetValueOrDefault("grant_type");
            if (string.IsNullOrEmpty(grant)) throw InvalidRequest("grant_type is missing");
            if (grant is not ("client_credentials" or "password" or "refresh_token"))
                throw new OAuthException(400, "BAD_REQUEST", "unsupported_grant_type", $"The grant type '{grant}' is not supported.");
            var (application, organization) = await AuthenticateClientAsync(db, form, http.RequestAborted);
            db.Tenant.Set(organization.Id, application.Mode);
            var scope = ParseScope(form.GetValueOrDefault("scope"));
            var markets = await ResolveMarketsAsync(db, scope, http.RequestAborted);
            var now = clock.GetUtcNow();
            string? customerId = null, refreshToken = null;
            var sessionVersion = 0;

            if (grant == "password")
            {
                if (application.Kind != ApplicationKinds.SalesChannel) throw UnauthorizedClient();
                var username = form.GetValueOrDefault("username");
                var password = form.GetValueOrDefault("password");
                if (string.IsNullOrEmpty(username) || string.IsNullOrEmpty(password)) throw InvalidRequest("username and password are required");
                var email = EmailAddress.Canonicalize(username) ?? username.Trim();
                // A throttled email is refused without looking at the password, known or not.
                if (await throttle.IsLockedAsync(db, organization.Id, application.Mode, email, http.RequestAborted)) throw InvalidGrant();
                var customer = await db.Customers.FirstOrDefaultAsync(c => c.Email == email, http.RequestAborted);
                var verdict = passwords.Verify(customer?.PasswordHash, password);
                if (customer is null || verdict == PasswordVerificationResult.Failed)
                {
                    await throttle.RecordFailureAsync(db, organization.Id, application.Mode, email, http.RequestAborted);
                    throw InvalidGrant();
                }
                await throttle.ClearAsync(db, organization.Id, application.Mode, email, http.RequestAborted);
                if (verdict == PasswordVerificationResult.SuccessRehashNeeded) customer.PasswordHash = passwords.Hash(password);
                EnsureMarketsGrantable(markets, customer.CustomerGroupId);
                (customerId, sessionVersion) = (customer.Id, customer.SessionVersion);
                refreshToken = AddRefreshToken(db, application, customer.Id, scope, now, options.Value);
                await SaveGrantAsync(db, http.RequestAborted);
            }
            else if (grant == "refresh_token")
            {
                if (application.Kind != ApplicationKinds.SalesChannel) throw UnauthorizedClient();
                var presented = form.GetValueOrDefault("refresh_token");
                if (string.IsNullOrEmpty(presented)) throw InvalidRequest("refresh_token is missing");
                var hash = Secrets.Hash(presented);
                var nowUtc = now.UtcDateTime;
                await using var transaction = await db.Database.BeginTransactionAsync(http.RequestAborted);
                var stored = await db.RefreshTokens.FirstOrDefaultAsync(t => t.TokenHash == hash && t.ApplicationId == application.Id, http.RequestAborted);
                if (stored is null || stored.RevokedAt is not null || stored.ExpiresAt <= nowUtc) throw InvalidGrant();
                // Rotation: only one request can retire a given refresh token, whichever node serves it.
                var retired = await db.RefreshTokens.Where(t => t.Id == stored.Id && t.RevokedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, nowUtc), http.RequestAborted);
                var customer = await db.Customers.FirstOrDefaultAsync(c => c.Id == stored.CustomerId, http.RequestAborted);
                if (retired != 1 || customer is null) throw InvalidGrant();
                if (form.ContainsKey("scope") is false)
                {
                    scope = ParseScope(stored.Scope);
                    markets = await ResolveMarketsAsync(db, scope, http.RequestAborted);
                }
                // Membership is checked again: a customer who left the group loses its private markets at the next refresh.
                EnsureMarketsGrantable(markets, customer.CustomerGroupId);
                (customerId, sessionVersion) = (customer.Id, customer.SessionVersion);
                refreshToken = AddRefreshToken(db, application, customer.Id, scope, now, options.Value);
                await SaveGrantAsync(db, http.RequestAborted);
                await transaction.CommitAsync(http.RequestAborted);
            }

            else if (application.Kind == ApplicationKinds.SalesChannel)
            {
                EnsureMarketsGrantable(markets, customerGroupId: null);
            }

            var marketClaim = markets.Count == 0 ? null : new MarketClaim(markets.Select(m => m.Id).ToList(), markets[0].PriceListId);
            var accessToken = tokens.Issue(new TokenSubject(organization, application, customerId, sessionVersion, scope) { Market = marketClaim }, now);
            var body = new Dictionary<string, object>
            {
                ["access_token"] = accessToken,
                ["token_type"] = "bearer",
                ["expires_in"] = tokens.LifetimeSeconds(application),
                ["scope"] = scope,
                ["created_at"] = now.ToUnixTimeSeconds(),
            };
            if (customerId is not null)
            {
                body["refresh_token"] = refreshToken!;
                body["owner_id"] = customerId;
                body["owner_type"] = "customer";
            }
            return Results.Json(body, statusCode: 200);
        }
        catch (OAuthException e)
        {
            return Results.Json(e.Body, statusCode: e.Status);
        }
    }

    /// <summary>Stores a new refresh token; a customer deleted meanwhile makes the grant invalid, not a 500.</summary>
    private static async Task SaveGrantAsync(AppDb db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || Constraint.IsForeignKeyViolation(e))
        {
            throw InvalidGrant();
        }
    }

    private static string AddRefreshToken(AppDb db, Application application, string customerId, string scope, DateTimeOffset now, ClienteleOptions options)
    {
        var token = Secrets.New();
        db.RefreshTokens.Add(new RefreshToken
        {
            TokenHash = Secrets.Hash(token),
            ApplicationId = application.Id,
            CustomerId = customerId,
            Scope = scope,
            ExpiresAt = now.UtcDateTime.AddDays(options.Tokens.RefreshDays),
        });
        return token;
    }

    private static async Task<IResult> RevokeAsync(HttpContext http, AppDb db, SigningKeys keys, TimeProvider clock)
    {
        try
        {
            var form = await ReadBodyAsync(http.Request);
            var (application, organization) = await AuthenticateClientAsync(db, form, http.RequestAborted);
            db.Tenant.Set(organization.Id, application.Mode);
            var token = form.GetValueOrDefault("token");
            if (string.IsNullOrEmpty(token)) throw InvalidRequest("token is missing");
            var now = clock.GetUtcNow().UtcDateTime;
            if (token.Count(c => c == '.') == 2)
            {
                if (await ValidAccessTokenAsync(token, keys) is { } claims && claims.Caller.ApplicationId == application.Id)
                {
                    if (!await db.RevokedAccessTokens.AnyAsync(t => t.Jti == claims.Jti, http.RequestAborted))
                    {
                        db.RevokedAccessTokens.Add(new RevokedAccessToken { Jti = claims.Jti, ExpiresAt = DateTimeOffset.FromUnixTimeSeconds(claims.ExpiresAt).UtcDateTime });
                        try { await db.SaveChangesAsync(http.RequestAborted); }
                        catch (DbUpdateException) { /* revoked by a concurrent request: same outcome */ }
                    }
                }
            }
            else
            {
                var hash = Secrets.Hash(token);
                await db.RefreshTokens.Where(t => t.TokenHash == hash && t.ApplicationId == application.Id && t.RevokedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), http.RequestAborted);
            }
            // RFC 7009: unknown tokens are answered like known ones.
            return Results.Json(new { }, statusCode: 200);
        }
        catch (OAuthException e)
        {
            return Results.Json(e.Body, statusCode: e.Status);
        }
    }

    private static async Task<AccessTokenClaims?> ValidAccessTokenAsync(string token, SigningKeys keys)
    {
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
            IssuerSigningKeyResolver = (_, _, kid, _) => keys.Resolve(kid),
        });
        return result.IsValid && result.SecurityToken is JsonWebToken jwt ? AccessTokenClaims.Read(jwt.EncodedPayload) : null;
    }

    private static IResult Jwks(SigningKeys keys) => Results.Json(new
    {
        keys = keys.All.Select(k =>
        {
            var p = k.Rsa.ExportParameters(false);
            return new { kty = "RSA", kid = k.Kid, use = "sig", alg = "RS512", n = Base64UrlEncoder.Encode(p.Modulus), e = Base64UrlEncoder.Encode(p.Exponent) };
        }),
    });

    private static async Task<(Application, Organization)> AuthenticateClientAsync(AppDb db, Dictionary<string, string> form, CancellationToken ct)
    {
        var clientId = form.GetValueOrDefault("client_id");
        if (string.IsNullOrEmpty(clientId)) throw InvalidClient();
        var found = await db.Applications.IgnoreQueryFilters().Where(a => a.ClientId == clientId)
            .Join(db.Organizations, a => a.OrganizationId, o => o.Id, (a, o) => new { Application = a, Organization = o })
            .FirstOrDefaultAsync(ct);
        if (found is null) throw InvalidClient();
        var secret = form.GetValueOrDefault("client_secret");
        if (found.Application.SecretHash is { } hash && (string.IsNullOrEmpty(secret) || !Secrets.Matches(secret, hash))) throw InvalidClient();
        return (found.Application, found.Organization);
    }

    private const string MarketById = "market:id:", MarketByCode = "market:code:";

    /// <summary>The scope as granted: its distinct words, or "market:all" when none was asked for.</summary>
    private static string ParseScope(string? scope)
    {
        var parts = (scope ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        foreach (var part in parts)
        {
            var known = part == "market:all"
                || part.StartsWith(MarketById, StringComparison.Ordinal) && part.Length > MarketById.Length
                || part.StartsWith(MarketByCode, StringComparison.Ordinal) && part.Length > MarketByCode.Length;
            if (!known) throw InvalidScope(400, $"The scope '{part}' is unknown.");
        }
        return parts.Length == 0 ? "market:all" : string.Join(' ', parts.Distinct());
    }

    /// <summary>The markets a scope names, in its order and once each; an unknown market is 400 invalid_scope.</summary>
    private static async Task<List<Markets.Market>> ResolveMarketsAsync(AppDb db, string scope, CancellationToken ct)
    {
        var markets = new List<Markets.Market>();
        foreach (var part in scope.Split(' '))
        {
            Markets.Market? market;
            if (part.StartsWith(MarketById, StringComparison.Ordinal))
            {
                var id = part[MarketById.Length..];
                market = await db.Markets.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);
            }
            else if (part.StartsWith(MarketByCode, StringComparison.Ordinal))
            {
                var code = part[MarketByCode.Length..];
                market = await db.Markets.AsNoTracking().FirstOrDefaultAsync(m => m.Code == code, ct);
            }
            else continue;
            if (market is null) throw InvalidScope(400, $"The scope '{part}' names no market.");
            if (markets.All(m => m.Id != market.Id)) markets.Add(market);
        }
        return markets;
    }

    /// <summary>
    /// A private market (one with a customer group) goes only to customer tokens of that group's members. Integrations
    /// are not checked: they already read and write every market of their organization.
    /// </summary>
    private static void EnsureMarketsGrantable(List<Markets.Market> markets, string? customerGroupId)
    {
        foreach (var market in markets)
            if (market.CustomerGroupId is not null && market.CustomerGroupId != customerGroupId)
                throw InvalidScope(401, $"The market '{market.Id}' is private to a customer group.");
    }

    /// <summary>Commerce Layer clients send JSON; OAuth clients send forms. Both give the same string map.</summary>
    private static async Task<Dictionary<string, string>> ReadBodyAsync(HttpRequest request)
    {
        var values = new Dictionary<string, string>();
        var type = request.ContentType is { } contentType && MediaTypeHeaderValue.TryParse(contentType, out var parsed) ? parsed.MediaType.Value : null;
        if (string.Equals(type, "application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            }
            catch (InvalidDataException e)
            {
                throw InvalidRequest(e.Message); // over the form's key, value or count limits
            }
            foreach (var (key, value) in form) values[key] = value.ToString();
        }
        else if (type?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
        {
            try
            {
                using var json = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { AllowDuplicateProperties = false }, request.HttpContext.RequestAborted);
                if (json.RootElement.ValueKind != JsonValueKind.Object) throw InvalidRequest("The body must be a JSON object");
                foreach (var member in json.RootElement.EnumerateObject())
                {
                    if (!StorableJson.IsStorable(() => member.Name)) throw InvalidRequest("The body must be valid Unicode text");
                    values[member.Name] = member.Value.ValueKind switch
                    {
                        JsonValueKind.String => StorableJson.IsStorable(() => member.Value.GetString()!) ? member.Value.GetString()!
                            : throw InvalidRequest($"{member.Name} must be valid Unicode text without NUL characters"),
                        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => member.Value.GetRawText(),
                        _ => "",
                    };
                }
            }
            catch (JsonException)
            {
                throw InvalidRequest("The body is not valid JSON");
            }
        }
        else
        {
            throw InvalidRequest("The body must be JSON or application/x-www-form-urlencoded");
        }
        // No credential, email or token holds NUL, and PostgreSQL refuses it as a parameter.
        if (values.FirstOrDefault(v => v.Value.Contains('\0')) is { Key: { } bad }) throw InvalidRequest($"{bad} must not contain NUL characters");
        return values;
    }
}
