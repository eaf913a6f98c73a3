using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Sacoche.Competences.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class ReportsCommonCoreCatalog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "synthesis_mode",
                table: "referentials",
                type: "character varying(10)",
                maxLength: 10,
                nullable: false,
                defaultValue: "domaine");

            migrationBuilder.CreateTable(
                name: "catalog_referentials",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    author_establishment_id = table.Column<int>(type: "integer", nullable: false),
                    source_referential_id = table.Column<long>(type: "bigint", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    subject_code = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    subject_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    level_code = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    level_name = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    description = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    method = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    limit = table.Column<int>(type: "integer", nullable: false),
                    retroactivity = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    synthesis_mode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    item_count = table.Column<int>(type: "integer", nullable: false),
                    tree = table.Column<string>(type: "jsonb", nullable: false),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_catalog_referentials", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "common_core_positionings",
                columns: table => new
                {
                    establishment_id = table.Column<int>(type: "integer", nullable: false),
                    student_id = table.Column<Guid>(type: "uuid", nullable: false),
                    cycle = table.Column<int>(type: "integer", nullable: false),
                    component = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    degree = table.Column<int>(type: "integer", nullable: false),
                    computed_degree = table.Column<int>(type: "integer", nullable: true),
                    computed_percent = table.Column<int>(type: "integer", nullable: true),
                    set_by = table.Column<Guid>(type: "uuid", nullable: false),
                    set_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_common_core_positionings", x => new { x.establishment_id, x.student_id, x.cycle, x.component });
                });

            migrationBuilder.CreateIndex(
                name: "ix_catalog_referentials_author_establishment_id_source_referen",
                table: "catalog_referentials",
                columns: new[] { "author_establishment_id", "source_referential_id", "version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_catalog_referentials_subject_code_level_code",
                table: "catalog_referentials",
                columns: new[] { "subject_code", "level_code" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "catalog_referentials");

            migrationBuilder.DropTable(
                name: "common_core_positionings");

            migrationBuilder.DropColumn(
                name: "synthesis_mode",
                table: "referentials");
        }
    }
}
