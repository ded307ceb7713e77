using System.Data;
using System.Data.Common;
using Clientele.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Clientele.Auth;

/// <summary>
/// Whether a signed token still counts: not revoked and, for a customer, issued in the customer's current session.
/// One hand-written statement on every authenticated request, both checks answered by primary-key lookups. On SQLite
/// the connection it opens stays open for the rest of the request, so the request's own queries reuse it (opening one
/// from the pool costs as much as the check). On PostgreSQL it goes back to the pool at once: a connection held
/// until a slow client has read the response would count against the server's connection limit for nothing.
/// </summary>
public static class TokenStatus
{
    private const string Sql = """
        SELECT EXISTS (SELECT 1 FROM revoked_access_tokens WHERE jti = @jti),
               (SELECT session_version FROM customers WHERE id = @customer AND organization_id = @organization AND mode = @mode)
        """;

    public static async Task<bool> IsCurrentAsync(AppDb db, AccessTokenClaims claims, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            return await ReadAsync(db, claims, ct);
        }
        finally
        {
            if (db.IsPostgres) await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<bool> ReadAsync(AppDb db, AccessTokenClaims claims, CancellationToken ct)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = Sql;
        Add(command, "jti", claims.Jti);
        Add(command, "customer", claims.Caller.CustomerId);
        Add(command, "organization", claims.Caller.OrganizationId);
        Add(command, "mode", claims.Caller.Mode);
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, ct);
        if (!await reader.ReadAsync(ct) || Convert.ToBoolean(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)) return false;
        if (claims.Caller.CustomerId is null) return true;
        return !await reader.IsDBNullAsync(1, ct) && Convert.ToInt32(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture) == claims.SessionVersion;
    }

    private static void Add(DbCommand command, string name, string? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = DbType.String;
        parameter.Value = (object?)value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
