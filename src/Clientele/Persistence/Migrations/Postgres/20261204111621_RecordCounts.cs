using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Clientele.Persistence.Migrations.Postgres
{
    /// <summary>
    /// Customers counted per tenant and status (Persistence.RecordCounts), filled from the existing rows and kept by
    /// statement triggers in the writing transaction: one upsert per statement and status, whatever the number of rows
    /// (COPY of a million customers included). Each count is spread over 16 slots, and a connection writes to the slot
    /// of its backend, so concurrent sign-ups on different connections do not wait for each other's row lock until
    /// commit. Rows are upserted in (organization, mode, status) order, so two statements never lock in opposite orders.
    /// </summary>
    public partial class RecordCounts : Migration
    {
        private static string Function(string name, string deltas) => $"""
            CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              INSERT INTO record_counts AS c (organization_id, mode, resource, value, slot, count)
              SELECT organization_id, mode, 'customers', status, pg_backend_pid() % 16, n
              FROM ({deltas}) d
              ORDER BY organization_id, mode, status
              ON CONFLICT (organization_id, mode, resource, value, slot) DO UPDATE SET count = c.count + excluded.count;
              RETURN NULL;
            END $$;
            """;

        private const string Added = "SELECT organization_id, mode, status, count(*) AS n FROM new_rows GROUP BY organization_id, mode, status";
        private const string Removed = "SELECT organization_id, mode, status, -count(*) AS n FROM old_rows GROUP BY organization_id, mode, status";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE record_counts (
                    organization_id text NOT NULL,
                    mode text NOT NULL,
                    resource text NOT NULL,
                    value text NOT NULL,
                    slot integer NOT NULL,
                    count bigint NOT NULL,
                    CONSTRAINT pk_record_counts PRIMARY KEY (organization_id, mode, resource, value, slot)
                );
                """);
            migrationBuilder.Sql("""
                INSERT INTO record_counts (organization_id, mode, resource, value, slot, count)
                SELECT organization_id, mode, 'customers', status, 0, count(*) FROM customers GROUP BY organization_id, mode, status;
                """);
            migrationBuilder.Sql(Function("count_inserted_customers", Added));
            migrationBuilder.Sql(Function("count_deleted_customers", Removed));
            migrationBuilder.Sql(Function("count_updated_customers",
                $"SELECT organization_id, mode, status, sum(n) AS n FROM ({Added} UNION ALL {Removed}) m " +
                "GROUP BY organization_id, mode, status HAVING sum(n) <> 0"));
            migrationBuilder.Sql("""
                CREATE TRIGGER customers_count_insert AFTER INSERT ON customers
                  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION count_inserted_customers();
                CREATE TRIGGER customers_count_delete AFTER DELETE ON customers
                  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION count_deleted_customers();
                CREATE TRIGGER customers_count_update AFTER UPDATE ON customers
                  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION count_updated_customers();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER customers_count_update ON customers;
                DROP TRIGGER customers_count_delete ON customers;
                DROP TRIGGER customers_count_insert ON customers;
                DROP FUNCTION count_updated_customers();
                DROP FUNCTION count_deleted_customers();
                DROP FUNCTION count_inserted_customers();
                DROP TABLE record_counts;
                """);
        }
    }
}
