using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sacoche.Competences.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class EvaluationRequests : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "done",
                table: "evaluations",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "evaluation_requests",
                columns: table => new
                {
                    establishment_id = table.Column<int>(type: "integer", nullable: false),
                    id = table.Column<long>(type: "bigint", nullable: false),
                    student_id = table.Column<Guid>(type: "uuid", nullable: false),
                    item_id = table.Column<long>(type: "bigint", nullable: false),
                    subject_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    message = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    status = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    answered_by = table.Column<Guid>(type: "uuid", nullable: true),
                    answered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    answer = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    evaluation_id = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_evaluation_requests", x => new { x.establishment_id, x.id });
                    table.ForeignKey(
                        name: "fk_evaluation_requests_referential_items_establishment_id_item",
                        columns: x => new { x.establishment_id, x.item_id },
                        principalTable: "referential_items",
                        principalColumns: new[] { "establishment_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_evaluation_requests_establishment_id_item_id",
                table: "evaluation_requests",
                columns: new[] { "establishment_id", "item_id" });

            migrationBuilder.CreateIndex(
                name: "ix_evaluation_requests_establishment_id_student_id_item_id",
                table: "evaluation_requests",
                columns: new[] { "establishment_id", "student_id", "item_id" },
                unique: true,
                filter: "status = 'pending'");

            migrationBuilder.CreateIndex(
                name: "ix_evaluation_requests_establishment_id_subject_code_status",
                table: "evaluation_requests",
                columns: new[] { "establishment_id", "subject_code", "status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "evaluation_requests");

            migrationBuilder.DropColumn(
                name: "done",
                table: "evaluations");
        }
    }
}
