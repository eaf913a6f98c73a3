using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sacoche.Competences.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class BilanStudentStamps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Entries stamp per student: a changed cell moves that student's stamp only (the cache scores him alone again).
            migrationBuilder.Sql("""
                ALTER TABLE score_changes ADD COLUMN student_id uuid;
                CREATE FUNCTION score_changed_students() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO score_changes (establishment_id, student_id) SELECT DISTINCT establishment_id, student_id FROM changed;
                    RETURN NULL;
                END $$;
                DROP TRIGGER entries_score_insert ON entries;
                DROP TRIGGER entries_score_update ON entries;
                DROP TRIGGER entries_score_delete ON entries;
                CREATE TRIGGER entries_score_insert AFTER INSERT ON entries REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION score_changed_students();
                CREATE TRIGGER entries_score_update AFTER UPDATE ON entries REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION score_changed_students();
                CREATE TRIGGER entries_score_delete AFTER DELETE ON entries REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION score_changed_students();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER entries_score_insert ON entries;
                DROP TRIGGER entries_score_update ON entries;
                DROP TRIGGER entries_score_delete ON entries;
                CREATE TRIGGER entries_score_insert AFTER INSERT ON entries REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION score_changed();
                CREATE TRIGGER entries_score_update AFTER UPDATE ON entries REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION score_changed();
                CREATE TRIGGER entries_score_delete AFTER DELETE ON entries REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION score_changed();
                DROP FUNCTION score_changed_students();
                ALTER TABLE score_changes DROP COLUMN student_id;
                """);
        }
    }
}
