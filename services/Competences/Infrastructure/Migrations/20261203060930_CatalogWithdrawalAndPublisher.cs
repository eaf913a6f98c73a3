using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sacoche.Competences.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class CatalogWithdrawalAndPublisher : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "published_by",
                table: "catalog_referentials",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "withdrawn_at",
                table: "catalog_referentials",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "withdrawn_by",
                table: "catalog_referentials",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_catalog_referentials_published_at_id",
                table: "catalog_referentials",
                columns: new[] { "published_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_catalog_referentials_published_by_published_at",
                table: "catalog_referentials",
                columns: new[] { "published_by", "published_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_catalog_referentials_published_at_id",
                table: "catalog_referentials");

            migrationBuilder.DropIndex(
                name: "ix_catalog_referentials_published_by_published_at",
                table: "catalog_referentials");

            migrationBuilder.DropColumn(
                name: "published_by",
                table: "catalog_referentials");

            migrationBuilder.DropColumn(
                name: "withdrawn_at",
                table: "catalog_referentials");

            migrationBuilder.DropColumn(
                name: "withdrawn_by",
                table: "catalog_referentials");
        }
    }
}
