using System.Text.Json.Nodes;
using Clientele.Persistence;

namespace Clientele.Tests.JsonApi;

public abstract class RequestBodyTests(ApiFixture api)
{
    private static JsonObject CustomerDocument(JsonObject attributes, JsonObject? relationships = null, string type = "customers", string? id = null)
    {
        var data = new JsonObject { ["type"] = type };
        if (id is not null) data["id"] = id;
        data["attributes"] = attributes;
        data["relationships"] = relationships ?? new JsonObject();
        return new JsonObject { ["data"] = data };
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("not json")]
    [InlineData("{\"data\":{\"type\":\"customers\",}}")]
    [InlineData("<customer><email>a@b.example</email></customer>")]
    public async Task A_body_that_is_not_JSON_is_400_INVALID_DATA_FORMAT(string body)
    {
        var client = await api.IntegrationAsync();

        var reply = await client.SendRawAsync(HttpMethod.Post, "/api/customers", body, ApiClient.MediaType);

        reply.Status.ShouldBe(HttpStatusCode.BadRequest, reply.Text);
        reply.Code.ShouldBe("INVALID_DATA_FORMAT");
        reply.Error().GetProperty("status").GetString().ShouldBe("400");
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"data\":null}")]
    [InlineData("{\"data\":[]}")]
    [InlineData("{\"customers\":{\"email\":\"a@b.example\"}}")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("\"data\"")]
    public async Task A_body_without_a_data_object_is_400_PARAM_MISSING(string body)
    {
        var client = await api.IntegrationAsync();

        var reply = await client.SendRawAsync(HttpMethod.Post, "/api/customers", body, ApiClient.MediaType);

        reply.Status.ShouldBe(HttpStatusCode.BadRequest, reply.Text);
        reply.Code.ShouldBe("PARAM_MISSING");
        reply.Pointer.ShouldBe("/data");
    }

    [Fact]
    public async Task A_body_of_another_resource_type_is_409_TYPE_MISMATCH_on_create_and_update()
    {
        var client = await api.IntegrationAsync();
        var id = await api.CreateCustomerAsync(Unique.Email());

        var created = await client.PostAsync("/api/customers", Body.Resource("customer_groups", new { email = Unique.Email() }));
        var updated = await client.PatchAsync($"/api/customers/{id}", Body.Update("customer_groups", id, new { reference = "x" }));
        var group = await client.PostAsync("/api/customer_groups", Body.Resource("customers", new { name = "Wholesale" }));

        foreach (var reply in new[] { created, updated, group })
        {
            reply.Status.ShouldBe(HttpStatusCode.Conflict, reply.Text);
            reply.Code.ShouldBe("TYPE_MISMATCH");
            reply.Pointer.ShouldBe("/data/type");
        }
    }

    [Fact]
    public async Task A_PATCH_whose_body_id_differs_from_the_URL_is_400_KEY_NOT_INCLUDED_IN_URL_and_changes_nothing()
    {
        var client = await api.IntegrationAsync();
        var id = await api.CreateCustomerAsync(Unique.Email());
        var other = await api.CreateCustomerAsync(Unique.Email());

        var reply = await client.PatchAsync($"/api/customers/{id}", Body.Update("customers", other, new { reference = "moved" }));
        var first = await client.GetAsync($"/api/customers/{id}");
        var second = await client.GetAsync($"/api/customers/{other}");

        reply.Status.ShouldBe(HttpStatusCode.BadRequest, reply.Text);
        reply.Code.ShouldBe("KEY_NOT_INCLUDED_IN_URL");
        reply.Pointer.ShouldBe("/data/id");
        first.Attributes.GetProperty("reference").ValueKind.ShouldBe(JsonValueKind.Null);
        second.Attributes.GetProperty("reference").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task A_PATCH_without_a_body_id_updates_the_resource_of_the_URL()
    {
        var client = await api.IntegrationAsync();
        var id = await api.CreateCustomerAsync(Unique.Email());

        var reply = await client.PatchAsync($"/api/customers/{id}", Body.Resource("customers", new { reference = "no-id" }));

        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
        reply.Id.ShouldBe(id);
        reply.Attributes.GetProperty("reference").GetString().ShouldBe("no-id");
    }

    [Theory]
    [InlineData("email", "42")]
    [InlineData("email", "[\"a@b.example\"]")]
    [InlineData("reference", "true")]
    [InlineData("reference", "12")]
    [InlineData("reference_origin", "{\"a\":1}")]
    [InlineData("metadata", "\"tier=gold\"")]
    [InlineData("metadata", "[1,2]")]
    [InlineData("password", "12345678")]
    [InlineData("tax_exemption_code", "false")]
    public async Task An_attribute_of_the_wrong_JSON_type_is_400_on_its_pointer_and_nothing_is_created(string attribute, string json)
    {
        var client = await api.IntegrationAsync();
        var email = Unique.Email();
        var attributes = new JsonObject { ["email"] = email };
        attributes[attribute] = JsonNode.Parse(json);

        var reply = await client.SendRawAsync(HttpMethod.Post, "/api/customers", Seeding.Json(CustomerDocument(attributes)), ApiClient.MediaType);
        var listed = await client.GetAsync($"/api/customers?filter[q][email_eq]={email}");

        reply.Status.ShouldBe(HttpStatusCode.BadRequest, reply.Text);
        reply.Code.ShouldBe("BAD_REQUEST");
        reply.Pointer.ShouldBe($"/data/attributes/{attribute}");
        listed.RecordCount.ShouldBe(0);
    }

    [Fact]
    public async Task Every_attribute_error_of_one_body_is_reported_together()
    {
        var client = await api.IntegrationAsync();
        var attributes = new JsonObject { ["email"] = 42, ["reference"] = false, ["favourite_colour"] = "red" };

        var reply = await client.SendRawAsync(HttpMethod.Post, "/api/customers", Seeding.Json(CustomerDocument(attributes)), ApiClient.MediaType);

        reply.Status.ShouldBe(HttpStatusCode.BadRequest, reply.Text);
        reply.Errors.Select(e => e.GetProperty("source").GetProperty("pointer").GetString()).Order(StringComparer.Ordinal)
            .ShouldBe(["/data/attributes/email", "/data/attributes/favourite_colour", "/data/attributes/reference"]);
    }

    [Fact]
    public async Task A_relationship_to_a_customer_group_that_does_not_exist_is_422_and_nothing_is_created()
    {
        var client = await api.IntegrationAsync();
        var email = Unique.Email();

        var reply = await client.PostAsync("/api/customers",
            Body.Resource("customers", new { email }, new { customer_group = Body.ToOne("customer_groups", "AbCdEfGhIj") }));
        var listed = await client.GetAsync($"/api/customers?filter[q][email_eq]={email}");

        reply.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, reply.Text);
        reply.Code.ShouldBe("VALIDATION_ERROR");
        reply.Pointer.ShouldBe("/data/relationships/customer_group");
        listed.RecordCount.ShouldBe(0);
    }

    [Theory]
    [InlineData(Modes.Live, ApiFixture.Org)]
    [InlineData(Modes.Test, ApiFixture.OtherOrg)]
    public async Task A_relationship_to_a_customer_group_of_another_environment_or_organization_is_422(string mode, string org)
    {
        var foreignGroup = await api.CreateGroupAsync(mode: mode, org: org);
        var client = await api.IntegrationAsync();
        var id = await api.CreateCustomerAsync(Unique.Email());

        var reply = await client.PatchAsync($"/api/customers/{id}",
            Body.Update("customers", id, new { }, new { customer_group = Body.ToOne("customer_groups", foreignGroup) }));
        var read = await client.GetAsync($"/api/customers/{id}?include=customer_group");

        reply.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, reply.Text);
        reply.Pointer.ShouldBe("/data/relationships/customer_group");
        read.Data.GetProperty("relationships").GetProperty("customer_group").GetProperty("data").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task A_relationship_of_the_wrong_type_is_409_and_an_unknown_relationship_is_PARAM_NOT_ALLOWED()
    {
        var client = await api.IntegrationAsync();
        var other = await api.CreateCustomerAsync(Unique.Email());

        var wrongType = await client.PostAsync("/api/customers",
            Body.Resource("customers", new { email = Unique.Email() }, new { customer_group = Body.ToOne("customers", other) }));
        var unknown = await client.PostAsync("/api/customers",
            Body.Resource("customers", new { email = Unique.Email() }, new { returns = new { data = Array.Empty<object>() } }));

        wrongType.Status.ShouldBe(HttpStatusCode.Conflict, wrongType.Text);
        wrongType.Code.ShouldBe("TYPE_MISMATCH");
        unknown.Status.ShouldBe(HttpStatusCode.BadRequest, unknown.Text);
        unknown.Code.ShouldBe("PARAM_NOT_ALLOWED");
        unknown.Pointer.ShouldBe("/data/relationships/returns");
    }

    [Theory]
    [InlineData("{\"data\":{\"type\":5}}")]
    [InlineData("{\"data\":{\"attributes\":{\"email\":\"a@b.example\"}}}")]
    [InlineData("{\"data\":{\"type\":\"customers\",\"attributes\":[]}}")]
    [InlineData("{\"data\":{\"type\":\"customers\",\"attributes\":\"email\"}}")]
    [InlineData("{\"data\":{\"type\":\"customers\",\"attributes\":{\"email\":\"a@b.example\"},\"relationships\":[]}}")]
    [InlineData("{\"data\":{\"type\":\"customers\",\"attributes\":{\"email\":\"a@b.example\"},\"relationships\":{\"customer_group\":null}}}")]
    [InlineData("{\"data\":{\"type\":\"customers\",\"attributes\":{\"email\":\"a@b.example\"},\"relationships\":{\"customer_group\":{\"data\":\"abc\"}}}}")]
    [InlineData("{\"data\":{\"type\":\"customers\",\"attributes\":{\"email\":\"a@b.example\"},\"relationships\":{\"customer_group\":{\"data\":{\"type\":\"customer_groups\",\"id\":5}}}}}")]
    [InlineData("{\"data\":{\"type\":\"customers\",\"attributes\":{\"email\":\"a@b.example\"},\"relationships\":{\"customer_group\":{\"data\":[]}}}}")]
    [InlineData("{\"data\":{\"type\":\"customers\",\"id\":{\"a\":1},\"attributes\":{\"email\":\"a@b.example\"}}}")]
    [InlineData("{\"data\":{\"type\":\"customers\",\"attributes\":{\"email\":\"a@b.example\",\"email\":\"c@d.example\"}}}")]
    [InlineData("{\"data\":{\"type\":\"customers\",\"attributes\":{\"email\":1e400}}}")]
    public async Task A_malformed_body_is_a_4xx_error_document_never_a_500(string body)
    {
        var client = await api.IntegrationAsync();

        var reply = await client.SendRawAsync(HttpMethod.Post, "/api/customers", body.Replace("ok@b.example", Unique.Email(), StringComparison.Ordinal), ApiClient.MediaType);

        ((int)reply.Status).ShouldBeInRange(400, 499, reply.Text);
        reply.Errors.ShouldNotBeEmpty();
        reply.Error().GetProperty("code").GetString().ShouldNotBe("INTERNAL_SERVER_ERROR");
    }

    [Theory]
    [InlineData("{\"data\":{\"type\":\"customers\",\"attributes\":{\"email\":\"\\ud800@b.example\"}}}", "/data/attributes/email")]
    [InlineData("{\"data\":{\"type\":\"customers\",\"attributes\":{\"email\":\"ok@b.example\",\"reference\":\"\\udfff\"}}}", "/data/attributes/reference")]
    [InlineData("{\"data\":{\"type\":\"customers\",\"attributes\":{\"email\":\"ok@b.example\",\"reference\":\"a\\u0000b\"}}}", "/data/attributes/reference")]
    [InlineData("{\"data\":{\"type\":\"customers\",\"attributes\":{\"email\":\"ok@b.example\",\"password\":\"pass\\u0000word\"}}}", "/data/attributes/password")]
    [InlineData("{\"data\":{\"type\":\"customers\",\"attributes\":{\"email\":\"ok@b.example\",\"metadata\":{\"k\":[\"ok\",\"a\\u0000b\"]}}}}", "/data/attributes/metadata/k/1")]
    [InlineData("{\"data\":{\"type\":\"customers\",\"attributes\":{\"email\":\"ok@b.example\",\"metadata\":{\"a/b\":{\"\\u0000\":1}}}}}", "/data/attributes/metadata/a~1b")]
    [InlineData("{\"data\":{\"type\":\"customers\",\"attributes\":{\"email\":\"ok@b.example\"},\"relationships\":{\"customer_group\":{\"data\":{\"type\":\"customer_groups\",\"id\":\"a\\u0000b\"}}}}}", "/data/relationships/customer_group/data/id")]
    [InlineData("{\"data\":{\"type\":\"customers\\ud800\",\"attributes\":{\"email\":\"ok@b.example\"}}}", "/data/type")]
    public async Task Text_no_store_can_keep_is_400_INVALID_DATA_FORMAT_on_its_pointer_and_nothing_is_created(string body, string pointer)
    {
        var client = await api.IntegrationAsync();
        var email = Unique.Email();

        var reply = await client.SendRawAsync(HttpMethod.Post, "/api/customers", body.Replace("ok@b.example", email, StringComparison.Ordinal), ApiClient.MediaType);
        var listed = await client.GetAsync($"/api/customers?filter[q][email_eq]={email}");

        reply.Status.ShouldBe(HttpStatusCode.BadRequest, reply.Text);
        reply.Code.ShouldBe("INVALID_DATA_FORMAT");
        reply.Pointer.ShouldBe(pointer);
        listed.RecordCount.ShouldBe(0);
    }

    [Fact]
    public async Task Deeply_nested_metadata_is_refused_with_400()
    {
        var client = await api.IntegrationAsync();
        var nested = string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100);
        var body = $"{{\"data\":{{\"type\":\"customers\",\"attributes\":{{\"email\":\"{Unique.Email()}\",\"metadata\":{nested}}}}}}}";

        var reply = await client.SendRawAsync(HttpMethod.Post, "/api/customers", body, ApiClient.MediaType);

        reply.Status.ShouldBe(HttpStatusCode.BadRequest, reply.Text);
        reply.Code.ShouldBe("INVALID_DATA_FORMAT");
    }

    [Theory]
    [InlineData("1e999999", "/data/attributes/metadata/count")]
    [InlineData("-1e131072", "/data/attributes/metadata/count")]
    [InlineData("1e-16384", "/data/attributes/metadata/count")]
    [InlineData("0.5e-16383", "/data/attributes/metadata/count")]
    [InlineData("1e99999999999999999999", "/data/attributes/metadata/count")]
    [InlineData("[1, {\"deep\": 2E+200000}]", "/data/attributes/metadata/count/1/deep")]
    public async Task Numbers_outside_the_range_the_store_keeps_are_400_INVALID_DATA_FORMAT_and_nothing_is_written(string number, string pointer)
    {
        var client = await api.IntegrationAsync();
        var email = Unique.Email();
        var body = $"{{\"data\":{{\"type\":\"customers\",\"attributes\":{{\"email\":\"{email}\",\"metadata\":{{\"count\":{number}}}}}}}}}";

        var reply = await client.SendRawAsync(HttpMethod.Post, "/api/customers", body, ApiClient.MediaType);

        reply.Status.ShouldBe(HttpStatusCode.BadRequest, reply.Text);
        reply.Code.ShouldBe("INVALID_DATA_FORMAT");
        reply.Pointer.ShouldBe(pointer);
        (await client.GetAsync($"/api/customers?filter[q][email_eq]={Uri.EscapeDataString(email)}")).RecordCount.ShouldBe(0);
    }

    [Theory]
    [InlineData("1e131071")]
    [InlineData("-1.5e300")]
    [InlineData("1e-16383")]
    [InlineData("123456789012345678901234567890.123456789")]
    [InlineData("0e-16383")]
    public async Task Large_and_small_numbers_in_range_are_kept(string number)
    {
        var client = await api.IntegrationAsync();
        var body = $"{{\"data\":{{\"type\":\"customers\",\"attributes\":{{\"email\":\"{Unique.Email()}\",\"metadata\":{{\"count\":{number}}}}}}}}}";

        var reply = await client.SendRawAsync(HttpMethod.Post, "/api/customers", body, ApiClient.MediaType);

        reply.Status.ShouldBe(HttpStatusCode.Created, reply.Text);
        reply.Attributes.GetProperty("metadata").GetProperty("count").ValueKind.ShouldBe(JsonValueKind.Number);
    }
}

public sealed class RequestBodyOnSqlite(SqliteApi api) : RequestBodyTests(api), IClassFixture<SqliteApi>;

public sealed class RequestBodyOnPostgres(PostgresApi api) : RequestBodyTests(api), IClassFixture<PostgresApi>;
