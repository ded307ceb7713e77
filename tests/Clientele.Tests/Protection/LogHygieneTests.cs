using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace Clientele.Tests.Protection;

/// <summary>Whatever the server logs, at any level, never holds a password, a token, a client secret or an email.</summary>
public abstract class LogHygieneTests(ApiFixture api)
{
    private sealed class Capture : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();
        public ILogger CreateLogger(string category) => new Logger(this, category);
        public void Dispose() { }

        private sealed class Logger(Capture capture, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel level, EventId id, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                capture.Lines.Enqueue($"{level} {category}: {formatter(state, exception)} {exception}");
        }
    }

    [Fact]
    public async Task Sign_up_login_failures_resets_and_errors_leave_no_secret_in_the_logs()
    {
        var capture = new Capture();
        await using var app = api.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(capture).SetMinimumLevel(LogLevel.Trace)));
        var http = app.CreateClient();
        var client = new ApiClient(http);
        var integration = api.Credentials("integration");
        var token = (await client.PostJsonAsync("/oauth/token", new { grant_type = "client_credentials", client_id = integration.ClientId, client_secret = integration.ClientSecret }, "application/json"))
            .Json.GetProperty("access_token").GetString()!;
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var email = Unique.Email("hygiene");
        const string password = "Sup3r-Secret-Passw0rd";

        await client.PostAsync("/api/customers", Body.Resource("customers", new { email, password }));
        await client.PostAsync("/api/customers", Body.Resource("customers", new { email, password }));        // 422 taken
        var login = await client.PostJsonAsync("/oauth/token", new { grant_type = "password", client_id = api.Credentials("sales_channel").ClientId, username = email, password }, "application/json");
        await client.PostJsonAsync("/oauth/token", new { grant_type = "password", client_id = api.Credentials("sales_channel").ClientId, username = email, password = "wrong-" + password }, "application/json");
        var reset = await client.PostAsync("/api/customer_password_resets", Body.Resource("customer_password_resets", new { customer_email = email }));
        await client.GetAsync($"/api/customers?filter[q][email_eq]={Uri.EscapeDataString(email)}");

        var secrets = new[] { password, token, integration.ClientSecret!, email, login.Json.GetProperty("access_token").GetString()!,
            login.Json.GetProperty("refresh_token").GetString()!, reset.Attributes.GetProperty("reset_password_token").GetString()! };
        var logs = string.Join("\n", capture.Lines);
        capture.Lines.ShouldNotBeEmpty();
        foreach (var secret in secrets) logs.ShouldNotContain(secret, Case.Insensitive);
    }
}

public sealed class LogHygieneOnSqlite(SqliteApi api) : LogHygieneTests(api), IClassFixture<SqliteApi>;

public sealed class LogHygieneOnPostgres(PostgresApi api) : LogHygieneTests(api), IClassFixture<PostgresApi>;
