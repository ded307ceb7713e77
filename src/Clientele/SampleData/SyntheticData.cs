using System.Diagnostics;
using System.Text.Json;
using Clientele.CustomerGroups;
using Clientele.Customers;
using Clientele.Orders;
using Clientele.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Clientele.SampleData;

/// <summary>
/// Realistic synthetic data for demos and benchmarks: customers with canonical emails, groups, metadata, references,
/// an address each, and placed orders that agree with each customer's status and total_orders_count.
/// </summary>
public static class SyntheticData
{
    private const int Chunk = 20_000;
    private static readonly string[] FirstNames = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Margaret", "Niklaus", "Radia", "Tim", "Ivan", "Sophie", "Linus", "Anita", "José", "Zoë"];
    private static readonly string[] LastNames = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Hamilton", "Wirth", "Perlman", "Berners-Lee", "Sutherland", "Wilson", "Torvalds", "Borg", "Müller", "Ødegård"];
    private static readonly string[] Domains = ["example.com", "example.org", "example.net", "mail.example", "bücher.example"];
    private static readonly string[] Tiers = ["bronze", "silver", "gold", "platinum"];
    private static readonly string[] Sources = ["web", "store", "app", "import"];
    private static readonly string[] Cities = ["Milano", "Berlin", "Paris", "Madrid", "London", "New York", "Tokyo", "São Paulo"];
    private static readonly string[] Countries = ["IT", "DE", "FR", "ES", "GB", "US", "JP", "BR"];

    private static readonly string[] CustomerColumns = ["id", "organization_id", "mode", "created_at", "updated_at", "reference", "reference_origin", "metadata",
        "email", "password_hash", "status", "total_orders_count", "shopper_reference", "profile_id", "customer_group_id", "session_version"];
    private static readonly string[] AddressColumns = ["id", "organization_id", "mode", "created_at", "updated_at", "metadata", "business", "first_name", "last_name",
        "line1", "city", "zip_code", "country_code", "phone", "email"];
    private static readonly string[] CustomerAddressColumns = ["id", "organization_id", "mode", "created_at", "updated_at", "metadata", "customer_id", "address_id"];
    private static readonly string[] OrderColumns = ["id", "organization_id", "mode", "created_at", "updated_at", "metadata", "number", "status", "customer_email",
        "currency_code", "total_amount_cents", "guest", "placed_at", "customer_id"];

    public sealed record Summary(int Customers, int Addresses, int Orders, TimeSpan Elapsed);

    public static async Task<Summary> SeedAsync(AppDb db, string organizationSlug, string mode, int count, int seed, TextWriter progress, CancellationToken ct)
    {
        if (count < 1) throw new ArgumentException("--customers must be at least 1");
        var organization = await db.Organizations.FirstOrDefaultAsync(o => o.Slug == organizationSlug, ct)
            ?? throw new ArgumentException($"There is no organization '{organizationSlug}'");
        db.Tenant.Set(organization.Id, mode);
        var random = new Random(seed);
        var watch = Stopwatch.StartNew();
        var run = Persistence.PublicId.New(6).ToLowerInvariant(); // keeps emails unique across several seed runs

        var groups = Enumerable.Range(1, 20).Select(i => new CustomerGroup { Name = $"Group {run} {i}", Code = $"{run}-{i}" }).ToList();
        db.CustomerGroups.AddRange(groups);
        await db.SaveChangesAsync(ct);

        // Counters are keyed by organization and mode themselves (no tenant filter on this table).
        var orderCounter = db.Counters.Where(c => c.OrganizationId == organization.Id && c.Mode == mode && c.Name == "orders");
        var nextNumber = await orderCounter.Select(c => (long?)c.Value).FirstOrDefaultAsync(ct) ?? 0;
        var writer = await BulkWriter.OpenAsync(db, ct);
        var start = DateTime.UtcNow.AddYears(-2);
        int addresses = 0, orders = 0;
        for (var offset = 0; offset < count; offset += Chunk)
        {
            var size = Math.Min(Chunk, count - offset);
            var customerRows = new List<object?[]>(size);
            var addressRows = new List<object?[]>(size);
            var bookRows = new List<object?[]>(size);
            var orderRows = new List<object?[]>(size);
            for (var i = offset; i < offset + size; i++)
            {
                var first = FirstNames[random.Next(FirstNames.Length)];
                var last = LastNames[random.Next(LastNames.Length)];
                var email = EmailAddress.Canonicalize($"{first}.{last}.{run}{i}@{Domains[random.Next(Domains.Length)]}")!;
                var created = start.AddSeconds(random.NextDouble() * 63_000_000);
                var placed = random.Next(100) switch { < 60 => 0, < 85 => 1, _ => 2 + random.Next(6) };
                var status = placed switch { 0 => CustomerStatus.Prospect, 1 => CustomerStatus.Acquired, _ => CustomerStatus.Repeat };
                var metadata = JsonSerializer.Serialize(new { tier = Tiers[random.Next(100) < 3 ? 3 : random.Next(3)], source = Sources[random.Next(Sources.Length)], score = random.Next(1000) });
                var customerId = Persistence.PublicId.New();
                customerRows.Add([customerId, organization.Id, mode, created, created, $"crm-{run}-{i}", random.Next(4) == 0 ? "crm" : null, metadata,
                    email, null, status, placed, Persistence.PublicId.New(20), Persistence.PublicId.New(20),
                    random.Next(3) == 0 ? groups[random.Next(groups.Count)].Id : null, 0]);

                var addressId = Persistence.PublicId.New();
                var city = random.Next(Cities.Length);
                addressRows.Add([addressId, organization.Id, mode, created, created, "{}", false, first, last,
                    $"{1 + random.Next(200)} Main Street", Cities[city], $"{10000 + random.Next(89999)}", Countries[city], $"+39 02 {random.Next(1000000, 9999999)}", email]);
                bookRows.Add([Persistence.PublicId.New(), organization.Id, mode, created, created, "{}", customerId, addressId]);
                for (var o = 0; o < placed; o++)
                {
                    var at = created.AddDays(1 + random.Next(300));
                    orderRows.Add([Persistence.PublicId.New(), organization.Id, mode, at, at, "{}", (int)++nextNumber, OrderStatus.Placed, email,
                        "EUR", (long)(1000 + random.Next(50000)), true, at, customerId]);
                }
            }
            await writer.WriteAsync("customers", CustomerColumns, customerRows, ct);
            await writer.WriteAsync("addresses", AddressColumns, addressRows, ct);
            await writer.WriteAsync("customer_addresses", CustomerAddressColumns, bookRows, ct);
            await writer.WriteAsync("orders", OrderColumns, orderRows, ct);
            addresses += addressRows.Count;
            orders += orderRows.Count;
            await progress.WriteLineAsync($"{offset + size:N0} customers ({watch.Elapsed.TotalSeconds:F0} s)");
        }

        var counter = await orderCounter.FirstOrDefaultAsync(ct);
        if (counter is null) db.Counters.Add(new Counter { OrganizationId = organization.Id, Mode = mode, Name = "orders", Value = nextNumber });
        else counter.Value = nextNumber;
        await db.SaveChangesAsync(ct);
        // Leaves the database as it would be after ordinary use: statistics for the planner, and on PostgreSQL the
        // visibility map set (index-only scans) and hint bits written now, not by autovacuum under the first load.
        await db.Database.ExecuteSqlRawAsync(db.IsPostgres ? "VACUUM (ANALYZE) customers, addresses, customer_addresses, orders" : "ANALYZE", ct);
        return new Summary(count, addresses, orders, watch.Elapsed);
    }
}
