using Microsoft.EntityFrameworkCore;

namespace Clientele.Tests.Customers;

public abstract class AnonymizationLockTests(ApiFixture api)
{
    [Fact]
    public async Task A_customer_being_anonymized_cannot_be_written_until_the_job_is_done()
    {
        var id = await api.CreateCustomerAsync(Unique.Email("locked"));
        await api.WithDbAsync(db => db.Customers.Where(c => c.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.AnonymizationStatus, "started"), TestContext.Current.CancellationToken));
        var client = await api.IntegrationAsync();

        var reply = await client.PatchAsync($"/api/customers/{id}", Body.Update("customers", id, new { reference = "written late" }));
        var read = await client.GetAsync($"/api/customers/{id}");

        reply.Status.ShouldBe((HttpStatusCode)423);
        reply.Code.ShouldBe("LOCKED");
        read.Attributes.GetProperty("reference").ValueKind.ShouldBe(JsonValueKind.Null);
    }
}

public sealed class AnonymizationLockOnSqlite(SqliteApi api) : AnonymizationLockTests(api), IClassFixture<SqliteApi>;

public sealed class AnonymizationLockOnPostgres(PostgresApi api) : AnonymizationLockTests(api), IClassFixture<PostgresApi>;
