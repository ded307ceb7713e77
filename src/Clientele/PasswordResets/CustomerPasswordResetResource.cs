using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Clientele.Auth;
using Clientele.Customers;
using Clientele.Hosting;
using Clientele.JsonApi;
using Clientele.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Clientele.PasswordResets;

/// <summary>
/// customer_password_resets: an integration creates one for a customer's email and receives its token once; whoever
/// holds the token (a guest, a customer or an integration) then sets a new password with it, once.
/// </summary>
public sealed class CustomerPasswordResetResource : Resource<CustomerPasswordReset>
{
    private const string TokenPointer = "/data/attributes/_reset_password_token";
    private const string PasswordPointer = "/data/attributes/customer_password";
    private const string EmailPointer = "/data/attributes/customer_email";

    // The plain token of a reset created in this request. Only the hash is stored, so the token can be shown in the
    // create response and never again; the table holds it for exactly the lifetime of that entity instance.
    private static readonly ConditionalWeakTable<CustomerPasswordReset, string> IssuedTokens = [];

    public CustomerPasswordResetResource() : base("customer_password_resets")
    {
        Add(new AttributeField<CustomerPasswordReset, string>("customer_email", r => r.CustomerEmail, Access.Read | Access.Query | Access.Create, ValueKind.String)
        {
            Required = true,
            FilterValue = EmailAddress.ForFilter,
            Writer = WriteEmail,
        });
        Add(new AttributeField<CustomerPasswordReset, string?>("reset_password_token", r => IssuedToken(r), Access.Read, ValueKind.String));
        Attribute("reset_password_at", r => r.ResetPasswordAt, Access.Read | Access.Query);
        Add(new AttributeField<CustomerPasswordReset, string?>("customer_password", _ => null, Access.Update, ValueKind.String) { Writer = WritePassword });
        Add(new AttributeField<CustomerPasswordReset, string?>("_reset_password_token", _ => null, Access.Update, ValueKind.String) { Writer = WriteToken });
        ToOne<Customer>("customer", r => r.CustomerId);
    }

    private static string? IssuedToken(CustomerPasswordReset reset) => IssuedTokens.TryGetValue(reset, out var token) ? token : null;

    /// <summary>Integrations do everything; sales channels (guests and customers) may only use a token, by PATCH.</summary>
    public override bool Allows(Caller caller, Operation operation) => caller.IsIntegration || operation == Operation.Update;

    /// <summary>
    /// A sales channel learns a reset's id from the integration that created it, and the reset belongs to no token's
    /// owner, so for a PATCH every reset of the tenant is in reach and the reset token is what authorizes the write.
    /// Nothing else is open to sales channels (Allows refuses their reads with 401).
    /// </summary>
    public override Expression<Func<CustomerPasswordReset, bool>>? VisibleTo(RequestContext ctx) =>
        ctx.Caller.IsIntegration || HttpMethods.IsPatch(ctx.Http.Request.Method) ? null : _ => false;

