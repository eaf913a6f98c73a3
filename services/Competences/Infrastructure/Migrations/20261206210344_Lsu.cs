using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Sacoche.Competences.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class Lsu : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "address_line1",
                table: "roster_users",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "address_line2",
                table: "roster_users",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "address_line3",
                table: "roster_users",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "address_line4",
                table: "roster_users",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "city",
                table: "roster_users",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "civility",
                table: "roster_users",
                type: "character varying(3)",
                maxLength: 3,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "postal_code",
                table: "roster_users",
                type: "character varying(10)",
                maxLength: 10,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "sts_id",
                table: "roster_users",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "sts_type",
                table: "roster_users",
                type: "character varying(10)",
                maxLength: 10,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "bilan_parcours",
                columns: table => new
                {
                    establishment_id = table.Column<int>(type: "integer", nullable: false),
                    period_id = table.Column<long>(type: "bigint", nullable: false),
                    class_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    code = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    description = table.Column<string>(type: "character varying(600)", maxLength: 600, nullable: false),
                    changed_by = table.Column<Guid>(type: "uuid", nullable: false),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_bilan_parcours", x => new { x.establishment_id, x.period_id, x.class_code, x.code });
                });

            migrationBuilder.CreateTable(
                name: "cycle_bilans",
                columns: table => new
                {
                    establishment_id = table.Column<int>(type: "integer", nullable: false),
                    student_id = table.Column<Guid>(type: "uuid", nullable: false),
                    cycle = table.Column<int>(type: "integer", nullable: false),
                    synthesis = table.Column<string>(type: "character varying(1500)", maxLength: 1500, nullable: true),
                    complement_code = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    complement_level = table.Column<int>(type: "integer", nullable: true),
                    locked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false),
                    changed_by = table.Column<Guid>(type: "uuid", nullable: false),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_cycle_bilans", x => new { x.establishment_id, x.student_id, x.cycle });
                });

            migrationBuilder.CreateTable(
                name: "lsu_exports",
                columns: table => new
                {
                    establishment_id = table.Column<int>(type: "integer", nullable: false),
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    file_name = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    size = table.Column<long>(type: "bigint", nullable: false),
                    content = table.Column<byte[]>(type: "bytea", nullable: false),
                    period_ids = table.Column<long[]>(type: "bigint[]", nullable: false),
                    class_codes = table.Column<string[]>(type: "text[]", nullable: false),
                    cycle_bilans = table.Column<bool>(type: "boolean", nullable: false),
                    students = table.Column<int>(type: "integer", nullable: false),
                    periodic_bilans = table.Column<int>(type: "integer", nullable: false),
                    cycle_bilan_count = table.Column<int>(type: "integer", nullable: false),
                    created_by = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_lsu_exports", x => new { x.establishment_id, x.id });
                });

            migrationBuilder.CreateTable(
                name: "lsu_settings",
                columns: table => new
                {
                    establishment_id = table.Column<int>(type: "integer", nullable: false),
                    head_of_establishment = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    changed_by = table.Column<Guid>(type: "uuid", nullable: false),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_lsu_settings", x => x.establishment_id);
                });

            migrationBuilder.CreateTable(
                name: "roster_student_options",
                columns: table => new
                {
                    establishment_id = table.Column<int>(type: "integer", nullable: false),
                    student_id = table.Column<Guid>(type: "uuid", nullable: false),
                    subject_bcn_code = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    modality = table.Column<string>(type: "character varying(1)", maxLength: 1, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_roster_student_options", x => new { x.establishment_id, x.student_id, x.subject_bcn_code });
                });

            migrationBuilder.CreateTable(
                name: "student_measures",
                columns: table => new
                {
                    establishment_id = table.Column<int>(type: "integer", nullable: false),
                    student_id = table.Column<Guid>(type: "uuid", nullable: false),
                    code = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    complement = table.Column<string>(type: "character varying(600)", maxLength: 600, nullable: true),
                    changed_by = table.Column<Guid>(type: "uuid", nullable: false),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_student_measures", x => new { x.establishment_id, x.student_id, x.code });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "bilan_parcours");

            migrationBuilder.DropTable(
                name: "cycle_bilans");

            migrationBuilder.DropTable(
                name: "lsu_exports");

            migrationBuilder.DropTable(
                name: "lsu_settings");

            migrationBuilder.DropTable(
                name: "roster_student_options");

            migrationBuilder.DropTable(
                name: "student_measures");

            migrationBuilder.DropColumn(
                name: "address_line1",
                table: "roster_users");

            migrationBuilder.DropColumn(
                name: "address_line2",
                table: "roster_users");

            migrationBuilder.DropColumn(
                name: "address_line3",
                table: "roster_users");

            migrationBuilder.DropColumn(
                name: "address_line4",
                table: "roster_users");

            migrationBuilder.DropColumn(
                name: "city",
                table: "roster_users");

            migrationBuilder.DropColumn(
                name: "civility",
                table: "roster_users");

            migrationBuilder.DropColumn(
                name: "postal_code",
                table: "roster_users");

            migrationBuilder.DropColumn(
                name: "sts_id",
                table: "roster_users");

            migrationBuilder.DropColumn(
                name: "sts_type",
                table: "roster_users");
        }
    }
}
