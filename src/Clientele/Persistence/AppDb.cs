using Clientele.Addresses;
using Clientele.Auth;
using Clientele.CustomerGroups;
using Clientele.Customers;
using Clientele.Markets;
using Clientele.Orders;
using Clientele.Organizations;
using Clientele.PasswordResets;
using Clientele.PaymentSources;
using Clientele.Subscriptions;
using Clientele.Tags;
using Microsoft.EntityFrameworkCore;

namespace Clientele.Persistence;

/// <summary>
/// The one database context. Each provider has a subclass (and its own migrations); every tenant-scoped
/// set is filtered by the request's organization and mode, so a query cannot cross them by accident.
/// Contexts are pooled: <see cref="Lease"/> gives each use a fresh tenant, so none carries over between requests.
/// </summary>
public abstract class AppDb : DbContext
{
    private Tenant _tenant = new();
    private TimeProvider _clock = TimeProvider.System;

    protected AppDb(DbContextOptions options) : base(options)
    {
    }

    /// <summary>Starts a use of this (possibly pooled) context: no tenant yet, and the app's clock.</summary>
    public AppDb Lease(TimeProvider clock)
    {
        _tenant = new Tenant();
        _clock = clock;
        return this;
    }

    public Tenant Tenant => _tenant;
    public DateTime UtcNow => _clock.GetUtcNow().UtcDateTime;

    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<Application> Applications => Set<Application>();
    public DbSet<SigningKey> SigningKeys => Set<SigningKey>();
    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();
    public DbSet<RevokedAccessToken> RevokedAccessTokens => Set<RevokedAccessToken>();
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<CustomerGroup> CustomerGroups => Set<CustomerGroup>();
    public DbSet<Address> Addresses => Set<Address>();
    public DbSet<CustomerAddress> CustomerAddresses => Set<CustomerAddress>();
    public DbSet<CustomerPaymentSource> CustomerPaymentSources => Set<CustomerPaymentSource>();
    public DbSet<CustomerSubscription> CustomerSubscriptions => Set<CustomerSubscription>();
    public DbSet<CustomerPasswordReset> CustomerPasswordResets => Set<CustomerPasswordReset>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<PriceList> PriceLists => Set<PriceList>();
    public DbSet<Market> Markets => Set<Market>();
    public DbSet<Tag> Tags => Set<Tag>();
    public DbSet<CustomerTag> CustomerTags => Set<CustomerTag>();
    public DbSet<Counter> Counters => Set<Counter>();

    // Read by the query filters; EF parameterizes members of the context itself.
    private string? TenantOrganizationId => _tenant.OrganizationId;
    private string? TenantMode => _tenant.Mode;

    /// <summary>True for PostgreSQL, where some SQL differs (jsonb, error codes).</summary>
    public abstract bool IsPostgres { get; }

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.ApplyConfigurationsFromAssembly(typeof(AppDb).Assembly);
        var apply = typeof(AppDb).GetMethod(nameof(ApplyTenantFilter), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        foreach (var entity in model.Model.GetEntityTypes().Where(e => typeof(TenantEntity).IsAssignableFrom(e.ClrType)).ToList())
            apply.MakeGenericMethod(entity.ClrType).Invoke(this, [model]);
    }

    private void ApplyTenantFilter<T>(ModelBuilder model) where T : TenantEntity
    {
        var entity = model.Entity<T>();
        entity.HasQueryFilter(e => e.OrganizationId == TenantOrganizationId && e.Mode == TenantMode);
        // The field while materializing (no id drawn for a row that has one), the property otherwise (a new row draws its id).
        entity.Property(e => e.Id).HasMaxLength(10).UsePropertyAccessMode(PropertyAccessMode.PreferFieldDuringConstruction);
        entity.Property(e => e.Mode).HasMaxLength(4);
        entity.HasOne<Organization>().WithMany().HasForeignKey(e => e.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        if (typeof(ResourceEntity).IsAssignableFrom(typeof(T)))
        {
            entity.Property(nameof(ResourceEntity.Metadata)).HasColumnType(IsPostgres ? "jsonb" : "TEXT");
            entity.HasIndex(nameof(TenantEntity.OrganizationId), nameof(TenantEntity.Mode), nameof(ResourceEntity.Reference));
            // metadata_jcont is jsonb @>, which a GIN index with jsonb_path_ops answers.
            if (IsPostgres) entity.HasIndex(nameof(ResourceEntity.Metadata)).HasMethod("gin").HasOperators("jsonb_path_ops");
        }
        entity.HasIndex(e => new { e.OrganizationId, e.Mode, e.CreatedAt, e.Id });
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        Stamp();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        Stamp();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    private void Stamp()
    {
        var now = UtcNow;
        foreach (var entry in ChangeTracker.Entries<TenantEntity>())
        {
            if (entry.State == EntityState.Added)
            {
                if (entry.Entity.OrganizationId == "") entry.Entity.OrganizationId = _tenant.OrganizationId ?? throw new InvalidOperationException("No tenant for a new row");
                if (entry.Entity.Mode == "") entry.Entity.Mode = _tenant.Mode!;
                // Only bulk imports (the seed command, benchmarks) bring their own creation times.
                if (entry.Entity.CreatedAt == default) entry.Entity.CreatedAt = now;
                if (entry.Entity.UpdatedAt == default) entry.Entity.UpdatedAt = entry.Entity.CreatedAt;
            }
            else if (entry.State == EntityState.Modified)
            {
                entry.Entity.UpdatedAt = now;
            }
        }
        foreach (var entry in ChangeTracker.Entries<Organization>().Where(e => e.State == EntityState.Added))
            entry.Entity.CreatedAt = entry.Entity.UpdatedAt = now;
    }
}
