using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Sacoche.Competences.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class Competences : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateSequence(
                name: "competences_ids");

            migrationBuilder.CreateTable(
                name: "entry_audits",
                columns: table => new
                {
                    establishment_id = table.Column<int>(type: "integer", nullable: false),
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    evaluation_id = table.Column<long>(type: "bigint", nullable: false),
                    student_id = table.Column<Guid>(type: "uuid", nullable: false),
                    item_id = table.Column<long>(type: "bigint", nullable: false),
                    old_code = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true),
                    new_code = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true),
                    changed_by = table.Column<Guid>(type: "uuid", nullable: false),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_entry_audits", x => new { x.establishment_id, x.id });
                });

            migrationBuilder.CreateTable(
                name: "establishment_settings",
                columns: table => new
                {
                    establishment_id = table.Column<int>(type: "integer", nullable: false),
                    document = table.Column<string>(type: "jsonb", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_establishment_settings", x => x.establishment_id);
                });

            migrationBuilder.CreateTable(
                name: "evaluations",
                columns: table => new
                {
                    establishment_id = table.Column<int>(type: "integer", nullable: false),
                    id = table.Column<long>(type: "bigint", nullable: false),
                    owner_id = table.Column<Guid>(type: "uuid", nullable: false),
                    class_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    group_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    visible_date = table.Column<DateOnly>(type: "date", nullable: false),
                    self_assessment_until = table.Column<DateOnly>(type: "date", nullable: true),
                    description = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_evaluations", x => new { x.establishment_id, x.id });
                });

            migrationBuilder.CreateTable(
                name: "levels",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    name = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    @ref = table.Column<string>(name: "ref", type: "character varying(10)", maxLength: 10, nullable: false),
                    order = table.Column<int>(type: "integer", nullable: false),
                    is_cycle = table.Column<bool>(type: "boolean", nullable: false),
                    mef_mask = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_levels", x => x.code);
                });

            migrationBuilder.CreateTable(
                name: "national_subjects",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    bcn_code = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_national_subjects", x => x.code);
                });

            migrationBuilder.CreateTable(
                name: "referentials",
                columns: table => new
                {
                    establishment_id = table.Column<int>(type: "integer", nullable: false),
                    id = table.Column<long>(type: "bigint", nullable: false),
                    subject_code = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    level_code = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    method = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    limit = table.Column<int>(type: "integer", nullable: false),
                    retroactivity = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    created_by = table.Column<Guid>(type: "uuid", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_referentials", x => new { x.establishment_id, x.id });
                });

            migrationBuilder.CreateTable(
                name: "roster_classes",
                columns: table => new
                {
                    establishment_id = table.Column<int>(type: "integer", nullable: false),
                    code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    level_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    principal_teacher_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_roster_classes", x => new { x.establishment_id, x.code });
                });

            migrationBuilder.CreateTable(
                name: "roster_groups",
                columns: table => new
                {
                    establishment_id = table.Column<int>(type: "integer", nullable: false),
                    code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    class_codes = table.Column<string[]>(type: "text[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_roster_groups", x => new { x.establishment_id, x.code });
                });

            migrationBuilder.CreateTable(
                name: "roster_users",
                columns: table => new
                {
                    establishment_id = table.Column<int>(type: "integer", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    profile = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    last_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    first_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    class_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    group_codes = table.Column<string[]>(type: "text[]", nullable: false),
                    child_ids = table.Column<Guid[]>(type: "uuid[]", nullable: false),
                    subject_codes = table.Column<string[]>(type: "text[]", nullable: false),
                    exit_date = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_roster_users", x => new { x.establishment_id, x.user_id });
                });

            migrationBuilder.CreateTable(
                name: "structure_versions",
                columns: table => new
                {
                    establishment_id = table.Column<int>(type: "integer", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_structure_versions", x => x.establishment_id);
                });

            migrationBuilder.CreateTable(
                name: "subjects",
                columns: table => new
                {
                    establishment_id = table.Column<int>(type: "integer", nullable: false),
                    code = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    bcn_code = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: true),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    imported = table.Column<bool>(type: "boolean", nullable: false)
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
                    structure_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    is_group = table.Column<bool>(type: "boolean", nullable: false),
                    subject_code = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_teacher_services", x => new { x.establishment_id, x.teacher_id, x.structure_code, x.is_group, x.subject_code });
                });

            migrationBuilder.CreateTable(
                name: "evaluation_shares",
                columns: table => new
                {
                    establishment_id = table.Column<int>(type: "integer", nullable: false),
                    evaluation_id = table.Column<long>(type: "bigint", nullable: false),
                    teacher_id = table.Column<Guid>(type: "uuid", nullable: false),
                    right = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_evaluation_shares", x => new { x.establishment_id, x.evaluation_id, x.teacher_id });
                    table.ForeignKey(
                        name: "fk_evaluation_shares_evaluations_establishment_id_evaluation_id",
                        columns: x => new { x.establishment_id, x.evaluation_id },
                        principalTable: "evaluations",
                        principalColumns: new[] { "establishment_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "evaluation_students",
                columns: table => new
                {
                    establishment_id = table.Column<int>(type: "integer", nullable: false),
                    evaluation_id = table.Column<long>(type: "bigint", nullable: false),
                    student_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_evaluation_students", x => new { x.establishment_id, x.evaluation_id, x.student_id });
                    table.ForeignKey(
                        name: "fk_evaluation_students_evaluations_establishment_id_evaluation",
                        columns: x => new { x.establishment_id, x.evaluation_id },
                        principalTable: "evaluations",
                        principalColumns: new[] { "establishment_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "referential_domains",
                columns: table => new
                {
                    establishment_id = table.Column<int>(type: "integer", nullable: false),
                    id = table.Column<long>(type: "bigint", nullable: false),
                    referential_id = table.Column<long>(type: "bigint", nullable: false),
                    order = table.Column<int>(type: "integer", nullable: false),
                    code = table.Column<string>(type: "character varying(1)", maxLength: 1, nullable: false),
                    @ref = table.Column<string>(name: "ref", type: "character varying(20)", maxLength: 20, nullable: false),
                    name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_referential_domains", x => new { x.establishment_id, x.id });
                    table.ForeignKey(
                        name: "fk_referential_domains_referentials_establishment_id_referenti",
                        columns: x => new { x.establishment_id, x.referential_id },
                        principalTable: "referentials",
                        principalColumns: new[] { "establishment_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "referential_themes",
                columns: table => new
                {
                    establishment_id = table.Column<int>(type: "integer", nullable: false),
                    id = table.Column<long>(type: "bigint", nullable: false),
                    referential_id = table.Column<long>(type: "bigint", nullable: false),
                    domain_id = table.Column<long>(type: "bigint", nullable: false),
                    order = table.Column<int>(type: "integer", nullable: false),
                    @ref = table.Column<string>(name: "ref", type: "character varying(20)", maxLength: 20, nullable: false),
                    name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_referential_themes", x => new { x.establishment_id, x.id });
                    table.ForeignKey(
                        name: "fk_referential_themes_referential_domains_establishment_id_dom",
                        columns: x => new { x.establishment_id, x.domain_id },
                        principalTable: "referential_domains",
                        principalColumns: new[] { "establishment_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "referential_items",
                columns: table => new
                {
                    establishment_id = table.Column<int>(type: "integer", nullable: false),
                    id = table.Column<long>(type: "bigint", nullable: false),
                    referential_id = table.Column<long>(type: "bigint", nullable: false),
                    theme_id = table.Column<long>(type: "bigint", nullable: false),
                    order = table.Column<int>(type: "integer", nullable: false),
                    @ref = table.Column<string>(name: "ref", type: "character varying(20)", maxLength: 20, nullable: false),
                    name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    abbreviation = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: false),
                    coefficient = table.Column<int>(type: "integer", nullable: false),
                    cart = table.Column<bool>(type: "boolean", nullable: false),
                    link = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    comment = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    socle = table.Column<string[]>(type: "text[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_referential_items", x => new { x.establishment_id, x.id });
                    table.ForeignKey(
                        name: "fk_referential_items_referential_themes_establishment_id_theme",
                        columns: x => new { x.establishment_id, x.theme_id },
                        principalTable: "referential_themes",
                        principalColumns: new[] { "establishment_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "entries",
                columns: table => new
                {
                    establishment_id = table.Column<int>(type: "integer", nullable: false),
                    evaluation_id = table.Column<long>(type: "bigint", nullable: false),
                    student_id = table.Column<Guid>(type: "uuid", nullable: false),
                    item_id = table.Column<long>(type: "bigint", nullable: false),
                    code = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    changed_by = table.Column<Guid>(type: "uuid", nullable: false),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_entries", x => new { x.establishment_id, x.evaluation_id, x.student_id, x.item_id });
                    table.ForeignKey(
                        name: "fk_entries_evaluations_establishment_id_evaluation_id",
                        columns: x => new { x.establishment_id, x.evaluation_id },
                        principalTable: "evaluations",
                        principalColumns: new[] { "establishment_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_entries_referential_items_establishment_id_item_id",
                        columns: x => new { x.establishment_id, x.item_id },
                        principalTable: "referential_items",
                        principalColumns: new[] { "establishment_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "evaluation_items",
                columns: table => new
                {
                    establishment_id = table.Column<int>(type: "integer", nullable: false),
                    evaluation_id = table.Column<long>(type: "bigint", nullable: false),
                    item_id = table.Column<long>(type: "bigint", nullable: false),
                    order = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_evaluation_items", x => new { x.establishment_id, x.evaluation_id, x.item_id });
                    table.ForeignKey(
                        name: "fk_evaluation_items_evaluations_establishment_id_evaluation_id",
                        columns: x => new { x.establishment_id, x.evaluation_id },
                        principalTable: "evaluations",
                        principalColumns: new[] { "establishment_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_evaluation_items_referential_items_establishment_id_item_id",
                        columns: x => new { x.establishment_id, x.item_id },
                        principalTable: "referential_items",
                        principalColumns: new[] { "establishment_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "levels",
                columns: new[] { "code", "is_cycle", "mef_mask", "name", "order", "ref" },
                values: new object[,]
                {
                    { "3E", false, "103........", "Troisième", 4, "3e" },
                    { "4E", false, "102........", "Quatrième", 3, "4e" },
                    { "5E", false, "101........", "Cinquième", 2, "5e" },
                    { "6E", false, "100........", "Sixième", 1, "6e" },
                    { "C2", true, "211........|221........|222........", "Cycle 2 (CP, CE1, CE2)", 10, "C2" },
                    { "C3", true, "231........|232........|100........", "Cycle 3 (CM1, CM2, 6e)", 11, "C3" },
                    { "C4", true, "101........|102........|103........", "Cycle 4 (5e, 4e, 3e)", 12, "C4" }
                });

            migrationBuilder.InsertData(
                table: "national_subjects",
                columns: new[] { "code", "bcn_code", "name" },
                values: new object[,]
                {
                    { "A-PLA", "080100", "Arts plastiques" },
                    { "AGL1", "030201", "Anglais LV1" },
                    { "AGL2", "030202", "Anglais LV2" },
                    { "ALL1", "030101", "Allemand LV1" },
                    { "ALL2", "030102", "Allemand LV2" },
                    { "DOC", "008000", "Documentation" },
                    { "EDMUS", "090100", "Éducation musicale" },
                    { "EMC", "042400", "Enseignement moral et civique" },
                    { "EPS", "100100", "Éducation physique et sportive" },
                    { "ESP1", "030601", "Espagnol LV1" },
                    { "ESP2", "030602", "Espagnol LV2" },
                    { "FRANC", "020700", "Français" },
                    { "HIGEO", "040600", "Histoire-géographie" },
                    { "ITA2", "030802", "Italien LV2" },
                    { "LCAGR", "020200", "Grec" },
                    { "LCALA", "020300", "Latin" },
                    { "MATHS", "061300", "Mathématiques" },
                    { "PH-CH", "061700", "Physique-chimie" },
                    { "SVT", "062900", "Sciences de la vie et de la Terre" },
                    { "TECHN", "070200", "Technologie" },
                    { "TRANS", "000000", "Transversal" },
                    { "VSCO", "001000", "Vie scolaire" }
                });

            migrationBuilder.CreateIndex(
                name: "ix_entries_establishment_id_item_id",
                table: "entries",
                columns: new[] { "establishment_id", "item_id" });

            migrationBuilder.CreateIndex(
                name: "ix_entries_establishment_id_student_id_item_id",
                table: "entries",
                columns: new[] { "establishment_id", "student_id", "item_id" });

            migrationBuilder.CreateIndex(
                name: "ix_entry_audits_establishment_id_evaluation_id_student_id_item",
                table: "entry_audits",
                columns: new[] { "establishment_id", "evaluation_id", "student_id", "item_id" });

            migrationBuilder.CreateIndex(
                name: "ix_evaluation_items_establishment_id_item_id",
                table: "evaluation_items",
                columns: new[] { "establishment_id", "item_id" });

            migrationBuilder.CreateIndex(
                name: "ix_evaluation_shares_establishment_id_teacher_id",
                table: "evaluation_shares",
                columns: new[] { "establishment_id", "teacher_id" });

            migrationBuilder.CreateIndex(
                name: "ix_evaluations_establishment_id_owner_id",
                table: "evaluations",
                columns: new[] { "establishment_id", "owner_id" });

            migrationBuilder.CreateIndex(
                name: "ix_referential_domains_establishment_id_referential_id",
                table: "referential_domains",
                columns: new[] { "establishment_id", "referential_id" });

            migrationBuilder.CreateIndex(
                name: "ix_referential_items_establishment_id_referential_id",
                table: "referential_items",
                columns: new[] { "establishment_id", "referential_id" });

            migrationBuilder.CreateIndex(
                name: "ix_referential_items_establishment_id_theme_id",
                table: "referential_items",
                columns: new[] { "establishment_id", "theme_id" });

            migrationBuilder.CreateIndex(
                name: "ix_referential_themes_establishment_id_domain_id",
                table: "referential_themes",
                columns: new[] { "establishment_id", "domain_id" });

            migrationBuilder.CreateIndex(
                name: "ix_referential_themes_establishment_id_referential_id",
                table: "referential_themes",
                columns: new[] { "establishment_id", "referential_id" });

            migrationBuilder.CreateIndex(
                name: "ix_referentials_establishment_id_subject_code_level_code",
                table: "referentials",
                columns: new[] { "establishment_id", "subject_code", "level_code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_roster_users_establishment_id_class_code",
                table: "roster_users",
                columns: new[] { "establishment_id", "class_code" });

            migrationBuilder.CreateIndex(
                name: "ix_roster_users_group_codes",
                table: "roster_users",
                column: "group_codes")
                .Annotation("Npgsql:IndexMethod", "gin");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "entries");

            migrationBuilder.DropTable(
                name: "entry_audits");

            migrationBuilder.DropTable(
                name: "establishment_settings");

            migrationBuilder.DropTable(
                name: "evaluation_items");

            migrationBuilder.DropTable(
                name: "evaluation_shares");

            migrationBuilder.DropTable(
                name: "evaluation_students");

            migrationBuilder.DropTable(
                name: "levels");

            migrationBuilder.DropTable(
                name: "national_subjects");

            migrationBuilder.DropTable(
                name: "roster_classes");

            migrationBuilder.DropTable(
                name: "roster_groups");

            migrationBuilder.DropTable(
                name: "roster_users");

            migrationBuilder.DropTable(
                name: "structure_versions");

            migrationBuilder.DropTable(
                name: "subjects");

            migrationBuilder.DropTable(
                name: "teacher_services");

            migrationBuilder.DropTable(
                name: "referential_items");

            migrationBuilder.DropTable(
                name: "evaluations");

            migrationBuilder.DropTable(
                name: "referential_themes");

            migrationBuilder.DropTable(
                name: "referential_domains");

            migrationBuilder.DropTable(
                name: "referentials");

            migrationBuilder.DropSequence(
                name: "competences_ids");
        }
    }
}
