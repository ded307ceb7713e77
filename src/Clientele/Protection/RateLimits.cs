using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Threading.RateLimiting;
using Clientele.Auth;
using Clientele.Hosting;
using Clientele.JsonApi;
using Clientele.Persistence;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Clientele.Protection;

/// <summary>
/// Contract §7: per client IP, sliding windows. Each /oauth endpoint has one window; each /api endpoint (method and
/// route template) has a burst and an average window, sized by the caller's mode (unauthenticated requests count as
/// test). On SQLite the windows live in this process's memory; on PostgreSQL every node counts in memory and
/// exchanges its counts through the database in the background (<see cref="SharedWindowCounts"/>,
/// <see cref="RateLimitExchange"/>), so that the nodes together allow about one allowance.
/// </summary>
public sealed class RateLimits : IDisposable
{
    /// <summary>
    /// One kind of window; its limiter keeps one sliding window per partition (client, mode, endpoint), in this
    /// process's memory or, with <paramref name="shared"/>, counted together with the other nodes.
    /// </summary>
    private sealed class Window(string name, TimeSpan interval, Func<HttpContext, int?> limitOf, int segments, SharedWindowCounts? shared) : IDisposable
    {
        public TimeSpan Interval { get; } = interval;

        public PartitionedRateLimiter<HttpContext> Limiter { get; } = shared is null
            ? PartitionedRateLimiter.Create<HttpContext, string>(http =>
                limitOf(http) is { } limit
                    ? RateLimitPartition.GetSlidingWindowLimiter(WindowKey(name, http), _ => new SlidingWindowRateLimiterOptions
                    {
                        PermitLimit = limit,
                        Window = interval,
                        SegmentsPerWindow = segments,
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    })
                    : RateLimitPartition.GetNoLimiter(""))
            : new SharedWindowLimiter(shared, interval, segments, limitOf, http => WindowKey(name, http));

        public Func<HttpContext, int?> LimitOf { get; } = limitOf;

        public void Dispose() => Limiter.Dispose();
    }

    private readonly RateLimitSettings _settings;
    private readonly Window[] _windows;
    private static readonly object StateKey = new();

    public RateLimits(IOptions<ClienteleOptions> options, SharedWindowCounts sharedCounts)
    {
        _settings = options.Value.RateLimits;
        var s = _settings;
        var segments = Math.Max(1, s.SegmentsPerWindow);
        var shared = AreShared(options.Value) ? sharedCounts : null;
        _windows =
        [
            new Window("oauth", Seconds(s.TokenWindowSeconds), http => IsOAuth(http) ? Math.Max(1, s.TokenLimit) : null, segments, shared),
            new Window("burst", Seconds(s.BurstWindowSeconds), http => IsApi(http) ? ForMode(http, s.BurstLimit) : null, segments, shared),
            new Window("average", Seconds(s.AverageWindowSeconds), http => IsApi(http) ? ForMode(http, s.AverageLimit) : null, segments, shared),
        ];
        Limiter = PartitionedRateLimiter.CreateChained(_windows.Select(w => w.Limiter).ToArray());
    }

    /// <summary>
    /// Whether the nodes count together: on PostgreSQL (where several processes may share the database), unless
    /// SyncMilliseconds turns it off. SQLite serves one process, whose memory is enough.
    /// </summary>
    public static bool AreShared(ClienteleOptions options) =>
        options.RateLimits.Enabled && options.RateLimits.SyncMilliseconds > 0 && DatabaseSetting.IsPostgres(options.Database);

    /// <summary>Every window at once: a request passes only when each window that applies to it has room.</summary>
    public PartitionedRateLimiter<HttpContext> Limiter { get; }

    private static TimeSpan Seconds(int seconds) => TimeSpan.FromSeconds(Math.Max(1, seconds));

    private static bool IsOAuth(HttpContext http) => http.Request.Path.StartsWithSegments("/oauth");
    private static bool IsApi(HttpContext http) => http.Request.Path.StartsWithSegments("/api");

    private int ForMode(HttpContext http, int live) =>
        http.FindCaller()?.Mode == Modes.Live ? Math.Max(1, live) : Math.Max(1, (int)Math.Floor(live * _settings.TestModeShare));

    /// <summary>The window's partition: its kind, the caller's mode, the client address and the endpoint.</summary>
    private static string WindowKey(string name, HttpContext http) => $"{name}|{http.FindCaller()?.Mode ?? Modes.Test}|{PartitionKey(http)}";

