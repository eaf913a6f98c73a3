using Sacoche.Import.Domain.EntIdentifiers;
using Xunit;
using static Sacoche.Import.Tests.EntIdentifiers.EntTestHelpers;

namespace Sacoche.Import.Tests.EntIdentifiers;

public class EntIdMatcherTests
{
    private static EntMatchRow MatchOne(EntCsvRow row, params MatchCandidate[] directory) =>
        Assert.Single(EntIdMatcher.Match([row], directory).Rows);

    [Fact]
    public void Accents_and_case_are_ignored()
    {
        MatchCandidate zoe = Person("Léger", "Zoé", id: 1);
        EntMatchRow result = MatchOne(Row(2, "LEGER", "ZOE", "zleger"), zoe, Person("Léger", "Zoe-Anne"));
        Assert.Equal(EntMatchOutcome.Assigned, result.Outcome);
        Assert.Equal(zoe.UserId, result.User!.UserId);
    }

    [Fact]
    public void Hyphenated_first_name_equals_spaced_first_name()
    {
        MatchCandidate jp = Person("Dupont", "Jean-Pierre");
        Assert.Equal(jp, MatchOne(Row(2, "DUPONT", "Jean Pierre", "jpdupont"), jp).User);
    }

    [Theory]
    [InlineData("Jean-Marc", "Jean Marc")]
    [InlineData("Jean Marc", "JEAN-MARC")]
    [InlineData("Jean-Marc", "JEANMARC")]
    public void Hyphens_and_spaces_in_first_names_compare_equal(string directoryName, string fileName)
    {
        MatchCandidate jm = Person("Dupont", directoryName);
        EntMatchRow result = MatchOne(Row(2, "DUPONT", fileName, "jmdupont"), jm, Person("Dupont", "Jean"));
        Assert.Equal(EntMatchOutcome.Assigned, result.Outcome);
        Assert.Equal(jm, result.User);
    }

    [Fact]
    public void Compound_last_name_with_space_equals_hyphenated_one()
    {
        MatchCandidate lea = Person("DUPONT-MARTIN", "Léa");
        EntMatchRow result = MatchOne(Row(2, "DUPONT MARTIN", "Lea", "ldupont"), lea);
        Assert.Equal(EntMatchOutcome.Assigned, result.Outcome);
        Assert.Equal(lea, result.User);
    }

    [Theory]
    [InlineData("N DIAYE")]
    [InlineData("N'DIAYE")]
    [InlineData("N’Diaye")]
    [InlineData("NDIAYE")]
    public void Apostrophes_are_folded(string fileName)
    {
        MatchCandidate awa = Person("N'Diaye", "Awa");
        EntMatchRow result = MatchOne(Row(2, fileName, "Awa", "andiaye"), awa);
        Assert.Equal(EntMatchOutcome.Assigned, result.Outcome);
        Assert.Equal(awa, result.User);
    }

    [Fact]
    public void Particles_glued_or_not()
    {
        MatchCandidate jean = Person("De La Fontaine", "Jean");
        Assert.Equal(EntMatchOutcome.Assigned, MatchOne(Row(2, "DELAFONTAINE", "Jean", "jdlf"), jean).Outcome);
    }

    [Fact]
    public void Part_of_a_compound_name_is_only_proposed()
    {
        MatchCandidate lea = Person("Dupont-Martin", "Léa");
        EntMatchRow result = MatchOne(Row(2, "DUPONT", "Léa", "ldupont"), lea);
        Assert.Equal(EntMatchOutcome.ApproximateMatch, result.Outcome);
        Assert.Null(result.User);
        Assert.Equal(lea.UserId, result.ProposedUserId);
        Assert.Equal(lea, Assert.Single(result.Candidates).User);
    }

