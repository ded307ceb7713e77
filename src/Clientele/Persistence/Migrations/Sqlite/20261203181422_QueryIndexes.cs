using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Clientele.Persistence.Migrations.Sqlite
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

            migrationBuilder.CreateIndex(
                name: "ix_customers_organization_id_mode_status_created_at_id",
                table: "customers",
                columns: new[] { "organization_id", "mode", "status", "created_at", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_customers_organization_id_mode_status_created_at_id",
                table: "customers");

            migrationBuilder.CreateIndex(
                name: "ix_customers_organization_id_mode_status_created_at",
                table: "customers",
                columns: new[] { "organization_id", "mode", "status", "created_at" });
        }
    }
}
