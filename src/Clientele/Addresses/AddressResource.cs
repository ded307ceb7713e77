using System.Linq.Expressions;
using Clientele.Auth;
using Clientele.Customers;
using Clientele.JsonApi;

namespace Clientele.Addresses;

/// <summary>
/// Addresses. Guests may create them (checkout); a customer token sees those in its address book and those it created.
/// </summary>
public sealed class AddressResource : Resource<Address>
{
    public const int MaxLength = 255, MaxNotesLength = 2000;

    public AddressResource() : base("addresses")
    {
        const Access text = Access.Read | Access.Query | Access.Write;
        Add(new AttributeField<Address, bool>("business", a => a.Business, text, ValueKind.Boolean));
        Text("first_name", a => a.FirstName);
        Text("last_name", a => a.LastName);
        Text("company", a => a.Company);
        Attribute("full_name", a => FullName(a), Access.Read);
        Text("line_1", a => a.Line1, required: true);
        Text("line_2", a => a.Line2);
        Text("city", a => a.City, required: true);
        Text("zip_code", a => a.ZipCode);
        Text("state_code", a => a.StateCode);
        Add(new AttributeField<Address, string?>("country_code", a => a.CountryCode, text, ValueKind.String) { Required = true, Writer = WriteCountryCode });
        Text("phone", a => a.Phone, required: true);
        Attribute("full_address", a => FullAddress(a), Access.Read);
        Attribute("name", a => NameOf(a), Access.Read);
        Add(new AttributeField<Address, string?>("email", a => a.Email, text, ValueKind.String) { FilterValue = EmailAddress.ForFilter, Writer = WriteEmail });
        Text("notes", a => a.Notes, MaxNotesLength);
        Text("billing_info", a => a.BillingInfo);
        Add(new AttributeField<Address, double?>("lat", a => a.Lat, Access.Read | Access.Write, ValueKind.Number) { Writer = (ctx, a, v) => a.Lat = Coordinate(ctx, v, 90, "lat") });
        Add(new AttributeField<Address, double?>("lng", a => a.Lng, Access.Read | Access.Write, ValueKind.Number) { Writer = (ctx, a, v) => a.Lng = Coordinate(ctx, v, 180, "lng") });
        Unsupported.UnionWith(["geocoder", "events", "tags", "event_stores"]);
    }

    private void Text(string name, Expression<Func<Address, string?>> selector, int max = MaxLength, bool required = false) =>
        Add(new AttributeField<Address, string?>(name, selector, Access.Read | Access.Query | Access.Write, ValueKind.String) { MaxLength = max, Required = required });

    /// <summary>The company of a business address, else first and last name.</summary>
    public static string? FullName(Address a) => a.Business ? Clean(a.Company) : Join(" ", a.FirstName, a.LastName);

    /// <summary>As Commerce Layer writes it: "2883 Geraldine Lane Apt.23, 10013 New York NY (US) (212) 646-338-1228".</summary>
    public static string? FullAddress(Address a) =>
        Join(", ", Join(" ", a.Line1, a.Line2), Join(" ", a.ZipCode, a.City, a.StateCode, a.CountryCode is null ? null : $"({a.CountryCode})", a.Phone));

    /// <summary>The full name, then the full address.</summary>
    public static string? NameOf(Address a) => Join(", ", FullName(a), FullAddress(a));

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string? Join(string separator, params string?[] parts)
    {
        var joined = string.Join(separator, parts.Select(Clean).OfType<string>());
        return joined.Length == 0 ? null : joined;
    }

    private static void WriteCountryCode(RequestContext ctx, Address address, object? value)
    {
        const string pointer = "/data/attributes/country_code";
        if (value is not string raw || raw.Trim().Length == 0) ctx.Errors.Add(JsonApiError.Blank(pointer));
        else if (CountryCodes.Normalize(raw) is not { } code) ctx.Errors.Add(JsonApiError.Invalid(pointer));
        else address.CountryCode = code;
    }

    private static void WriteEmail(RequestContext ctx, Address address, object? value)
    {
        if (value is not string raw || raw.Trim().Length == 0) address.Email = null;
        else if (raw.Length > 1024 || EmailAddress.Canonicalize(raw) is not { } canonical) ctx.Errors.Add(JsonApiError.Invalid("/data/attributes/email"));
        else address.Email = canonical;
    }

    private static double? Coordinate(RequestContext ctx, object? value, double limit, string name)
    {
        if (value is not double degrees) return null;
        if (Math.Abs(degrees) <= limit) return degrees;
        ctx.Errors.Add(JsonApiError.Validation($"/data/attributes/{name}", "invalid", "is invalid"));
        return null;
    }

    public override bool Allows(Caller caller, Operation operation) =>
        caller.IsIntegration || caller.IsCustomer || caller.IsGuest && operation == Operation.Create;

    public override Expression<Func<Address, bool>>? VisibleTo(RequestContext ctx)
    {
        if (ctx.Caller.IsIntegration) return null;
        if (!ctx.Caller.IsCustomer) return _ => false;
        var own = ctx.Caller.CustomerId;
        var book = ctx.Db.CustomerAddresses;
        return a => a.CreatedByCustomerId == own || book.Any(ca => ca.CustomerId == own && ca.AddressId == a.Id);
    }

    public override Task OnWritingAsync(RequestContext ctx, Address address, bool creating)
    {
        if (creating && ctx.Caller.IsCustomer) address.CreatedByCustomerId = ctx.Caller.CustomerId;
        void RequireText(string? value, string name)
        {
            if (string.IsNullOrWhiteSpace(value)) ctx.Errors.Add(JsonApiError.Blank($"/data/attributes/{name}"));
        }
        RequireText(address.Line1, "line_1");
        RequireText(address.City, "city");
        RequireText(address.Phone, "phone");
        if (address.Business) RequireText(address.Company, "company");
        else
        {
            RequireText(address.FirstName, "first_name");
            RequireText(address.LastName, "last_name");
        }
        return Task.CompletedTask;
    }
}
