using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Clientele.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PartialAnonymizationIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_customers_anonymization_status_anonymization_due_at",
                table: "customers");

            migrationBuilder.CreateIndex(
                name: "ix_customers_anonymization_status_anonymization_due_at",
                table: "customers",
                columns: new[] { "anonymization_status", "anonymization_due_at" },
                filter: "anonymization_status IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_customers_anonymization_status_anonymization_due_at",
                table: "customers");

            migrationBuilder.CreateIndex(
                name: "ix_customers_anonymization_status_anonymization_due_at",
                table: "customers",
                columns: new[] { "anonymization_status", "anonymization_due_at" });
        }
    }
}
