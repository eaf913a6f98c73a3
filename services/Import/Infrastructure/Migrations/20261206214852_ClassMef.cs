using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sacoche.Import.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class ClassMef : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "mef_code",
                table: "structures",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<List<string>>(
                name: "sts_mef_codes",
                table: "structures",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'::text[]");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "mef_code",
                table: "structures");

            migrationBuilder.DropColumn(
                name: "sts_mef_codes",
                table: "structures");
        }
    }
}
