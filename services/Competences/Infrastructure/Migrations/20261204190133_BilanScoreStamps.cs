using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sacoche.Competences.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class BilanScoreStamps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The bilan cache's stamp (Infrastructure/ScoreChanges.cs): every statement that writes a table a score or a bilan's
            // computed part depends on appends one row per establishment it touched. Appending takes no row lock writers queue on.
            migrationBuilder.Sql("""
                CREATE TABLE score_changes (
                    id bigint GENERATED ALWAYS AS IDENTITY,
                    establishment_id integer NOT NULL,
                    CONSTRAINT pk_score_changes PRIMARY KEY (establishment_id, id));
                CREATE FUNCTION score_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO score_changes (establishment_id) SELECT DISTINCT establishment_id FROM changed;
                    RETURN NULL;
                END $$;
                DO $$
                DECLARE t text;
                BEGIN
                    FOREACH t IN ARRAY ARRAY['entries', 'evaluations', 'evaluation_items', 'evaluation_students', 'referentials', 'referential_domains',
                        'referential_themes', 'referential_items', 'roster_users', 'roster_classes', 'roster_groups', 'teacher_services', 'subjects',
                        'establishment_settings']
                    LOOP
                        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION score_changed()', t || '_score_insert', t);
                        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION score_changed()', t || '_score_update', t);
                        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION score_changed()', t || '_score_delete', t);
                    END LOOP;
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DO $$
                DECLARE t text;
                BEGIN
                    FOREACH t IN ARRAY ARRAY['entries', 'evaluations', 'evaluation_items', 'evaluation_students', 'referentials', 'referential_domains',
                        'referential_themes', 'referential_items', 'roster_users', 'roster_classes', 'roster_groups', 'teacher_services', 'subjects',
                        'establishment_settings']
                    LOOP
                        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', t || '_score_insert', t);
                        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', t || '_score_update', t);
                        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', t || '_score_delete', t);
                    END LOOP;
                END $$;
                DROP FUNCTION IF EXISTS score_changed();
                DROP TABLE IF EXISTS score_changes;
                """);
        }
    }
}
