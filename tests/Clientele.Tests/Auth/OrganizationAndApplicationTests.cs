using Clientele.Organizations;
using Clientele.Persistence;

namespace Clientele.Tests.Auth;

/// <summary>GET /api/organization and GET /api/application: the token's own organization and application, never another's.</summary>
public abstract class OrganizationAndApplicationTests(ApiFixture api)
{
    [Theory]
    [InlineData(ApiFixture.Org, Modes.Test)]
    [InlineData(ApiFixture.Org, Modes.Live)]
    [InlineData(ApiFixture.OtherOrg, Modes.Test)]
    public async Task The_organization_is_the_one_of_the_token(string org, string mode)
    {
        var token = await api.IntegrationTokenAsync(mode, org);
        var other = org == ApiFixture.Org ? ApiFixture.OtherOrg : ApiFixture.Org;
        var otherId = Jwt.Parse(await api.IntegrationTokenAsync(mode, other)).Payload.GetProperty("organization").GetProperty("id").GetString()!;

        var reply = await api.Client(token).GetAsync("/api/organization");

        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
        reply.Response.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.api+json");
        reply.Data.GetProperty("type").GetString().ShouldBe("organizations");
        reply.Id.ShouldBe(Jwt.Parse(token).Payload.GetProperty("organization").GetProperty("id").GetString());
        reply.Attributes.GetProperty("slug").GetString().ShouldBe(org);
        reply.Attributes.GetProperty("name").GetString().ShouldBe(org.ToUpperInvariant());
        reply.Data.GetProperty("meta").GetProperty("mode").GetString().ShouldBe(mode);
        reply.Data.GetProperty("meta").GetProperty("organization_id").GetString().ShouldBe(reply.Id);
        reply.Text.ShouldNotContain(otherId);
        reply.Text.ShouldNotContain(other, Case.Insensitive);
    }

    [Theory]
    [InlineData(ApplicationKinds.Integration, Modes.Test)]
    [InlineData(ApplicationKinds.Integration, Modes.Live)]
    [InlineData(ApplicationKinds.SalesChannel, Modes.Test)]
    [InlineData(ApplicationKinds.SalesChannel, Modes.Live)]
    public async Task The_application_is_the_one_of_the_token(string kind, string mode)
    {
        var token = kind == ApplicationKinds.Integration ? await api.IntegrationTokenAsync(mode) : await api.GuestTokenAsync(mode);
        var credentials = api.Credentials(kind, mode);

        var reply = await api.Client(token).GetAsync("/api/application");

        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
        reply.Data.GetProperty("type").GetString().ShouldBe("applications");
        reply.Id.ShouldBe(Jwt.Parse(token).Payload.GetProperty("application").GetProperty("id").GetString());
        reply.Attributes.GetProperty("kind").GetString().ShouldBe(kind);
        reply.Attributes.GetProperty("name").GetString().ShouldBe($"{kind} {mode}");
        reply.Attributes.GetProperty("client_id").GetString().ShouldBe(credentials.ClientId);
        reply.Attributes.GetProperty("public").GetBoolean().ShouldBe(kind == ApplicationKinds.SalesChannel);
        reply.Attributes.GetProperty("confidential").GetBoolean().ShouldBe(kind == ApplicationKinds.Integration);
        reply.Attributes.TryGetProperty("client_secret", out _).ShouldBeFalse();
        reply.Data.GetProperty("meta").GetProperty("mode").GetString().ShouldBe(mode);
        if (credentials.ClientSecret is { } secret) reply.Text.ShouldNotContain(secret);
        foreach (var other in new[] { Modes.Test, Modes.Live }.SelectMany(m => new[] { ApplicationKinds.Integration, ApplicationKinds.SalesChannel }
                     .Select(k => api.Credentials(k, m, ApiFixture.OtherOrg))))
            reply.Text.ShouldNotContain(other.ClientId);
    }

    [Fact]
    public async Task A_customer_token_sees_its_sales_channel_and_organization()
    {
        var (_, client, _) = await api.CustomerAsync(org: ApiFixture.OtherOrg);

        var organization = await client.GetAsync("/api/organization");
        var application = await client.GetAsync("/api/application");

        organization.Status.ShouldBe(HttpStatusCode.OK, organization.Text);
        organization.Attributes.GetProperty("slug").GetString().ShouldBe(ApiFixture.OtherOrg);
        application.Status.ShouldBe(HttpStatusCode.OK, application.Text);
        application.Attributes.GetProperty("client_id").GetString().ShouldBe(api.Credentials(ApplicationKinds.SalesChannel, Modes.Test, ApiFixture.OtherOrg).ClientId);
    }

    [Theory]
    [InlineData("/api/organization")]
    [InlineData("/api/application")]
    public async Task The_singletons_need_a_token(string path)
    {
        var reply = await api.Client().GetAsync(path);

        reply.Status.ShouldBe(HttpStatusCode.Unauthorized, reply.Text);
        reply.Code.ShouldBe("UNAUTHORIZED");
    }

    [Fact]
    public async Task Another_organization_cannot_be_read_by_its_id()
    {
        var globexId = Jwt.Parse(await api.IntegrationTokenAsync(org: ApiFixture.OtherOrg)).Payload.GetProperty("organization").GetProperty("id").GetString();
        var client = await api.IntegrationAsync();

        var byId = await client.GetAsync($"/api/organization/{globexId}");
        var plural = await client.GetAsync($"/api/organizations/{globexId}");

        byId.Status.ShouldBe(HttpStatusCode.NotFound, byId.Text);
        plural.Status.ShouldBe(HttpStatusCode.NotFound, plural.Text);
        byId.Text.ShouldNotContain(ApiFixture.OtherOrg, Case.Insensitive);
        plural.Text.ShouldNotContain(ApiFixture.OtherOrg, Case.Insensitive);
    }
}

public sealed class OrganizationAndApplicationOnSqlite(SqliteApi api) : OrganizationAndApplicationTests(api), IClassFixture<SqliteApi>;

public sealed class OrganizationAndApplicationOnPostgres(PostgresApi api) : OrganizationAndApplicationTests(api), IClassFixture<PostgresApi>;
