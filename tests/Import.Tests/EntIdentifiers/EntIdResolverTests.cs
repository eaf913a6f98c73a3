using Sacoche.Import.Domain.EntIdentifiers;
using Xunit;
using static Sacoche.Import.Tests.EntIdentifiers.EntTestHelpers;

namespace Sacoche.Import.Tests.EntIdentifiers;

public class EntIdResolverTests
{
    private static readonly MatchCandidate Jean = Person("Dupont", "Jean", id: 1);
    private static readonly MatchCandidate PaulA = Person("Martin", "Paul", classCode: "3A", id: 2);
    private static readonly MatchCandidate PaulB = Person("Martin", "Paul", classCode: "3B", id: 3);
    private static readonly MatchCandidate Zoe = Person("Léger", "Zoé", entId: "zleger", id: 4);
    private static readonly MatchCandidate[] Directory = [Jean, PaulA, PaulB, Zoe];

    // line 2 Assigned (Jean), 3 Homonyms (Paul), 4 NotFound, 5 Unchanged (Zoé), 6 Homonyms (Paul again)
    private static EntMatchReport Report() => EntIdMatcher.Match(
        [
            Row(2, "DUPONT", "Jean", "jdupont"),
            Row(3, "MARTIN", "Paul", "pmartin1"),
            Row(4, "INCONNU", "Albert", "ainconnu"),
            Row(5, "LEGER", "Zoe", "zleger"),
            Row(6, "MARTIN", "Paul", "pmartin2"),
        ],
        Directory);

    [Fact]
    public void Report_has_the_expected_outcomes()
    {
        Assert.Equal(
            [EntMatchOutcome.Assigned, EntMatchOutcome.Homonyms, EntMatchOutcome.NotFound, EntMatchOutcome.Unchanged, EntMatchOutcome.Homonyms],
            Report().Rows.Select(r => r.Outcome));
    }

    [Fact]
    public void Without_choices_only_automatic_assignments_are_kept()
    {
        EntIdResolution result = EntIdResolver.Resolve(Report(), new Dictionary<int, Guid?>());
        Assert.True(result.IsValid);
        EntIdAssignment only = Assert.Single(result.Assignments);
        Assert.Equal(new EntIdAssignment(Jean.UserId, "jdupont", 2, null), only);
    }

    [Fact]
    public void Chosen_candidates_are_added_in_line_order()
    {
        EntIdResolution result = EntIdResolver.Resolve(Report(), new Dictionary<int, Guid?> { [6] = PaulB.UserId, [3] = PaulA.UserId });
        Assert.True(result.IsValid);
        Assert.Equal(
            [(Jean.UserId, "jdupont"), (PaulA.UserId, "pmartin1"), (PaulB.UserId, "pmartin2")],
            result.Assignments.Select(a => (a.UserId, a.EntId)));
    }

    [Fact]
    public void An_automatic_assignment_can_be_skipped()
    {
        EntIdResolution result = EntIdResolver.Resolve(Report(), new Dictionary<int, Guid?> { [2] = null, [3] = null });
        Assert.True(result.IsValid);
        Assert.Empty(result.Assignments);
    }

    [Fact]
    public void A_choice_outside_the_candidates_is_refused()
    {
        EntIdResolution result = EntIdResolver.Resolve(Report(), new Dictionary<int, Guid?> { [3] = Jean.UserId });
        Assert.False(result.IsValid);
        Assert.Empty(result.Assignments);
        string error = Assert.Single(result.Errors);
        Assert.Equal("Ligne 3 (MARTIN Paul) : l'utilisateur choisi ne fait pas partie des candidats proposés.", error);
    }

    [Fact]
    public void The_same_user_chosen_for_two_ids_is_refused()
    {
        EntIdResolution result = EntIdResolver.Resolve(Report(), new Dictionary<int, Guid?> { [3] = PaulA.UserId, [6] = PaulA.UserId });
        Assert.False(result.IsValid);
        string error = Assert.Single(result.Errors);
        Assert.Contains("Martin Paul (ELV, 3A) recevrait plusieurs identifiants", error, StringComparison.Ordinal);
        Assert.Contains("« pmartin1 » (ligne 3)", error, StringComparison.Ordinal);
        Assert.Contains("« pmartin2 » (ligne 6)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_id_for_two_users_is_refused()
    {
        // Two homonym lines carrying the same id, resolved to two different people.
        EntMatchReport report = EntIdMatcher.Match(
            [Row(3, "MARTIN", "Paul", "pmartin"), Row(6, "MARTIN", "Paul", "PMARTIN")], Directory);
        EntIdResolution result = EntIdResolver.Resolve(report, new Dictionary<int, Guid?> { [3] = PaulA.UserId, [6] = PaulB.UserId });
        Assert.False(result.IsValid);
        Assert.Contains("serait attribué à plusieurs utilisateurs", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Choices_on_lines_without_candidates_or_unknown_lines_are_refused()
    {
        EntIdResolution result = EntIdResolver.Resolve(Report(), new Dictionary<int, Guid?> { [4] = Jean.UserId, [99] = Jean.UserId, [5] = Jean.UserId });
        Assert.False(result.IsValid);
        Assert.Equal(3, result.Errors.Count);
        Assert.Contains(result.Errors, e => e.StartsWith("Ligne 99 : cette ligne ne figure pas dans le rapport", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("Ligne 4 (INCONNU Albert) : aucun choix possible", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("Ligne 5 : l'identifiant « zleger » appartient déjà à Léger Zoé", StringComparison.Ordinal));
    }

    [Fact]
    public void An_id_taken_meanwhile_in_the_directory_is_refused_for_that_line_only()
    {
        EntMatchReport report = Report();
        MatchCandidate[] changed = [Jean, PaulA, PaulB, Zoe with { CurrentEntId = "PMartin1" }];
        EntIdResolution result = EntIdResolver.Resolve(report, new Dictionary<int, Guid?> { [3] = PaulA.UserId }, changed);
        Assert.True(result.IsValid);
        Assert.Equal([(Jean.UserId, "jdupont")], result.Assignments.Select(a => (a.UserId, a.EntId)));
        EntIdRefusal refusal = Assert.Single(result.Refused);
        Assert.Equal(3, refusal.LineNumber);
        Assert.Equal(PaulA.UserId, refusal.User.UserId);
        Assert.Equal(Zoe.UserId, refusal.Holder.UserId);
        Assert.Equal(
            "Identifiant ENT « pmartin1 » déjà attribué à Léger Zoé (ELV) (sous la forme « PMartin1 ») : refusé, Martin Paul (ELV, 3A) reste sans identifiant ENT.",
            refusal.Message);

        EntMatchReport final = report.WithRefusals(result.Refused);
        EntMatchRow row = final.Rows.Single(r => r.LineNumber == 3);
        Assert.Equal(EntMatchOutcome.DuplicateEntId, row.Outcome);
        Assert.Equal(refusal.Message, row.Message);
        Assert.Empty(row.Candidates);
        Assert.Equal(1, final.Count(EntMatchOutcome.DuplicateEntId));
        Assert.Equal(report.Rows.Count, final.Rows.Count);
    }

    [Fact]
    public void Previous_id_is_reported()
    {
        MatchCandidate withOld = Person("Dupont", "Jean", entId: "ancien");
        EntMatchReport report = EntIdMatcher.Match([Row(2, "DUPONT", "Jean", "jdupont")], [withOld]);
        EntIdAssignment a = Assert.Single(EntIdResolver.Resolve(report, new Dictionary<int, Guid?>()).Assignments);
        Assert.Equal("ancien", a.PreviousEntId);
    }
}
