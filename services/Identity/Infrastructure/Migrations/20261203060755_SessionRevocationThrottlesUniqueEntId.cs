using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sacoche.Identity.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class SessionRevocationThrottlesUniqueEntId : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_accounts_establishment_id_ent_id_normalized",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "failed_logins",
                table: "accounts");

            // The lockout is replaced by progressive delays (login_throttles); a lock instant is not a revocation.
            migrationBuilder.DropColumn(
                name: "locked_until",
                table: "accounts");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "sessions_revoked_at",
                table: "accounts",
                type: "timestamp with time zone",
                nullable: true);

            // Accounts sharing a folded ENT id: the oldest keeps it, the others lose it (the ENT
            // identifiers import shows them as without ENT id), so that the unique index can exist.
            migrationBuilder.Sql("""
                UPDATE accounts a SET ent_id = NULL, ent_id_normalized = NULL
                FROM (SELECT id, row_number() OVER (PARTITION BY establishment_id, ent_id_normalized ORDER BY created_at, id) AS rank
                      FROM accounts WHERE ent_id_normalized IS NOT NULL) d
                WHERE a.id = d.id AND d.rank > 1
                """);

            migrationBuilder.CreateTable(
                name: "login_throttles",
                columns: table => new
                {
                    key = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    failures = table.Column<int>(type: "integer", nullable: false),
                    last_failure_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_login_throttles", x => x.key);
                });

            migrationBuilder.CreateIndex(
                name: "ix_accounts_establishment_id_ent_id_normalized",
                table: "accounts",
                columns: new[] { "establishment_id", "ent_id_normalized" },
                unique: true,
                filter: "ent_id_normalized IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_login_throttles_last_failure_at",
                table: "login_throttles",
                column: "last_failure_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "login_throttles");

            migrationBuilder.DropIndex(
                name: "ix_accounts_establishment_id_ent_id_normalized",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "sessions_revoked_at",
                table: "accounts");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "locked_until",
                table: "accounts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "failed_logins",
                table: "accounts",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "ix_accounts_establishment_id_ent_id_normalized",
                table: "accounts",
                columns: new[] { "establishment_id", "ent_id_normalized" });
        }
    }
}
