namespace Clientele.Tests.JsonApi;

public abstract class FilterTests(ApiFixture api)
{
    /// <summary>The ids (in created_at order) of the tag's customers that match the extra filter parameters.</summary>
    private static async Task<List<string>> MatchAsync(ApiClient client, string tag, string filters)
    {
        var reply = await client.GetAsync($"/api/customers?filter[q][email_start]={tag}&page[size]=25&{filters}");
        reply.Status.ShouldBe(HttpStatusCode.OK, $"{filters}: {reply.Text}");
        return reply.Ids;
    }

    private static string Escape(string value) => Uri.EscapeDataString(value);

    [Fact]
    public async Task Eq_and_not_eq_never_match_null_and_their_or_null_forms_do()
    {
        var client = await api.IntegrationAsync();
        var tag = Seeding.Tag();
        var alpha = await client.CreateCustomerAsync(new { email = Seeding.Email(tag, "1"), reference = "alpha" });
        var beta = await client.CreateCustomerAsync(new { email = Seeding.Email(tag, "2"), reference = "beta" });
        var none = await client.CreateCustomerAsync(new { email = Seeding.Email(tag, "3") });

        (await MatchAsync(client, tag, "filter[q][reference_eq]=alpha")).ShouldBe([alpha]);
        (await MatchAsync(client, tag, "filter[q][reference_eq]=ALPHA")).ShouldBeEmpty();
        (await MatchAsync(client, tag, "filter[q][reference_not_eq]=alpha")).ShouldBe([beta]);
        (await MatchAsync(client, tag, "filter[q][reference_eq_or_null]=alpha")).ShouldBe([alpha, none]);
        (await MatchAsync(client, tag, "filter[q][reference_not_eq_or_null]=alpha")).ShouldBe([beta, none]);
        (await MatchAsync(client, tag, "filter[q][reference_eq_any]=alpha,beta")).ShouldBe([alpha, beta]);
    }

    [Fact]
    public async Task In_and_not_in_take_comma_separated_values_and_never_match_null()
    {
        var client = await api.IntegrationAsync();
        var tag = Seeding.Tag();
        var alpha = await client.CreateCustomerAsync(new { email = Seeding.Email(tag, "1"), reference = "alpha" });
        var beta = await client.CreateCustomerAsync(new { email = Seeding.Email(tag, "2"), reference = "beta" });
        var gamma = await client.CreateCustomerAsync(new { email = Seeding.Email(tag, "3"), reference = "gamma" });
        var none = await client.CreateCustomerAsync(new { email = Seeding.Email(tag, "4") });

        (await MatchAsync(client, tag, "filter[q][reference_in]=alpha,gamma")).ShouldBe([alpha, gamma]);
        (await MatchAsync(client, tag, "filter[q][reference_not_in]=alpha,gamma")).ShouldBe([beta]);
        (await MatchAsync(client, tag, "filter[q][reference_in_or_null]=beta")).ShouldBe([beta, none]);
        (await MatchAsync(client, tag, "filter[q][reference_not_in_or_null]=alpha,beta")).ShouldBe([gamma, none]);
    }

    [Fact]
    public async Task Cont_start_and_end_are_case_insensitive()
    {
        var client = await api.IntegrationAsync();
        var tag = Seeding.Tag();
        var winter = await client.CreateCustomerAsync(new { email = Seeding.Email(tag, "1"), reference = "Winter-Sale" });
        var ecole = await client.CreateCustomerAsync(new { email = Seeding.Email(tag, "2"), reference = "ÉCOLE Straße" });
        await client.CreateCustomerAsync(new { email = Seeding.Email(tag, "3") });

        (await MatchAsync(client, tag, "filter[q][reference_cont]=TER-s")).ShouldBe([winter]);
        (await MatchAsync(client, tag, "filter[q][reference_start]=wIN")).ShouldBe([winter]);
        (await MatchAsync(client, tag, "filter[q][reference_end]=SALE")).ShouldBe([winter]);
        (await MatchAsync(client, tag, $"filter[q][reference_cont]={Escape("école")}")).ShouldBe([ecole]);
        (await MatchAsync(client, tag, "filter[q][reference_not_cont]=sale")).ShouldBe([ecole]);
        (await MatchAsync(client, tag, "filter[q][reference_not_start]=win")).ShouldBe([ecole]);
        (await MatchAsync(client, tag, "filter[q][reference_cont_any]=sale,cole")).ShouldBe([winter, ecole]);
        (await MatchAsync(client, tag, "filter[q][reference_cont_all]=win,sale")).ShouldBe([winter]);
    }

