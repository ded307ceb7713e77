using Clientele.Hosting;
using Clientele.JsonApi;
using Clientele.Persistence;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Clientele.Auth;

/// <summary>Bearer-token validation with JwtBearer, plus Clientele's revocation checks and Commerce Layer's 401 bodies.</summary>
public static class Authentication
{
    private const string CallerKey = "Clientele.Caller";

    public static Caller GetCaller(this HttpContext http) =>
        http.Items[CallerKey] as Caller ?? throw new JsonApiException(JsonApiError.Unauthorized());

    /// <summary>The caller proven by a valid token, or null (no token, or one that was refused).</summary>
    public static Caller? FindCaller(this HttpContext http) => http.Items[CallerKey] as Caller;

    public static IServiceCollection AddClienteleAuthentication(this IServiceCollection services)
    {
        services.AddSingleton<SigningKeys>();
        services.AddSingleton<AccessTokens>();
        services.AddSingleton<Passwords>();
        services.AddSingleton<VerifiedTokens>();
        services.AddAuthorization();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<SigningKeys, IOptions<ClienteleOptions>, TimeProvider, VerifiedTokens>((jwt, keys, options, clock, verified) =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenHandlers.Clear();
                jwt.TokenHandlers.Add(verified);
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = options.Value.Issuer,
                    ValidateAudience = false,
                    ValidAlgorithms = [SecurityAlgorithms.RsaSha512],
                    IssuerSigningKeyResolver = (_, _, kid, _) => keys.Resolve(kid),
                    RequireExpirationTime = true,
                    // Lifetimes follow the app's clock (a fake one in tests), with no skew: CL clients refresh on INVALID_TOKEN.
                    LifetimeValidator = (_, expires, _, _) => expires is { } e && e > clock.GetUtcNow().UtcDateTime,
                };
                jwt.Events = new JwtBearerEvents
                {
                    OnTokenValidated = context => OnTokenValidatedAsync(context, verified),
                    OnChallenge = async context =>
                    {
                        context.HandleResponse();
                        var error = context.AuthenticateFailure is not null ? JsonApiError.InvalidToken() : JsonApiError.Unauthorized();
                        context.Response.Headers.WWWAuthenticate = context.AuthenticateFailure is not null ? "Bearer error=\"invalid_token\"" : "Bearer";
                        await DocumentWriter.WriteErrorsAsync(context.HttpContext, [error], 401);
                    },
                };
            });
        return services;
    }

    /// <summary>Turns the token into a Caller and tenant, and refuses revoked tokens and ended sessions.</summary>
    private static async Task OnTokenValidatedAsync(TokenValidatedContext context, VerifiedTokens verified)
    {
        if (context.SecurityToken is not JsonWebToken token || verified.ClaimsOf(token) is not { } claims)
        {
            context.Fail("unreadable token");
            return;
        }
        var http = context.HttpContext;
        var db = http.RequestServices.GetRequiredService<AppDb>();
        db.Tenant.Set(claims.Caller.OrganizationId, claims.Caller.Mode);
        if (!await TokenStatus.IsCurrentAsync(db, claims, http.RequestAborted))
        {
            context.Fail("revoked or session ended");
            return;
        }
        http.Items[CallerKey] = claims.Caller;
    }
}
