namespace Clientele.Hosting;

/// <summary>Every setting, bound from the "Clientele" configuration section.</summary>
public sealed class ClienteleOptions
{
    public const string Section = "Clientele";

    /// <summary>sqlite:&lt;path&gt; or postgres://user:password@host:port/dbname.</summary>
    public string Database { get; set; } = Persistence.DatabaseSetting.Default;

    /// <summary>Tokens are issued by https://auth.&lt;Domain&gt;; the official clients build their URLs from it.</summary>
    public string Domain { get; set; } = "commercelayer.io";

    public string Region { get; set; } = "local";

    /// <summary>Most records one to-many relationship may put into a response through include (or its linkage endpoint).</summary>
    public int MaxIncluded { get; set; } = 1000;
    public int PasswordIterations { get; set; } = 100_000;
    public TokenLifetimes Tokens { get; set; } = new();
    public RateLimitSettings RateLimits { get; set; } = new();
    public LoginThrottleSettings LoginThrottle { get; set; } = new();

    /// <summary>How long a stopping server (SIGTERM) lets requests in flight finish before it exits anyway.</summary>
    public double ShutdownTimeoutSeconds { get; set; } = 30;

    /// <summary>How long a requested anonymization waits before it runs; _cancel_anonymization works until then.</summary>
    public double AnonymizationGraceHours { get; set; } = 24;

    /// <summary>How often each server process looks for due anonymizations; 0 or less turns its timer off.</summary>
    public double AnonymizationPollSeconds { get; set; } = 60;

    /// <summary>An anonymization still "started" after this long is taken to have died with its process and is run again.</summary>
    public double AnonymizationStaleMinutes { get; set; } = 15;

    public string Issuer => $"https://auth.{Domain}";
}

public sealed class TokenLifetimes
{
    public int SalesChannelSeconds { get; set; } = 4 * 3600;
    public int IntegrationSeconds { get; set; } = 2 * 3600;
    public int RefreshDays { get; set; } = 14;
    public int PasswordResetHours { get; set; } = 6;
}

/// <summary>Per-client-IP request limits over sliding windows (contract §7); Commerce Layer's defaults.</summary>
public sealed class RateLimitSettings
{
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// A header set by a trusted reverse proxy (e.g. X-Forwarded-For) whose last address is the client's. Unset: the
    /// connection's remote address. Set it only behind a proxy that writes it, or clients can pick their own address.
    /// </summary>
    public string? ClientIpHeader { get; set; }

    /// <summary>Each /oauth endpoint: requests per window.</summary>
    public int TokenLimit { get; set; } = 30;
    public int TokenWindowSeconds { get; set; } = 60;

    /// <summary>Each /api endpoint (method and route), burst window; test mode gets TestModeShare of it.</summary>
    public int BurstLimit { get; set; } = 50;
    public int BurstWindowSeconds { get; set; } = 10;

    /// <summary>Each /api endpoint (method and route), average window; test mode gets TestModeShare of it.</summary>
    public int AverageLimit { get; set; } = 200;
    public int AverageWindowSeconds { get; set; } = 60;

    public double TestModeShare { get; set; } = 0.5;

    /// <summary>How many segments a window slides by.</summary>
    public int SegmentsPerWindow { get; set; } = 10;

    /// <summary>
    /// On PostgreSQL, how often each node adds its counts to the shared ones in the database and reads them back, so
    /// that all nodes together allow about one allowance. 0 or less: each node counts alone, in memory.
    /// </summary>
    public int SyncMilliseconds { get; set; } = 250;
}

/// <summary>Slows down, then refuses, repeated failed password grants for one email (contract §7).</summary>
public sealed class LoginThrottleSettings
{
    public bool Enabled { get; set; } = true;

    /// <summary>Failures within the window after which every password grant for the email is refused until it ends.</summary>
    public int MaxFailures { get; set; } = 5;
    public double WindowMinutes { get; set; } = 15;

    /// <summary>From this many earlier failures on, each failed answer waits DelayMilliseconds more (at most MaxDelayMilliseconds).</summary>
    public int SlowAfterFailures { get; set; } = 2;
    public int DelayMilliseconds { get; set; } = 500;
    public int MaxDelayMilliseconds { get; set; } = 2000;
}
