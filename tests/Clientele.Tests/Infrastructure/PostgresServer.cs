using System.Text.RegularExpressions;

namespace Clientele.Tests.Infrastructure;

/// <summary>
/// One throwaway PostgreSQL for the whole test run, started from the local server binaries on a free loopback
/// port (scripts/pg-start.sh), or the server named by CLIENTELE_TEST_POSTGRES (postgres://user@host:port).
/// </summary>
public sealed partial class PostgresServer : IAsyncDisposable
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static PostgresServer? _shared;
    private readonly string? _folder;

    private PostgresServer(string baseUrl, string? folder)
    {
        BaseUrl = baseUrl;
        _folder = folder;
    }

    /// <summary>postgres://user@host:port, without a database name.</summary>
    public string BaseUrl { get; }

    public string DatabaseUrl(string database) => $"{BaseUrl}/{database}";

    public static async Task<PostgresServer> SharedAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return _shared ??= await StartAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<PostgresServer> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("CLIENTELE_TEST_POSTGRES") is { Length: > 0 } external)
            return new PostgresServer(external.TrimEnd('/'), null);
        var port = Repository.FreePort();
        var (exit, output) = await Repository.RunAsync("bash", [Path.Combine(Repository.Root, "scripts", "pg-start.sh")], Repository.Root,
            new Dictionary<string, string> { ["PGPORT"] = port.ToString() }, TimeSpan.FromMinutes(2));
        if (exit != 0) throw new InvalidOperationException($"PostgreSQL did not start: {output}");
        var folder = FolderPattern().Match(output).Groups[1].Value;
        return new PostgresServer($"postgres://postgres@127.0.0.1:{port}", folder);
    }

    [GeneratedRegex(@"PGTMP=(\S+)")]
    private static partial Regex FolderPattern();

    /// <summary>Stops the shared server at the end of the run (called by the assembly fixture).</summary>
    public static async Task StopSharedAsync()
    {
        if (_shared is not null) await _shared.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_folder is null) return;
        await Repository.RunAsync("bash", [Path.Combine(Repository.Root, "scripts", "pg-stop.sh"), _folder], Repository.Root, null, TimeSpan.FromMinutes(1));
    }
}

/// <summary>Stops the shared PostgreSQL when the test assembly is done.</summary>
public sealed class PostgresLifetime : IAsyncDisposable
{
    public ValueTask DisposeAsync() => new(PostgresServer.StopSharedAsync());
}
