using System.Net.Http.Headers;
using System.Text.Json;
using Clientele.Organizations;
using Clientele.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

[assembly: AssemblyFixture(typeof(Clientele.Tests.Infrastructure.PostgresLifetime))]

namespace Clientele.Tests.Infrastructure;

/// <summary>
/// The real app over a real database: a fresh SQLite file (SqliteApi) or a fresh PostgreSQL database (PostgresApi),
/// with a clock the tests can move, and credentials for two organizations in both modes.
/// </summary>
public abstract class ApiFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Org = "acme", OtherOrg = "globex";

    /// <summary>Starts at the real time and moves 1 ms per reading, so rows get distinct, increasing timestamps.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) };

    public string Database { get; private set; } = "";
    public abstract string Store { get; }

    private readonly Dictionary<(string Org, string Kind, string Mode), Provisioning.Credentials> _credentials = [];

    protected abstract Task<string> CreateDatabaseAsync();

    public virtual async ValueTask InitializeAsync()
    {
        Database = await CreateDatabaseAsync();
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        foreach (var org in new[] { Org, OtherOrg })
        {
            await Provisioning.CreateOrganizationAsync(db, org, org.ToUpperInvariant(), default);
            foreach (var mode in new[] { Modes.Test, Modes.Live })
                foreach (var kind in new[] { ApplicationKinds.Integration, ApplicationKinds.SalesChannel })
                    _credentials[(org, kind, mode)] = await Provisioning.CreateApplicationAsync(db, org, kind, $"{kind} {mode}", mode, default);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Clientele:Database", Database);
        builder.UseSetting("Clientele:PasswordIterations", "1000");
        // Tests run the anonymization job themselves (AnonymizationJob.RunDueAsync), so its timer must not race them.
        builder.UseSetting("Clientele:AnonymizationPollSeconds", "0");
        // Every test client comes from one address; the protection tests turn these on in an instance of their own.
        builder.UseSetting("Clientele:RateLimits:Enabled", "false");
        builder.UseSetting("Clientele:LoginThrottle:Enabled", "false");
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    public Provisioning.Credentials Credentials(string kind, string mode = Modes.Test, string org = Org) => _credentials[(org, kind, mode)];

    /// <summary>Provisions one more application, next to the fixture's one of each kind per organization and mode.</summary>
    public async Task<Provisioning.Credentials> CreateApplicationAsync(string kind, string mode = Modes.Test, string org = Org)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        return await Provisioning.CreateApplicationAsync(db, org, kind, $"another {kind} {mode}", mode, TestContext.Current.CancellationToken);
    }

    /// <summary>A client with the JSON:API headers the SDK sends, and a bearer token if given.</summary>
    public ApiClient Client(string? token = null) => ClientOf(this, token);

    /// <summary>The same kind of client, for another app instance (see <see cref="AnotherInstance"/>).</summary>
    public static ApiClient ClientOf(WebApplicationFactory<Program> app, string? token = null)
    {
        var http = app.CreateClient();
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.api+json"));
        if (token is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new ApiClient(http);
    }

    /// <summary>
    /// A second app instance (its own host, services and signing-key cache) on this fixture's database and clock, as after
    /// a restart or on another node of the deployment. Settings override the fixture's. Dispose it when done.
    /// </summary>
    public WebApplicationFactory<Program> AnotherInstance(params (string Key, string Value)[] settings) =>
        WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in settings) builder.UseSetting(key, value);
        });

    /// <summary>POST /oauth/token with a JSON body; returns the raw reply.</summary>
    public Task<Reply> TokenAsync(object body) => Client().PostJsonAsync("/oauth/token", body, "application/json");

    /// <summary>POST /oauth/revoke with a JSON body; returns the raw reply.</summary>
    public Task<Reply> RevokeAsync(object body) => Client().PostJsonAsync("/oauth/revoke", body, "application/json");

    public async Task<string> IntegrationTokenAsync(string mode = Modes.Test, string org = Org)
    {
        var app = Credentials(ApplicationKinds.Integration, mode, org);
        var reply = await TokenAsync(new { grant_type = "client_credentials", client_id = app.ClientId, client_secret = app.ClientSecret });
        return reply.Json.GetProperty("access_token").GetString()!;
    }

    public async Task<string> GuestTokenAsync(string mode = Modes.Test, string org = Org)
    {
        var reply = await TokenAsync(new { grant_type = "client_credentials", client_id = Credentials(ApplicationKinds.SalesChannel, mode, org).ClientId });
        return reply.Json.GetProperty("access_token").GetString()!;
    }

    public Task<Reply> PasswordGrantAsync(string email, string password, string mode = Modes.Test, string org = Org) =>
        TokenAsync(new { grant_type = "password", client_id = Credentials(ApplicationKinds.SalesChannel, mode, org).ClientId, username = email, password });

    public async Task<ApiClient> IntegrationAsync(string mode = Modes.Test, string org = Org) => Client(await IntegrationTokenAsync(mode, org));

    /// <summary>Creates a customer through the API with an integration token and returns its id.</summary>
    public async Task<string> CreateCustomerAsync(string email, string? password = null, string mode = Modes.Test, string org = Org)
    {
        var api = await IntegrationAsync(mode, org);
        var reply = await api.PostAsync("/api/customers", Body.Resource("customers", password is null ? new { email } : new { email, password }));
        reply.Status.ShouldBe(System.Net.HttpStatusCode.Created, reply.Text);
        return reply.Id;
    }

    /// <summary>Creates a customer with a password, logs in, and returns a client with its token.</summary>
    public async Task<(string Id, ApiClient Api, JsonElement Token)> CustomerAsync(string mode = Modes.Test, string org = Org)
    {
        var email = Unique.Email();
        var id = await CreateCustomerAsync(email, Unique.Password, mode, org);
        var token = (await PasswordGrantAsync(email, Unique.Password, mode, org)).Json;
        return (id, Client(token.GetProperty("access_token").GetString()), token);
    }

    public async Task WithDbAsync(Func<AppDb, Task> action, string org = Org, string mode = Modes.Test)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var organization = await db.Organizations.SingleAsync(o => o.Slug == org);
        db.Tenant.Set(organization.Id, mode);
        await action(db);
    }

    public override async ValueTask DisposeAsync()
    {
        await DropDatabaseAsync();
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected virtual Task DropDatabaseAsync() => Task.CompletedTask;
}

/// <summary>The app on a new SQLite file in the temp folder.</summary>
public sealed class SqliteApi : ApiFixture
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"clientele-test-{Guid.NewGuid():N}.db");

    public override string Store => "sqlite";

    protected override Task<string> CreateDatabaseAsync() => Task.FromResult($"sqlite:{_path}");

    protected override Task DropDatabaseAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_path + suffix);
        return Task.CompletedTask;
    }
}

/// <summary>The app on a new database of the run's throwaway PostgreSQL.</summary>
public sealed class PostgresApi : ApiFixture
{
    private readonly string _name = $"clientele_test_{Guid.NewGuid():N}";

    public override string Store => "postgres";

    protected override async Task<string> CreateDatabaseAsync() => (await PostgresServer.SharedAsync()).DatabaseUrl(_name);

    protected override async Task DropDatabaseAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AppDb>().Database.EnsureDeletedAsync();
    }
}
