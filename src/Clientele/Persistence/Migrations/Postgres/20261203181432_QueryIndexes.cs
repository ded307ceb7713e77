using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Clientele.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class QueryIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_customers_organization_id_mode_status_created_at",
                table: "customers");

            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.CreateIndex(
                name: "ix_customers_metadata",
                table: "customers",
                column: "metadata")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "jsonb_path_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_customers_organization_id_mode_status_created_at_id",
                table: "customers",
                columns: new[] { "organization_id", "mode", "status", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_customer_groups_metadata",
                table: "customer_groups",
                column: "metadata")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "jsonb_path_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_applications_metadata",
                table: "applications",
                column: "metadata")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "jsonb_path_ops" });
            // email_cont and friends are lower(email) LIKE '%…%': a trigram index answers them.
            migrationBuilder.Sql("CREATE INDEX ix_customers_email_trgm ON customers USING gin (lower(email) gin_trgm_ops);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_customers_email_trgm;");

            migrationBuilder.DropIndex(
                name: "ix_customers_metadata",
                table: "customers");

            migrationBuilder.DropIndex(
                name: "ix_customers_organization_id_mode_status_created_at_id",
                table: "customers");

            migrationBuilder.DropIndex(
                name: "ix_customer_groups_metadata",
                table: "customer_groups");

            migrationBuilder.DropIndex(
                name: "ix_applications_metadata",
                table: "applications");

            migrationBuilder.AlterDatabase()
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.CreateIndex(
                name: "ix_customers_organization_id_mode_status_created_at",
                table: "customers",
                columns: new[] { "organization_id", "mode", "status", "created_at" });
        }
    }
}
