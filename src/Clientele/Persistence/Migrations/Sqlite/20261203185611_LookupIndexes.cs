using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Clientele.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LookupIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_customers_anonymization_status_anonymization_due_at",
                table: "customers",
                columns: new[] { "anonymization_status", "anonymization_due_at" });

            migrationBuilder.CreateIndex(
                name: "ix_customers_organization_id_mode_customer_group_id_created_at_id",
                table: "customers",
                columns: new[] { "organization_id", "mode", "customer_group_id", "created_at", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_customers_anonymization_status_anonymization_due_at",
                table: "customers");

            migrationBuilder.DropIndex(
                name: "ix_customers_organization_id_mode_customer_group_id_created_at_id",
                table: "customers");
        }
    }
}
