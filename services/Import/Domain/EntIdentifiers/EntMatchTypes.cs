using Sacoche.People;

namespace Sacoche.Import.Domain.EntIdentifiers;

/// <summary>A user of the establishment (current or former) that a line of the ENT export may designate.</summary>
public sealed record MatchCandidate(
    Guid UserId,
    string Profile,
    string LastName,
    string FirstName,
    DateOnly? BirthDate,
    string? ClassCode,
    string? SiecleId,
    string? CurrentEntId,
    bool Active);

public enum EntMatchOutcome
{
    /// <summary>One user found: the id is new for them (to write).</summary>
    Assigned,

    /// <summary>The user already has this id.</summary>
    Unchanged,

    /// <summary>Nobody matches.</summary>
    NotFound,

    /// <summary>Several users match: ranked candidates, the administrator chooses.</summary>
    Homonyms,

    /// <summary>
    /// One user found only by an approximate comparison (partial compound name, extra first names,
    /// swapped nom / prénom): proposed, the administrator confirms.
    /// </summary>
    ApproximateMatch,

    /// <summary>Several lines of the file designate the same user with different ids: to handle manually.</summary>
    IdUsedByAnother,

    /// <summary>Unusable line.</summary>
    Rejected,

    /// <summary>
    /// Refused: the id, folded as CAS sign-in compares it (<see cref="EntIdKey"/>), already belongs to another
    /// user of the establishment, or an earlier line of the file gives it to another user (the first line wins).
    /// The user designated keeps the id they had; the other lines still apply.
    /// </summary>
    DuplicateEntId,
}

/// <summary>A candidate for an ambiguous line, with its rank (1 = best; equal scores share a rank) and the reasons.</summary>
public sealed record RankedCandidate(
    MatchCandidate User,
    int Rank,
    int Score,
    int EvidenceScore,
    bool Proposed,
    IReadOnlyList<string> Reasons);

/// <summary>Result for one line of the ENT export.</summary>
public sealed record EntMatchRow(
    int LineNumber,
    string LastName,
    string FirstName,
    string EntId,
    EntMatchOutcome Outcome,
    string Message)
{
    /// <summary>The user designated (Assigned, Unchanged, and IdUsedByAnother / DuplicateEntId when a user was found).</summary>
    public MatchCandidate? User { get; init; }

    /// <summary>The other user who holds the id, or gets it from an earlier line (DuplicateEntId / NotFound).</summary>
    public MatchCandidate? CurrentHolder { get; init; }

    /// <summary>Ranked candidates (Homonyms, ApproximateMatch).</summary>
    public IReadOnlyList<RankedCandidate> Candidates { get; init; } = [];

    /// <summary>The single best candidate on discriminating evidence, proposed but never assigned.</summary>
    public Guid? ProposedUserId { get; init; }

    /// <summary>The source line (null for rejected lines).</summary>
    public EntCsvRow? Source { get; init; }
}

/// <summary>The whole matching report, in file line order.</summary>
public sealed record EntMatchReport(IReadOnlyList<EntMatchRow> Rows)
{
    public int Count(EntMatchOutcome outcome) => Rows.Count(r => r.Outcome == outcome);

    /// <summary>Lines waiting for an administrator's choice.</summary>
    public IEnumerable<EntMatchRow> ToReview =>
        Rows.Where(r => r.Outcome is EntMatchOutcome.Homonyms or EntMatchOutcome.ApproximateMatch);

    /// <summary>The report with the lines refused when applying marked <see cref="EntMatchOutcome.DuplicateEntId"/>.</summary>
    public EntMatchReport WithRefusals(IReadOnlyList<EntIdRefusal> refused)
    {
        ArgumentNullException.ThrowIfNull(refused);
        if (refused.Count == 0)
        {
            return this;
        }

        var byLine = refused.ToDictionary(r => r.LineNumber);
        return new EntMatchReport(Rows.Select(r => byLine.TryGetValue(r.LineNumber, out EntIdRefusal? refusal)
            ? r with
            {
                Outcome = EntMatchOutcome.DuplicateEntId,
                User = refusal.User,
                CurrentHolder = refusal.Holder,
                Candidates = [],
                ProposedUserId = null,
                Message = refusal.Message,
            }
            : r).ToList());
    }

    public static string Label(EntMatchOutcome outcome) => outcome switch
    {
        EntMatchOutcome.Assigned => "Identifiant attribué",
        EntMatchOutcome.Unchanged => "Identifiant inchangé",
        EntMatchOutcome.NotFound => "Utilisateur non trouvé",
        EntMatchOutcome.Homonyms => "Homonymes : choix à faire",
        EntMatchOutcome.ApproximateMatch => "Correspondance approchée : à confirmer",
        EntMatchOutcome.IdUsedByAnother => "Identifiant déjà utilisé",
        EntMatchOutcome.Rejected => "Ligne rejetée",
        EntMatchOutcome.DuplicateEntId => "Identifiant ENT déjà attribué : refusé",
        _ => outcome.ToString(),
    };
}