    [Fact]
    public void Extra_first_names_and_swapped_columns_are_approximate()
    {
        MatchCandidate marie = Person("Durand", "Marie Claire");
        Assert.Equal(EntMatchOutcome.ApproximateMatch, MatchOne(Row(2, "DURAND", "Marie", "mdurand"), marie).Outcome);
        Assert.Equal(EntMatchOutcome.ApproximateMatch, MatchOne(Row(2, "Marie Claire", "DURAND", "mdurand"), marie).Outcome);
    }

    [Fact]
    public void Nobody_matches()
    {
        EntMatchRow result = MatchOne(Row(2, "INCONNU", "Albert", "ainconnu"), Person("Dupont", "Jean"));
        Assert.Equal(EntMatchOutcome.NotFound, result.Outcome);
        Assert.Contains("« INCONNU Albert »", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Matching_covers_all_profiles_and_former_users()
    {
        MatchCandidate teacher = Person("Martin", "Sophie", profile: "ENS", active: false);
        EntMatchRow result = MatchOne(Row(2, "MARTIN", "Sophie", "smartin"), teacher);
        Assert.Equal(EntMatchOutcome.Assigned, result.Outcome);
        Assert.Equal(teacher, result.User);
    }

    [Fact]
    public void Homonyms_resolved_by_class_are_proposed_not_assigned()
    {
        MatchCandidate paul3A = Person("Martin", "Paul", classCode: "3A", id: 1);
        MatchCandidate paul4B = Person("Martin", "Paul", classCode: "4B", id: 2);
        EntMatchRow result = MatchOne(Row(2, "MARTIN", "Paul", "pmartin", className: "3eme A"), paul4B, paul3A);

        Assert.Equal(EntMatchOutcome.Homonyms, result.Outcome);
        Assert.Null(result.User);
        Assert.Equal(paul3A.UserId, result.ProposedUserId);
        // 3A: same class +20; 4B: different class -10.
        Assert.Equal([paul3A.UserId, paul4B.UserId], result.Candidates.Select(c => c.User.UserId));
        Assert.Equal([1, 2], result.Candidates.Select(c => c.Rank));
        Assert.Equal([20, -10], result.Candidates.Select(c => c.Score));
        Assert.True(result.Candidates[0].Proposed);
        Assert.False(result.Candidates[1].Proposed);
        Assert.Contains("même classe (3A)", result.Candidates[0].Reasons);
    }

    [Fact]
    public void Homonyms_resolved_by_birth_date_are_proposed_not_assigned()
    {
        MatchCandidate older = Person("Martin", "Paul", birth: new DateOnly(2009, 1, 15), id: 1);
        MatchCandidate younger = Person("Martin", "Paul", birth: new DateOnly(2011, 6, 2), id: 2);
        EntMatchRow result = MatchOne(Row(2, "MARTIN", "Paul", "pmartin", birth: new DateOnly(2011, 6, 2)), older, younger);

        Assert.Equal(EntMatchOutcome.Homonyms, result.Outcome);
        Assert.Equal(younger.UserId, result.ProposedUserId);
        Assert.Equal(younger, result.Candidates[0].User);
        Assert.Equal(30, result.Candidates[0].Score);
        Assert.Equal(-30, result.Candidates[1].Score);
        Assert.Contains("même date de naissance (02/06/2011)", result.Candidates[0].Reasons);
        Assert.Contains("Proposition", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Homonyms_of_different_profiles_use_the_ent_profile()
    {
        MatchCandidate father = Person("Martin", "Paul", profile: "TUT", id: 1);
        MatchCandidate son = Person("Martin", "Paul", profile: "ELV", classCode: "6C", id: 2);
        EntMatchRow result = MatchOne(Row(2, "MARTIN", "Paul", "pmartin", profile: "National_TUT"), son, father);

        Assert.Equal(EntMatchOutcome.Homonyms, result.Outcome);
        Assert.Equal(father.UserId, result.ProposedUserId);
        // father: profile compatible +10; son: incompatible -20.
        Assert.Equal([10, -20], result.Candidates.Select(c => c.Score));
    }

    [Fact]
    public void True_homonyms_share_the_first_rank_and_nobody_is_proposed()
    {
        MatchCandidate a = Person("Martin", "Paul", classCode: "3A", id: 1);
        MatchCandidate b = Person("Martin", "Paul", classCode: "3B", id: 2);
        EntMatchRow result = MatchOne(Row(2, "MARTIN", "Paul", "pmartin", profile: "Eleve"), a, b);

        Assert.Equal(EntMatchOutcome.Homonyms, result.Outcome);
        Assert.Null(result.ProposedUserId);
        Assert.Equal([1, 1], result.Candidates.Select(c => c.Rank));
        Assert.Equal([10, 10], result.Candidates.Select(c => c.Score));
        Assert.All(result.Candidates, c => Assert.False(c.Proposed));
    }

    [Fact]
    public void A_former_user_ranks_below_a_current_homonym()
    {
        MatchCandidate current = Person("Martin", "Paul", id: 1);
        MatchCandidate former = Person("Martin", "Paul", active: false, id: 2);
        EntMatchRow result = MatchOne(Row(2, "MARTIN", "Paul", "pmartin"), former, current);
        Assert.Equal(EntMatchOutcome.Homonyms, result.Outcome);
        Assert.Null(result.ProposedUserId); // no discriminating evidence: only a hint
        Assert.Equal([current, former], result.Candidates.Select(c => c.User));
        Assert.Equal([1, 2], result.Candidates.Select(c => c.Rank));
    }

    [Fact]
    public void Id_already_held_by_another_user()
    {
        MatchCandidate jean = Person("Dupont", "Jean", id: 1);
        MatchCandidate other = Person("Durand", "Luc", entId: "JDUPONT", id: 2);
        EntMatchRow result = MatchOne(Row(2, "DUPONT", "Jean", "jdupont"), jean, other);
        Assert.Equal(EntMatchOutcome.DuplicateEntId, result.Outcome);
        Assert.Equal(jean, result.User);
        Assert.Equal(other, result.CurrentHolder);
        Assert.Equal(
            "Identifiant ENT « jdupont » déjà attribué à Durand Luc (ELV) (sous la forme « JDUPONT ») : refusé, Dupont Jean (ELV) reste sans identifiant ENT.",
            result.Message);
    }

    [Fact]
    public void Id_held_by_another_user_under_other_accents_is_refused_and_the_user_keeps_his_id()
    {
        MatchCandidate lea = Person("Martin", "Léa", classCode: "6A", entId: "UT-LEA", id: 1);
        MatchCandidate elodie = Person("Martin", "Élodie", classCode: "6B", entId: "Élodie.Martin", id: 2);
        EntMatchRow result = MatchOne(Row(2, "MARTIN", "Lea", "elodie.martin"), lea, elodie);
        Assert.Equal(EntMatchOutcome.DuplicateEntId, result.Outcome);
        Assert.Equal(elodie, result.CurrentHolder);
        Assert.Equal(
            "Identifiant ENT « elodie.martin » déjà attribué à Martin Élodie (ELV, 6B) (sous la forme « Élodie.Martin ») : refusé, Martin Léa (ELV, 6A) garde son identifiant « UT-LEA ».",
            result.Message);
    }

    [Fact]
    public void The_same_id_in_another_establishment_is_no_conflict()
    {
        // Each establishment is matched against its own directory only.
        MatchCandidate jean = Person("Dupont", "Jean", id: 1);
        Assert.Equal(EntMatchOutcome.Assigned, MatchOne(Row(2, "DUPONT", "Jean", "jdupont"), jean).Outcome);
    }

    [Fact]
    public void Same_id_compares_without_case()
    {
        MatchCandidate jean = Person("Dupont", "Jean", entId: "JDupont");
        EntMatchRow result = MatchOne(Row(2, "DUPONT", "Jean", "jdupont"), jean);
        Assert.Equal(EntMatchOutcome.Unchanged, result.Outcome);
        Assert.Equal(jean, result.User);
    }

    [Fact]
    public void A_new_id_replaces_the_old_one()
    {
        MatchCandidate jean = Person("Dupont", "Jean", entId: "old-id");
        EntMatchRow result = MatchOne(Row(2, "DUPONT", "Jean", "jdupont"), jean);
        Assert.Equal(EntMatchOutcome.Assigned, result.Outcome);
        Assert.Contains("remplace « old-id »", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_lines_claiming_the_same_user()
    {
        MatchCandidate jean = Person("Dupont", "Jean");
        EntMatchReport report = EntIdMatcher.Match(
            [Row(2, "DUPONT", "Jean", "jdupont1"), Row(3, "Dupont", "Jean", "jdupont2")], [jean]);
        Assert.All(report.Rows, r => Assert.Equal(EntMatchOutcome.IdUsedByAnother, r.Outcome));
        Assert.Contains("ligne 3", report.Rows[0].Message, StringComparison.Ordinal);
        Assert.Contains("ligne 2", report.Rows[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_lines_claiming_the_same_id_for_different_users()
    {
        MatchCandidate jean = Person("Dupont", "Jean");
        MatchCandidate marie = Person("Martin", "Marie");
        EntMatchReport report = EntIdMatcher.Match(
            [Row(2, "DUPONT", "Jean", "shared"), Row(3, "MARTIN", "Marie", "SHARED")], [jean, marie]);
        Assert.Equal([EntMatchOutcome.Assigned, EntMatchOutcome.DuplicateEntId], report.Rows.Select(r => r.Outcome));
        Assert.Equal(marie, report.Rows[1].User);
        Assert.Equal(jean, report.Rows[1].CurrentHolder);
        Assert.Equal(
            "Identifiant ENT « SHARED » déjà attribué à Dupont Jean (ELV) par la ligne 2 du fichier (sous la forme « shared ») : refusé, Martin Marie (ELV) reste sans identifiant ENT.",
            report.Rows[1].Message);
        Assert.Equal(1, report.Count(EntMatchOutcome.DuplicateEntId));
    }

    [Fact]
    public void In_a_file_the_first_line_giving_an_id_wins_and_the_others_apply()
    {
        MatchCandidate jean = Person("Dupont", "Jean", classCode: "6B", id: 1);
        MatchCandidate lea = Person("Martin", "Léa", classCode: "6A", entId: "UT-LEA", id: 2);
        MatchCandidate zoe = Person("Durand", "Zoé", id: 3);
        EntMatchReport report = EntIdMatcher.Match(
            [Row(2, "DUPONT", "Jean", "JDupont"), Row(3, "MARTIN", "Lea", "jdupont"), Row(4, "DURAND", "Zoe", "zdurand")], [jean, lea, zoe]);
        Assert.Equal([EntMatchOutcome.Assigned, EntMatchOutcome.DuplicateEntId, EntMatchOutcome.Assigned], report.Rows.Select(r => r.Outcome));
        Assert.StartsWith("Identifiant ENT « jdupont » déjà attribué à Dupont Jean (ELV, 6B) par la ligne 2 du fichier", report.Rows[1].Message, StringComparison.Ordinal);
        Assert.EndsWith("Martin Léa (ELV, 6A) garde son identifiant « UT-LEA ».", report.Rows[1].Message, StringComparison.Ordinal);

        EntIdResolution resolution = EntIdResolver.Resolve(report, new Dictionary<int, Guid?>(), [jean, lea, zoe]);
        Assert.True(resolution.IsValid);
        Assert.Equal([(jean.UserId, "JDupont"), (zoe.UserId, "zdurand")], resolution.Assignments.Select(a => (a.UserId, a.EntId)));
    }

    [Fact]
    public void A_line_claimed_by_the_holder_wins_over_an_earlier_line()
    {
        MatchCandidate jean = Person("Dupont", "Jean", entId: "jdupont", id: 1);
        MatchCandidate lea = Person("Martin", "Léa", id: 2);
        EntMatchReport report = EntIdMatcher.Match(
            [Row(2, "MARTIN", "Lea", "JDUPONT"), Row(3, "DUPONT", "Jean", "jdupont")], [jean, lea]);
        Assert.Equal([EntMatchOutcome.DuplicateEntId, EntMatchOutcome.Unchanged], report.Rows.Select(r => r.Outcome));
    }

    [Fact]
    public void A_line_waiting_for_a_choice_cannot_take_an_id_a_settled_line_gives()
    {
        MatchCandidate jean = Person("Dupont", "Jean", id: 1);
        MatchCandidate paulA = Person("Martin", "Paul", classCode: "3A", id: 2);
        MatchCandidate paulB = Person("Martin", "Paul", classCode: "3B", id: 3);
        EntMatchReport report = EntIdMatcher.Match(
            [Row(2, "MARTIN", "Paul", "JDupont"), Row(3, "DUPONT", "Jean", "jdupont")], [jean, paulA, paulB]);
        Assert.Equal([EntMatchOutcome.DuplicateEntId, EntMatchOutcome.Assigned], report.Rows.Select(r => r.Outcome));
        Assert.Null(report.Rows[0].ProposedUserId);
        Assert.Empty(report.ToReview);
        Assert.StartsWith("Identifiant ENT « JDupont » déjà attribué à Dupont Jean (ELV) par la ligne 3 du fichier", report.Rows[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reassigning_the_same_id_to_the_same_user_is_no_conflict()
    {
        MatchCandidate jean = Person("Dupont", "Jean", entId: "JDupont", id: 1);
        EntMatchReport report = EntIdMatcher.Match([Row(2, "DUPONT", "Jean", " jdupont ")], [jean]);
        Assert.Equal(EntMatchOutcome.Unchanged, Assert.Single(report.Rows).Outcome);
        Assert.Empty(EntIdResolver.Resolve(report, new Dictionary<int, Guid?>(), [jean]).Assignments);
    }

    [Fact]
    public void A_duplicated_line_is_rejected_once()
    {
        MatchCandidate jean = Person("Dupont", "Jean");
        EntMatchReport report = EntIdMatcher.Match(
            [Row(2, "DUPONT", "Jean", "jdupont"), Row(3, "DUPONT", "Jean", "jdupont")], [jean]);
        Assert.Equal(EntMatchOutcome.Assigned, report.Rows[0].Outcome);
        Assert.Equal(EntMatchOutcome.Rejected, report.Rows[1].Outcome);
        Assert.Equal("Ligne en double de la ligne 2.", report.Rows[1].Message);
    }

    [Fact]
    public void Second_run_after_applying_the_ids_is_all_unchanged()
    {
        MatchCandidate jean = Person("Dupont", "Jean", id: 1);
        MatchCandidate paulA = Person("Martin", "Paul", classCode: "3A", id: 2);
        MatchCandidate paulB = Person("Martin", "Paul", classCode: "3B", id: 3);
        EntCsvRow[] rows =
        [
            Row(2, "DUPONT", "Jean", "jdupont"),
            Row(3, "MARTIN", "Paul", "pmartin1", className: "3A"),
            Row(4, "MARTIN", "Paul", "pmartin2", className: "3B"),
        ];
        MatchCandidate[] directory = [jean, paulA, paulB];

        EntMatchReport first = EntIdMatcher.Match(rows, directory);
        Assert.Equal([EntMatchOutcome.Assigned, EntMatchOutcome.Homonyms, EntMatchOutcome.Homonyms], first.Rows.Select(r => r.Outcome));

        var choices = new Dictionary<int, Guid?> { [3] = paulA.UserId, [4] = paulB.UserId };
        EntIdResolution resolution = EntIdResolver.Resolve(first, choices, directory);
        Assert.True(resolution.IsValid);
        Assert.Equal(3, resolution.Assignments.Count);

        MatchCandidate[] updated = directory
            .Select(p => resolution.Assignments.FirstOrDefault(a => a.UserId == p.UserId) is { } a ? p with { CurrentEntId = a.EntId } : p)
            .ToArray();
        EntMatchReport second = EntIdMatcher.Match(rows, updated);
        Assert.All(second.Rows, r => Assert.Equal(EntMatchOutcome.Unchanged, r.Outcome));
        Assert.Equal([jean.UserId, paulA.UserId, paulB.UserId], second.Rows.Select(r => r.User!.UserId));
    }

    [Fact]
    public void Siecle_id_wins_over_names()
    {
        MatchCandidate zoe = Person("Léger", "Zoé", siecle: "1234", id: 1);
        MatchCandidate sameName = Person("Leger", "Zoe", siecle: "9999", id: 2);
        // Lilie-like export: no accents, and a different spelling; leading zeros in the SIECLE id.
        EntMatchRow result = MatchOne(Row(2, "LEGER", "ZOE ANNE", "zleger", siecle: "001234"), sameName, zoe);
        Assert.Equal(EntMatchOutcome.Assigned, result.Outcome);
        Assert.Equal(zoe, result.User);
        Assert.Contains("SIECLE", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_siecle_id_falls_back_on_names_of_users_without_siecle_id()
    {
        MatchCandidate withOtherId = Person("Dupont", "Jean", siecle: "999");
        Assert.Equal(EntMatchOutcome.NotFound, MatchOne(Row(2, "DUPONT", "Jean", "jdupont", siecle: "1234"), withOtherId).Outcome);

        MatchCandidate parent = Person("Dupont", "Jean", profile: "TUT");
        EntMatchRow result = MatchOne(Row(2, "DUPONT", "Jean", "jdupont", siecle: "1234"), withOtherId, parent);
        Assert.Equal(EntMatchOutcome.Assigned, result.Outcome);
        Assert.Equal(parent, result.User);
    }

    [Fact]
    public void Line_without_siecle_id_in_a_siecle_format_uses_names()
    {
        MatchCandidate teacher = Person("Martin", "Sophie", profile: "ENS", siecle: "77");
        EntMatchRow result = MatchOne(Row(2, "MARTIN", "Sophie", "smartin", siecle: null), teacher);
        Assert.Equal(EntMatchOutcome.Assigned, result.Outcome);
    }

    [Fact]
    public void Siecle_format_end_to_end_from_the_file()
    {
        const string csv = "Id;Type;Id Siecle;Nom;Prénom;Classes\n" +
                           "jdupont;Élève;1234;DUPONT;Jean;3A\n" +
                           "zleger;Élève;5678;LEGER;ZOE;3B\n" +
                           "xx;Élève\n";
        EntCsvReadResult file = ReadText(csv, "openent");
        MatchCandidate jean = Person("Dupont", "Jean", siecle: "1234");
        MatchCandidate zoe = Person("Léger", "Zoé", siecle: "5678", entId: "zleger");
        EntMatchReport report = EntIdMatcher.Match(file, [jean, zoe]);
        Assert.Equal([2, 3, 4], report.Rows.Select(r => r.LineNumber));
        Assert.Equal([EntMatchOutcome.Assigned, EntMatchOutcome.Unchanged, EntMatchOutcome.Rejected], report.Rows.Select(r => r.Outcome));
        Assert.Equal(1, report.Count(EntMatchOutcome.Assigned));
        // The rejected line keeps what could be read: id in column 0, no nom (column 3) nor prénom.
        EntMatchRow rejected = report.Rows[2];
        Assert.Equal(("", "", "xx"), (rejected.LastName, rejected.FirstName, rejected.EntId));
        Assert.Contains("moins de 3 cellules", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Homonym_line_whose_id_one_candidate_already_has_is_unchanged()
    {
        MatchCandidate a = Person("Martin", "Paul", id: 1);
        MatchCandidate b = Person("Martin", "Paul", entId: "pmartin", id: 2);
        EntMatchRow result = MatchOne(Row(2, "MARTIN", "Paul", "pmartin"), a, b);
        Assert.Equal(EntMatchOutcome.Unchanged, result.Outcome);
        Assert.Equal(b, result.User);
    }
}
