using System.Security.Cryptography;
using Clientele.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;

namespace Clientele.Auth;

/// <summary>
/// RSA keys that sign access tokens. They live in the database so that they survive restarts and every node
/// shares them; the oldest key signs, so nodes that start together agree on one.
/// </summary>
public sealed class SigningKeys(IServiceScopeFactory scopes, TimeProvider clock)
{
    private static readonly TimeSpan ReloadInterval = TimeSpan.FromSeconds(10);
    private volatile IReadOnlyList<(string Kid, RSA Rsa)> _keys = [];
    private volatile IReadOnlyDictionary<string, RsaSecurityKey> _byKid = new Dictionary<string, RsaSecurityKey>();
    private long _lastReload;

    public (string Kid, RSA Rsa) Current => _keys.Count > 0 ? _keys[0] : throw new InvalidOperationException("Signing keys are not loaded");

    public IReadOnlyList<(string Kid, RSA Rsa)> All => _keys;

    /// <summary>Loads the keys, creating the first one on an empty database.</summary>
    public async Task LoadAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        if (!await db.SigningKeys.AnyAsync(ct))
        {
            using var rsa = RSA.Create(2048);
            db.SigningKeys.Add(new SigningKey { Kid = PublicId.New(16), PrivateKey = rsa.ExportPkcs8PrivateKey(), CreatedAt = clock.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync(ct);
        }
        var rows = await db.SigningKeys.AsNoTracking().OrderBy(k => k.CreatedAt).ThenBy(k => k.Kid).ToListAsync(ct);
        // Keys already loaded are kept as they are (a reload only adds keys other nodes created).
        var known = _byKid;
        var keys = rows.Select(row => (row.Kid, known.TryGetValue(row.Kid, out var loaded) ? loaded.Rsa : Import(row.PrivateKey))).ToList();
        _byKid = keys.ToDictionary(k => k.Kid, k => known.TryGetValue(k.Kid, out var loaded) ? loaded : new RsaSecurityKey(k.Item2) { KeyId = k.Kid });
        _keys = keys;
    }

    private static RSA Import(byte[] pkcs8)
    {
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(pkcs8, out _);
        return rsa;
    }

    /// <summary>The validation key of a kid; one SecurityKey object per key, so validation caches stay warm.</summary>
    public IEnumerable<SecurityKey> Resolve(string? kid)
    {
        if (kid is null) return [];
        if (_byKid.TryGetValue(kid, out var key)) return [key];
        var now = clock.GetTimestamp();
        var last = Interlocked.Read(ref _lastReload);
        // Bounded, so that tokens with made-up kids cannot make every request query the database.
        if (clock.GetElapsedTime(last, now) > ReloadInterval && Interlocked.CompareExchange(ref _lastReload, now, last) == last)
        {
            // A key created by another node after this one started.
            LoadAsync(CancellationToken.None).GetAwaiter().GetResult();
            if (_byKid.TryGetValue(kid, out key)) return [key];
        }
        return [];
    }
}
