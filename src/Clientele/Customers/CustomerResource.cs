using System.Linq.Expressions;
using Clientele.Addresses;
using Clientele.Auth;
using Clientele.CustomerGroups;
using Clientele.JsonApi;
using Clientele.Orders;
using Clientele.PaymentSources;
using Clientele.Persistence;
using Clientele.Subscriptions;
using Clientele.Tags;
using Microsoft.EntityFrameworkCore;

namespace Clientele.Customers;

/// <summary>The customers resource: sign-up by guests, own-record access for customers, everything for integrations.</summary>
public sealed class CustomerResource : Resource<Customer>
{
    public const int MinReferenceLength = 3, MaxReferenceLength = 128;

    public CustomerResource() : base("customers")
    {
        Add(new AttributeField<Customer, string>("email", c => c.Email, Access.Read | Access.Query | Access.Write, ValueKind.String)
        {
            Required = true,
            FilterValue = EmailAddress.ForFilter,
            Writer = WriteEmail,
            SqliteSearch = new TrigramSearch(SqliteSearchTables.CustomerKeys, SqliteSearchTables.CustomerEmail),
        });
        SearchMetadataOnSqlite(new JsonTermSearch(SqliteSearchTables.CustomerKeys, SqliteSearchTables.CustomerMetadata));
        Add(new AttributeField<Customer, string?>("password", c => c.PasswordHash, Access.Write, ValueKind.String) { Writer = WritePassword });
        Attribute("status", c => c.Status, Access.Read | Access.Query);
        CountedBy = Attributes["status"];
        Attribute("has_password", c => c.PasswordHash != null, Access.Read);
        Attribute("total_orders_count", c => c.TotalOrdersCount, Access.Read | Access.Query);
        Add(new AttributeField<Customer, string?>("shopper_reference", c => c.ShopperReference, Access.Read | Access.Write, ValueKind.String) { MaxLength = MaxReferenceLength });
        Add(new AttributeField<Customer, string?>("profile_id", c => c.ProfileId, Access.Read | Access.Write, ValueKind.String) { MaxLength = 255 });
        Add(new AttributeField<Customer, string?>("tax_exemption_code", c => c.TaxExemptionCode, Access.Read | Access.Write, ValueKind.String) { MaxLength = 255 });
        Add(new AttributeField<Customer, string?>("jwt_custom_claim", _ => null, Access.Read, ValueKind.Object));
        Attribute("anonymization_status", c => c.AnonymizationStatus, Access.Read | Access.Query);
        Add(new AttributeField<Customer, string?>("anonymization_info", c => Anonymization.InfoOf(c), Access.Read, ValueKind.Object));
        Trigger("_request_anonymization", ValueKind.Boolean, (ctx, customer, _) => Anonymization.RequestAsync(ctx, customer), salesChannels: false);
        Trigger("_cancel_anonymization", ValueKind.Boolean, (ctx, customer, _) => Anonymization.CancelAsync(ctx, customer), salesChannels: false);

        ToOne<CustomerGroup>("customer_group", c => c.CustomerGroupId, writable: true);
        ToMany<Order>("orders", o => o.CustomerId);
        ToMany<CustomerAddress>("customer_addresses", ca => ca.CustomerId);
        ToMany<CustomerPaymentSource>("customer_payment_sources", p => p.CustomerId);
        ToMany<CustomerSubscription>("customer_subscriptions", s => s.CustomerId);
        ManyToMany<CustomerTag, Tag>("tags", l => l.CustomerId, l => l.TagId, writable: true, maxCount: CustomerTagging.MaxTagsPerCustomer);
        Trigger(CustomerTagging.AddTags, ValueKind.String, CustomerTagging.RecordAddAsync, salesChannels: false);
        Trigger(CustomerTagging.RemoveTags, ValueKind.String, CustomerTagging.RecordRemoveAsync, salesChannels: false);
        Unsupported.UnionWith(["order_subscriptions", "returns", "sku_lists", "attachments", "events", "event_stores", "jwt_markets", "jwt_stock_locations"]);
    }

    public override bool Allows(Caller caller, Operation operation) => caller.IsIntegration
        || caller.IsCustomer && operation is Operation.List or Operation.Read or Operation.Update or Operation.Delete
        || caller.IsGuest && operation is Operation.Create;

    public override Expression<Func<Customer, bool>>? VisibleTo(RequestContext ctx)
    {
        if (ctx.Caller.IsIntegration) return null;
        var own = ctx.Caller.CustomerId;
        return c => c.Id == own;
    }

    private static void WriteEmail(RequestContext ctx, Customer customer, object? value)
    {
        const string pointer = "/data/attributes/email";
        if (value is not string raw || raw.Trim().Length == 0) ctx.Errors.Add(JsonApiError.Blank(pointer));
        else if (raw.Length > 1024 || EmailAddress.Canonicalize(raw) is not { } canonical) ctx.Errors.Add(JsonApiError.Invalid(pointer));
        else customer.Email = canonical;
    }

