using System.Text.RegularExpressions;
using Clientele.JsonApi;
using Microsoft.EntityFrameworkCore;

namespace Clientele.Markets;

/// <summary>Price lists, as far as markets need them: a name, a currency and whether prices include tax.</summary>
public sealed partial class PriceListResource : Resource<PriceList>
{
    private const string CurrencyPointer = "/data/attributes/currency_code";

    public PriceListResource() : base("price_lists")
    {
        Add(new AttributeField<PriceList, string>("name", p => p.Name, Access.Read | Access.Query | Access.Write, ValueKind.String) { Required = true, MaxLength = 255 });
        Add(new AttributeField<PriceList, string?>("code", p => p.Code, Access.Read | Access.Query | Access.Write, ValueKind.String) { MaxLength = 255 });
        Add(new AttributeField<PriceList, string>("currency_code", p => p.CurrencyCode, Access.Read | Access.Query | Access.Write, ValueKind.String)
        {
            Required = true,
            Writer = WriteCurrency,
        });
        Attribute("tax_included", p => p.TaxIncluded, Access.Read | Access.Query | Access.Write);
    }

    // ISO 4217 alphabetic codes are three uppercase letters; the list of codes in use changes, so only the form is checked.
    private static void WriteCurrency(RequestContext ctx, PriceList list, object? value)
    {
        if (value is not string code || code.Length == 0) ctx.Errors.Add(JsonApiError.Blank(CurrencyPointer));
        else if (!CurrencyPattern().IsMatch(code)) ctx.Errors.Add(JsonApiError.Invalid(CurrencyPointer));
        else list.CurrencyCode = code;
    }

    public override async Task OnDeletingAsync(RequestContext ctx, PriceList list)
    {
        if (await ctx.Db.Markets.AnyAsync(m => m.PriceListId == list.Id, ctx.Aborted))
            throw new JsonApiException(JsonApiError.Locked("The price list is still used by markets"));
    }

    [GeneratedRegex("^[A-Z]{3}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex CurrencyPattern();
}
