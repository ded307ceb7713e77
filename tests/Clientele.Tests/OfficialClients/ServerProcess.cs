using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace Clientele.Tests.OfficialClients;

/// <summary>The output of a finished child process, stdout and stderr kept apart.</summary>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr, bool TimedOut)
{
    public override string ToString() => $"exit code {ExitCode}{(TimedOut ? " (timed out)" : "")}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}

/// <summary>Runs the built Clientele.dll, once as a command or as a long-running server on a loopback port.</summary>
public static class ClienteleExecutable
{
    /// <summary>The dotnet host that runs the tests (set by the dotnet CLI), else the one on PATH.</summary>
    public static string DotnetHost { get; } = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>Clientele.dll of the configuration the tests were built in (Debug or Release), next to its runtimeconfig.</summary>
    public static string Dll { get; } = FindDll();

    private static string FindDll()
    {
        var configuration = typeof(ClienteleExecutable).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var framework = new DirectoryInfo(AppContext.BaseDirectory).Name; // tests/Clientele.Tests/bin/<configuration>/<framework>/
        var candidates = new List<string>
        {
            Path.Combine(Repository.Root, "src", "Clientele", "bin", configuration, framework, "Clientele.dll"),
            // The project reference also copies the app (with its deps.json and runtimeconfig.json) next to the tests.
            Path.Combine(AppContext.BaseDirectory, "Clientele.dll"),
        };
        foreach (var dll in candidates)
            if (File.Exists(dll) && File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json"))) return dll;
        throw new FileNotFoundException("The built Clientele.dll was not found; tried:\n" + string.Join("\n", candidates));
    }

    /// <summary>Runs `dotnet Clientele.dll args...` to completion.</summary>
    public static Task<ProcessResult> RunAsync(IEnumerable<string> args, TimeSpan timeout, CancellationToken ct) =>
        ChildProcess.RunAsync(DotnetHost, [Dll, .. args], Path.GetTempPath(), null, timeout, ct);
}

/// <summary>Starts child processes and always reaps them: a process that outlives its timeout is killed with its children.</summary>
public static class ChildProcess
{
    public static ProcessStartInfo StartInfo(string file, IEnumerable<string> args, string workingDirectory, IDictionary<string, string?>? environment)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) start.Environment.Remove(key);
            else start.Environment[key] = value;
        }
        return start;
    }

    public static async Task<ProcessResult> RunAsync(string file, IEnumerable<string> args, string workingDirectory,
        IDictionary<string, string?>? environment, TimeSpan timeout, CancellationToken ct)
    {
        using var process = Process.Start(StartInfo(file, args, workingDirectory, environment))
            ?? throw new InvalidOperationException($"{file} did not start");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = true;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
        }
        return new ProcessResult(timedOut ? -1 : process.ExitCode, await stdout, await stderr, timedOut);
    }
}

/// <summary>
/// A real Clientele server process on 127.0.0.1 and a free port, over a new SQLite file. Disposing it kills that
/// process (and only it, with its children) and deletes the database.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _folder;
    private bool _disposed;

    private ServerProcess(Process process, string folder, string baseUrl, string database)
    {
        _process = process;
        _folder = folder;
        BaseUrl = baseUrl;
        Database = database;
    }

    /// <summary>http://127.0.0.1:PORT</summary>
    public string BaseUrl { get; }

    /// <summary>The --database argument, for administrative commands against the same store.</summary>
    public string Database { get; }

    /// <summary>Everything the server printed so far (stdout and stderr interleaved).</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>
    /// Starts `dotnet Clientele.dll serve` with extra settings and waits until GET /health answers 200. Rate limits are
    /// off unless the settings turn them on: every request of a test comes from 127.0.0.1.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(IEnumerable<string> settings, CancellationToken ct)
    {
        var folder = Directory.CreateTempSubdirectory("clientele-server-").FullName;
        var database = $"sqlite:{Path.Combine(folder, "clientele.db")}";
        var baseUrl = $"http://127.0.0.1:{Repository.FreePort()}";
        var start = ChildProcess.StartInfo(ClienteleExecutable.DotnetHost,
            [ClienteleExecutable.Dll, "serve", "--urls", baseUrl, "--database", database, "--Clientele:RateLimits:Enabled=false", .. settings], folder, null);
        var process = Process.Start(start) ?? throw new InvalidOperationException("the server did not start");
        var server = new ServerProcess(process, folder, baseUrl, database);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitForHealthAsync(ct);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private async Task WaitForHealthAsync(CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The server exited with code {_process.ExitCode}:\n{Output}");
            try
            {
                using var response = await http.GetAsync($"{BaseUrl}/health", ct);
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // one slow probe; try again until the deadline
            }
            await Task.Delay(200, ct);
        }
        throw new TimeoutException($"GET {BaseUrl}/health did not answer 200 within {StartTimeout.TotalSeconds} s:\n{Output}");
    }

    /// <summary>Sends SIGTERM, as a service manager or container runtime does, and waits for the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout, CancellationToken ct)
    {
        using (var signal = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await signal.WaitForExitAsync(ct);
        await _process.WaitForExitAsync(ct).WaitAsync(timeout, ct);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: the process dies mid-request, with no chance to finish anything; its folder is kept.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15), CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15), CancellationToken.None);
            }
        }
        catch (InvalidOperationException)
        {
            // exited between the check and the kill
        }
        finally
        {
            _process.Dispose();
            try { Directory.Delete(_folder, recursive: true); }
            catch (IOException) { /* a file still held open; the temp folder is cleaned by the system */ }
        }
    }
}