    /// <summary>Client address, then the endpoint: its method and route template, or one shared key for unmatched paths.</summary>
    private static string PartitionKey(HttpContext http)
    {
        var state = http.Items[StateKey] as string;
        if (state is not null) return state;
        var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
        var key = $"{ClientAddress(http)}|{http.Request.Method} {route}";
        http.Items[StateKey] = key;
        return key;
    }

    private static string ClientAddress(HttpContext http)
    {
        var header = http.RequestServices.GetRequiredService<IOptions<ClienteleOptions>>().Value.RateLimits.ClientIpHeader;
        if (!string.IsNullOrWhiteSpace(header) && http.Request.Headers[header].ToString() is { Length: > 0 } value)
        {
            // A proxy appends the address it saw; earlier entries were written by the client and prove nothing.
            var last = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
            if (last is not null && IPAddress.TryParse(last, out var forwarded)) return Normalize(forwarded);
        }
        return http.Connection.RemoteIpAddress is { } remote ? Normalize(remote) : "unknown";
    }

    /// <summary>
    /// An IPv4 address as itself; an IPv6 address as its /64 network, since one subscriber usually holds a whole /64
    /// and would otherwise get a fresh allowance (and a fresh counter row) from each of its 2^64 addresses.
    /// </summary>
    private static string Normalize(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) return address.MapToIPv4().ToString();
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>The window that is closest to its limit for this request, and the permits it has left.</summary>
    private (int Limit, TimeSpan Interval, long Remaining)? Tightest(HttpContext http)
    {
        (int, TimeSpan, long)? tightest = null;
        foreach (var window in _windows)
        {
            if (window.LimitOf(http) is not { } limit) continue;
            var remaining = window.Limiter.GetStatistics(http)?.CurrentAvailablePermits ?? limit;
            if (tightest is not { } t || remaining < t.Item3) tightest = (limit, window.Interval, remaining);
        }
        return tightest;
    }

    /// <summary>Adds X-Ratelimit-Limit, -Interval and -Remaining to the response, as they stand once the request is counted.</summary>
    public void AddHeaders(HttpContext http, bool rejected = false)
    {
        if (Tightest(http) is not { } window) return;
        var remaining = rejected ? 0 : Math.Max(0, window.Remaining);
        var headers = http.Response.Headers;
        headers["X-Ratelimit-Limit"] = window.Limit.ToString(CultureInfo.InvariantCulture);
        headers["X-Ratelimit-Interval"] = ((long)Math.Ceiling(window.Interval.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        headers["X-Ratelimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>429 with Retry-After; a JSON:API error on /api, the token endpoint's own error shape on /oauth.</summary>
    public async ValueTask RejectAsync(OnRejectedContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter
            : Tightest(http) is { } window ? window.Interval / Math.Max(1, _settings.SegmentsPerWindow) : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        AddHeaders(http, rejected: true);
        const string detail = "Too many requests: slow down and retry after the number of seconds in Retry-After.";
        if (IsOAuth(http))
        {
            http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            http.Response.ContentType = "application/json";
            await JsonSerializer.SerializeAsync(http.Response.Body,
                new { errors = new[] { new { code = "TOO_MANY_REQUESTS", title = "Too many requests", detail, status = 429 } } }, cancellationToken: ct);
            return;
        }
        await DocumentWriter.WriteErrorsAsync(http, [new JsonApiError(429, "TOO_MANY_REQUESTS", "Too many requests", detail)], 429);
    }

    public void Dispose()
    {
        Limiter.Dispose();
        foreach (var window in _windows) window.Dispose();
    }
}

/// <summary>Wiring of the limits into the pipeline, after authentication (the mode comes from the token) and routing.</summary>
public static class RateLimiting
{
    public static IServiceCollection AddClienteleRateLimits(this IServiceCollection services)
    {
        // Real time on purpose (as the in-memory limiter): every node must cut the windows into the same segments.
        services.AddSingleton(new SharedWindowCounts(TimeProvider.System));
        services.AddSingleton<RateLimits>();
        services.AddHostedService<RateLimitExchange>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<RateLimits>((o, limits) =>
        {
            o.GlobalLimiter = limits.Limiter;
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = limits.RejectAsync;
        });
        return services;
    }

    public static WebApplication UseClienteleRateLimits(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<ClienteleOptions>>().Value.RateLimits.Enabled) return app;
        app.UseRateLimiter();
        var limits = app.Services.GetRequiredService<RateLimits>();
        // Counted by now: the headers show what is left after this request. Written when the response starts, so
        // that the error handler clearing a failed response does not drop them.
        app.Use((http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                limits.AddHeaders(http);
                return Task.CompletedTask;
            });
            return next(http);
        });
        return app;
    }
}
