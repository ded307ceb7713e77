using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Clientele.Persistence.Migrations.Postgres
{
    /// <summary>
    /// Rate-limit counts shared by the nodes (Protection/RateLimitExchange): one row per window and segment. Unlogged,
    /// because they are worth a few seconds: no WAL to write, and a crash that empties the table only forgives
    /// the counts of one window. Not part of the EF model; only raw SQL touches it.
    /// </summary>
    public partial class SharedRateLimits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE UNLOGGED TABLE rate_limit_counts (
                    window_key text NOT NULL,
                    segment_start bigint NOT NULL,
                    hits bigint NOT NULL,
                    expires_at bigint NOT NULL,
                    CONSTRAINT pk_rate_limit_counts PRIMARY KEY (window_key, segment_start)
                );
                CREATE INDEX ix_rate_limit_counts_expires_at ON rate_limit_counts (expires_at);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE rate_limit_counts;");
        }
    }
}
