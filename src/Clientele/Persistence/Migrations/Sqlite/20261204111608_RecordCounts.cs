using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Clientele.Persistence.Migrations.Sqlite
{
    /// <summary>
    /// Customers counted per tenant and status (Persistence.RecordCounts), filled from the existing rows and kept by
    /// row triggers in the writing transaction. SQLite has one writer at a time, so one slot (0) a count.
    /// </summary>
    public partial class RecordCounts : Migration
    {
        private static string Add(string row, string delta) =>
            "INSERT INTO record_counts (organization_id, mode, resource, value, slot, count) " +
            $"VALUES ({row}.organization_id, {row}.mode, 'customers', {row}.status, 0, {delta}) " +
            $"ON CONFLICT (organization_id, mode, resource, value, slot) DO UPDATE SET count = count + {delta};";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE record_counts (
                    organization_id TEXT NOT NULL,
                    mode TEXT NOT NULL,
                    resource TEXT NOT NULL,
                    value TEXT NOT NULL,
                    slot INTEGER NOT NULL,
                    count INTEGER NOT NULL,
                    PRIMARY KEY (organization_id, mode, resource, value, slot)
                ) WITHOUT ROWID;
                """);
            migrationBuilder.Sql("""
                INSERT INTO record_counts (organization_id, mode, resource, value, slot, count)
                SELECT organization_id, mode, 'customers', status, 0, count(*) FROM customers GROUP BY organization_id, mode, status;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER customers_count_insert AFTER INSERT ON customers BEGIN
                  {Add("new", "1")}
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER customers_count_delete AFTER DELETE ON customers BEGIN
                  {Add("old", "-1")}
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER customers_count_status AFTER UPDATE OF status, organization_id, mode ON customers
                WHEN old.status IS NOT new.status OR old.organization_id IS NOT new.organization_id OR old.mode IS NOT new.mode BEGIN
                  {Add("old", "-1")}
                  {Add("new", "1")}
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER customers_count_status;");
            migrationBuilder.Sql("DROP TRIGGER customers_count_delete;");
            migrationBuilder.Sql("DROP TRIGGER customers_count_insert;");
            migrationBuilder.Sql("DROP TABLE record_counts;");
        }
    }
}
