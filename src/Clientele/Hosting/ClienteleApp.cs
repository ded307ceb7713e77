using Clientele.Addresses;
using Clientele.Auth;
using Clientele.CustomerGroups;
using Clientele.Customers;
using Clientele.JsonApi;
using Clientele.Markets;
using Clientele.Orders;
using Clientele.Organizations;
using Clientele.PasswordResets;
using Clientele.PaymentSources;
using Clientele.Protection;
using Clientele.Persistence;
using Clientele.Subscriptions;
using Clientele.Tags;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Clientele.Hosting;

/// <summary>Service registration and the request pipeline: the composition root, kept out of Program.cs.</summary>
public static class ClienteleApp
{
    public const long MaxBodyBytes = 1024 * 1024;

    public static ResourceType[] Resources() =>
    [
        new CustomerResource(), new CustomerGroupResource(), new OrderResource(),
        new AddressResource(), new CustomerAddressResource(), new CustomerPaymentSourceResource(), new CustomerSubscriptionResource(),
        new PriceListResource(), new MarketResource(), new TagResource(), new CustomerPasswordResetResource(),
    ];

    public static WebApplicationBuilder AddClientele(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ClienteleOptions>().Bind(builder.Configuration.GetSection(ClienteleOptions.Section));
        services.AddSingleton(TimeProvider.System);
        // The provider is chosen when the first context is made, so that configuration added late (tests) counts.
        // Contexts are pooled (making one costs more than a primary-key read); each scope leases one and returns it.
        services.AddPooledDbContextFactory<SqliteAppDb>((sp, o) => DatabaseSetting.Configure(o, DatabaseOf(sp)));
        services.AddPooledDbContextFactory<PostgresAppDb>((sp, o) => DatabaseSetting.Configure(o, DatabaseOf(sp)));
        services.AddScoped<AppDb>(sp => (DatabaseSetting.IsPostgres(DatabaseOf(sp))
            ? sp.GetRequiredService<IDbContextFactory<PostgresAppDb>>().CreateDbContext()
            : (AppDb)sp.GetRequiredService<IDbContextFactory<SqliteAppDb>>().CreateDbContext()).Lease(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(new ResourceRegistry(Resources()));
        services.AddClienteleAuthentication();
        services.AddSingleton<AnonymizationJob>();
        services.AddHostedService(sp => sp.GetRequiredService<AnonymizationJob>());
        services.AddClienteleRateLimits();
        services.AddSingleton<LoginThrottle>();
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = MaxBodyBytes);
        // On SIGTERM the host stops accepting connections and lets requests in flight finish, for at most this long.
        services.AddOptions<HostOptions>().Configure<IOptions<ClienteleOptions>>((host, options) =>
            host.ShutdownTimeout = TimeSpan.FromSeconds(Math.Max(0, options.Value.ShutdownTimeoutSeconds)));
        return builder;
    }

    private static string DatabaseOf(IServiceProvider services) => services.GetRequiredService<IOptions<ClienteleOptions>>().Value.Database;

    public static WebApplication UseClientele(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeaders>();
        app.UseMiddleware<ErrorHandling>();
        app.UseMiddleware<RequestSizeLimit>();
        app.UseMiddleware<MediaTypeNegotiation>();
        app.UseAuthentication();
        app.UseClienteleRateLimits();
        app.UseAuthorization();
        app.MapGet("/health", () => Results.Text("ok"));
        app.MapTokenEndpoints();
        var api = app.MapGroup("/api");
        api.MapOrganizationEndpoints();
        foreach (var type in app.Services.GetRequiredService<ResourceRegistry>().All) type.Map(api);
        return app;
    }

    /// <summary>Applies migrations (creating the SQLite file or PostgreSQL database) and loads the signing keys.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app, CancellationToken ct = default)
    {
        var database = app.Services.GetRequiredService<IOptions<ClienteleOptions>>().Value.Database;
        if (!DatabaseSetting.IsPostgres(database) && Path.GetDirectoryName(Path.GetFullPath(database["sqlite:".Length..])) is { } folder)
            Directory.CreateDirectory(folder);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            await db.Database.MigrateAsync(ct);
            if (!db.IsPostgres) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
        await app.Services.GetRequiredService<SigningKeys>().LoadAsync(ct);
    }
}
