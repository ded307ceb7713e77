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
    public int PasswordIterations { get; set; } = 100_000;
    public TokenLifetimes Tokens { get; set; } = new();
    public Switch RateLimits { get; set; } = new();
    public Switch LoginThrottle { get; set; } = new();

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

public sealed class Switch
{
    public bool Enabled { get; set; } = true;
}
