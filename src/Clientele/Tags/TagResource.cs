using System.Text.RegularExpressions;
using Clientele.JsonApi;
using Clientele.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Clientele.Tags;

/// <summary>Tags: short lowercase labels that integrations attach to customers.</summary>
public sealed partial class TagResource : Resource<Tag>
{
    public const int MaxNameLength = 25;
    private const string NamePointer = "/data/attributes/name";

    public TagResource() : base("tags")
    {
        Add(new AttributeField<Tag, string>("name", t => t.Name, Access.Read | Access.Query | Access.Write, ValueKind.String)
        {
            Required = true,
            Writer = WriteName,
        });
    }

    /// <summary>The stored form of a tag name (lowercase), or null when it is not a valid name.</summary>
    public static string? Normalize(string name)
    {
        var lower = name.Trim().ToLowerInvariant();
        return NamePattern().IsMatch(lower) ? lower : null;
    }

    private static void WriteName(RequestContext ctx, Tag tag, object? value)
    {
        var lower = (value as string)?.ToLowerInvariant();
        if (string.IsNullOrEmpty(lower)) ctx.Errors.Add(JsonApiError.Blank(NamePointer));
        else if (lower.Length > MaxNameLength) ctx.Errors.Add(JsonApiError.TooLong(NamePointer, MaxNameLength));
        else if (!NamePattern().IsMatch(lower)) ctx.Errors.Add(JsonApiError.Invalid(NamePointer));
        else tag.Name = lower;
    }

    public override JsonApiError? ConflictError(DbUpdateException exception) =>
        Constraint.IsUniqueViolation(exception, "tags", "name") ? JsonApiError.Taken(NamePointer) : null;

    [GeneratedRegex("^[a-z0-9_:-]{1,25}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
