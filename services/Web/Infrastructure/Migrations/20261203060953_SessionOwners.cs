using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sacoche.Web.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class SessionOwners : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "created_at",
                table: "ui_sessions",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<int>(
                name: "establishment_id",
                table: "ui_sessions",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "subject",
                table: "ui_sessions",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_ui_sessions_establishment_id",
                table: "ui_sessions",
                column: "establishment_id");

            migrationBuilder.CreateIndex(
                name: "ix_ui_sessions_subject",
                table: "ui_sessions",
                column: "subject");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_ui_sessions_establishment_id",
                table: "ui_sessions");

            migrationBuilder.DropIndex(
                name: "ix_ui_sessions_subject",
                table: "ui_sessions");

            migrationBuilder.DropColumn(
                name: "created_at",
                table: "ui_sessions");

            migrationBuilder.DropColumn(
                name: "establishment_id",
                table: "ui_sessions");

            migrationBuilder.DropColumn(
                name: "subject",
                table: "ui_sessions");
        }
    }
}
