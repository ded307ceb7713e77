using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Clientele.Hosting;
using Clientele.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace Clientele.Protection;

/// <summary>
/// Failed password grants per email (contract §7): after a few, each failed answer is slowed down; after MaxFailures
/// within the window (which starts at the first failure), every password grant for that email is refused until the
/// window ends, without looking at the password. Unknown emails are counted exactly like known ones, so the throttle
/// tells nothing about which emails exist.
/// <para>
/// The state is a row of the counters table per organization, mode and email (named by the email's SHA-256, so no
/// address is stored twice), shared by every node. Its value packs the window's start (Unix seconds) and the
/// failures: start * 1000 + failures. A successful grant deletes the row.
/// </para>
/// </summary>
public sealed class LoginThrottle(IOptions<ClienteleOptions> options, TimeProvider clock)
{
    private const long Packing = 1000;
    private const string Prefix = "login-failures:";

    private LoginThrottleSettings Settings => options.Value.LoginThrottle;
    public bool Enabled => Settings.Enabled;
    private int MaxFailures => Math.Clamp(Settings.MaxFailures, 1, 500);
    private long WindowSeconds => Math.Max(1, (long)Math.Ceiling(Settings.WindowMinutes * 60));

    public static string CounterName(string email) =>
        Prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email)));

    private long Now => clock.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>The first packed value of a window that is still open now.</summary>
    private long OpenWindowFloor => (Now - WindowSeconds + 1) * Packing;

    /// <summary>Whether the email has used up its failures in the current window.</summary>
    public async Task<bool> IsLockedAsync(AppDb db, string organizationId, string mode, string email, CancellationToken ct)
    {
        if (!Enabled) return false;
        var name = CounterName(email);
        var value = await db.Counters.AsNoTracking()
            .Where(c => c.OrganizationId == organizationId && c.Mode == mode && c.Name == name)
            .Select(c => (long?)c.Value).FirstOrDefaultAsync(ct);
        return value is { } v && v >= OpenWindowFloor && v % Packing >= MaxFailures;
    }

    /// <summary>Counts one failure (opening a new window if the last one has passed) and waits as long as it deserves.</summary>
    public async Task RecordFailureAsync(AppDb db, string organizationId, string mode, string email, CancellationToken ct)
    {
        if (!Enabled) return;
        var fresh = Now * Packing + 1;
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        long value;
        try
        {
            await using var command = connection.CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            // One statement, so concurrent failures on any node are all counted.
            command.CommandText = """
                INSERT INTO counters (organization_id, mode, name, value) VALUES (@organization, @mode, @name, @fresh)
                ON CONFLICT (organization_id, mode, name) DO UPDATE
                SET value = CASE WHEN counters.value >= @floor THEN counters.value + 1 ELSE @fresh END
                RETURNING value
                """;
            Parameter(command, "organization", organizationId);
            Parameter(command, "mode", mode);
            Parameter(command, "name", CounterName(email));
            Parameter(command, "fresh", fresh);
            Parameter(command, "floor", OpenWindowFloor);
            value = Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        var failures = value % Packing;
        var over = failures - Settings.SlowAfterFailures;
        if (over > 0 && Settings.DelayMilliseconds > 0)
        {
            var delay = Math.Min(over * Settings.DelayMilliseconds, Math.Max(0, Settings.MaxDelayMilliseconds));
            // Real time on purpose: the point is to pace a client, whatever clock the app reads.
            await Task.Delay(TimeSpan.FromMilliseconds(delay), ct);
        }
    }

    /// <summary>A successful grant forgets earlier failures.</summary>
    public async Task ClearAsync(AppDb db, string organizationId, string mode, string email, CancellationToken ct)
    {
        if (!Enabled) return;
        var name = CounterName(email);
        await db.Counters.Where(c => c.OrganizationId == organizationId && c.Mode == mode && c.Name == name).ExecuteDeleteAsync(ct);
    }

    private static void Parameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
