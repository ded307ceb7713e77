namespace Clientele.Tests.OfficialClients;

/// <summary>The server's administrative commands, run as the built executable on a fresh SQLite file each.</summary>
public sealed class ServerCommandLineTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly string _folder = Directory.CreateTempSubdirectory("clientele-cli-").FullName;
    private string Database => $"sqlite:{Path.Combine(_folder, "cli.db")}";

    [Fact]
    public async Task Organizations_create_then_applications_create_json_print_one_json_object_and_nothing_else()
    {
        var organization = await RunAsync("organizations", "create", "--slug", "acme-cli", "--name", "Acme CLI");
        var applications = await Task.WhenAll(
            RunAsync("applications", "create", "--organization", "acme-cli", "--kind", "integration", "--name", "ERP", "--mode", "live", "--json"),
            RunAsync("applications", "create", "--organization", "acme-cli", "--kind", "sales_channel", "--name", "Shop", "--json"));

        organization.ExitCode.ShouldBe(0, organization.ToString());
        organization.Stdout.ShouldContain("acme-cli");
        var erp = SingleJsonObject(applications[0]);
        erp.GetProperty("client_id").GetString().ShouldNotBeNullOrWhiteSpace();
        erp.GetProperty("client_secret").GetString().ShouldNotBeNullOrWhiteSpace();
        erp.GetProperty("kind").GetString().ShouldBe("integration");
        erp.GetProperty("mode").GetString().ShouldBe("live");
        erp.GetProperty("organization").GetString().ShouldBe("acme-cli");
        var shop = SingleJsonObject(applications[1]);
        shop.GetProperty("client_id").GetString().ShouldNotBeNullOrWhiteSpace();
        shop.GetProperty("client_id").GetString().ShouldNotBe(erp.GetProperty("client_id").GetString());
        shop.GetProperty("client_secret").ValueKind.ShouldBe(JsonValueKind.Null);
        shop.GetProperty("kind").GetString().ShouldBe("sales_channel");
        shop.GetProperty("mode").GetString().ShouldBe("test");
        shop.GetProperty("organization").GetString().ShouldBe("acme-cli");
    }

    [Theory]
    [InlineData("--kind", "admin")]
    [InlineData("--mode", "staging")]
    public async Task Applications_create_with_a_bad_kind_or_mode_exits_non_zero_and_prints_nothing_on_stdout(string option, string value)
    {
        var options = new Dictionary<string, string> { ["--kind"] = "integration", ["--mode"] = "test" };
        options[option] = value;

        var result = await RunAsync(["applications", "create", "--organization", "default", "--name", "Bad", "--json", .. options.SelectMany(o => new[] { o.Key, o.Value })]);

        result.ExitCode.ShouldNotBe(0, result.ToString());
        result.Stdout.ShouldBeEmpty(result.ToString());
        result.Stderr.ShouldContain($"The {option[2..]} must be", Case.Sensitive, result.ToString());
    }

    private Task<ProcessResult> RunAsync(params string[] args) => ClienteleExecutable.RunAsync([.. args, "--database", Database], Timeout, Ct);

    private static JsonElement SingleJsonObject(ProcessResult result)
    {
        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.TrimEnd('\n', '\r').ShouldNotContain('\n', result.ToString());
        var json = JsonDocument.Parse(result.Stdout).RootElement; // throws on anything but exactly one JSON value
        json.ValueKind.ShouldBe(JsonValueKind.Object, result.ToString());
        json.EnumerateObject().Select(p => p.Name).ShouldBe(new[] { "client_id", "client_secret", "kind", "mode", "organization" }, ignoreOrder: true);
        return json.Clone();
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
