namespace Clientele.Tests.Subscriptions;

public abstract class CustomerSubscriptionsTests(ApiFixture api)
{
    private static object Subscription(string email, string? reference) => Body.Resource("customer_subscriptions", new { customer_email = email, reference });

    [Fact]
    public async Task The_customer_email_finds_the_customer_which_becomes_the_customer_relationship()
    {
        var integration = await api.IntegrationAsync();
        var email = Unique.Email();
        var customerId = await api.CreateCustomerAsync(email);

        var reply = await integration.PostAsync("/api/customer_subscriptions?include=customer", Subscription($"  {email.ToUpperInvariant()} ", "newsletter"));

        reply.Status.ShouldBe(HttpStatusCode.Created, reply.Text);
        reply.Attributes.GetProperty("customer_email").GetString().ShouldBe(email);
        reply.Attributes.GetProperty("reference").GetString().ShouldBe("newsletter");
        reply.Data.GetProperty("relationships").GetProperty("customer").GetProperty("data").GetProperty("id").GetString().ShouldBe(customerId);
        (await integration.GetAsync($"/api/customer_subscriptions?filter[q][customer_email_eq]={Uri.EscapeDataString(email)}")).Ids.ShouldBe([reply.Id]);
    }

    [Fact]
    public async Task An_email_of_no_customer_of_this_organization_and_mode_is_refused()
    {
        var email = Unique.Email();
        await api.CreateCustomerAsync(email, mode: Persistence.Modes.Live);
        var integration = await api.IntegrationAsync();

        var unknown = await integration.PostAsync("/api/customer_subscriptions", Subscription(email, "news"));
        var missing = await integration.PostAsync("/api/customer_subscriptions", Body.Resource("customer_subscriptions", new { reference = "news" }));

        unknown.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, unknown.Text);
        unknown.Pointer.ShouldBe("/data/attributes/customer_email");
        unknown.MetaError.ShouldBe("invalid");
        missing.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, missing.Text);
        missing.Pointer.ShouldBe("/data/attributes/customer_email");
        missing.MetaError.ShouldBe("blank");
    }

    [Fact]
    public async Task The_reference_is_required()
    {
        var email = Unique.Email();
        await api.CreateCustomerAsync(email);
        var integration = await api.IntegrationAsync();

        var missing = await integration.PostAsync("/api/customer_subscriptions", Body.Resource("customer_subscriptions", new { customer_email = email }));
        var blank = await integration.PostAsync("/api/customer_subscriptions", Subscription(email, " "));

        missing.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, missing.Text);
        missing.Pointer.ShouldBe("/data/attributes/reference");
        missing.MetaError.ShouldBe("blank");
        blank.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, blank.Text);
        blank.Pointer.ShouldBe("/data/attributes/reference");
    }

    [Fact]
    public async Task A_reference_is_unique_per_customer_only()
    {
        var integration = await api.IntegrationAsync();
        var email = Unique.Email();
        var otherEmail = Unique.Email();
        await api.CreateCustomerAsync(email);
        await api.CreateCustomerAsync(otherEmail);
        (await integration.PostAsync("/api/customer_subscriptions", Subscription(email, "weekly"))).Status.ShouldBe(HttpStatusCode.Created);
        var second = await integration.PostAsync("/api/customer_subscriptions", Subscription(email, "monthly"));

        var again = await integration.PostAsync("/api/customer_subscriptions", Subscription(email, "weekly"));
        var other = await integration.PostAsync("/api/customer_subscriptions", Subscription(otherEmail, "weekly"));
        var renamed = await integration.PatchAsync($"/api/customer_subscriptions/{second.Id}", Body.Update("customer_subscriptions", second.Id, new { reference = "weekly" }));

        again.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, again.Text);
        again.Pointer.ShouldBe("/data/attributes/reference");
        again.MetaError.ShouldBe("taken");
        other.Status.ShouldBe(HttpStatusCode.Created, other.Text);
        renamed.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, renamed.Text);
        renamed.MetaError.ShouldBe("taken");
    }

    [Fact]
    public async Task Concurrent_subscriptions_with_one_reference_create_exactly_one()
    {
        var email = Unique.Email();
        await api.CreateCustomerAsync(email);
        var token = await api.IntegrationTokenAsync();

        var replies = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => api.Client(token).PostAsync("/api/customer_subscriptions", Subscription(email, "race"))));

        replies.Count(r => r.Status == HttpStatusCode.Created).ShouldBe(1, string.Join("\n", replies.Select(r => r.Text)));
        foreach (var rejected in replies.Where(r => r.Status != HttpStatusCode.Created))
        {
            rejected.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, rejected.Text);
            rejected.Pointer.ShouldBe("/data/attributes/reference");
            rejected.MetaError.ShouldBe("taken");
        }
    }

    [Fact]
    public async Task The_customer_email_cannot_be_changed_after_creation()
    {
        var integration = await api.IntegrationAsync();
        var email = Unique.Email();
        await api.CreateCustomerAsync(email);
        var id = (await integration.PostAsync("/api/customer_subscriptions", Subscription(email, "news"))).Id;

        var reply = await integration.PatchAsync($"/api/customer_subscriptions/{id}", Body.Update("customer_subscriptions", id, new { customer_email = Unique.Email() }));

        reply.Status.ShouldBe(HttpStatusCode.BadRequest, reply.Text);
        reply.Code.ShouldBe("PARAM_NOT_ALLOWED");
        reply.Pointer.ShouldBe("/data/attributes/customer_email");
    }

    [Fact]
    public async Task A_customer_token_has_full_CRUD_on_its_own_subscriptions_and_cannot_subscribe_someone_else()
    {
        var (customerId, customer, token) = await api.CustomerAsync();
        var email = (await customer.GetAsync($"/api/customers/{customerId}")).Attributes.GetProperty("email").GetString()!;
        var otherEmail = Unique.Email();
        await api.CreateCustomerAsync(otherEmail);

        var created = await customer.PostAsync("/api/customer_subscriptions", Subscription(email, "offers"));
        var forOther = await customer.PostAsync("/api/customer_subscriptions", Subscription(otherEmail, "offers"));
        var list = await customer.GetAsync("/api/customer_subscriptions");
        var updated = await customer.PatchAsync($"/api/customer_subscriptions/{created.Id}", Body.Update("customer_subscriptions", created.Id, new { reference = "deals" }));
        var deleted = await customer.DeleteAsync($"/api/customer_subscriptions/{created.Id}");

        created.Status.ShouldBe(HttpStatusCode.Created, created.Text);
        forOther.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, forOther.Text);
        forOther.Pointer.ShouldBe("/data/attributes/customer_email");
        list.Ids.ShouldBe([created.Id]);
        updated.Attributes.GetProperty("reference").GetString().ShouldBe("deals");
        deleted.Status.ShouldBe(HttpStatusCode.NoContent);
        token.GetProperty("owner_id").GetString().ShouldBe(customerId);
    }

    [Fact]
    public async Task Other_customers_subscriptions_answer_404_and_guests_401()
    {
        var integration = await api.IntegrationAsync();
        var email = Unique.Email();
        await api.CreateCustomerAsync(email);
        var id = (await integration.PostAsync("/api/customer_subscriptions", Subscription(email, "news"))).Id;
        var (_, other, _) = await api.CustomerAsync();
        var guest = api.Client(await api.GuestTokenAsync());

        (await other.GetAsync($"/api/customer_subscriptions/{id}")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await other.PatchAsync($"/api/customer_subscriptions/{id}", Body.Update("customer_subscriptions", id, new { reference = "x" }))).Status.ShouldBe(HttpStatusCode.NotFound);
        (await other.DeleteAsync($"/api/customer_subscriptions/{id}")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await other.GetAsync("/api/customer_subscriptions")).RecordCount.ShouldBe(0);
        (await guest.GetAsync("/api/customer_subscriptions")).Status.ShouldBe(HttpStatusCode.Unauthorized);
        (await guest.PostAsync("/api/customer_subscriptions", Subscription(email, "guest"))).Status.ShouldBe(HttpStatusCode.Unauthorized);
    }
}

public sealed class CustomerSubscriptionsOnSqlite(SqliteApi api) : CustomerSubscriptionsTests(api), IClassFixture<SqliteApi>;

public sealed class CustomerSubscriptionsOnPostgres(PostgresApi api) : CustomerSubscriptionsTests(api), IClassFixture<PostgresApi>;
