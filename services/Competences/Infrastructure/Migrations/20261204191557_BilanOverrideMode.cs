using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sacoche.Competences.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class BilanOverrideMode : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "override_mode",
                table: "bilan_subject_lines",
                type: "character varying(10)",
                maxLength: 10,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "override_mode",
                table: "bilan_subject_lines");
        }
    }
}