    [Fact]
    public async Task Percent_and_underscore_in_cont_start_and_end_values_are_literal()
    {
        var client = await api.IntegrationAsync();
        var tag = Seeding.Tag();
        var literal = await client.CreateCustomerAsync(new { email = Seeding.Email(tag, "1"), reference = "50%_off" });
        await client.CreateCustomerAsync(new { email = Seeding.Email(tag, "2"), reference = "50abcoff" });
        await client.CreateCustomerAsync(new { email = Seeding.Email(tag, "3"), reference = "500xoff" });

        (await MatchAsync(client, tag, $"filter[q][reference_cont]={Escape("0%_o")}")).ShouldBe([literal]);
        (await MatchAsync(client, tag, $"filter[q][reference_start]={Escape("50%")}")).ShouldBe([literal]);
        (await MatchAsync(client, tag, $"filter[q][reference_end]={Escape("_off")}")).ShouldBe([literal]);
        (await MatchAsync(client, tag, $"filter[q][reference_cont]={Escape("%")}")).ShouldBe([literal]);
    }

    [Fact]
    public async Task Matches_is_a_case_insensitive_like_pattern()
    {
        var client = await api.IntegrationAsync();
        var tag = Seeding.Tag();
        var winter = await client.CreateCustomerAsync(new { email = Seeding.Email(tag, "1"), reference = "Winter-Sale" });
        var summer = await client.CreateCustomerAsync(new { email = Seeding.Email(tag, "2"), reference = "Summer-Sale" });

        (await MatchAsync(client, tag, $"filter[q][reference_matches]={Escape("WIN%sale")}")).ShouldBe([winter]);
        (await MatchAsync(client, tag, $"filter[q][reference_matches]={Escape("%er-sal_")}")).ShouldBe([winter, summer]);
        (await MatchAsync(client, tag, $"filter[q][reference_does_not_match]={Escape("win%")}")).ShouldBe([summer]);
    }

    [Fact]
    public async Task Lt_lteq_gt_and_gteq_compare_total_orders_count()
    {
        var client = await api.IntegrationAsync();
        var tag = Seeding.Tag();
        var ids = await client.CreateCustomersAsync(tag, 3);
        await api.ChangeStoredAsync(ids[1], c => c.TotalOrdersCount = 1);
        await api.ChangeStoredAsync(ids[2], c => c.TotalOrdersCount = 12);

        (await MatchAsync(client, tag, "filter[q][total_orders_count_gt]=0")).ShouldBe([ids[1], ids[2]]);
        (await MatchAsync(client, tag, "filter[q][total_orders_count_gteq]=1")).ShouldBe([ids[1], ids[2]]);
        (await MatchAsync(client, tag, "filter[q][total_orders_count_gt]=1")).ShouldBe([ids[2]]);
        (await MatchAsync(client, tag, "filter[q][total_orders_count_lt]=12")).ShouldBe([ids[0], ids[1]]);
        (await MatchAsync(client, tag, "filter[q][total_orders_count_lteq]=1")).ShouldBe([ids[0], ids[1]]);
        (await MatchAsync(client, tag, "filter[q][total_orders_count_eq]=12")).ShouldBe([ids[2]]);
        (await MatchAsync(client, tag, "filter[q][total_orders_count_in]=0,12")).ShouldBe([ids[0], ids[2]]);
        (await MatchAsync(client, tag, "filter[q][total_orders_count_not_eq]=0")).ShouldBe([ids[1], ids[2]]);
    }

