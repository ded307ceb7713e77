using Clientele.Persistence;

namespace Clientele.Tests.Customers;

public abstract class CustomersTests(ApiFixture api)
{
    [Fact]
    public async Task Create_stores_the_canonical_email_and_never_returns_the_password()
    {
        var client = await api.IntegrationAsync();
        var local = Guid.NewGuid().ToString("N");

        var reply = await client.PostAsync("/api/customers", Body.Resource("customers", new { email = $"  Ann.{local}@BÜCHER.Example ", password = Unique.Password, reference = "erp-1" }));

        reply.Status.ShouldBe(HttpStatusCode.Created, reply.Text);
        reply.Response.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.api+json");
        reply.Data.GetProperty("type").GetString().ShouldBe("customers");
        reply.Id.Length.ShouldBe(10);
        reply.Id.ShouldMatch("^[A-Za-z0-9]{10}$");
        var attributes = reply.Attributes;
        attributes.GetProperty("email").GetString().ShouldBe($"ann.{local}@xn--bcher-kva.example");
        attributes.TryGetProperty("password", out _).ShouldBeFalse();
        attributes.TryGetProperty("id", out _).ShouldBeFalse();
        attributes.GetProperty("has_password").GetBoolean().ShouldBeTrue();
        attributes.GetProperty("status").GetString().ShouldBe("prospect");
        attributes.GetProperty("total_orders_count").GetInt32().ShouldBe(0);
        attributes.GetProperty("reference").GetString().ShouldBe("erp-1");
        attributes.GetProperty("metadata").ValueKind.ShouldBe(JsonValueKind.Object);
        attributes.GetProperty("shopper_reference").GetString()!.Length.ShouldBeGreaterThanOrEqualTo(3);
        attributes.GetProperty("profile_id").GetString().ShouldNotBeNullOrEmpty();
        attributes.GetProperty("created_at").GetString()!.ShouldMatch(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$");
        reply.Data.GetProperty("meta").GetProperty("mode").GetString().ShouldBe("test");
        reply.Data.GetProperty("links").GetProperty("self").GetString().ShouldEndWith($"/api/customers/{reply.Id}");
        reply.Data.GetProperty("relationships").GetProperty("customer_group").GetProperty("links").GetProperty("related").GetString()
            .ShouldEndWith($"/api/customers/{reply.Id}/customer_group");
    }

    [Fact]
    public async Task Password_is_stored_only_as_a_slow_salted_hash()
    {
        var email = Unique.Email();
        var id = await api.CreateCustomerAsync(email, Unique.Password);

        string? hash = null;
        await api.WithDbAsync(async db => hash = (await db.Customers.FindAsync([id], TestContext.Current.CancellationToken))!.PasswordHash);

        hash.ShouldNotBeNull();
        hash.ShouldNotContain(Unique.Password);
        Convert.FromBase64String(hash)[0].ShouldBe((byte)0x01); // PasswordHasher V3: PBKDF2 with a per-hash salt
    }

    [Fact]
    public async Task Twenty_concurrent_sign_ups_of_one_address_in_mixed_case_create_exactly_one_customer()
    {
        var local = Guid.NewGuid().ToString("N");
        var token = await api.GuestTokenAsync();
        var variants = Enumerable.Range(0, 20).Select(i => i % 2 == 0 ? $"Race.{local}@Example.com" : $"race.{local}@EXAMPLE.COM ").ToList();

        var replies = await Task.WhenAll(variants.Select(email => api.Client(token).PostAsync("/api/customers", Body.Resource("customers", new { email }))));

        replies.Count(r => r.Status == HttpStatusCode.Created).ShouldBe(1, string.Join("\n", replies.Select(r => r.Text)));
        foreach (var rejected in replies.Where(r => r.Status != HttpStatusCode.Created))
        {
            rejected.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, rejected.Text);
            rejected.Code.ShouldBe("VALIDATION_ERROR");
            rejected.Pointer.ShouldBe("/data/attributes/email");
            rejected.MetaError.ShouldBe("taken");
        }
    }

    [Fact]
    public async Task The_same_email_may_exist_once_in_test_and_once_in_live()
    {
        var email = Unique.Email();

        var test = await (await api.IntegrationAsync(Modes.Test)).PostAsync("/api/customers", Body.Resource("customers", new { email }));
        var live = await (await api.IntegrationAsync(Modes.Live)).PostAsync("/api/customers", Body.Resource("customers", new { email }));
        var again = await (await api.IntegrationAsync(Modes.Live)).PostAsync("/api/customers", Body.Resource("customers", new { email = email.ToUpperInvariant() }));

        test.Status.ShouldBe(HttpStatusCode.Created);
        live.Status.ShouldBe(HttpStatusCode.Created);
        live.Data.GetProperty("meta").GetProperty("mode").GetString().ShouldBe("live");
        again.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        again.MetaError.ShouldBe("taken");
    }

    [Theory]
    [InlineData("not-an-email", "invalid")]
    [InlineData("two@@example.com", "invalid")]
    [InlineData("nodot@localhost", "invalid")]
    [InlineData("   ", "blank")]
    public async Task Invalid_emails_are_refused_with_422_on_the_email_pointer(string email, string error)
    {
        var reply = await (await api.IntegrationAsync()).PostAsync("/api/customers", Body.Resource("customers", new { email }));

        reply.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        reply.Code.ShouldBe("VALIDATION_ERROR");
        reply.Pointer.ShouldBe("/data/attributes/email");
        reply.MetaError.ShouldBe(error);
    }

