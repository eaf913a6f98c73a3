using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sacoche.Import.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class Directory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ent_imports",
                columns: table => new
                {
                    establishment_id = table.Column<int>(type: "integer", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_by = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    file_name = table.Column<string>(type: "character varying(260)", maxLength: 260, nullable: false),
                    format = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    connector = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    summary = table.Column<string>(type: "text", nullable: false),
                    report = table.Column<string>(type: "text", nullable: false),
                    choices = table.Column<string>(type: "text", nullable: false),
                    applied_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    applied_count = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ent_imports", x => new { x.establishment_id, x.id });
                });

            migrationBuilder.CreateTable(
                name: "establishments",
                columns: table => new
                {
                    establishment_id = table.Column<int>(type: "integer", nullable: false),
                    uai = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    registered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    directory_version = table.Column<long>(type: "bigint", nullable: false),
                    structure_version = table.Column<long>(type: "bigint", nullable: false),
                    structure_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_establishments", x => x.establishment_id);
                });

            migrationBuilder.CreateTable(
                name: "guardian_links",
                columns: table => new
                {
                    establishment_id = table.Column<int>(type: "integer", nullable: false),
                    guardian_id = table.Column<Guid>(type: "uuid", nullable: false),
                    student_key = table.Column<string>(type: "text", nullable: false),
                    student_id = table.Column<Guid>(type: "uuid", nullable: true),
                    legal_rank = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_guardian_links", x => new { x.establishment_id, x.guardian_id, x.student_key });
                });

            migrationBuilder.CreateTable(
                name: "import_files",
                columns: table => new
                {
                    establishment_id = table.Column<int>(type: "integer", nullable: false),
                    import_id = table.Column<Guid>(type: "uuid", nullable: false),
                    content = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_import_files", x => new { x.establishment_id, x.import_id });
                });

            migrationBuilder.CreateTable(
                name: "imports",
                columns: table => new
                {
                    establishment_id = table.Column<int>(type: "integer", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_by = table.Column<Guid>(type: "uuid", nullable: false),
                    created_by_name = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    file_name = table.Column<string>(type: "character varying(260)", maxLength: 260, nullable: false),
                    size_bytes = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    spreadsheet_kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    progress = table.Column<int>(type: "integer", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    claimed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ready_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    applied_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    applied_by = table.Column<Guid>(type: "uuid", nullable: true),
                    counts = table.Column<string>(type: "text", nullable: true),
                    errors = table.Column<string>(type: "text", nullable: true),
                    warnings = table.Column<string>(type: "text", nullable: true),
                    plan = table.Column<string>(type: "text", nullable: true),
                    subjects = table.Column<string>(type: "text", nullable: true),
                    base_version = table.Column<long>(type: "bigint", nullable: false),
                    parse_ms = table.Column<double>(type: "double precision", nullable: true),
                    plan_ms = table.Column<double>(type: "double precision", nullable: true),
                    apply_ms = table.Column<double>(type: "double precision", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_imports", x => new { x.establishment_id, x.id });
                });

            migrationBuilder.CreateTable(
                name: "memberships",
                columns: table => new
                {
                    establishment_id = table.Column<int>(type: "integer", nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    group_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_memberships", x => new { x.establishment_id, x.person_id, x.group_code });
                });

            migrationBuilder.CreateTable(
                name: "people",
                columns: table => new
                {
                    establishment_id = table.Column<int>(type: "integer", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    profile = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    last_name = table.Column<string>(type: "text", nullable: false),
                    first_name = table.Column<string>(type: "text", nullable: false),
                    birth_date = table.Column<DateOnly>(type: "date", nullable: true),
                    gender = table.Column<string>(type: "character varying(1)", maxLength: 1, nullable: true),
                    email = table.Column<string>(type: "text", nullable: true),
                    siecle_id = table.Column<string>(type: "text", nullable: true),
                    elenoet = table.Column<string>(type: "text", nullable: true),
                    ine = table.Column<string>(type: "text", nullable: true),
                    old_ine = table.Column<string>(type: "text", nullable: true),
                    sts_id = table.Column<string>(type: "text", nullable: true),
                    reference = table.Column<string>(type: "text", nullable: true),
                    class_code = table.Column<string>(type: "text", nullable: true),
                    exit_date = table.Column<DateOnly>(type: "date", nullable: true),
                    ent_id = table.Column<string>(type: "text", nullable: true),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    address = table.Column<string>(type: "jsonb", nullable: true),
                    phone_home = table.Column<string>(type: "text", nullable: true),
                    phone_mobile = table.Column<string>(type: "text", nullable: true),
                    phone_work = table.Column<string>(type: "text", nullable: true),
                    principal_of_classes = table.Column<string>(type: "jsonb", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_people", x => new { x.establishment_id, x.id });
                });

            migrationBuilder.CreateTable(
                name: "structures",
                columns: table => new
                {
                    establishment_id = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<short>(type: "smallint", nullable: false),
                    code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    label = table.Column<string>(type: "text", nullable: true),
                    class_codes = table.Column<List<string>>(type: "text[]", nullable: false),
                    imported = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_structures", x => new { x.establishment_id, x.kind, x.code });
                });

            migrationBuilder.CreateTable(
                name: "subjects",
                columns: table => new
                {
                    establishment_id = table.Column<int>(type: "integer", nullable: false),
                    code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    bcn_code = table.Column<string>(type: "text", nullable: true),
                    name = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_subjects", x => new { x.establishment_id, x.code });
                });

            migrationBuilder.CreateTable(
                name: "teacher_services",
                columns: table => new
                {
                    establishment_id = table.Column<int>(type: "integer", nullable: false),
                    teacher_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<short>(type: "smallint", nullable: false),
                    structure_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    subject_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_teacher_services", x => new { x.establishment_id, x.teacher_id, x.kind, x.structure_code, x.subject_code });
                });

            migrationBuilder.CreateIndex(
                name: "ix_ent_imports_establishment_id_created_at",
                table: "ent_imports",
                columns: new[] { "establishment_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_guardian_links_establishment_id_student_id",
                table: "guardian_links",
                columns: new[] { "establishment_id", "student_id" });

            migrationBuilder.CreateIndex(
                name: "ix_imports_establishment_id_created_at",
                table: "imports",
                columns: new[] { "establishment_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_imports_status_created_at",
                table: "imports",
                columns: new[] { "status", "created_at" },
                filter: "status IN ('pending', 'parsing')");

            migrationBuilder.CreateIndex(
                name: "ix_memberships_establishment_id_group_code",
                table: "memberships",
                columns: new[] { "establishment_id", "group_code" });

            migrationBuilder.CreateIndex(
                name: "ix_people_establishment_id_class_code",
                table: "people",
                columns: new[] { "establishment_id", "class_code" });

            migrationBuilder.CreateIndex(
                name: "ix_people_establishment_id_ent_id",
                table: "people",
                columns: new[] { "establishment_id", "ent_id" },
                unique: true,
                filter: "ent_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_people_establishment_id_profile_last_name_first_name",
                table: "people",
                columns: new[] { "establishment_id", "profile", "last_name", "first_name" });

            migrationBuilder.CreateIndex(
                name: "ix_people_establishment_id_siecle_id",
                table: "people",
                columns: new[] { "establishment_id", "siecle_id" });

            migrationBuilder.CreateIndex(
                name: "ix_teacher_services_establishment_id_structure_code",
                table: "teacher_services",
                columns: new[] { "establishment_id", "structure_code" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ent_imports");

            migrationBuilder.DropTable(
                name: "establishments");

            migrationBuilder.DropTable(
                name: "guardian_links");

            migrationBuilder.DropTable(
                name: "import_files");

            migrationBuilder.DropTable(
                name: "imports");

            migrationBuilder.DropTable(
                name: "memberships");

            migrationBuilder.DropTable(
                name: "people");

            migrationBuilder.DropTable(
                name: "structures");

            migrationBuilder.DropTable(
                name: "subjects");

            migrationBuilder.DropTable(
                name: "teacher_services");
        }
    }
}
