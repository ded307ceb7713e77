using Clientele.Persistence;
using Npgsql;

namespace Clientele.Tests.Scaling;

/// <summary>How a postgres:// setting becomes Npgsql's connection string.</summary>
public sealed class DatabaseSettingTests
{
    private static NpgsqlConnectionStringBuilder Parse(string url) => new(DatabaseSetting.PostgresConnectionString(url));

    [Fact]
    public void A_PostgreSQL_url_prepares_statements_that_run_twice_on_a_connection()
    {
        var builder = Parse("postgres://clientele:secret@db.internal:6432/shop");

        builder.MaxAutoPrepare.ShouldBe(64);
        builder.AutoPrepareMinUsages.ShouldBe(2);
        (builder.Host, builder.Port, builder.Database, builder.Username, builder.Password).ShouldBe(("db.internal", 6432, "shop", "clientele", "secret"));
    }

    [Fact]
    public void The_url_query_overrides_defaults_so_a_pooler_without_prepared_statements_can_turn_them_off()
    {
        var builder = Parse("postgres://clientele@db.internal/shop?Max%20Auto%20Prepare=0&Maximum%20Pool%20Size=20");

        builder.MaxAutoPrepare.ShouldBe(0);
        builder.MaxPoolSize.ShouldBe(20);
        builder.Port.ShouldBe(5432);
    }
}