    [Theory]
    [InlineData(7, "too_short")]
    [InlineData(129, "too_long")]
    public async Task Passwords_outside_8_to_128_characters_are_refused(int length, string error)
    {
        var reply = await (await api.IntegrationAsync()).PostAsync("/api/customers",
            Body.Resource("customers", new { email = Unique.Email(), password = new string('p', length) }));

        reply.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        reply.Pointer.ShouldBe("/data/attributes/password");
        reply.MetaError.ShouldBe(error);
    }

    [Fact]
    public async Task A_missing_email_is_blank_and_nothing_is_written()
    {
        var client = await api.IntegrationAsync();
        var reference = Unique.Code();

        var reply = await client.PostAsync("/api/customers", Body.Resource("customers", new { reference }));
        var listed = await client.GetAsync($"/api/customers?filter[q][reference_eq]={reference}");

        reply.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        reply.Pointer.ShouldBe("/data/attributes/email");
        reply.MetaError.ShouldBe("blank");
        listed.RecordCount.ShouldBe(0);
    }

    [Fact]
    public async Task Patching_metadata_replaces_the_whole_object()
    {
        var client = await api.IntegrationAsync();
        var created = await client.PostAsync("/api/customers", Body.Resource("customers", new { email = Unique.Email(), metadata = new { tier = "gold", keep = 1 } }));

        var updated = await client.PatchAsync($"/api/customers/{created.Id}", Body.Update("customers", created.Id, new { metadata = new { tier = "silver" } }));
        var read = await client.GetAsync($"/api/customers/{created.Id}");

        updated.Status.ShouldBe(HttpStatusCode.OK, updated.Text);
        read.Attributes.GetProperty("metadata").GetProperty("tier").GetString().ShouldBe("silver");
        read.Attributes.GetProperty("metadata").TryGetProperty("keep", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task Metadata_over_16_KB_is_too_long()
    {
        var reply = await (await api.IntegrationAsync()).PostAsync("/api/customers",
            Body.Resource("customers", new { email = Unique.Email(), metadata = new { blob = new string('x', 16 * 1024) } }));

        reply.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        reply.Pointer.ShouldBe("/data/attributes/metadata");
        reply.MetaError.ShouldBe("too_long");
    }

    [Fact]
    public async Task Read_only_and_unknown_attributes_are_not_allowed()
    {
        var client = await api.IntegrationAsync();
        var id = await api.CreateCustomerAsync(Unique.Email());

        var status = await client.PatchAsync($"/api/customers/{id}", Body.Update("customers", id, new { status = "repeat" }));
        var unknown = await client.PostAsync("/api/customers", Body.Resource("customers", new { email = Unique.Email(), favourite_colour = "red" }));

        status.Status.ShouldBe(HttpStatusCode.BadRequest);
        status.Code.ShouldBe("PARAM_NOT_ALLOWED");
        status.Pointer.ShouldBe("/data/attributes/status");
        unknown.Status.ShouldBe(HttpStatusCode.BadRequest);
        unknown.Code.ShouldBe("PARAM_NOT_ALLOWED");
        unknown.Pointer.ShouldBe("/data/attributes/favourite_colour");
    }

    [Fact]
    public async Task Delete_answers_204_without_a_body_then_404_and_frees_the_email()
    {
        var client = await api.IntegrationAsync();
        var email = Unique.Email();
        var id = await api.CreateCustomerAsync(email, Unique.Password);

        var deleted = await client.DeleteAsync($"/api/customers/{id}");
        var read = await client.GetAsync($"/api/customers/{id}");
        var related = await client.GetAsync($"/api/customers/{id}/customer_group");
        var again = await client.PostAsync("/api/customers", Body.Resource("customers", new { email }));

        deleted.Status.ShouldBe(HttpStatusCode.NoContent);
        deleted.Text.ShouldBeEmpty();
        read.Status.ShouldBe(HttpStatusCode.NotFound);
        read.Code.ShouldBe("RECORD_NOT_FOUND");
        related.Status.ShouldBe(HttpStatusCode.NotFound);
        again.Status.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_guest_gets_a_password_by_a_plain_patch()
    {
        var client = await api.IntegrationAsync();
        var email = Unique.Email();
        var id = await api.CreateCustomerAsync(email);

        var updated = await client.PatchAsync($"/api/customers/{id}", Body.Update("customers", id, new { password = Unique.Password }));
        var login = await api.PasswordGrantAsync(email, Unique.Password);

        updated.Attributes.GetProperty("has_password").GetBoolean().ShouldBeTrue();
        login.Status.ShouldBe(HttpStatusCode.OK, login.Text);
        login.Json.GetProperty("owner_id").GetString().ShouldBe(id);
    }
}

public sealed class CustomersOnSqlite(SqliteApi api) : CustomersTests(api), IClassFixture<SqliteApi>;

public sealed class CustomersOnPostgres(PostgresApi api) : CustomersTests(api), IClassFixture<PostgresApi>;
