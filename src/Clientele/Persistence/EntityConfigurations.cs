using Clientele.Auth;
using Clientele.CustomerGroups;
using Clientele.Customers;
using Clientele.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Clientele.Persistence;

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> e)
    {
        e.Property(o => o.Id).HasMaxLength(10);
        e.Property(o => o.Slug).HasMaxLength(64);
        e.HasIndex(o => o.Slug).IsUnique();
    }
}

internal sealed class ApplicationConfiguration : IEntityTypeConfiguration<Application>
{
    public void Configure(EntityTypeBuilder<Application> e)
    {
        e.HasIndex(a => a.ClientId).IsUnique();
    }
}

internal sealed class SigningKeyConfiguration : IEntityTypeConfiguration<SigningKey>
{
    public void Configure(EntityTypeBuilder<SigningKey> e) => e.HasKey(k => k.Kid);
}

internal sealed class RefreshTokenConfiguration : IEntityTypeConfiguration<RefreshToken>
{
    public void Configure(EntityTypeBuilder<RefreshToken> e)
    {
        e.HasIndex(t => t.TokenHash).IsUnique();
        e.HasOne<Customer>().WithMany().HasForeignKey(t => t.CustomerId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Application>().WithMany().HasForeignKey(t => t.ApplicationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RevokedAccessTokenConfiguration : IEntityTypeConfiguration<RevokedAccessToken>
{
    public void Configure(EntityTypeBuilder<RevokedAccessToken> e) => e.HasKey(t => t.Jti);
}

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> e)
    {
        e.HasIndex(c => new { c.OrganizationId, c.Mode, c.Email }).IsUnique().HasDatabaseName(Constraint.UniqueIndexName("customers", "email"));
        e.HasIndex(c => new { c.OrganizationId, c.Mode, c.Status, c.CreatedAt, c.Id });
        e.HasOne<CustomerGroup>().WithMany().HasForeignKey(c => c.CustomerGroupId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CustomerGroupConfiguration : IEntityTypeConfiguration<CustomerGroup>
{
    public void Configure(EntityTypeBuilder<CustomerGroup> e)
    {
        e.HasIndex(g => new { g.OrganizationId, g.Mode, g.Code }).IsUnique().HasDatabaseName(Constraint.UniqueIndexName("customer_groups", "code"));
    }
}
