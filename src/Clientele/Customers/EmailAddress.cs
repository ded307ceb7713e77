using System.Globalization;
using System.Text;

namespace Clientele.Customers;

/// <summary>
/// The canonical form of an email address: trimmed, the local part NFC-normalised and lowercased, the domain
/// lowercased in its ASCII (punycode) form. It is what is stored, compared, filtered and used to log in.
/// </summary>
public static class EmailAddress
{
    public const int MaxLength = 254, MaxLocalLength = 64;
    private const string LocalSymbols = "!#$%&'*+-/=?^_`{|}~.";
    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = true };

    /// <summary>The canonical form, or null when the address is not valid.</summary>
    public static string? Canonicalize(string? value)
    {
        if (value is null) return null;
        var trimmed = value.Trim();
        var at = trimmed.IndexOf('@');
        if (at <= 0 || at != trimmed.LastIndexOf('@') || at == trimmed.Length - 1) return null;

        string local;
        try
        {
            local = trimmed[..at].Normalize(NormalizationForm.FormC).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return null; // unpaired surrogates cannot be normalised
        }
        if (local.Length > MaxLocalLength || local.StartsWith('.') || local.EndsWith('.') || local.Contains("..")) return null;
        foreach (var rune in local.EnumerateRunes())
            if (!(Rune.IsLetterOrDigit(rune) || rune.IsAscii && LocalSymbols.Contains((char)rune.Value) || Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark))
                return null;

        string domain;
        try
        {
            domain = Idn.GetAscii(trimmed[(at + 1)..].ToLowerInvariant());
        }
        catch (ArgumentException)
        {
            return null;
        }
        var labels = domain.Split('.');
        if (labels.Length < 2 || labels.Any(l => l.Length is 0 or > 63 || l.StartsWith('-') || l.EndsWith('-'))) return null;
        if (labels[^1].All(char.IsAsciiDigit)) return null;

        var canonical = $"{local}@{domain}";
        return canonical.Length <= MaxLength ? canonical : null;
    }

    /// <summary>For filters: the canonical form when the value is an address, else the value lowercased.</summary>
    public static string ForFilter(string value) => Canonicalize(value) ?? value.Trim().ToLowerInvariant();
}
