using System.Globalization;
using System.Text.RegularExpressions;

namespace Clientele.Tests.OfficialClients;

/// <summary>
/// One real server process for the class, with an organization and two applications made by the server's own
/// command line. Sales-channel tokens live a few seconds so the Node suite can see one expire.
/// </summary>
public sealed class OfficialClientsServer : IAsyncLifetime
{
    public const string Organization = "official-clients";
    public const int SalesChannelTokenSeconds = 5;

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    public ServerProcess Server { get; private set; } = null!;
    public JsonElement Integration { get; private set; }
    public JsonElement SalesChannel { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        Server = await ServerProcess.StartAsync(
        [
            "--Clientele:PasswordIterations=1000",
            $"--Clientele:Tokens:SalesChannelSeconds={SalesChannelTokenSeconds}",
            "--Clientele:RateLimits:Enabled=false",
            "--Clientele:LoginThrottle:Enabled=false",
            "--Logging:LogLevel:Default=Warning",
        ], ct);
        try
        {
            await CommandAsync(["organizations", "create", "--slug", Organization, "--name", "Official clients"], ct);
            var applications = await Task.WhenAll(CreateApplicationAsync("integration", ct), CreateApplicationAsync("sales_channel", ct));
            (Integration, SalesChannel) = (applications[0], applications[1]);
        }
        catch
        {
            await Server.DisposeAsync(); // do not rely on the runner disposing a fixture that failed to start
            throw;
        }
    }

    private async Task<JsonElement> CreateApplicationAsync(string kind, CancellationToken ct)
    {
        var stdout = await CommandAsync(["applications", "create", "--organization", Organization, "--kind", kind, "--name", $"Node {kind}", "--json"], ct);
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }

    /// <summary>Runs an administrative command against the server's database and returns its stdout.</summary>
    public async Task<string> CommandAsync(string[] args, CancellationToken ct)
    {
        var result = await ClienteleExecutable.RunAsync([.. args, "--database", Server.Database], CommandTimeout, ct);
        if (result.ExitCode != 0) throw new InvalidOperationException($"clientele {string.Join(' ', args)} failed: {result}");
        return result.Stdout;
    }

    public async ValueTask DisposeAsync()
    {
        if (Server is not null) await Server.DisposeAsync();
    }
}

public sealed class OfficialClientsTests(OfficialClientsServer fixture) : IClassFixture<OfficialClientsServer>
{
    private static readonly string ClientsTests = Path.Combine(Repository.Root, "clients-tests");
    private static readonly SemaphoreSlim NpmGate = new(1, 1);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_official_sdk_and_js_auth_pass_the_clients_tests_suite_against_a_real_server()
    {
        await EnsurePackagesAsync();
        var environment = new Dictionary<string, string?>
        {
            ["CL_BASE"] = fixture.Server.BaseUrl,
            ["CL_ORG"] = OfficialClientsServer.Organization,
            ["CL_DOMAIN"] = "commercelayer.io",
            ["CL_MODE"] = "test",
            ["CL_CLIENT_ID"] = fixture.Integration.GetProperty("client_id").GetString(),
            ["CL_CLIENT_SECRET"] = fixture.Integration.GetProperty("client_secret").GetString(),
            ["CL_SALES_CHANNEL_CLIENT_ID"] = fixture.SalesChannel.GetProperty("client_id").GetString(),
            ["CL_MAX_EXPIRY_WAIT_SECONDS"] = (OfficialClientsServer.SalesChannelTokenSeconds + 5).ToString(),
            ["NODE_OPTIONS"] = null,
            ["NO_COLOR"] = "1",
        };

        var node = await ChildProcess.RunAsync("node", ["--test", "--test-reporter=tap", "official-clients.test.mjs", "shopper-journey.test.mjs"], ClientsTests,
            environment, TimeSpan.FromMinutes(2), Ct);

        var report = $"node --test: {node}\n--- server output ---\n{fixture.Server.Output}";
        node.ExitCode.ShouldBe(0, report);
        Count(node.Stdout, "tests").ShouldBeGreaterThanOrEqualTo(21, report);
        Count(node.Stdout, "pass").ShouldBe(Count(node.Stdout, "tests"), report);
        Count(node.Stdout, "skipped").ShouldBe(0, report); // the expired-token test really waited for an expiry
    }

    /// <summary>A counter of the TAP summary ("# pass 14").</summary>
    private static int Count(string tap, string counter)
    {
        var match = Regex.Match(tap, $@"^# {counter} (\d+)$", RegexOptions.Multiline);
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : -1;
    }

    /// <summary>npm ci in clients-tests when its packages are missing (CI installs them beforehand).</summary>
    private static async Task EnsurePackagesAsync()
    {
        await NpmGate.WaitAsync(Ct);
        try
        {
            var modules = Path.Combine(ClientsTests, "node_modules", "@commercelayer");
            if (Directory.Exists(Path.Combine(modules, "sdk")) && Directory.Exists(Path.Combine(modules, "js-auth"))) return;
            var npm = await ChildProcess.RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], ClientsTests, null, TimeSpan.FromMinutes(5), Ct);
            npm.ExitCode.ShouldBe(0, $"npm ci in {ClientsTests}: {npm}");
        }
        finally
        {
            NpmGate.Release();
        }
    }
}
