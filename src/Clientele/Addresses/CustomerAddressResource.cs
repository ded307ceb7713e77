using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Clientele.Auth;
using Clientele.Customers;
using Clientele.JsonApi;
using Microsoft.EntityFrameworkCore;

namespace Clientele.Addresses;

/// <summary>The address book: links a customer to an address. A customer token manages only its own entries.</summary>
public sealed class CustomerAddressResource : Resource<CustomerAddress>
{
    private const string CustomerEmailPointer = "/data/attributes/customer_email";
    private static readonly object CustomerEmailKey = new();

    /// <summary>What the read-only attributes show, loaded from the address and the customer for each response.</summary>
    private sealed record Shown(string? Name, string? CustomerEmail);

    private static readonly ConditionalWeakTable<CustomerAddress, Shown> Loaded = new();
    private static readonly Shown Nothing = new(null, null);

    public CustomerAddressResource() : base("customer_addresses")
    {
        Add(new AttributeField<CustomerAddress, string?>("name", ca => ShownOf(ca).Name, Access.Read, ValueKind.String));
        // Not stored: on create it must match the customer's email; when read it is the customer's email.
        Add(new AttributeField<CustomerAddress, string?>("customer_email", ca => ShownOf(ca).CustomerEmail, Access.Read | Access.Create, ValueKind.String)
        {
            Writer = WriteCustomerEmail,
        });
        ToOne<Customer>("customer", ca => ca.CustomerId, writable: true);
        ToOne<Address>("address", ca => ca.AddressId, writable: true);
        Unsupported.UnionWith(["events", "event_stores"]);
    }

    private static Shown ShownOf(CustomerAddress entry) => Loaded.TryGetValue(entry, out var shown) ? shown : Nothing;

    private static void WriteCustomerEmail(RequestContext ctx, CustomerAddress entry, object? value)
    {
        if (value is not string raw || raw.Trim().Length == 0) return;
        if (raw.Length > 1024 || EmailAddress.Canonicalize(raw) is not { } canonical) ctx.Errors.Add(JsonApiError.Invalid(CustomerEmailPointer));
        else ctx.Http.Items[CustomerEmailKey] = canonical;
    }

    public override bool Allows(Caller caller, Operation operation) => caller.IsIntegration || caller.IsCustomer;

    public override bool AllowsRelationshipWrite(Caller caller, string relationship) => caller.IsIntegration || caller.IsCustomer;

    public override Expression<Func<CustomerAddress, bool>>? VisibleTo(RequestContext ctx) => OwnedByCaller(ctx, ca => ca.CustomerId);

    public override async Task OnWritingAsync(RequestContext ctx, CustomerAddress entry, bool creating)
    {
        if (string.IsNullOrEmpty(entry.CustomerId)) ctx.Errors.Add(JsonApiError.Blank("/data/relationships/customer"));
        else if (!ctx.Caller.IsIntegration && entry.CustomerId != ctx.Caller.CustomerId)
            ctx.Errors.Add(JsonApiError.Invalid("/data/relationships/customer"));
        if (string.IsNullOrEmpty(entry.AddressId)) ctx.Errors.Add(JsonApiError.Blank("/data/relationships/address"));
        if (ctx.Errors.Count > 0) return;

        if (ctx.Http.Items.TryGetValue(CustomerEmailKey, out var sent) && sent is string email
            && !await ctx.Db.Customers.AnyAsync(c => c.Id == entry.CustomerId && c.Email == email, ctx.Aborted))
            ctx.Errors.Add(JsonApiError.Invalid(CustomerEmailPointer));

        // One entry per address and customer (checked here; the schema has no unique index for it).
        if (await ctx.Db.CustomerAddresses.AnyAsync(ca => ca.Id != entry.Id && ca.CustomerId == entry.CustomerId && ca.AddressId == entry.AddressId, ctx.Aborted))
            ctx.Errors.Add(JsonApiError.Taken("/data/relationships/address"));
    }

    public override async Task PrepareAsync(RequestContext ctx, IReadOnlyList<CustomerAddress> rows)
    {
        var addressIds = rows.Select(r => r.AddressId).Distinct().ToList();
        var customerIds = rows.Select(r => r.CustomerId).Distinct().ToList();
        var addresses = await ctx.Db.Addresses.AsNoTracking().Where(a => addressIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ctx.Aborted);
        var emails = await ctx.Db.Customers.Where(c => customerIds.Contains(c.Id)).Select(c => new { c.Id, c.Email })
            .ToDictionaryAsync(c => c.Id, c => c.Email, ctx.Aborted);
        foreach (var row in rows)
            Loaded.AddOrUpdate(row, new Shown(
                addresses.TryGetValue(row.AddressId, out var address) ? AddressResource.NameOf(address) : null,
                emails.GetValueOrDefault(row.CustomerId)));
    }
}