    [Fact]
    public async Task Null_not_null_present_and_blank_tell_missing_empty_and_white_space_values_apart()
    {
        var client = await api.IntegrationAsync();
        var tag = Seeding.Tag();
        var missing = await client.CreateCustomerAsync(new { email = Seeding.Email(tag, "1") });
        var empty = await client.CreateCustomerAsync(new { email = Seeding.Email(tag, "2"), reference = "" });
        var spaces = await client.CreateCustomerAsync(new { email = Seeding.Email(tag, "3"), reference = "   " });
        var value = await client.CreateCustomerAsync(new { email = Seeding.Email(tag, "4"), reference = "x" });

        (await MatchAsync(client, tag, "filter[q][reference_null]=true")).ShouldBe([missing]);
        (await MatchAsync(client, tag, "filter[q][reference_null]=false")).ShouldBe([empty, spaces, value]);
        (await MatchAsync(client, tag, "filter[q][reference_not_null]=true")).ShouldBe([empty, spaces, value]);
        (await MatchAsync(client, tag, "filter[q][reference_present]=true")).ShouldBe([value]);
        (await MatchAsync(client, tag, "filter[q][reference_present]=false")).ShouldBe([missing, empty, spaces]);
        (await MatchAsync(client, tag, "filter[q][reference_blank]=true")).ShouldBe([missing, empty, spaces]);
        (await MatchAsync(client, tag, "filter[q][reference_blank]=false")).ShouldBe([value]);
        (await MatchAsync(client, tag, "filter[q][reference_eq]=")).ShouldBe([empty]);
    }

    [Fact]
    public async Task Metadata_takes_null_and_not_null_but_not_the_text_predicates_present_and_blank()
    {
        var client = await api.IntegrationAsync();
        var tag = Seeding.Tag();
        var plain = await client.CreateCustomerAsync(new { email = Seeding.Email(tag, "1") });
        var rich = await client.CreateCustomerAsync(new { email = Seeding.Email(tag, "2"), metadata = new { tier = "gold" } });

        var present = await client.GetAsync("/api/customers?filter[q][metadata_present]=true");
        var blank = await client.GetAsync("/api/customers?filter[q][metadata_blank]=true");

        (await MatchAsync(client, tag, "filter[q][metadata_null]=true")).ShouldBeEmpty();
        (await MatchAsync(client, tag, "filter[q][metadata_not_null]=true")).ShouldBe([plain, rich]);
        foreach (var reply in new[] { present, blank })
        {
            reply.Status.ShouldBe(HttpStatusCode.BadRequest, reply.Text);
            reply.Code.ShouldBe("FILTER_NOT_ALLOWED");
        }
    }

    [Theory]
    [InlineData("email_true")]
    [InlineData("reference_false")]
    [InlineData("total_orders_count_true")]
    [InlineData("has_password_true")]
    public async Task True_and_false_apply_only_to_filterable_boolean_attributes(string key)
    {
        var client = await api.IntegrationAsync();

        var reply = await client.GetAsync($"/api/customers?filter[q][{key}]=true");

        reply.Status.ShouldBe(HttpStatusCode.BadRequest, reply.Text);
        reply.Code.ShouldBe("FILTER_NOT_ALLOWED");
        reply.Parameter.ShouldBe($"filter[q][{key}]");
    }

    [Fact]
    public async Task Or_between_attributes_matches_either_and_clauses_are_anded()
    {
        var client = await api.IntegrationAsync();
        var tag = Seeding.Tag();
        var byReference = await client.CreateCustomerAsync(new { email = Seeding.Email(tag, "1"), reference = "crm", reference_origin = "erp" });
        var byOrigin = await client.CreateCustomerAsync(new { email = Seeding.Email(tag, "2"), reference = "other", reference_origin = "crm" });
        await client.CreateCustomerAsync(new { email = Seeding.Email(tag, "3"), reference = "other", reference_origin = "other" });

        (await MatchAsync(client, tag, "filter[q][reference_or_reference_origin_eq]=crm")).ShouldBe([byReference, byOrigin]);
        (await MatchAsync(client, tag, "filter[q][reference_or_reference_origin_eq]=crm&filter[q][reference_eq]=other")).ShouldBe([byOrigin]);
        (await MatchAsync(client, tag, $"filter[q][email_or_reference_cont]={Escape(tag + "-2")}")).ShouldBe([byOrigin]);
    }