    private static void WritePassword(RequestContext ctx, Customer customer, object? value)
    {
        const string pointer = "/data/attributes/password";
        if (value is not string password || password.Length == 0) ctx.Errors.Add(JsonApiError.Blank(pointer));
        else if (password.Length < Passwords.MinLength) ctx.Errors.Add(JsonApiError.TooShort(pointer, Passwords.MinLength));
        else if (password.Length > Passwords.MaxLength) ctx.Errors.Add(JsonApiError.TooLong(pointer, Passwords.MaxLength));
        else customer.PasswordHash = ctx.Services.GetRequiredService<Passwords>().Hash(password);
    }

    public override async Task OnWritingAsync(RequestContext ctx, Customer customer, bool creating)
    {
        customer.ShopperReference ??= PublicId.New(20);
        customer.ProfileId ??= PublicId.New(20);
        if (customer.ShopperReference.Length < MinReferenceLength)
            ctx.Errors.Add(JsonApiError.TooShort("/data/attributes/shopper_reference", MinReferenceLength));
        if (!creating && ctx.Db.Entry(customer).Properties.Any(p => p.IsModified))
        {
            // Checked in the database and the row locked until commit: a write loaded before the anonymization job
            // claimed the customer must not land on top of its erasure.
            var id = customer.Id;
            var writable = await ctx.Db.Customers.Where(c => c.Id == id && c.AnonymizationStatus != AnonymizationStatus.Started)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.SessionVersion, c => c.SessionVersion), ctx.Aborted);
            if (writable == 0)
                throw new JsonApiException(await ctx.Db.Customers.AnyAsync(c => c.Id == id, ctx.Aborted)
                    ? JsonApiError.Locked("The customer is being anonymized")
                    : JsonApiError.NotFound()); // deleted meanwhile
        }
        if (!creating && ctx.Db.Entry(customer).Property(c => c.PasswordHash).IsModified)
            await EndSessionsAsync(ctx, customer);
        CustomerTagging.QueueApply(ctx, customer);
    }

    /// <summary>A password change ends every session: refresh tokens die, older access tokens fail their version check.</summary>
    public static Task EndSessionsAsync(RequestContext ctx, Customer customer) => EndSessionsAsync(ctx.Db, customer, ctx.Aborted);

    /// <summary>
    /// Ends the customer's sessions and kills its open password resets: a reset token must not outlive the password
    /// it was meant to replace. Runs inside the caller's transaction; the customer must be tracked by <paramref name="db"/>.
    /// </summary>
    public static async Task EndSessionsAsync(AppDb db, Customer customer, CancellationToken ct)
    {
        // Raised in SQL, not from the loaded value: two password changes at once must give two versions, so a token
        // issued between them does not survive the second.
        var id = customer.Id;
        await db.Customers.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.SessionVersion, c => c.SessionVersion + 1), ct);
        customer.SessionVersion = await db.Customers.Where(c => c.Id == id).Select(c => c.SessionVersion).FirstAsync(ct);
        db.Entry(customer).Property(c => c.SessionVersion).IsModified = false;
        var now = db.UtcNow;
        await db.RefreshTokens.Where(t => t.CustomerId == id && t.RevokedAt == null).ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
        await PasswordResets.CustomerPasswordResetResource.InvalidateOpenAsync(db, customer.Id, now, ct);
    }

    /// <summary>
    /// Runs inside the delete's transaction. A customer with placed orders is kept (anonymization is the way out);
    /// its draft orders, address book entries, payment sources and subscriptions go by cascade, and the addresses of
    /// its book go too unless another customer's book holds them. On PostgreSQL the customer's orders and then the
    /// customer are locked first, in the order a placement takes them, so a placement running at the same moment is
    /// either seen here or fails on the deleted customer.
    /// </summary>
    public override async Task OnDeletingAsync(RequestContext ctx, Customer customer)
    {
        var id = customer.Id;
        if (ctx.Db.IsPostgres)
        {
            await ctx.Db.Database.ExecuteSqlAsync($"SELECT id FROM orders WHERE customer_id = {id} FOR UPDATE", ctx.Aborted);
            await ctx.Db.Database.ExecuteSqlAsync($"SELECT id FROM customers WHERE id = {id} FOR UPDATE", ctx.Aborted);
        }
        if (await ctx.Db.Orders.AnyAsync(o => o.CustomerId == id && o.Status != OrderStatus.Draft, ctx.Aborted))
            throw new JsonApiException(JsonApiError.Locked("The customer has placed orders; request its anonymization instead"));
        var book = ctx.Db.CustomerAddresses;
        await ctx.Db.Addresses
            .Where(a => book.Any(ca => ca.AddressId == a.Id && ca.CustomerId == id) && !book.Any(ca => ca.AddressId == a.Id && ca.CustomerId != id))
            .ExecuteDeleteAsync(ctx.Aborted);
    }

    public override JsonApiError? ConflictError(DbUpdateException exception) =>
        Constraint.IsUniqueViolation(exception, "customers", "email") ? JsonApiError.Taken("/data/attributes/email") : null;
}