    /// <summary>Marks every open reset of the customer dead; a newer reset or any password change calls it.</summary>
    public static Task<int> InvalidateOpenAsync(AppDb db, string customerId, DateTime now, CancellationToken ct) =>
        db.CustomerPasswordResets
            .Where(r => r.CustomerId == customerId && r.ResetPasswordAt == null && r.InvalidatedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.InvalidatedAt, now).SetProperty(r => r.UpdatedAt, now), ct);

    private static void WriteEmail(RequestContext ctx, CustomerPasswordReset reset, object? value)
    {
        if (value is not string raw || raw.Trim().Length == 0) ctx.Errors.Add(JsonApiError.Blank(EmailPointer));
        else if (raw.Length > 1024 || EmailAddress.Canonicalize(raw) is not { } canonical) ctx.Errors.Add(JsonApiError.Invalid(EmailPointer));
        else reset.CustomerEmail = canonical;
    }

    // The password is hashed here, outside the write's transaction (a hash takes tens of milliseconds).
    private static void WritePassword(RequestContext ctx, CustomerPasswordReset reset, object? value)
    {
        var use = UseOf(ctx);
        use.PasswordSent = true;
        if (value is not string password || password.Length == 0) ctx.Errors.Add(JsonApiError.Blank(PasswordPointer));
        else if (password.Length < Passwords.MinLength) ctx.Errors.Add(JsonApiError.TooShort(PasswordPointer, Passwords.MinLength));
        else if (password.Length > Passwords.MaxLength) ctx.Errors.Add(JsonApiError.TooLong(PasswordPointer, Passwords.MaxLength));
        else use.PasswordHash = ctx.Services.GetRequiredService<Passwords>().Hash(password);
    }

    private static void WriteToken(RequestContext ctx, CustomerPasswordReset reset, object? value)
    {
        var use = UseOf(ctx);
        use.TokenSent = true;
        if (value is not string token || token.Length == 0) ctx.Errors.Add(JsonApiError.Blank(TokenPointer));
        else use.Token = token;
    }

    public override async Task OnWritingAsync(RequestContext ctx, CustomerPasswordReset reset, bool creating)
    {
        if (creating) await IssueAsync(ctx, reset);
        else await UseAsync(ctx, reset);
    }

    private static async Task IssueAsync(RequestContext ctx, CustomerPasswordReset reset)
    {
        if (reset.CustomerEmail.Length == 0) return; // blank or invalid: already reported
        var customer = await ctx.Db.Customers.Where(c => c.Email == reset.CustomerEmail).Select(c => new { c.Id }).FirstOrDefaultAsync(ctx.Aborted);
        if (customer is null)
        {
            ctx.Errors.Add(JsonApiError.Validation(EmailPointer, "not_found", "does not belong to a customer"));
            return;
        }
        var now = ctx.Db.UtcNow;
        var hours = ctx.Services.GetRequiredService<IOptions<ClienteleOptions>>().Value.Tokens.PasswordResetHours;
        var token = Secrets.New();
        reset.CustomerId = customer.Id;
        reset.TokenHash = Secrets.Hash(token);
        reset.ExpiresAt = now.AddHours(hours);
        // A no-op update locks the customer's row until commit, so of two resets created at once the later one
        // waits, then sees and kills the earlier one: only one token is ever alive.
        await ctx.Db.Customers.Where(c => c.Id == customer.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.SessionVersion, c => c.SessionVersion), ctx.Aborted);
        await InvalidateOpenAsync(ctx.Db, customer.Id, now, ctx.Aborted);
        IssuedTokens.AddOrUpdate(reset, token);
    }

    private static async Task UseAsync(RequestContext ctx, CustomerPasswordReset reset)
    {
        var use = UseOf(ctx);
        if (!ctx.Caller.IsIntegration)
        {
            // Sales channels come only with the token; anything else on the reset stays the integration's business.
            if (ctx.Db.Entry(reset).Properties.Any(p => p.IsModified))
                throw new JsonApiException(JsonApiError.Unauthorized("Sales channels may only send customer_password and _reset_password_token"));
            if (!use.TokenSent) ctx.Errors.Add(JsonApiError.Blank(TokenPointer));
        }
        if (use.TokenSent && !use.PasswordSent) ctx.Errors.Add(JsonApiError.Blank(PasswordPointer));
        if (use.PasswordSent && !use.TokenSent) ctx.Errors.Add(JsonApiError.Blank(TokenPointer));
        if (ctx.Errors.Count > 0 || use.Token is null || use.PasswordHash is null) return;

        // One conditional update decides, so two requests racing with the same token cannot both succeed.
        var now = ctx.Db.UtcNow;
        var hash = Secrets.Hash(use.Token);
        var claimed = await ctx.Db.CustomerPasswordResets
            .Where(r => r.Id == reset.Id && r.TokenHash == hash && r.ResetPasswordAt == null && r.InvalidatedAt == null && r.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ResetPasswordAt, now).SetProperty(r => r.UpdatedAt, now), ctx.Aborted);
        if (claimed == 0)
        {
            ctx.Errors.Add(JsonApiError.Validation(TokenPointer, "invalid", "is invalid, used or expired"));
            return;
        }
        reset.ResetPasswordAt = now;
        var customer = await ctx.Db.Customers.FirstAsync(c => c.Id == reset.CustomerId, ctx.Aborted);
        customer.PasswordHash = use.PasswordHash;
        await CustomerResource.EndSessionsAsync(ctx, customer);
    }

    private static PendingUse UseOf(RequestContext ctx)
    {
        if (ctx.Http.Items[typeof(PendingUse)] is not PendingUse use)
            ctx.Http.Items[typeof(PendingUse)] = use = new PendingUse();
        return use;
    }

    /// <summary>What a PATCH body brought, kept between reading the attributes and the write's transaction.</summary>
    private sealed class PendingUse
    {
        public bool TokenSent { get; set; }
        public bool PasswordSent { get; set; }
        public string? Token { get; set; }
        public string? PasswordHash { get; set; }
    }
}
