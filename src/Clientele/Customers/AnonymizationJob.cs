using Clientele.Hosting;
using Clientele.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Clientele.Customers;

/// <summary>
/// Runs anonymizations whose grace period is over. All its state is in the customers table, so it survives restarts,
/// and any number of server processes may run it on one database: each customer is claimed by one conditional
/// update (requested and due → started) before any work, and only the process whose update hit the row goes on.
/// </summary>
public sealed class AnonymizationJob(IServiceScopeFactory scopes, TimeProvider clock, IOptions<ClienteleOptions> options, ILogger<AnonymizationJob> log)
    : BackgroundService
{
    /// <summary>Customers taken per run; the rest wait for the next tick.</summary>
    public const int BatchSize = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = options.Value.AnonymizationPollSeconds;
        if (seconds <= 0) return;
        await Task.Yield(); // do not hold up the host's start
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds), clock);
        do
        {
            try
            {
                await RunDueAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogError(e, "Looking for due anonymizations failed; trying again at the next tick");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>
    /// One pass: anonymizes every due request (and every one left "started" by a process that died) that this
    /// process manages to claim. Returns how many it completed.
    /// </summary>
    public async Task<int> RunDueAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var staleBefore = now.AddMinutes(-options.Value.AnonymizationStaleMinutes);
        var due = new List<Candidate>();
        await using (var scope = scopes.CreateAsyncScope())
        {
            // The one place that looks across tenants; each customer is then handled inside its own tenant. Two searches
            // of the (status, due_at) index rather than one OR of both: with the OR, SQLite scans the whole table, which
            // at a million customers stalls a busy node every tick.
            var customers = scope.ServiceProvider.GetRequiredService<AppDb>().Customers.IgnoreQueryFilters();
            // Stale claims first: they are rare, and a steady stream of due requests must not keep them waiting forever.
            due.AddRange(await CandidatesAsync(StaleClaims(customers, staleBefore), BatchSize, ct));
            if (due.Count < BatchSize) due.AddRange(await CandidatesAsync(DueRequests(customers, now), BatchSize - due.Count, ct));
        }
        var completed = 0;
        foreach (var candidate in due)
        {
            if (await RunOneAsync(candidate, ct)) completed++;
        }
        return completed;
    }

    /// <summary>Requests whose grace period is over, oldest first.</summary>
    internal static IQueryable<Customer> DueRequests(IQueryable<Customer> customers, DateTime now) => customers
        .Where(c => c.AnonymizationStatus == AnonymizationStatus.Requested && c.AnonymizationDueAt <= now)
        .OrderBy(c => c.AnonymizationDueAt).ThenBy(c => c.Id);

    /// <summary>Runs claimed by a process that has not finished them since <paramref name="staleBefore"/>.</summary>
    internal static IQueryable<Customer> StaleClaims(IQueryable<Customer> customers, DateTime staleBefore) => customers
        .Where(c => c.AnonymizationStatus == AnonymizationStatus.Started && c.AnonymizationStartedAt <= staleBefore)
        .OrderBy(c => c.AnonymizationStartedAt).ThenBy(c => c.Id);

    private static Task<List<Candidate>> CandidatesAsync(IQueryable<Customer> customers, int limit, CancellationToken ct) =>
        customers.Take(limit)
            .Select(c => new Candidate(c.Id, c.OrganizationId, c.Mode, c.AnonymizationStatus!, c.AnonymizationStartedAt))
            .ToListAsync(ct);

    private sealed record Candidate(string Id, string OrganizationId, string Mode, string Status, DateTime? StartedAt);

    private async Task<bool> RunOneAsync(Candidate candidate, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        db.Tenant.Set(candidate.OrganizationId, candidate.Mode);
        var now = db.UtcNow;
        var row = db.Customers.Where(c => c.Id == candidate.Id);
        // A stale claim is taken over only if nobody took it over since we looked (same started_at).
        row = candidate.Status == AnonymizationStatus.Requested
            ? row.Where(c => c.AnonymizationStatus == AnonymizationStatus.Requested && c.AnonymizationDueAt <= now)
            : row.Where(c => c.AnonymizationStatus == AnonymizationStatus.Started && c.AnonymizationStartedAt == candidate.StartedAt);
        var claimed = await row.ExecuteUpdateAsync(s => s.SetProperty(c => c.AnonymizationStatus, AnonymizationStatus.Started)
            .SetProperty(c => c.AnonymizationStartedAt, now).SetProperty(c => c.UpdatedAt, now), ct);
        if (claimed == 0) return false;
        try
        {
            await EraseAsync(db, candidate.Id, ct);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A cancelled run (shutdown) stays "started" and is taken over once stale; any other error is final.
            log.LogError(e, "Anonymizing customer {CustomerId} failed", candidate.Id);
            db.ChangeTracker.Clear();
            var failedAt = db.UtcNow;
            await db.Customers.Where(c => c.Id == candidate.Id && c.AnonymizationStatus == AnonymizationStatus.Started)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.AnonymizationStatus, AnonymizationStatus.Failed)
                    .SetProperty(c => c.AnonymizationFailedAt, failedAt).SetProperty(c => c.UpdatedAt, failedAt), ct);
            return false;
        }
    }

    /// <summary>Erases the customer's personal data in one transaction and marks it completed.</summary>
    private static async Task EraseAsync(AppDb db, string id, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = db.UtcNow;
        var customer = await db.Customers.FirstAsync(c => c.Id == id, ct);
        var oldEmail = customer.Email;
        var email = AnonymizedEmail(id);

        customer.Email = email;
        customer.PasswordHash = null;
        customer.Reference = null;
        customer.ReferenceOrigin = null;
        customer.Metadata = "{}";
        customer.TaxExemptionCode = null;
        await CustomerResource.EndSessionsAsync(db, customer, ct);

        await db.CustomerTags.Where(t => t.CustomerId == id).ExecuteDeleteAsync(ct);
        var addressBook = db.CustomerAddresses.Where(a => a.CustomerId == id).Select(a => a.AddressId);
        await db.Addresses.Where(a => addressBook.Contains(a.Id) || a.CreatedByCustomerId == id)
            .ExecuteUpdateAsync(s => s
                .SetProperty(a => a.FirstName, (string?)null).SetProperty(a => a.LastName, (string?)null)
                .SetProperty(a => a.Company, (string?)null)
                .SetProperty(a => a.Line1, (string?)null).SetProperty(a => a.Line2, (string?)null)
                .SetProperty(a => a.Phone, (string?)null).SetProperty(a => a.Email, (string?)null)
                .SetProperty(a => a.Notes, (string?)null).SetProperty(a => a.BillingInfo, (string?)null)
                .SetProperty(a => a.Lat, (double?)null).SetProperty(a => a.Lng, (double?)null)
                .SetProperty(a => a.UpdatedAt, now), ct);
        await db.Orders.Where(o => o.CustomerId == id || o.CustomerEmail == oldEmail)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.CustomerEmail, (string?)null).SetProperty(o => o.UpdatedAt, now), ct);
        // Rows that must name the customer by email keep naming it, by its new address.
        await db.CustomerSubscriptions.Where(x => x.CustomerId == id)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.CustomerEmail, email).SetProperty(x => x.UpdatedAt, now), ct);
        await db.CustomerPasswordResets.Where(x => x.CustomerId == id)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.CustomerEmail, email).SetProperty(x => x.UpdatedAt, now), ct);

        customer.AnonymizationStatus = AnonymizationStatus.Completed;
        customer.AnonymizationCompletedAt = now;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    public static string AnonymizedEmail(string customerId) => $"anonymized-{customerId}@anonymized.invalid";
}
