using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Sacoche.Competences.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class OfficialBilans : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "birth_date",
                table: "roster_users",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "siecle_id",
                table: "roster_users",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "bilan_archive_jobs",
                columns: table => new
                {
                    establishment_id = table.Column<int>(type: "integer", nullable: false),
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    class_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    period_id = table.Column<long>(type: "bigint", nullable: false),
                    status = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    total = table.Column<int>(type: "integer", nullable: false),
                    done = table.Column<int>(type: "integer", nullable: false),
                    error = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    started_by = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_bilan_archive_jobs", x => new { x.establishment_id, x.id });
                });

            migrationBuilder.CreateTable(
                name: "bilan_archives",
                columns: table => new
                {
                    establishment_id = table.Column<int>(type: "integer", nullable: false),
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    student_id = table.Column<Guid>(type: "uuid", nullable: false),
                    class_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    period_id = table.Column<long>(type: "bigint", nullable: false),
                    period_name = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    sha256 = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    size = table.Column<int>(type: "integer", nullable: false),
                    content = table.Column<byte[]>(type: "bytea", nullable: false),
                    job_id = table.Column<long>(type: "bigint", nullable: false),
                    created_by = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_bilan_archives", x => new { x.establishment_id, x.id });
                });

            migrationBuilder.CreateTable(
                name: "bilan_attendance_lines",
                columns: table => new
                {
                    establishment_id = table.Column<int>(type: "integer", nullable: false),
                    period_id = table.Column<long>(type: "bigint", nullable: false),
                    student_id = table.Column<Guid>(type: "uuid", nullable: false),
                    lateness = table.Column<int>(type: "integer", nullable: false),
                    justified_absences = table.Column<int>(type: "integer", nullable: false),
                    unjustified_absences = table.Column<int>(type: "integer", nullable: false),
                    missed_hours = table.Column<int>(type: "integer", nullable: true),
                    comment = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false),
                    changed_by = table.Column<Guid>(type: "uuid", nullable: false),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_bilan_attendance_lines", x => new { x.establishment_id, x.period_id, x.student_id });
                });

            migrationBuilder.CreateTable(
                name: "bilan_general_lines",
                columns: table => new
                {
                    establishment_id = table.Column<int>(type: "integer", nullable: false),
                    period_id = table.Column<long>(type: "bigint", nullable: false),
                    student_id = table.Column<Guid>(type: "uuid", nullable: false),
                    appreciation = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    changed_by = table.Column<Guid>(type: "uuid", nullable: false),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_bilan_general_lines", x => new { x.establishment_id, x.period_id, x.student_id });
                });

            migrationBuilder.CreateTable(
                name: "bilan_status_changes",
                columns: table => new
                {
                    establishment_id = table.Column<int>(type: "integer", nullable: false),
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    class_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    period_id = table.Column<long>(type: "bigint", nullable: false),
                    old_status = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    new_status = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    changed_by = table.Column<Guid>(type: "uuid", nullable: false),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_bilan_status_changes", x => new { x.establishment_id, x.id });
                });

            migrationBuilder.CreateTable(
                name: "bilan_statuses",
                columns: table => new
                {
                    establishment_id = table.Column<int>(type: "integer", nullable: false),
                    class_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    period_id = table.Column<long>(type: "bigint", nullable: false),
                    status = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    changed_by = table.Column<Guid>(type: "uuid", nullable: false),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_bilan_statuses", x => new { x.establishment_id, x.period_id, x.class_code });
                });

            migrationBuilder.CreateTable(
                name: "bilan_subject_lines",
                columns: table => new
                {
                    establishment_id = table.Column<int>(type: "integer", nullable: false),
                    period_id = table.Column<long>(type: "bigint", nullable: false),
                    student_id = table.Column<Guid>(type: "uuid", nullable: false),
                    subject_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    @override = table.Column<decimal>(name: "override", type: "numeric(4,1)", precision: 4, scale: 1, nullable: true),
                    appreciation = table.Column<string>(type: "character varying(600)", maxLength: 600, nullable: true),
                    elements = table.Column<string[]>(type: "text[]", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    changed_by = table.Column<Guid>(type: "uuid", nullable: false),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_bilan_subject_lines", x => new { x.establishment_id, x.period_id, x.student_id, x.subject_code });
                });

            migrationBuilder.CreateTable(
                name: "periods",
                columns: table => new
                {
                    establishment_id = table.Column<int>(type: "integer", nullable: false),
                    id = table.Column<long>(type: "bigint", nullable: false),
                    name = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    start = table.Column<DateOnly>(type: "date", nullable: false),
                    end = table.Column<DateOnly>(type: "date", nullable: false),
                    class_codes = table.Column<string[]>(type: "text[]", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_periods", x => new { x.establishment_id, x.id });
                });

            migrationBuilder.CreateIndex(
                name: "ix_bilan_archive_jobs_status",
                table: "bilan_archive_jobs",
                column: "status",
                filter: "status IN ('pending', 'running')");

            migrationBuilder.CreateIndex(
                name: "ix_bilan_archives_establishment_id_period_id_class_code",
                table: "bilan_archives",
                columns: new[] { "establishment_id", "period_id", "class_code" });

            migrationBuilder.CreateIndex(
                name: "ix_bilan_archives_establishment_id_student_id_period_id_version",
                table: "bilan_archives",
                columns: new[] { "establishment_id", "student_id", "period_id", "version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_bilan_status_changes_establishment_id_period_id_class_code",
                table: "bilan_status_changes",
                columns: new[] { "establishment_id", "period_id", "class_code" });

            // Periods leave the settings document for their own table (stable ids); the document keeps the rest.
            migrationBuilder.Sql("""
                INSERT INTO periods (establishment_id, id, name, start, "end", class_codes, updated_at)
                SELECT s.establishment_id, nextval('competences_ids'), left(trim(p->>'name'), 40), (p->>'start')::date, (p->>'end')::date,
                       COALESCE(ARRAY(SELECT jsonb_array_elements_text(CASE WHEN jsonb_typeof(p->'classCodes') = 'array' THEN p->'classCodes' ELSE '[]'::jsonb END)), '{}'),
                       now()
                FROM establishment_settings s, jsonb_array_elements(CASE WHEN jsonb_typeof(s.document->'periods') = 'array' THEN s.document->'periods' ELSE '[]'::jsonb END) p
                WHERE p->>'start' IS NOT NULL AND p->>'end' IS NOT NULL;
                UPDATE establishment_settings SET document = document - 'periods' WHERE document ? 'periods';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "bilan_archive_jobs");

            migrationBuilder.DropTable(
                name: "bilan_archives");

            migrationBuilder.DropTable(
                name: "bilan_attendance_lines");

            migrationBuilder.DropTable(
                name: "bilan_general_lines");

            migrationBuilder.DropTable(
                name: "bilan_status_changes");

            migrationBuilder.DropTable(
                name: "bilan_statuses");

            migrationBuilder.DropTable(
                name: "bilan_subject_lines");

            migrationBuilder.DropTable(
                name: "periods");

            migrationBuilder.DropColumn(
                name: "birth_date",
                table: "roster_users");

            migrationBuilder.DropColumn(
                name: "siecle_id",
                table: "roster_users");
        }
    }
}
