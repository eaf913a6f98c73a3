using System.Globalization;
using Sacoche.People;

namespace Sacoche.Import.Domain.EntIdentifiers;

/// <summary>An ENT id to write on a user.</summary>
public sealed record EntIdAssignment(Guid UserId, string EntId, int LineNumber, string? PreviousEntId);

/// <summary>
/// A line refused when applying: its id (folded) now belongs to another user of the directory.
/// <paramref name="Message"/> is the French reason, as in the report.
/// </summary>
public sealed record EntIdRefusal(int LineNumber, MatchCandidate User, MatchCandidate Holder, string Message);

/// <summary>
/// Final assignments, or the French errors that prevent applying them (then no assignment at all).
/// <see cref="Refused"/>: lines left out because the directory changed since the report; the others still apply.
/// </summary>
public sealed record EntIdResolution(IReadOnlyList<EntIdAssignment> Assignments, IReadOnlyList<string> Errors)
{
    public bool IsValid => Errors.Count == 0;

    public IReadOnlyList<EntIdRefusal> Refused { get; init; } = [];
}

/// <summary>
/// Turns a report plus the administrator's choices into the list of ids to write.
/// Choices are keyed by line number: a candidate's user id, or null to skip the line
/// (an automatic assignment may be skipped too). Lines without a choice keep their automatic outcome;
/// ambiguous lines without a choice are left untouched.
/// With the current directory, a line whose id (folded, <see cref="EntIdKey"/>) now belongs to another user
/// is refused alone (<see cref="EntIdResolution.Refused"/>): that user keeps the id they have.
/// </summary>
public static class EntIdResolver
{
    public static EntIdResolution Resolve(
        EntMatchReport report,
        IReadOnlyDictionary<int, Guid?> choices,
        IReadOnlyList<MatchCandidate>? directory = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(choices);
        var errors = new List<string>();
        var byLine = new Dictionary<int, EntMatchRow>();
        foreach (EntMatchRow row in report.Rows)
        {
            byLine.TryAdd(row.LineNumber, row);
        }

        foreach (int line in choices.Keys.Where(l => !byLine.ContainsKey(l)).Order())
        {
            errors.Add(Fr($"Ligne {line} : cette ligne ne figure pas dans le rapport."));
        }

        // (user, id, line, previous id, is it a confirmation of an existing id?)
        var claims = new List<(MatchCandidate User, string EntId, int Line, bool Existing)>();
        foreach (EntMatchRow row in report.Rows)
        {
            bool hasChoice = choices.TryGetValue(row.LineNumber, out Guid? choice);
            switch (row.Outcome)
            {
                case EntMatchOutcome.Assigned:
                    if (!hasChoice || choice == row.User!.UserId)
                    {
                        claims.Add((row.User!, row.EntId, row.LineNumber, false));
                    }
                    else if (choice is not null)
                    {
                        errors.Add(Fr($"Ligne {row.LineNumber} : l'utilisateur choisi ne correspond pas à cette ligne (seul {EntIdMatcher.Describe(row.User)} est possible)."));
                    }

                    break;

                case EntMatchOutcome.Unchanged:
                    if (hasChoice && choice is not null && choice != row.User!.UserId)
                    {
                        errors.Add(Fr($"Ligne {row.LineNumber} : l'identifiant « {row.EntId} » appartient déjà à {EntIdMatcher.Describe(row.User)} ; il ne peut pas être donné à un autre utilisateur."));
                    }

                    claims.Add((row.User!, row.EntId, row.LineNumber, true));
                    break;

                case EntMatchOutcome.Homonyms or EntMatchOutcome.ApproximateMatch:
                    if (!hasChoice || choice is null)
                    {
                        break;
                    }

                    RankedCandidate? picked = row.Candidates.FirstOrDefault(c => c.User.UserId == choice);
                    if (picked is null)
                    {
                        errors.Add(Fr($"Ligne {row.LineNumber} ({row.LastName} {row.FirstName}) : l'utilisateur choisi ne fait pas partie des candidats proposés."));
                    }
                    else
                    {
                        claims.Add((picked.User, row.EntId, row.LineNumber, false));
                    }

                    break;

                default:
                    if (hasChoice && choice is not null)
                    {
                        errors.Add(Fr($"Ligne {row.LineNumber} ({row.LastName} {row.FirstName}) : aucun choix possible pour une ligne « {EntMatchReport.Label(row.Outcome)} »."));
                    }

                    break;
            }
        }

        // One id → one user.
        foreach (var group in claims.GroupBy(c => EntIdKey.Fold(c.EntId)))
        {
            var users = group.DistinctBy(c => c.User.UserId).ToList();
            if (users.Count > 1)
            {
                errors.Add(Fr($"L'identifiant « {group.First().EntId} » serait attribué à plusieurs utilisateurs : {string.Join(", ", users.Select(c => Fr($"{EntIdMatcher.Describe(c.User)} (ligne {c.Line})")))}."));
            }
        }

        // One user → one id.
        foreach (var group in claims.GroupBy(c => c.User.UserId))
        {
            var ids = group.DistinctBy(c => EntIdKey.Fold(c.EntId)).ToList();
            if (ids.Count > 1)
            {
                errors.Add(Fr($"{EntIdMatcher.Describe(group.First().User)} recevrait plusieurs identifiants : {string.Join(", ", ids.Select(c => Fr($"« {c.EntId} » (ligne {c.Line})")))}."));
            }
        }

        if (errors.Count > 0)
        {
            return new EntIdResolution([], errors);
        }

        // The directory may have changed since the report: an id that now belongs to someone else is refused
        // for that line only (its user keeps what they have); the other lines still apply.
        var refused = new List<EntIdRefusal>();
        if (directory is not null)
        {
            var holders = directory
                .Where(d => EntIdKey.Fold(d.CurrentEntId).Length > 0)
                .GroupBy(d => EntIdKey.Fold(d.CurrentEntId))
                .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
            var current = directory.ToDictionary(d => d.UserId);
            foreach (var claim in claims.Where(c => !c.Existing))
            {
                if (holders.TryGetValue(EntIdKey.Fold(claim.EntId), out List<MatchCandidate>? owners)
                    && owners.FirstOrDefault(o => o.UserId != claim.User.UserId) is { } owner)
                {
                    MatchCandidate user = current.GetValueOrDefault(claim.User.UserId) ?? claim.User;
                    refused.Add(new EntIdRefusal(claim.Line, user, owner, EntIdMatcher.DuplicateMessage(claim.EntId, owner, owner.CurrentEntId, null, user)));
                }
            }
        }

        var refusedLines = refused.Select(r => r.LineNumber).ToHashSet();
        List<EntIdAssignment> assignments = claims
            .Where(c => !c.Existing && !refusedLines.Contains(c.Line) && !EntIdKey.Same(c.User.CurrentEntId, c.EntId))
            .DistinctBy(c => c.User.UserId)
            .OrderBy(c => c.Line)
            .Select(c => new EntIdAssignment(c.User.UserId, c.EntId, c.Line, string.IsNullOrWhiteSpace(c.User.CurrentEntId) ? null : c.User.CurrentEntId))
            .ToList();
        return new EntIdResolution(assignments, []) { Refused = refused };
    }

    private static string Fr(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