    [Fact]
    public async Task The_id_is_filterable_and_sortable_and_stays_out_of_the_attributes()
    {
        var client = await api.IntegrationAsync();
        var tag = Seeding.Tag();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++) ids.Add(await client.CreateCustomerAsync(new { email = Seeding.Email(tag, $"{i}") }));
        var gold = await api.CreateGroupAsync($"Gold {tag}");
        var member = await client.CreateCustomerAsync(new { email = Seeding.Email(tag, "9") }, gold);

        (await MatchAsync(client, tag, $"filter[q][id_eq]={ids[1]}")).ShouldBe([ids[1]]);
        (await MatchAsync(client, tag, $"filter[q][id_in]={ids[0]},{ids[2]}")).ShouldBe([ids[0], ids[2]]);
        (await MatchAsync(client, tag, $"filter[q][id_not_in]={ids[0]},{ids[2]},{member}")).ShouldBe([ids[1]]);
        (await MatchAsync(client, tag, "sort=-id")).ShouldBe([.. ids.Append(member).OrderByDescending(id => id, StringComparer.Ordinal)]);
        var groups = await client.GetAsync($"/api/customer_groups?filter[q][id_eq]={gold}&filter[q][customers_id_eq]={member}&sort=id");
        groups.Status.ShouldBe(HttpStatusCode.OK, groups.Text);
        groups.Ids.ShouldBe([gold]);
        groups.Data[0].GetProperty("attributes").TryGetProperty("id", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task Relationship_paths_filter_by_the_group_name_and_id()
    {
        var client = await api.IntegrationAsync();
        var tag = Seeding.Tag();
        var gold = await api.CreateGroupAsync($"Gold {tag}");
        var silver = await api.CreateGroupAsync($"Silver {tag}");
        var goldMember = await client.CreateCustomerAsync(new { email = Seeding.Email(tag, "1") }, gold);
        var silverMember = await client.CreateCustomerAsync(new { email = Seeding.Email(tag, "2") }, silver);
        var loner = await client.CreateCustomerAsync(new { email = Seeding.Email(tag, "3") });

        (await MatchAsync(client, tag, $"filter[q][customer_group_name_eq]={Escape($"Gold {tag}")}")).ShouldBe([goldMember]);
        (await MatchAsync(client, tag, "filter[q][customer_group_name_start]=silver")).ShouldBe([silverMember]);
        (await MatchAsync(client, tag, $"filter[q][customer_group_id_eq]={gold}")).ShouldBe([goldMember]);
        (await MatchAsync(client, tag, $"filter[q][customer_group_id_in]={gold},{silver}")).ShouldBe([goldMember, silverMember]);
        (await MatchAsync(client, tag, $"filter[q][customer_group_id_not_eq]={gold}")).ShouldBe([silverMember]);
        (await MatchAsync(client, tag, "filter[q][customer_group_id_null]=true")).ShouldBe([loner]);
        (await MatchAsync(client, tag, "filter[q][customer_group_id_not_null]=true")).ShouldBe([goldMember, silverMember]);
        (await MatchAsync(client, tag, "filter[q][customer_group_name_null]=true")).ShouldBe([loner]);
        (await MatchAsync(client, tag, $"filter[q][customer_group_name_eq_or_null]={Escape($"Gold {tag}")}")).ShouldBe([goldMember, loner]);
    }

    [Fact]
    public async Task Groups_filter_by_their_customers()
    {
        var client = await api.IntegrationAsync();
        var tag = Seeding.Tag();
        var withMember = await api.CreateGroupAsync($"{tag} a");
        var empty = await api.CreateGroupAsync($"{tag} b");
        await client.CreateCustomerAsync(new { email = Seeding.Email(tag, "member") }, withMember);

        var byEmail = await client.GetAsync($"/api/customer_groups?filter[q][name_start]={tag}&filter[q][customers_email_eq]={Seeding.Email(tag, "member")}");
        var withoutCustomers = await client.GetAsync($"/api/customer_groups?filter[q][name_start]={tag}&filter[q][customers_id_null]=true");

        byEmail.Status.ShouldBe(HttpStatusCode.OK, byEmail.Text);
        byEmail.Ids.ShouldBe([withMember]);
        withoutCustomers.Ids.ShouldBe([empty]);
    }

    [Theory]
    [InlineData("  {0}-Ann@Example.COM ")]
    [InlineData("{0}-ANN@EXAMPLE.COM")]
    [InlineData("{0}-ann@example.com")]
    public async Task Email_eq_compares_the_canonical_form(string variant)
    {
        var client = await api.IntegrationAsync();
        var tag = Seeding.Tag();
        var ann = await client.CreateCustomerAsync(new { email = Seeding.Email(tag, "ann") });
        await client.CreateCustomerAsync(new { email = Seeding.Email(tag, "bob") });
        var query = Escape(string.Format(System.Globalization.CultureInfo.InvariantCulture, variant, tag));

        var eq = await client.GetAsync($"/api/customers?filter[q][email_eq]={query}");
        var @in = await client.GetAsync($"/api/customers?filter[q][email_in]={query},nobody@example.com");

        eq.Status.ShouldBe(HttpStatusCode.OK, eq.Text);
        eq.Ids.ShouldBe([ann]);
        @in.Ids.ShouldBe([ann]);
    }

    [Fact]
    public async Task Created_at_takes_bare_dates_as_whole_utc_days_and_iso_times_with_offsets()
    {
        var client = await api.IntegrationAsync();
        var tag = Seeding.Tag();
        var ids = await client.CreateCustomersAsync(tag, 3);
        var (lastOfMarch1, firstOfMarch2, noonOfMarch2) = (ids[0], ids[1], ids[2]);
        await api.ChangeStoredAsync(lastOfMarch1, c => c.CreatedAt = new DateTime(2030, 3, 1, 23, 59, 59, 999, DateTimeKind.Utc));
        await api.ChangeStoredAsync(firstOfMarch2, c => c.CreatedAt = new DateTime(2030, 3, 2, 0, 0, 0, DateTimeKind.Utc));
        await api.ChangeStoredAsync(noonOfMarch2, c => c.CreatedAt = new DateTime(2030, 3, 2, 12, 0, 0, DateTimeKind.Utc));

        (await MatchAsync(client, tag, "filter[q][created_at_eq]=2030-03-01")).ShouldBe([lastOfMarch1]);
        (await MatchAsync(client, tag, "filter[q][created_at_eq]=2030-03-02")).ShouldBe([firstOfMarch2, noonOfMarch2]);
        (await MatchAsync(client, tag, "filter[q][created_at_lteq]=2030-03-01")).ShouldBe([lastOfMarch1]);
        (await MatchAsync(client, tag, "filter[q][created_at_lt]=2030-03-02")).ShouldBe([lastOfMarch1]);
        (await MatchAsync(client, tag, "filter[q][created_at_gteq]=2030-03-02")).ShouldBe([firstOfMarch2, noonOfMarch2]);
        (await MatchAsync(client, tag, "filter[q][created_at_gt]=2030-03-01")).ShouldBe([lastOfMarch1, firstOfMarch2, noonOfMarch2]);
        (await MatchAsync(client, tag, "filter[q][created_at_eq]=2030-03-02T00:00:00.000Z")).ShouldBe([firstOfMarch2]);
        (await MatchAsync(client, tag, $"filter[q][created_at_lt]={Escape("2030-03-02T01:00:00+01:00")}")).ShouldBe([lastOfMarch1]);
        (await MatchAsync(client, tag, "filter[q][created_at_gteq]=2030-03-01T19:00:00-05:00")).ShouldBe([firstOfMarch2, noonOfMarch2]);
        (await MatchAsync(client, tag, $"filter[q][created_at_gt]={Escape("2030-03-02T13:00:00+02:00")}")).ShouldBe([noonOfMarch2]);
    }

    [Theory]
    [InlineData("created_at_lteq", "9999-12-31")]
    [InlineData("created_at_eq", "9999-12-31")]
    [InlineData("created_at_gt", "0001-01-01")]
    [InlineData("created_at_lt", "9999-12-31T23:59:59Z")]
    public async Task Dates_at_the_ends_of_the_calendar_are_answered_not_a_500(string key, string value)
    {
        var client = await api.IntegrationAsync();
        var tag = Seeding.Tag();
        await client.CreateCustomersAsync(tag, 1);

        var reply = await client.GetAsync($"/api/customers?filter[q][email_start]={tag}&filter[q][{key}]={value}");

        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
        reply.RecordCount.ShouldBe(key == "created_at_eq" ? 0 : 1);
    }

    [Theory]
    [InlineData("password_eq", "x")]
    [InlineData("has_password_eq", "true")]
    [InlineData("shopper_reference_eq", "x")]
    [InlineData("profile_id_eq", "x")]
    [InlineData("bogus_eq", "x")]
    [InlineData("email_bogus", "x")]
    [InlineData("email", "x")]
    [InlineData("created_at_cont", "2030")]
    [InlineData("total_orders_count_start", "1")]
    [InlineData("customer_group_bogus_eq", "x")]
    [InlineData("customer_group_eq", "x")]
    [InlineData("metadata_eq", "x")]
    public async Task A_non_filterable_attribute_or_unknown_predicate_is_400_FILTER_NOT_ALLOWED(string key, string value)
    {
        var client = await api.IntegrationAsync();

        var reply = await client.GetAsync($"/api/customers?filter[q][{key}]={value}");

        reply.Status.ShouldBe(HttpStatusCode.BadRequest, reply.Text);
        reply.Code.ShouldBe("FILTER_NOT_ALLOWED");
        reply.Parameter.ShouldBe($"filter[q][{key}]");
    }

    [Theory]
    [InlineData("total_orders_count_gt", "abc")]
    [InlineData("total_orders_count_gt", "1.5")]
    [InlineData("total_orders_count_in", "1,two")]
    [InlineData("total_orders_count_eq", "99999999999")]
    [InlineData("created_at_gt", "yesterday")]
    [InlineData("created_at_lt", "2030-02-30")]
    [InlineData("reference_null", "maybe")]
    [InlineData("reference_present", "")]
    public async Task A_value_of_the_wrong_type_is_400_INVALID_FILTER_VALUE(string key, string value)
    {
        var client = await api.IntegrationAsync();

        var reply = await client.GetAsync($"/api/customers?filter[q][{key}]={value}");

        reply.Status.ShouldBe(HttpStatusCode.BadRequest, reply.Text);
        reply.Code.ShouldBe("INVALID_FILTER_VALUE");
        reply.Parameter.ShouldBe($"filter[q][{key}]");
    }

    [Theory]
    [InlineData("reference_eq")]
    [InlineData("reference_cont")]
    [InlineData("email_eq")]
    [InlineData("customer_group_name_in")]
    public async Task A_filter_value_with_a_NUL_character_is_400_INVALID_FILTER_VALUE(string key)
    {
        var client = await api.IntegrationAsync();

        var reply = await client.GetAsync($"/api/customers?filter[q][{key}]=a%00b");

        reply.Status.ShouldBe(HttpStatusCode.BadRequest, reply.Text);
        reply.Code.ShouldBe("INVALID_FILTER_VALUE");
        reply.Parameter.ShouldBe($"filter[q][{key}]");
    }

    [Fact]
    public async Task Several_bad_parameters_are_reported_together_in_one_400()
    {
        var client = await api.IntegrationAsync();

        var reply = await client.GetAsync(
            "/api/customers?filter[q][bogus_eq]=1&filter[q][total_orders_count_gt]=abc&sort=nope&page[size]=99&include=nah&fields[customers]=nah&foo=bar");

        reply.Status.ShouldBe(HttpStatusCode.BadRequest, reply.Text);
        var errors = reply.Errors.Select(e => (e.GetProperty("source").GetProperty("parameter").GetString()!, e.GetProperty("code").GetString()!)).ToList();
        errors.ShouldBe([
            ("filter[q][bogus_eq]", "FILTER_NOT_ALLOWED"),
            ("filter[q][total_orders_count_gt]", "INVALID_FILTER_VALUE"),
            ("sort", "INVALID_SORT_CRITERIA"),
            ("page[size]", "INVALID_PAGE_VALUE"),
            ("include", "INVALID_INCLUDE"),
            ("fields[customers]", "INVALID_FIELD"),
            ("foo", "BAD_REQUEST"),
        ], ignoreOrder: true);
        reply.Errors.ShouldAllBe(e => e.GetProperty("status").GetString() == "400");
    }

    [Theory]
    [InlineData("foo=bar")]
    [InlineData("filter=email")]
    [InlineData("filter[email_eq]=a")]
    [InlineData("filter[q]=a")]
    [InlineData("page=2")]
    [InlineData("page[offset]=2")]
    public async Task An_unknown_query_parameter_is_400_naming_it(string query)
    {
        var client = await api.IntegrationAsync();

        var reply = await client.GetAsync($"/api/customers?{query}");

        reply.Status.ShouldBe(HttpStatusCode.BadRequest, reply.Text);
        reply.Code.ShouldBe("BAD_REQUEST");
        reply.Parameter.ShouldBe(query[..query.IndexOf('=')]);
    }

    [Theory]
    [InlineData("email_cont_any")]
    [InlineData("email_not_eq_all")]
    [InlineData("created_at_eq_any")]
    [InlineData("created_at_in")]
    public async Task A_filter_with_the_most_values_allowed_is_answered(string key)
    {
        var client = await api.IntegrationAsync();
        var email = Unique.Email("many");
        var id = await api.CreateCustomerAsync(email);
        var value = key.StartsWith("created_at", StringComparison.Ordinal) ? api.Clock.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : Escape(email);

        var reply = await client.GetAsync($"/api/customers?filter[q][{key}]={string.Join(',', Enumerable.Repeat(value, FilterParserLimit))}&page[size]=25");

        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
        if (key is "email_not_eq_all") reply.Ids.ShouldNotContain(id);
        else reply.RecordCount.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Filters_comparing_more_values_than_allowed_are_400_INVALID_FILTER_VALUE()
    {
        var client = await api.IntegrationAsync();
        string Values(int count) => string.Join(',', Enumerable.Repeat("a", count));
        string[] six = ["email_cont_any", "reference_cont_any", "reference_origin_cont_any", "email_start_any", "email_end_any", "reference_start_any"];

        var one = await client.GetAsync($"/api/customers?filter[q][email_cont_any]={Values(FilterParserLimit + 1)}");
        var ored = await client.GetAsync($"/api/customers?filter[q][email_or_reference_cont_any]={Values(FilterParserLimit / 2 + 1)}");
        var many = await client.GetAsync($"/api/customers?{string.Join('&', six.Select(k => $"filter[q][{k}]={Values(FilterParserLimit / 5)}"))}");

        foreach (var reply in new[] { one, ored, many })
        {
            reply.Status.ShouldBe(HttpStatusCode.BadRequest, reply.Text);
            reply.Code.ShouldBe("INVALID_FILTER_VALUE");
        }
    }

    private const int FilterParserLimit = Clientele.JsonApi.FilterParser.MaxComparisons;

    [Fact]
    public async Task A_delete_with_an_unknown_query_parameter_is_400_and_deletes_nothing()
    {
        var client = await api.IntegrationAsync();
        var id = await api.CreateCustomerAsync(Unique.Email());

        var reply = await client.DeleteAsync($"/api/customers/{id}?filters[q][email_eq]=x");

        reply.Status.ShouldBe(HttpStatusCode.BadRequest, reply.Text);
        reply.Code.ShouldBe("BAD_REQUEST");
        reply.Parameter.ShouldBe("filters[q][email_eq]");
        (await client.GetAsync($"/api/customers/{id}")).Status.ShouldBe(HttpStatusCode.OK);
    }
}

public sealed class FilterOnSqlite(SqliteApi api) : FilterTests(api), IClassFixture<SqliteApi>;

public sealed class FilterOnPostgres(PostgresApi api) : FilterTests(api), IClassFixture<PostgresApi>;
