using System.Text.RegularExpressions;
using Clientele.Auth;
using Clientele.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Clientele.Organizations;

/// <summary>Creates organizations and applications (from the command line and on first start).</summary>
public static partial class Provisioning
{
    public sealed record Credentials(string ClientId, string? ClientSecret, string Kind, string Mode, string Organization, string Name);

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,62})$")]
    private static partial Regex SlugPattern();

    public static bool IsValidSlug(string slug) => SlugPattern().IsMatch(slug);

    public static async Task<Organization> CreateOrganizationAsync(AppDb db, string slug, string name, CancellationToken ct)
    {
        if (!IsValidSlug(slug)) throw new ArgumentException("The slug must be 1-63 characters of a-z, 0-9 and '-', starting with a letter or digit");
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("The name must not be empty");
        if (await db.Organizations.AnyAsync(o => o.Slug == slug, ct)) throw new ArgumentException($"The organization '{slug}' exists already");
        var organization = new Organization { Slug = slug, Name = name.Trim() };
        db.Organizations.Add(organization);
        await db.SaveChangesAsync(ct);
        return organization;
    }

    public static async Task<Credentials> CreateApplicationAsync(AppDb db, string organizationSlug, string kind, string name, string mode, CancellationToken ct)
    {
        if (!ApplicationKinds.IsValid(kind)) throw new ArgumentException("The kind must be integration or sales_channel");
        if (!Modes.IsValid(mode)) throw new ArgumentException("The mode must be test or live");
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("The name must not be empty");
        var organization = await db.Organizations.FirstOrDefaultAsync(o => o.Slug == organizationSlug, ct)
            ?? throw new ArgumentException($"There is no organization '{organizationSlug}'");
        var secret = kind == ApplicationKinds.Integration ? Secrets.New() : null;
        var application = new Application
        {
            OrganizationId = organization.Id,
            Mode = mode,
            Kind = kind,
            Name = name.Trim(),
            ClientId = Secrets.New(),
            SecretHash = secret is null ? null : Secrets.Hash(secret),
        };
        db.Applications.Add(application);
        await db.SaveChangesAsync(ct);
        return new Credentials(application.ClientId, secret, kind, mode, organization.Slug, application.Name);
    }

    /// <summary>On an empty database: the default organization with a test integration and a test sales channel.</summary>
    public static async Task<IReadOnlyList<Credentials>> BootstrapAsync(AppDb db, CancellationToken ct)
    {
        if (await db.Organizations.AnyAsync(ct)) return [];
        try
        {
            await CreateOrganizationAsync(db, "default", "Default", ct);
        }
        catch (DbUpdateException)
        {
            return []; // another node bootstrapped the same database first
        }
        return
        [
            await CreateApplicationAsync(db, "default", ApplicationKinds.Integration, "Default integration", Modes.Test, ct),
            await CreateApplicationAsync(db, "default", ApplicationKinds.SalesChannel, "Default sales channel", Modes.Test, ct),
        ];
    }
}
