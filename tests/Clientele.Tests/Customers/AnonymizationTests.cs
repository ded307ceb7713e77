using Clientele.Addresses;
using Clientele.Customers;
using Clientele.Orders;
using Clientele.Organizations;
using Clientele.Tags;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Clientele.Tests.Customers;

/// <summary>_request_anonymization and _cancel_anonymization, and the job that erases a customer after the grace period.</summary>
public abstract class AnonymizationTests(ApiFixture api)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AnonymizationJob Job => api.Services.GetRequiredService<AnonymizationJob>();

    private async Task<Reply> TriggerAsync(string id, object attributes, ApiClient? client = null) =>
        await (client ?? await api.IntegrationAsync()).PatchAsync($"/api/customers/{id}", Body.Update("customers", id, attributes));

    private async Task<Customer> LoadAsync(string id)
    {
        Customer? customer = null;
        await api.WithDbAsync(async db => customer = await db.Customers.AsNoTracking().SingleAsync(c => c.Id == id, Ct));
        return customer!;
    }

    /// <summary>Requests and claims left by earlier tests in the class are run first, so that counts below are this test's own.</summary>
    private async Task DrainAsync()
    {
        api.Clock.Advance(TimeSpan.FromDays(2));
        await Job.RunDueAsync(Ct);
    }

    [Fact]
    public async Task A_request_waits_for_the_grace_period_and_then_runs()
    {
        var id = await api.CreateCustomerAsync(Unique.Email(), Unique.Password);

        var requested = await TriggerAsync(id, new { _request_anonymization = true });
        api.Clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromMinutes(1));
        await Job.RunDueAsync(Ct);
        var before = await LoadAsync(id);
        api.Clock.Advance(TimeSpan.FromMinutes(2));
        await Job.RunDueAsync(Ct);
        var after = await (await api.IntegrationAsync()).GetAsync($"/api/customers/{id}");

        requested.Status.ShouldBe(HttpStatusCode.OK, requested.Text);
        requested.Attributes.GetProperty("anonymization_status").GetString().ShouldBe("requested");
        var info = requested.Attributes.GetProperty("anonymization_info");
        info.GetProperty("status").GetString().ShouldBe("requested");
        info.GetProperty("requested_at").GetString()!.ShouldMatch(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$");
        foreach (var name in new[] { "started_at", "completed_at", "cancelled_at", "failed_at" })
            info.GetProperty(name).ValueKind.ShouldBe(JsonValueKind.Null);
        before.AnonymizationStatus.ShouldBe("requested");
        before.AnonymizationDueAt!.Value.ShouldBe(before.AnonymizationRequestedAt!.Value.AddHours(24), TimeSpan.FromMilliseconds(1));
        after.Attributes.GetProperty("anonymization_status").GetString().ShouldBe("completed");
        after.Attributes.GetProperty("email").GetString().ShouldBe($"anonymized-{id}@anonymized.invalid");
        var done = after.Attributes.GetProperty("anonymization_info");
        done.GetProperty("status").GetString().ShouldBe("completed");
        done.GetProperty("started_at").GetString().ShouldNotBeNull();
        done.GetProperty("completed_at").GetString().ShouldNotBeNull();
        done.GetProperty("requested_at").GetString().ShouldBe(info.GetProperty("requested_at").GetString());
    }

    [Fact]
    public async Task Anonymization_info_is_null_before_any_request()
    {
        var id = await api.CreateCustomerAsync(Unique.Email());

        var read = await (await api.IntegrationAsync()).GetAsync($"/api/customers/{id}");

        read.Attributes.GetProperty("anonymization_status").ValueKind.ShouldBe(JsonValueKind.Null);
        read.Attributes.GetProperty("anonymization_info").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task The_grace_period_is_configurable()
    {
        using var app = api.AnotherInstance(("Clientele:AnonymizationGraceHours", "2"));
        var client = ApiFixture.ClientOf(app, await api.IntegrationTokenAsync());
        var id = await api.CreateCustomerAsync(Unique.Email());

        (await TriggerAsync(id, new { _request_anonymization = true }, client)).Status.ShouldBe(HttpStatusCode.OK);
        var customer = await LoadAsync(id);

        customer.AnonymizationDueAt!.Value.ShouldBe(customer.AnonymizationRequestedAt!.Value.AddHours(2), TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task A_cancel_during_the_grace_period_stops_the_request()
    {
        var email = Unique.Email();
        var id = await api.CreateCustomerAsync(email, Unique.Password);

        await TriggerAsync(id, new { _request_anonymization = true });
        api.Clock.Advance(TimeSpan.FromHours(23));
        var cancelled = await TriggerAsync(id, new { _cancel_anonymization = true });
        api.Clock.Advance(TimeSpan.FromHours(2));
        await Job.RunDueAsync(Ct);
        var customer = await LoadAsync(id);

        cancelled.Status.ShouldBe(HttpStatusCode.OK, cancelled.Text);
        cancelled.Attributes.GetProperty("anonymization_status").GetString().ShouldBe("cancelled");
        cancelled.Attributes.GetProperty("anonymization_info").GetProperty("cancelled_at").GetString().ShouldNotBeNull();
        customer.AnonymizationStatus.ShouldBe("cancelled");
        customer.Email.ShouldBe(email);
        (await api.PasswordGrantAsync(email, Unique.Password)).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_cancel_after_the_job_started_or_completed_is_422()
    {
        var completed = await api.CreateCustomerAsync(Unique.Email());
        await TriggerAsync(completed, new { _request_anonymization = true });
        api.Clock.Advance(TimeSpan.FromHours(25));
        await Job.RunDueAsync(Ct);
        // A request the job has just claimed: started, and not stale.
        var started = await api.CreateCustomerAsync(Unique.Email());
        await TriggerAsync(started, new { _request_anonymization = true });
        await api.WithDbAsync(async db =>
        {
            var customer = await db.Customers.SingleAsync(c => c.Id == started, Ct);
            customer.AnonymizationStatus = "started";
            customer.AnonymizationStartedAt = db.UtcNow;
            await db.SaveChangesAsync(Ct);
        });

        foreach (var (id, status) in new[] { (started, "started"), (completed, "completed") })
        {
            var reply = await TriggerAsync(id, new { _cancel_anonymization = true });

            reply.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, reply.Text);
            reply.Code.ShouldBe("VALIDATION_ERROR");
            reply.Pointer.ShouldBe("/data/attributes/_cancel_anonymization");
            (await LoadAsync(id)).AnonymizationStatus.ShouldBe(status);
        }
    }

    [Fact]
    public async Task Sales_channels_may_not_send_the_triggers()
    {
        var (id, customer, _) = await api.CustomerAsync();

        var request = await TriggerAsync(id, new { _request_anonymization = true }, customer);
        var cancel = await TriggerAsync(id, new { _cancel_anonymization = true }, customer);

        foreach (var reply in new[] { request, cancel })
        {
            reply.Status.ShouldBe(HttpStatusCode.Unauthorized, reply.Text);
            reply.Code.ShouldBe("UNAUTHORIZED");
        }
        (await LoadAsync(id)).AnonymizationStatus.ShouldBeNull();
    }

    [Fact]
    public async Task Running_erases_every_personal_field_and_keeps_order_amounts()
    {
        var email = Unique.Email();
        var integration = await api.IntegrationAsync();
        var created = await integration.PostAsync("/api/customers", Body.Resource("customers", new
        {
            email, password = Unique.Password, reference = "crm-42", reference_origin = "crm", metadata = new { phone = "+39 555" },
            tax_exemption_code = "IT-123",
        }));
        var id = created.Id;
        var login = (await api.PasswordGrantAsync(email, Unique.Password)).Json;
        string addressId = "", createdAddressId = "", otherAddressId = "", orderId = "";
        await api.WithDbAsync(async db =>
        {
            var tag = new Tag { Name = Unique.Code("vip")[..20] };
            Address Personal() => new()
            {
                FirstName = "Ada", LastName = "Lovelace", Company = "Engines Ltd", Line1 = "1 Main St", Line2 = "Flat 2", City = "London",
                ZipCode = "N1", CountryCode = "GB", Phone = "+44 20", Email = "ada@example.com", Notes = "ring twice", BillingInfo = "VAT 1",
                Lat = 51.5, Lng = -0.1,
            };
            var book = Personal();
            var own = Personal();
            own.CreatedByCustomerId = id;
            var other = Personal();
            var order = new Order { Number = Random.Shared.Next(1, int.MaxValue), CustomerId = id, CustomerEmail = email, TotalAmountCents = 12_345, Status = "placed" };
            db.AddRange(tag, book, own, other, order);
            db.Add(new CustomerTag { CustomerId = id, TagId = tag.Id });
            db.Add(new CustomerAddress { CustomerId = id, AddressId = book.Id });
            await db.SaveChangesAsync(Ct);
            (addressId, createdAddressId, otherAddressId, orderId) = (book.Id, own.Id, other.Id, order.Id);
        });
        await DrainAsync();

        await TriggerAsync(id, new { _request_anonymization = true });
        api.Clock.Advance(TimeSpan.FromHours(25));
        (await Job.RunDueAsync(Ct)).ShouldBe(1);

        await api.WithDbAsync(async db =>
        {
            var customer = await db.Customers.AsNoTracking().SingleAsync(c => c.Id == id, Ct);
            customer.Email.ShouldBe($"anonymized-{id}@anonymized.invalid");
            customer.PasswordHash.ShouldBeNull();
            customer.Reference.ShouldBeNull();
            customer.ReferenceOrigin.ShouldBeNull();
            customer.TaxExemptionCode.ShouldBeNull();
            customer.Metadata.ShouldBe("{}");
            customer.AnonymizationStatus.ShouldBe("completed");
            customer.AnonymizationCompletedAt.ShouldNotBeNull();
            (await db.CustomerTags.CountAsync(t => t.CustomerId == id, Ct)).ShouldBe(0);
            foreach (var erasedId in new[] { addressId, createdAddressId })
            {
                var address = await db.Addresses.AsNoTracking().SingleAsync(a => a.Id == erasedId, Ct);
                new[] { address.FirstName, address.LastName, address.Company, address.Line1, address.Line2, address.Phone, address.Email, address.Notes, address.BillingInfo }
                    .ShouldAllBe(v => v == null);
                address.Lat.ShouldBeNull();
                address.Lng.ShouldBeNull();
                address.City.ShouldBe("London");
                address.CountryCode.ShouldBe("GB");
            }
            (await db.Addresses.AsNoTracking().SingleAsync(a => a.Id == otherAddressId, Ct)).FirstName.ShouldBe("Ada");
            var order = await db.Orders.AsNoTracking().SingleAsync(o => o.Id == orderId, Ct);
            order.CustomerEmail.ShouldBeNull();
            order.TotalAmountCents.ShouldBe(12_345);
            order.CustomerId.ShouldBe(id);
            order.Status.ShouldBe("placed");
        });
        var read = await api.Client(login.GetProperty("access_token").GetString()).GetAsync($"/api/customers/{id}");
        read.Status.ShouldBe(HttpStatusCode.Unauthorized, read.Text);
        read.Code.ShouldBe("INVALID_TOKEN");
        var refreshed = await api.TokenAsync(new
        {
            grant_type = "refresh_token",
            client_id = api.Credentials(ApplicationKinds.SalesChannel).ClientId,
            refresh_token = login.GetProperty("refresh_token").GetString(),
        });
        refreshed.Status.ShouldBe(HttpStatusCode.Unauthorized, refreshed.Text);
        (await api.PasswordGrantAsync(email, Unique.Password)).Status.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_run_that_throws_rolls_back_and_marks_the_request_failed()
    {
        await DrainAsync();
        var email = Unique.Email();
        var id = await api.CreateCustomerAsync(email, Unique.Password);
        var squatter = new Customer { Email = AnonymizationJob.AnonymizedEmail(id) };
        // Another row already holds the anonymized address, so the erasure's save breaks the unique index.
        await api.WithDbAsync(async db =>
        {
            db.Add(squatter);
            await db.SaveChangesAsync(Ct);
        });
        await TriggerAsync(id, new { _request_anonymization = true, metadata = new { keep = true } });
        api.Clock.Advance(TimeSpan.FromHours(25));

        var completed = await Job.RunDueAsync(Ct);
        var failed = await (await api.IntegrationAsync()).GetAsync($"/api/customers/{id}");
        var loginAfterFailure = await api.PasswordGrantAsync(email, Unique.Password);
        await api.WithDbAsync(async db =>
        {
            db.Remove(await db.Customers.SingleAsync(c => c.Id == squatter.Id, Ct));
            await db.SaveChangesAsync(Ct);
        });
        var retried = await TriggerAsync(id, new { _request_anonymization = true });
        api.Clock.Advance(TimeSpan.FromHours(25));
        var retriedRuns = await Job.RunDueAsync(Ct);

        completed.ShouldBe(0);
        failed.Attributes.GetProperty("anonymization_status").GetString().ShouldBe("failed");
        failed.Attributes.GetProperty("anonymization_info").GetProperty("failed_at").GetString().ShouldNotBeNull();
        failed.Attributes.GetProperty("email").GetString().ShouldBe(email);
        failed.Attributes.GetProperty("metadata").GetProperty("keep").GetBoolean().ShouldBeTrue();
        loginAfterFailure.Status.ShouldBe(HttpStatusCode.OK, loginAfterFailure.Text);
        retried.Attributes.GetProperty("anonymization_status").GetString().ShouldBe("requested");
        retried.Attributes.GetProperty("anonymization_info").GetProperty("failed_at").ValueKind.ShouldBe(JsonValueKind.Null);
        retriedRuns.ShouldBe(1);
        (await LoadAsync(id)).AnonymizationStatus.ShouldBe("completed");
    }

    [Fact]
    public async Task The_email_can_be_registered_again_afterwards()
    {
        var email = Unique.Email();
        var id = await api.CreateCustomerAsync(email, Unique.Password);
        await TriggerAsync(id, new { _request_anonymization = true });
        api.Clock.Advance(TimeSpan.FromHours(25));
        await Job.RunDueAsync(Ct);

        var again = await (await api.IntegrationAsync()).PostAsync("/api/customers", Body.Resource("customers", new { email, password = Unique.Password }));
        var login = await api.PasswordGrantAsync(email, Unique.Password);

        again.Status.ShouldBe(HttpStatusCode.Created, again.Text);
        again.Id.ShouldNotBe(id);
        login.Json.GetProperty("owner_id").GetString().ShouldBe(again.Id);
    }

    [Fact]
    public async Task Concurrent_runs_on_two_servers_anonymize_a_customer_once()
    {
        await DrainAsync();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var id = await api.CreateCustomerAsync(Unique.Email());
            await TriggerAsync(id, new { _request_anonymization = true });
            ids.Add(id);
        }
        using var other = api.AnotherInstance();
        var otherJob = other.Services.GetRequiredService<AnonymizationJob>();
        api.Clock.Advance(TimeSpan.FromHours(25));

        var runs = await Task.WhenAll(Job.RunDueAsync(Ct), otherJob.RunDueAsync(Ct), Job.RunDueAsync(Ct), otherJob.RunDueAsync(Ct));

        runs.Sum().ShouldBe(3);
        foreach (var id in ids) (await LoadAsync(id)).AnonymizationStatus.ShouldBe("completed");
        (await Job.RunDueAsync(Ct)).ShouldBe(0);
    }

    [Fact]
    public async Task A_stale_claim_is_taken_over_even_while_a_full_batch_of_earlier_requests_is_due()
    {
        await DrainAsync();
        var waiting = new List<string>();
        for (var i = 0; i < AnonymizationJob.BatchSize; i++) waiting.Add(await api.CreateCustomerAsync(Unique.Email("due")));
        var stale = await api.CreateCustomerAsync(Unique.Email("stale"));
        await api.WithDbAsync(async db =>
        {
            var now = db.UtcNow;
            await db.Customers.Where(c => waiting.Contains(c.Id)).ExecuteUpdateAsync(s => s
                .SetProperty(c => c.AnonymizationStatus, AnonymizationStatus.Requested)
                .SetProperty(c => c.AnonymizationRequestedAt, now.AddHours(-30))
                .SetProperty(c => c.AnonymizationDueAt, now.AddHours(-6)), Ct);
            // Due after every waiting request, and claimed by a process that died 20 minutes ago.
            await db.Customers.Where(c => c.Id == stale).ExecuteUpdateAsync(s => s
                .SetProperty(c => c.AnonymizationStatus, AnonymizationStatus.Started)
                .SetProperty(c => c.AnonymizationRequestedAt, now.AddHours(-29))
                .SetProperty(c => c.AnonymizationDueAt, now.AddHours(-5))
                .SetProperty(c => c.AnonymizationStartedAt, now.AddMinutes(-20)), Ct);
        });

        var completed = await Job.RunDueAsync(Ct);

        completed.ShouldBe(AnonymizationJob.BatchSize);
        (await LoadAsync(stale)).AnonymizationStatus.ShouldBe("completed");
        var completedWaiting = 0;
        await api.WithDbAsync(async db => completedWaiting = await db.Customers.CountAsync(c => waiting.Contains(c.Id) && c.AnonymizationStatus == AnonymizationStatus.Completed, Ct));
        completedWaiting.ShouldBe(AnonymizationJob.BatchSize - 1);
    }

    [Fact]
    public async Task A_restarted_server_runs_due_requests_at_start_and_takes_over_stale_ones()
    {
        await DrainAsync();
        var due = await api.CreateCustomerAsync(Unique.Email());
        var stale = await api.CreateCustomerAsync(Unique.Email());
        var fresh = await api.CreateCustomerAsync(Unique.Email());
        foreach (var id in new[] { due, stale, fresh }) await TriggerAsync(id, new { _request_anonymization = true });
        api.Clock.Advance(TimeSpan.FromHours(25));
        await api.WithDbAsync(async db =>
        {
            // Two claims whose processes died: one long ago, one a moment ago (maybe still running).
            foreach (var (id, age) in new[] { (stale, TimeSpan.FromMinutes(20)), (fresh, TimeSpan.FromMinutes(5)) })
            {
                var customer = await db.Customers.SingleAsync(c => c.Id == id, Ct);
                customer.AnonymizationStatus = "started";
                customer.AnonymizationStartedAt = db.UtcNow - age;
            }
            await db.SaveChangesAsync(Ct);
        });

        using var restarted = api.AnotherInstance(("Clientele:AnonymizationPollSeconds", "3600"));
        _ = restarted.Services; // starts the host, and with it the job's first run
        string?[] statuses = [];
        for (var attempt = 0; attempt < 200; attempt++)
        {
            statuses = [(await LoadAsync(due)).AnonymizationStatus, (await LoadAsync(stale)).AnonymizationStatus];
            if (statuses.All(s => s == "completed")) break;
            await Task.Delay(50, Ct);
        }

        statuses.ShouldBe(["completed", "completed"]);
        (await LoadAsync(fresh)).AnonymizationStatus.ShouldBe("started");
    }

    [Fact]
    public async Task The_job_runs_on_its_timer()
    {
        using var app = api.AnotherInstance(("Clientele:AnonymizationPollSeconds", "60"));
        _ = app.Services;
        var id = await api.CreateCustomerAsync(Unique.Email());
        await TriggerAsync(id, new { _request_anonymization = true });

        api.Clock.Advance(TimeSpan.FromHours(25));
        string? status = null;
        for (var attempt = 0; attempt < 200 && status != "completed"; attempt++)
        {
            await Task.Delay(50, Ct);
            api.Clock.Advance(TimeSpan.FromSeconds(61));
            status = (await LoadAsync(id)).AnonymizationStatus;
        }

        status.ShouldBe("completed");
    }
}

public sealed class AnonymizationOnSqlite(SqliteApi api) : AnonymizationTests(api), IClassFixture<SqliteApi>;

public sealed class AnonymizationOnPostgres(PostgresApi api) : AnonymizationTests(api), IClassFixture<PostgresApi>;
