using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sacoche.Import.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class LsuData : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "civility",
                table: "people",
                type: "character varying(3)",
                maxLength: 3,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "options",
                table: "people",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "sts_type",
                table: "people",
                type: "character varying(10)",
                maxLength: 10,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "civility",
                table: "people");

            migrationBuilder.DropColumn(
                name: "options",
                table: "people");

            migrationBuilder.DropColumn(
                name: "sts_type",
                table: "people");
        }
    }
}
