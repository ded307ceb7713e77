using System.Security.Cryptography;

namespace Clientele.Persistence;

/// <summary>The two fully isolated environments of every organization.</summary>
public static class Modes
{
    public const string Test = "test";
    public const string Live = "live";

    public static bool IsValid(string? mode) => mode is Test or Live;
}

/// <summary>Public ids: 10 random characters of [A-Za-z0-9], never sequential.</summary>
public static class PublicId
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string New(int length = 10) => RandomNumberGenerator.GetString(Alphabet, length);
}

/// <summary>A row that belongs to exactly one organization and one mode.</summary>
public abstract class TenantEntity
{
    private string? _id;

    /// <summary>
    /// The public id. A new row draws one when it is first asked for; rows read from the database get theirs from the
    /// column (EF sets the field while materializing), so reading a page of rows draws no random ids only to drop them.
    /// </summary>
    public string Id
    {
        get => _id ??= PublicId.New();
        set => _id = value;
    }
    public string OrganizationId { get; set; } = "";
    public string Mode { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>A row exposed as a JSON:API resource, with the attributes every resource shares.</summary>
public abstract class ResourceEntity : TenantEntity
{
    public string? Reference { get; set; }
    public string? ReferenceOrigin { get; set; }

    /// <summary>The metadata object as JSON text (jsonb on PostgreSQL).</summary>
    public string Metadata { get; set; } = "{}";
}
