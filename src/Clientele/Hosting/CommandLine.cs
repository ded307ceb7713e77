using System.Text.Json;
using Clientele.Organizations;
using Clientele.Persistence;

namespace Clientele.Hosting;

/// <summary>
/// clientele [serve] | organizations create | applications create. Options that are not the command's own
/// (--urls, --Clientele:X=...) go to ASP.NET Core configuration; --database is Clientele:Database.
/// </summary>
public sealed class CommandLine
{
    public string Command { get; private init; } = "serve";
    public Dictionary<string, string> Options { get; } = [];
    public List<string> HostArgs { get; } = [];
    public bool Json { get; private set; }

    private static readonly HashSet<string> OwnOptions = ["--slug", "--name", "--organization", "--kind", "--mode", "--customers", "--seed"];

    public const string Usage = """
        Usage:
          clientele [serve] [--urls http://127.0.0.1:5000] [--database sqlite:<path>|postgres://user:password@host:port/dbname]
          clientele organizations create --slug S --name N [--database ...]
          clientele applications create --organization S --kind integration|sales_channel --name N [--mode test|live] [--json] [--database ...]
          clientele seed --organization S --customers N [--mode test|live] [--seed 42] [--database ...]
        Any setting can also be given as --Clientele:<Key>=<value> or the environment variable Clientele__<Key>.
        """;

    public static CommandLine Parse(string[] args)
    {
        var words = args.TakeWhile(a => !a.StartsWith('-')).ToList();
        var command = words switch
        {
            [] or ["serve"] => "serve",
            ["organizations", "create"] => "organizations create",
            ["applications", "create"] => "applications create",
            ["seed"] => "seed",
            ["help"] => "help",
            _ => throw new ArgumentException($"Unknown command '{string.Join(' ', words)}'"),
        };
        var line = new CommandLine { Command = command };
        var rest = args.Skip(words.Count).ToList();
        for (var i = 0; i < rest.Count; i++)
        {
            var arg = rest[i];
            if (arg is "--help" or "-h") return new CommandLine { Command = "help" };
            if (arg == "--json") line.Json = true;
            else if (OwnOptions.Contains(arg) && i + 1 < rest.Count) line.Options[arg[2..]] = rest[++i];
            else if (arg == "--database" && i + 1 < rest.Count) line.HostArgs.Add($"--{ClienteleOptions.Section}:Database={rest[++i]}");
            else if (arg.StartsWith("--database=", StringComparison.Ordinal)) line.HostArgs.Add($"--{ClienteleOptions.Section}:Database={arg["--database=".Length..]}");
            else line.HostArgs.Add(arg);
        }
        return line;
    }

    public string Require(string option) =>
        Options.TryGetValue(option, out var value) ? value : throw new ArgumentException($"--{option} is required");

    /// <summary>Runs a one-shot administrative command against the database.</summary>
    public async Task RunAdminAsync(IServiceProvider services, TextWriter output)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        if (Command == "organizations create")
        {
            var organization = await Provisioning.CreateOrganizationAsync(db, Require("slug"), Require("name"), default);
            await output.WriteLineAsync(Json ? JsonSerializer.Serialize(new { id = organization.Id, slug = organization.Slug, name = organization.Name })
                : $"Created organization {organization.Slug} ({organization.Id})");
            return;
        }
        if (Command == "seed")
        {
            if (!int.TryParse(Require("customers"), out var count)) throw new ArgumentException("--customers must be a whole number");
            var summary = await SampleData.SyntheticData.SeedAsync(db, Require("organization"), Options.GetValueOrDefault("mode", Modes.Test), count,
                int.TryParse(Options.GetValueOrDefault("seed"), out var seed) ? seed : 42, Console.Error, default);
            await output.WriteLineAsync($"Seeded {summary.Customers:N0} customers, {summary.Addresses:N0} addresses and {summary.Orders:N0} placed orders in {summary.Elapsed.TotalSeconds:F1} s");
            return;
        }
        var credentials = await Provisioning.CreateApplicationAsync(db, Require("organization"), Require("kind"), Require("name"),
            Options.GetValueOrDefault("mode", Modes.Test), default);
        await output.WriteLineAsync(Json
            ? JsonSerializer.Serialize(new { client_id = credentials.ClientId, client_secret = credentials.ClientSecret, kind = credentials.Kind, mode = credentials.Mode, organization = credentials.Organization })
            : Describe(credentials));
    }

    public static string Describe(Provisioning.Credentials c) =>
        $"{c.Name} ({c.Kind}, {c.Mode}, organization {c.Organization})\n  client_id:     {c.ClientId}" +
        (c.ClientSecret is null ? "" : $"\n  client_secret: {c.ClientSecret}");
}
