using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Clientele.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CustomerLifecycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "anonymization_cancelled_at",
                table: "customers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "anonymization_completed_at",
                table: "customers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "anonymization_due_at",
                table: "customers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "anonymization_failed_at",
                table: "customers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "anonymization_requested_at",
                table: "customers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "anonymization_started_at",
                table: "customers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "addresses",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    business = table.Column<bool>(type: "INTEGER", nullable: false),
                    first_name = table.Column<string>(type: "TEXT", nullable: true),
                    last_name = table.Column<string>(type: "TEXT", nullable: true),
                    company = table.Column<string>(type: "TEXT", nullable: true),
                    line1 = table.Column<string>(type: "TEXT", nullable: true),
                    line2 = table.Column<string>(type: "TEXT", nullable: true),
                    city = table.Column<string>(type: "TEXT", nullable: true),
                    zip_code = table.Column<string>(type: "TEXT", nullable: true),
                    state_code = table.Column<string>(type: "TEXT", nullable: true),
                    country_code = table.Column<string>(type: "TEXT", nullable: true),
                    phone = table.Column<string>(type: "TEXT", nullable: true),
                    email = table.Column<string>(type: "TEXT", nullable: true),
                    notes = table.Column<string>(type: "TEXT", nullable: true),
                    billing_info = table.Column<string>(type: "TEXT", nullable: true),
                    lat = table.Column<double>(type: "REAL", nullable: true),
                    lng = table.Column<double>(type: "REAL", nullable: true),
                    created_by_customer_id = table.Column<string>(type: "TEXT", nullable: true),
                    organization_id = table.Column<string>(type: "TEXT", nullable: false),
                    mode = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    reference = table.Column<string>(type: "TEXT", nullable: true),
                    reference_origin = table.Column<string>(type: "TEXT", nullable: true),
                    metadata = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_addresses", x => x.id);
                    table.ForeignKey(
                        name: "fk_addresses_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "counters",
                columns: table => new
                {
                    organization_id = table.Column<string>(type: "TEXT", nullable: false),
                    mode = table.Column<string>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    value = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_counters", x => new { x.organization_id, x.mode, x.name });
                    table.ForeignKey(
                        name: "fk_counters_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "customer_password_resets",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    customer_id = table.Column<string>(type: "TEXT", nullable: false),
                    customer_email = table.Column<string>(type: "TEXT", nullable: false),
                    token_hash = table.Column<string>(type: "TEXT", nullable: false),
                    expires_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    reset_password_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    invalidated_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    organization_id = table.Column<string>(type: "TEXT", nullable: false),
                    mode = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    reference = table.Column<string>(type: "TEXT", nullable: true),
                    reference_origin = table.Column<string>(type: "TEXT", nullable: true),
                    metadata = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_customer_password_resets", x => x.id);
                    table.ForeignKey(
                        name: "fk_customer_password_resets_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_customer_password_resets_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "customer_payment_sources",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    customer_id = table.Column<string>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", nullable: true),
                    customer_token = table.Column<string>(type: "TEXT", nullable: true),
                    payment_source_token = table.Column<string>(type: "TEXT", nullable: true),
                    payment_source_type = table.Column<string>(type: "TEXT", nullable: true),
                    payment_source_id = table.Column<string>(type: "TEXT", nullable: true),
                    organization_id = table.Column<string>(type: "TEXT", nullable: false),
                    mode = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    reference = table.Column<string>(type: "TEXT", nullable: true),
                    reference_origin = table.Column<string>(type: "TEXT", nullable: true),
                    metadata = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_customer_payment_sources", x => x.id);
                    table.ForeignKey(
                        name: "fk_customer_payment_sources_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_customer_payment_sources_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "customer_subscriptions",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    customer_id = table.Column<string>(type: "TEXT", nullable: false),
                    customer_email = table.Column<string>(type: "TEXT", nullable: false),
                    organization_id = table.Column<string>(type: "TEXT", nullable: false),
                    mode = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    reference = table.Column<string>(type: "TEXT", nullable: true),
                    reference_origin = table.Column<string>(type: "TEXT", nullable: true),
                    metadata = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_customer_subscriptions", x => x.id);
                    table.ForeignKey(
                        name: "fk_customer_subscriptions_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_customer_subscriptions_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "price_lists",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    code = table.Column<string>(type: "TEXT", nullable: true),
                    currency_code = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    tax_included = table.Column<bool>(type: "INTEGER", nullable: false),
                    organization_id = table.Column<string>(type: "TEXT", nullable: false),
                    mode = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    reference = table.Column<string>(type: "TEXT", nullable: true),
                    reference_origin = table.Column<string>(type: "TEXT", nullable: true),
                    metadata = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_price_lists", x => x.id);
                    table.ForeignKey(
                        name: "fk_price_lists_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "tags",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    organization_id = table.Column<string>(type: "TEXT", nullable: false),
                    mode = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    reference = table.Column<string>(type: "TEXT", nullable: true),
                    reference_origin = table.Column<string>(type: "TEXT", nullable: true),
                    metadata = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tags", x => x.id);
                    table.ForeignKey(
                        name: "fk_tags_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "customer_addresses",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    customer_id = table.Column<string>(type: "TEXT", nullable: false),
                    address_id = table.Column<string>(type: "TEXT", nullable: false),
                    organization_id = table.Column<string>(type: "TEXT", nullable: false),
                    mode = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    reference = table.Column<string>(type: "TEXT", nullable: true),
                    reference_origin = table.Column<string>(type: "TEXT", nullable: true),
                    metadata = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_customer_addresses", x => x.id);
                    table.ForeignKey(
                        name: "fk_customer_addresses_addresses_address_id",
                        column: x => x.address_id,
                        principalTable: "addresses",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_customer_addresses_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_customer_addresses_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "markets",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    code = table.Column<string>(type: "TEXT", nullable: true),
                    price_list_id = table.Column<string>(type: "TEXT", nullable: false),
                    customer_group_id = table.Column<string>(type: "TEXT", nullable: true),
                    organization_id = table.Column<string>(type: "TEXT", nullable: false),
                    mode = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    reference = table.Column<string>(type: "TEXT", nullable: true),
                    reference_origin = table.Column<string>(type: "TEXT", nullable: true),
                    metadata = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_markets", x => x.id);
                    table.ForeignKey(
                        name: "fk_markets_customer_groups_customer_group_id",
                        column: x => x.customer_group_id,
                        principalTable: "customer_groups",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_markets_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_markets_price_lists_price_list_id",
                        column: x => x.price_list_id,
                        principalTable: "price_lists",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "customer_tags",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    customer_id = table.Column<string>(type: "TEXT", nullable: false),
                    tag_id = table.Column<string>(type: "TEXT", nullable: false),
                    organization_id = table.Column<string>(type: "TEXT", nullable: false),
                    mode = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_customer_tags", x => x.id);
                    table.ForeignKey(
                        name: "fk_customer_tags_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_customer_tags_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_customer_tags_tags_tag_id",
                        column: x => x.tag_id,
                        principalTable: "tags",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "orders",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    number = table.Column<int>(type: "INTEGER", nullable: false),
                    status = table.Column<string>(type: "TEXT", nullable: false),
                    customer_email = table.Column<string>(type: "TEXT", nullable: true),
                    currency_code = table.Column<string>(type: "TEXT", nullable: true),
                    total_amount_cents = table.Column<long>(type: "INTEGER", nullable: false),
                    guest = table.Column<bool>(type: "INTEGER", nullable: false),
                    placed_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    approved_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    cancelled_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    customer_id = table.Column<string>(type: "TEXT", nullable: true),
                    market_id = table.Column<string>(type: "TEXT", nullable: true),
                    created_by_customer_id = table.Column<string>(type: "TEXT", nullable: true),
                    organization_id = table.Column<string>(type: "TEXT", nullable: false),
                    mode = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    reference = table.Column<string>(type: "TEXT", nullable: true),
                    reference_origin = table.Column<string>(type: "TEXT", nullable: true),
                    metadata = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_orders", x => x.id);
                    table.ForeignKey(
                        name: "fk_orders_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_orders_markets_market_id",
                        column: x => x.market_id,
                        principalTable: "markets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_orders_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_addresses_created_by_customer_id",
                table: "addresses",
                column: "created_by_customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_addresses_organization_id_mode_created_at_id",
                table: "addresses",
                columns: new[] { "organization_id", "mode", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_addresses_organization_id_mode_reference",
                table: "addresses",
                columns: new[] { "organization_id", "mode", "reference" });

            migrationBuilder.CreateIndex(
                name: "ix_customer_addresses_address_id",
                table: "customer_addresses",
                column: "address_id");

            migrationBuilder.CreateIndex(
                name: "ix_customer_addresses_customer_id",
                table: "customer_addresses",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_customer_addresses_organization_id_mode_created_at_id",
                table: "customer_addresses",
                columns: new[] { "organization_id", "mode", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_customer_addresses_organization_id_mode_reference",
                table: "customer_addresses",
                columns: new[] { "organization_id", "mode", "reference" });

            migrationBuilder.CreateIndex(
                name: "ix_customer_password_resets_customer_id",
                table: "customer_password_resets",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_customer_password_resets_organization_id_mode_created_at_id",
                table: "customer_password_resets",
                columns: new[] { "organization_id", "mode", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_customer_password_resets_organization_id_mode_reference",
                table: "customer_password_resets",
                columns: new[] { "organization_id", "mode", "reference" });

            migrationBuilder.CreateIndex(
                name: "ix_customer_password_resets_token_hash",
                table: "customer_password_resets",
                column: "token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_customer_payment_sources_customer_id",
                table: "customer_payment_sources",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_customer_payment_sources_organization_id_mode_created_at_id",
                table: "customer_payment_sources",
                columns: new[] { "organization_id", "mode", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_customer_payment_sources_organization_id_mode_reference",
                table: "customer_payment_sources",
                columns: new[] { "organization_id", "mode", "reference" });

            migrationBuilder.CreateIndex(
                name: "ix_customer_subscriptions_organization_id_mode_created_at_id",
                table: "customer_subscriptions",
                columns: new[] { "organization_id", "mode", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_customer_subscriptions_organization_id_mode_reference",
                table: "customer_subscriptions",
                columns: new[] { "organization_id", "mode", "reference" });

            migrationBuilder.CreateIndex(
                name: "ux_customer_subscriptions_reference",
                table: "customer_subscriptions",
                columns: new[] { "customer_id", "reference" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_customer_tags_customer_id_tag_id",
                table: "customer_tags",
                columns: new[] { "customer_id", "tag_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_customer_tags_organization_id_mode_created_at_id",
                table: "customer_tags",
                columns: new[] { "organization_id", "mode", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_customer_tags_tag_id",
                table: "customer_tags",
                column: "tag_id");

            migrationBuilder.CreateIndex(
                name: "ix_markets_customer_group_id",
                table: "markets",
                column: "customer_group_id");

            migrationBuilder.CreateIndex(
                name: "ix_markets_organization_id_mode_created_at_id",
                table: "markets",
                columns: new[] { "organization_id", "mode", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_markets_organization_id_mode_reference",
                table: "markets",
                columns: new[] { "organization_id", "mode", "reference" });

            migrationBuilder.CreateIndex(
                name: "ix_markets_price_list_id",
                table: "markets",
                column: "price_list_id");

            migrationBuilder.CreateIndex(
                name: "ux_markets_code",
                table: "markets",
                columns: new[] { "organization_id", "mode", "code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_orders_created_by_customer_id",
                table: "orders",
                column: "created_by_customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_orders_customer_id",
                table: "orders",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_orders_market_id",
                table: "orders",
                column: "market_id");

            migrationBuilder.CreateIndex(
                name: "ix_orders_organization_id_mode_created_at_id",
                table: "orders",
                columns: new[] { "organization_id", "mode", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_orders_organization_id_mode_reference",
                table: "orders",
                columns: new[] { "organization_id", "mode", "reference" });

            migrationBuilder.CreateIndex(
                name: "ux_orders_number",
                table: "orders",
                columns: new[] { "organization_id", "mode", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_price_lists_organization_id_mode_created_at_id",
                table: "price_lists",
                columns: new[] { "organization_id", "mode", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_price_lists_organization_id_mode_reference",
                table: "price_lists",
                columns: new[] { "organization_id", "mode", "reference" });

            migrationBuilder.CreateIndex(
                name: "ix_tags_organization_id_mode_created_at_id",
                table: "tags",
                columns: new[] { "organization_id", "mode", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_tags_organization_id_mode_reference",
                table: "tags",
                columns: new[] { "organization_id", "mode", "reference" });

            migrationBuilder.CreateIndex(
                name: "ux_tags_name",
                table: "tags",
                columns: new[] { "organization_id", "mode", "name" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "counters");

            migrationBuilder.DropTable(
                name: "customer_addresses");

            migrationBuilder.DropTable(
                name: "customer_password_resets");

            migrationBuilder.DropTable(
                name: "customer_payment_sources");

            migrationBuilder.DropTable(
                name: "customer_subscriptions");

            migrationBuilder.DropTable(
                name: "customer_tags");

            migrationBuilder.DropTable(
                name: "orders");

            migrationBuilder.DropTable(
                name: "addresses");

            migrationBuilder.DropTable(
                name: "tags");

            migrationBuilder.DropTable(
                name: "markets");

            migrationBuilder.DropTable(
                name: "price_lists");

            migrationBuilder.DropColumn(
                name: "anonymization_cancelled_at",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "anonymization_completed_at",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "anonymization_due_at",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "anonymization_failed_at",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "anonymization_requested_at",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "anonymization_started_at",
                table: "customers");
        }
    }
}
