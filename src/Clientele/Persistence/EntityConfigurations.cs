using Clientele.Addresses;
using Clientele.Auth;
using Clientele.Markets;
using Clientele.Orders;
using Clientele.PasswordResets;
using Clientele.PaymentSources;
using Clientele.Subscriptions;
using Clientele.Tags;
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
        // customer_group_* filters select customers by group within the tenant.
        e.HasIndex(c => new { c.OrganizationId, c.Mode, c.CustomerGroupId, c.CreatedAt, c.Id });
        // The anonymization job's poll. Partial: it holds only customers that ever had a request (requested, started or
        // ended), so it stays small next to the table, and its statistics tell the planner so. Over every row, all NULL
        // but a few, SQLite's statistics claimed that each status matched the whole table, and the poll scanned a
        // million rows every minute.
        e.HasIndex(c => new { c.AnonymizationStatus, c.AnonymizationDueAt }).HasFilter("anonymization_status IS NOT NULL");
    }
}

internal sealed class CustomerGroupConfiguration : IEntityTypeConfiguration<CustomerGroup>
{
    public void Configure(EntityTypeBuilder<CustomerGroup> e)
    {
        e.HasIndex(g => new { g.OrganizationId, g.Mode, g.Code }).IsUnique().HasDatabaseName(Constraint.UniqueIndexName("customer_groups", "code"));
    }
}

internal sealed class AddressConfiguration : IEntityTypeConfiguration<Address>
{
    public void Configure(EntityTypeBuilder<Address> e) => e.HasIndex(a => a.CreatedByCustomerId);
}

internal sealed class CustomerAddressConfiguration : IEntityTypeConfiguration<CustomerAddress>
{
    public void Configure(EntityTypeBuilder<CustomerAddress> e)
    {
        e.HasOne<Customer>().WithMany().HasForeignKey(a => a.CustomerId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Address>().WithMany().HasForeignKey(a => a.AddressId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CustomerPaymentSourceConfiguration : IEntityTypeConfiguration<CustomerPaymentSource>
{
    public void Configure(EntityTypeBuilder<CustomerPaymentSource> e) =>
        e.HasOne<Customer>().WithMany().HasForeignKey(p => p.CustomerId).OnDelete(DeleteBehavior.Cascade);
}

internal sealed class CustomerSubscriptionConfiguration : IEntityTypeConfiguration<CustomerSubscription>
{
    public void Configure(EntityTypeBuilder<CustomerSubscription> e)
    {
        e.HasOne<Customer>().WithMany().HasForeignKey(s => s.CustomerId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(s => new { s.CustomerId, s.Reference }).IsUnique().HasDatabaseName(Constraint.UniqueIndexName("customer_subscriptions", "reference"));
    }
}

internal sealed class CustomerPasswordResetConfiguration : IEntityTypeConfiguration<CustomerPasswordReset>
{
    public void Configure(EntityTypeBuilder<CustomerPasswordReset> e)
    {
        e.HasOne<Customer>().WithMany().HasForeignKey(r => r.CustomerId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(r => r.TokenHash).IsUnique();
    }
}

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> e)
    {
        e.HasIndex(o => new { o.OrganizationId, o.Mode, o.Number }).IsUnique().HasDatabaseName(Constraint.UniqueIndexName("orders", "number"));
        e.HasOne<Customer>().WithMany().HasForeignKey(o => o.CustomerId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Market>().WithMany().HasForeignKey(o => o.MarketId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(o => o.CreatedByCustomerId);
    }
}

internal sealed class PriceListConfiguration : IEntityTypeConfiguration<PriceList>
{
    public void Configure(EntityTypeBuilder<PriceList> e) => e.Property(p => p.CurrencyCode).HasMaxLength(3);
}

internal sealed class MarketConfiguration : IEntityTypeConfiguration<Market>
{
    public void Configure(EntityTypeBuilder<Market> e)
    {
        e.HasIndex(m => new { m.OrganizationId, m.Mode, m.Code }).IsUnique().HasDatabaseName(Constraint.UniqueIndexName("markets", "code"));
        e.HasOne<PriceList>().WithMany().HasForeignKey(m => m.PriceListId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<CustomerGroup>().WithMany().HasForeignKey(m => m.CustomerGroupId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TagConfiguration : IEntityTypeConfiguration<Tag>
{
    public void Configure(EntityTypeBuilder<Tag> e) =>
        e.HasIndex(t => new { t.OrganizationId, t.Mode, t.Name }).IsUnique().HasDatabaseName(Constraint.UniqueIndexName("tags", "name"));
}

internal sealed class CustomerTagConfiguration : IEntityTypeConfiguration<CustomerTag>
{
    public void Configure(EntityTypeBuilder<CustomerTag> e)
    {
        e.HasIndex(t => new { t.CustomerId, t.TagId }).IsUnique();
        e.HasOne<Customer>().WithMany().HasForeignKey(t => t.CustomerId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Tag>().WithMany().HasForeignKey(t => t.TagId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CounterConfiguration : IEntityTypeConfiguration<Counter>
{
    public void Configure(EntityTypeBuilder<Counter> e)
    {
        e.HasKey(c => new { c.OrganizationId, c.Mode, c.Name });
        e.HasOne<Organizations.Organization>().WithMany().HasForeignKey(c => c.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}
