using Clientele.Hosting;
using Clientele.Organizations;
using Clientele.Persistence;

CommandLine command;
try
{
    command = CommandLine.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(CommandLine.Usage);
    return 2;
}
if (command.Command == "help")
{
    Console.WriteLine(CommandLine.Usage);
    return 0;
}

// appsettings.json is found beside the executable, whatever folder the server is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = command.HostArgs.ToArray(), ContentRootPath = AppContext.BaseDirectory });
if (command.Command != "serve")
{
    // Administrative commands print only their result on stdout (scripts parse --json); logs go to stderr.
    builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning);
}
builder.AddClientele();
var app = builder.Build();
app.UseClientele();

try
{
    await app.PrepareDatabaseAsync();
    if (command.Command != "serve")
    {
        await command.RunAdminAsync(app.Services, Console.Out);
        return 0;
    }
    await using (var scope = app.Services.CreateAsyncScope())
    {
        foreach (var credentials in await Provisioning.BootstrapAsync(scope.ServiceProvider.GetRequiredService<AppDb>(), default))
            Console.WriteLine($"First start: created {CommandLine.Describe(credentials)}");
    }
    await app.RunAsync();
    return 0;
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

/// <summary>Exposed for WebApplicationFactory in the tests.</summary>
public partial class Program;
