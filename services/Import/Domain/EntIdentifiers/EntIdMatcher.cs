using System.Globalization;
using Sacoche.People;

namespace Sacoche.Import.Domain.EntIdentifiers;

/// <summary>
/// Matches the lines of an ENT export with the establishment's users (current and former, all profiles).
/// <list type="number">
/// <item>A line with a SIECLE id is matched on it (users whose SIECLE id differs are never proposed by name).</item>
/// <item>Otherwise nom + prénom compared without accents, case, hyphens, apostrophes or extra spaces;
/// then the same without any space ("De La Fontaine" = "Delafontaine");
/// then approximately (nom / prénom swapped, part of a compound name, extra first names).</item>
/// <item>Only a single exact candidate is assigned. Several candidates are ranked with profile, class and
/// birth date, and the best one may be proposed, but the administrator always decides.</item>
/// </list>
/// The directory is indexed once; every line is then a few dictionary look-ups.
/// </summary>
public static class EntIdMatcher
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    private static readonly HashSet<string> Particles =
        ["de", "du", "des", "la", "le", "les", "d", "l", "van", "von", "der", "den", "el", "al", "ben", "di", "da", "dos", "do", "y", "e"];

    private enum Tier
    {
        Siecle,
        Exact,
        Approximate,
    }

    public static EntMatchReport Match(EntCsvReadResult file, IReadOnlyList<MatchCandidate> directory)
    {
        ArgumentNullException.ThrowIfNull(file);
        EntMatchReport matched = Match(file.Rows, directory);
        var rows = new List<EntMatchRow>(matched.Rows.Count + file.Rejected.Count);
        rows.AddRange(matched.Rows);
        rows.AddRange(file.Rejected.Select(r => new EntMatchRow(
            r.LineNumber,
            r.LastName,
            r.FirstName,
            r.EntId,
            EntMatchOutcome.Rejected,
            r.Reason)));
        rows.Sort((a, b) => a.LineNumber.CompareTo(b.LineNumber));
        return new EntMatchReport(rows);
    }

    public static EntMatchReport Match(IReadOnlyList<EntCsvRow> rows, IReadOnlyList<MatchCandidate> directory)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(directory);
        var index = new DirectoryIndex(directory);
        var results = new EntMatchRow[rows.Count];
        for (int r = 0; r < rows.Count; r++)
        {
            results[r] = MatchRow(rows[r], index);
        }

        ResolveFileConflicts(results);
        return new EntMatchReport(results);
    }

    // ---------------------------------------------------------------- one line

    private static EntMatchRow MatchRow(EntCsvRow row, DirectoryIndex index)
    {
        var baseRow = new EntMatchRow(row.LineNumber, row.LastName, row.FirstName, row.EntId, EntMatchOutcome.NotFound, string.Empty)
        {
            Source = row,
        };
        if (string.IsNullOrWhiteSpace(row.EntId) || string.IsNullOrWhiteSpace(row.LastName) || string.IsNullOrWhiteSpace(row.FirstName))
        {
            return baseRow with { Outcome = EntMatchOutcome.Rejected, Message = "Ligne ignorée : identifiant ENT, nom ou prénom vide." };
        }

        string nl = NameKey.Normalize(row.LastName);
        string nf = NameKey.Normalize(row.FirstName);
        string? siecleId = EntCsvReader.CleanSiecleId(row.SiecleId);
        (List<int> found, Tier tier) = FindCandidates(index, nl, nf, siecleId);
        List<MatchCandidate> candidates = found.Select(i => index.People[i]).ToList();
        string who = $"« {row.LastName} {row.FirstName} »";

        List<MatchCandidate> holders = index.Holders(row.EntId);
        MatchCandidate? holderAmongCandidates = holders.FirstOrDefault(h => candidates.Any(c => c.UserId == h.UserId));
        if (holderAmongCandidates is not null)
        {
            return baseRow with
            {
                Outcome = EntMatchOutcome.Unchanged,
                User = holderAmongCandidates,
                Message = $"{Describe(holderAmongCandidates)} a déjà cet identifiant.",
            };
        }

        if (holders.Count > 0)
        {
            MatchCandidate holder = holders[0];
            if (candidates.Count == 0)
            {
                return baseRow with
                {
                    Outcome = EntMatchOutcome.NotFound,
                    CurrentHolder = holder,
                    Message = $"Aucun utilisateur {who} ; l'identifiant « {row.EntId} » est déjà attribué à {Describe(holder)}.",
                };
            }

            MatchCandidate? user = candidates.Count == 1 ? candidates[0] : null;
            return baseRow with
            {
                Outcome = EntMatchOutcome.DuplicateEntId,
                CurrentHolder = holder,
                User = user,
                Candidates = candidates.Count > 1 ? Rank(row, candidates, tier) : [],
                Message = DuplicateMessage(row.EntId, holder, holder.CurrentEntId, null, user),
            };
        }

        if (candidates.Count == 0)
        {
            string msg = siecleId is null
                ? $"Aucun utilisateur {who} dans l'établissement."
                : $"Aucun utilisateur avec l'identifiant SIECLE {siecleId} ni nommé {who}.";
            return baseRow with { Outcome = EntMatchOutcome.NotFound, Message = msg };
        }

        if (candidates.Count == 1 && tier != Tier.Approximate)
        {
            MatchCandidate user = candidates[0];
            string replaced = string.IsNullOrWhiteSpace(user.CurrentEntId) ? string.Empty : $" (remplace « {user.CurrentEntId} »)";
            string via = tier == Tier.Siecle ? " par l'identifiant SIECLE" : string.Empty;
            return baseRow with
            {
                Outcome = EntMatchOutcome.Assigned,
                User = user,
                Message = $"Identifiant attribué à {Describe(user)}{via}{replaced}.",
            };
        }

        IReadOnlyList<RankedCandidate> ranked = Rank(row, candidates, tier);
        RankedCandidate? proposed = ranked.FirstOrDefault(c => c.Proposed);
        if (candidates.Count == 1)
        {
            return baseRow with
            {
                Outcome = EntMatchOutcome.ApproximateMatch,
                Candidates = ranked,
                ProposedUserId = proposed?.User.UserId,
                Message = $"Correspondance approchée avec {Describe(candidates[0])} : à confirmer.",
            };
        }

        string proposal = proposed is null
            ? " Aucun ne se distingue : choisissez."
            : $" Proposition : {Describe(proposed.User)} ({string.Join(", ", proposed.Reasons.Where(r => r.StartsWith("même", StringComparison.Ordinal) || r.StartsWith("profil compatible", StringComparison.Ordinal)))}).";
        return baseRow with
        {
            Outcome = EntMatchOutcome.Homonyms,
            Candidates = ranked,
            ProposedUserId = proposed?.User.UserId,
            Message = string.Create(French, $"{candidates.Count} utilisateurs correspondent à {who}.{proposal}"),
        };
    }

    private static (List<int> Found, Tier Tier) FindCandidates(DirectoryIndex index, string nl, string nf, string? siecleId)
    {
        Func<int, bool> allowed = _ => true;
        if (siecleId is not null)
        {
            if (index.BySiecle.TryGetValue(siecleId, out List<int>? bySiecle))
            {
                return (bySiecle, Tier.Siecle);
            }

            // Not found by SIECLE id: fall back on names, but never towards a user with another SIECLE id.
            allowed = i => index.SiecleKeys[i] is null;
        }

        if (index.Exact.TryGetValue(nl + "|" + nf, out List<int>? exact) && exact.Where(allowed).ToList() is { Count: > 0 } e)
        {
            return (e, Tier.Exact);
        }

        if (index.Compact.TryGetValue(NameKey.Compact(nl) + "|" + NameKey.Compact(nf), out List<int>? compact)
            && compact.Where(allowed).ToList() is { Count: > 0 } c)
        {
            return (c, Tier.Exact);
        }

        var approx = new HashSet<int>();
        if (index.Exact.TryGetValue(nf + "|" + nl, out List<int>? swapped))
        {
            approx.UnionWith(swapped.Where(allowed));
        }

        string[] rowLast = SignificantTokens(NameKey.Tokens(nl)).Distinct().ToArray();
        string[] rowFirst = NameKey.Tokens(nf);
        foreach (string token in rowLast)
        {
            if (!index.ByLastToken.TryGetValue(token, out List<int>? list))
            {
                continue;
            }

            foreach (int i in list)
            {
                if (FirstNamesCompatible(rowFirst, index.FirstTokens[i])
                    && LastNamesCompatible(rowLast, index.LastTokens[i])
                    && allowed(i))
                {
                    approx.Add(i);
                }
            }
        }

        return (approx.Order().ToList(), Tier.Approximate);
    }

    /// <summary>
    /// One compound name contains all the significant words of the other ("DUPONT" / "DUPONT-MARTIN").
    /// Both arrays hold significant words only (see <see cref="SignificantTokens"/>).
    /// </summary>
    private static bool LastNamesCompatible(string[] a, string[] b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return false;
        }

        (string[] small, string[] large) = a.Length <= b.Length ? (a, b) : (b, a);
        foreach (string t in small)
        {
            if (Array.IndexOf(large, t) < 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Same first names, or one list starts with the other ("Marie" / "Marie Claire").</summary>
    private static bool FirstNamesCompatible(string[] a, string[] b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return false;
        }

        int n = Math.Min(a.Length, b.Length);
        for (int i = 0; i < n; i++)
        {
            if (a[i] != b[i])
            {
                return false;
            }
        }

        return true;
    }

    private static IEnumerable<string> SignificantTokens(string[] tokens)
    {
        bool any = false;
        foreach (string t in tokens)
        {
            if (!Particles.Contains(t))
            {
                any = true;
                yield return t;
            }
        }

        if (!any)
        {
            foreach (string t in tokens)
            {
                yield return t;
            }
        }
    }

    // ---------------------------------------------------------------- ranking

    private static IReadOnlyList<RankedCandidate> Rank(EntCsvRow row, List<MatchCandidate> candidates, Tier tier)
    {
        IReadOnlySet<string>? rowProfiles = EntProfiles.ToSacocheProfiles(row.Profile);
        string? rowClass = ClassKey(row.ClassName);
        var scored = new List<(MatchCandidate User, int Score, int Evidence, List<string> Reasons)>(candidates.Count);
        foreach (MatchCandidate c in candidates)
        {
            int evidence = 0;
            int other = 0;
            var reasons = new List<string>();
            if (rowProfiles is not null)
            {
                if (rowProfiles.Contains(c.Profile))
                {
                    evidence += 10;
                    reasons.Add($"profil compatible (« {row.Profile} » / {c.Profile})");
                }
                else
                {
                    evidence -= 20;
                    reasons.Add($"profil incompatible (« {row.Profile} » / {c.Profile})");
                }
            }

            string? candClass = ClassKey(c.ClassCode);
            if (rowClass is not null && candClass is not null)
            {
                if (rowClass == candClass)
                {
                    evidence += 20;
                    reasons.Add($"même classe ({c.ClassCode})");
                }
                else
                {
                    evidence -= 10;
                    reasons.Add($"classe différente ({row.ClassName} / {c.ClassCode})");
                }
            }

            if (row.BirthDate is { } rb && c.BirthDate is { } cb)
            {
                if (rb == cb)
                {
                    evidence += 30;
                    reasons.Add($"même date de naissance ({cb.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)})");
                }
                else
                {
                    evidence -= 30;
                    reasons.Add(string.Create(
                        CultureInfo.InvariantCulture,
                        $"date de naissance différente ({rb:dd/MM/yyyy} / {cb:dd/MM/yyyy})"));
                }
            }

            if (tier == Tier.Approximate)
            {
                reasons.Add($"nom approché ({c.LastName} {c.FirstName})");
            }

            if (!c.Active)
            {
                other -= 3;
                reasons.Add("ancien utilisateur (sorti)");
            }

            if (!string.IsNullOrWhiteSpace(c.CurrentEntId))
            {
                other -= 2;
                reasons.Add($"a déjà l'identifiant ENT « {c.CurrentEntId} »");
            }

            scored.Add((c, evidence + other, evidence, reasons));
        }

        scored.Sort((a, b) =>
        {
            int cmp = b.Score.CompareTo(a.Score);
            if (cmp == 0)
            {
                cmp = b.Evidence.CompareTo(a.Evidence);
            }

            if (cmp == 0)
            {
                cmp = string.Compare(a.User.LastName, b.User.LastName, StringComparison.Ordinal);
            }

            if (cmp == 0)
            {
                cmp = string.Compare(a.User.FirstName, b.User.FirstName, StringComparison.Ordinal);
            }

            return cmp != 0 ? cmp : a.User.UserId.CompareTo(b.User.UserId);
        });

        // Proposed: strictly the best on discriminating evidence (profile, class, birth date).
        int bestEvidence = scored.Max(s => s.Evidence);
        bool single = scored.Count(s => s.Evidence == bestEvidence) == 1;
        bool propose = scored.Count == 1 ? bestEvidence >= 0 : single && bestEvidence > 0;

        var result = new List<RankedCandidate>(scored.Count);
        int rank = 0;
        int? previousScore = null;
        foreach ((MatchCandidate user, int score, int evidence, List<string> reasons) in scored)
        {
            if (previousScore != score)
            {
                rank++;
                previousScore = score;
            }

            result.Add(new RankedCandidate(user, rank, score, evidence, propose && evidence == bestEvidence, reasons));
        }

        return result;
    }

    /// <summary>Class codes compared without case, accents, spaces or punctuation; "3EME A" = "3e A" = "3A".</summary>
    internal static string? ClassKey(string? value)
    {
        string n = NameKey.Compact(NameKey.Normalize(value));
        if (n.Length == 0)
        {
            return null;
        }

        int digits = 0;
        while (digits < n.Length && char.IsAsciiDigit(n[digits]))
        {
            digits++;
        }

        if (digits > 0)
        {
            foreach (string suffix in (string[])["eme", "em", "e"])
            {
                if (n.AsSpan(digits).StartsWith(suffix, StringComparison.Ordinal))
                {
                    return string.Concat(n.AsSpan(0, digits), n.AsSpan(digits + suffix.Length));
                }
            }
        }

        return n;
    }

    // ---------------------------------------------------------------- conflicts inside the file

    private static void ResolveFileConflicts(EntMatchRow[] results)
    {
        RefuseIdsGivenToSeveralUsers(results);

        var byUser = new Dictionary<Guid, List<int>>();
        for (int i = 0; i < results.Length; i++)
        {
            EntMatchRow r = results[i];
            if (r.Outcome is EntMatchOutcome.Assigned or EntMatchOutcome.Unchanged && r.User is not null)
            {
                Add(byUser, r.User.UserId, i);
            }
        }

        // One user designated by several lines.
        foreach (List<int> group in byUser.Values.Where(g => g.Count > 1))
        {
            int first = group[0];
            foreach (int i in group.Skip(1))
            {
                if (EntIdKey.Same(results[i].EntId, results[first].EntId))
                {
                    results[i] = results[i] with
                    {
                        Outcome = EntMatchOutcome.Rejected,
                        Message = string.Create(CultureInfo.InvariantCulture, $"Ligne en double de la ligne {results[first].LineNumber}."),
                    };
                }
            }

            List<int> distinct = group.Where(i => results[i].Outcome != EntMatchOutcome.Rejected).ToList();
            if (distinct.Count < 2)
            {
                continue;
            }

            foreach (int i in distinct.Where(i => results[i].Outcome == EntMatchOutcome.Assigned))
            {
                string others = string.Join(", ", distinct.Where(j => j != i).Select(j =>
                    string.Create(CultureInfo.InvariantCulture, $"ligne {results[j].LineNumber} (« {results[j].EntId} »)")));
                results[i] = results[i] with
                {
                    Outcome = EntMatchOutcome.IdUsedByAnother,
                    Message = $"{Describe(results[i].User!)} est aussi désigné par : {others}. À traiter manuellement.",
                };
            }
        }

        static void Add<TKey>(Dictionary<TKey, List<int>> map, TKey key, int i)
            where TKey : notnull
        {
            if (!map.TryGetValue(key, out List<int>? list))
            {
                map[key] = list = [];
            }

            list.Add(i);
        }
    }

    /// <summary>
    /// One id (folded) given to several users by the file: the line that settles it wins — the holder's own line
    /// (Unchanged), otherwise the first line assigning it —, and every other line giving it to someone else is
    /// refused, as an id already held in the directory would be. A line still waiting for a choice
    /// (homonyms, approximate match) cannot take an id that a settled line gives, unless that line's user is
    /// among its candidates. Runs before the "one user, several lines" check, so that a later line never
    /// gets an id an earlier line claimed, even when that earlier line is then left for manual handling.
    /// </summary>
    private static void RefuseIdsGivenToSeveralUsers(EntMatchRow[] results)
    {
        var byId = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int i = 0; i < results.Length; i++)
        {
            EntMatchRow r = results[i];
            bool settled = r.Outcome is EntMatchOutcome.Assigned or EntMatchOutcome.Unchanged && r.User is not null;
            bool pending = r.Outcome is EntMatchOutcome.Homonyms or EntMatchOutcome.ApproximateMatch;
            if (settled || pending)
            {
                string key = EntIdKey.Fold(r.EntId);
                if (!byId.TryGetValue(key, out List<int>? list))
                {
                    byId[key] = list = [];
                }

                list.Add(i);
            }
        }

        foreach (List<int> group in byId.Values.Where(g => g.Count > 1))
        {
            int w = group.FirstOrDefault(i => results[i].Outcome == EntMatchOutcome.Unchanged, -1);
            if (w < 0)
            {
                w = group.FirstOrDefault(i => results[i].Outcome == EntMatchOutcome.Assigned, -1);
            }

            if (w < 0)
            {
                continue; // only lines waiting for a choice: the resolver refuses giving one id to two users
            }

            EntMatchRow won = results[w];
            MatchCandidate holder = won.User!;
            foreach (int i in group.Where(i => i != w))
            {
                EntMatchRow r = results[i];
                bool otherUser = r.Outcome is EntMatchOutcome.Assigned or EntMatchOutcome.Unchanged
                    ? r.User!.UserId != holder.UserId
                    : r.Candidates.All(c => c.User.UserId != holder.UserId);
                if (!otherUser)
                {
                    continue;
                }

                MatchCandidate? user = r.Outcome is EntMatchOutcome.Assigned or EntMatchOutcome.Unchanged ? r.User : null;
                results[i] = r with
                {
                    Outcome = EntMatchOutcome.DuplicateEntId,
                    CurrentHolder = holder,
                    ProposedUserId = null,
                    Message = DuplicateMessage(r.EntId, holder, won.EntId, won.LineNumber, user),
                };
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>
    /// The French reason of a <see cref="EntMatchOutcome.DuplicateEntId"/> refusal, e.g.
    /// « Identifiant ENT « jdupont » déjà attribué à Dupont Jean (ELV, 6B) (sous la forme « JDupont ») : refusé,
    /// Martin Léa (ELV, 6A) reste sans identifiant ENT. »
    /// </summary>
    /// <param name="entId">The id the line gives.</param>
    /// <param name="holder">Who holds the id (or gets it from <paramref name="holderLine"/>).</param>
    /// <param name="holderSpelling">The id as the holder has it (mentioned when it differs from <paramref name="entId"/>).</param>
    /// <param name="holderLine">The line of the file that gives the id to the holder; null when the directory already has it.</param>
    /// <param name="user">The user the line designates (null when it designates no single user).</param>
    internal static string DuplicateMessage(string entId, MatchCandidate holder, string? holderSpelling, int? holderLine, MatchCandidate? user)
    {
        string by = holderLine is { } n ? string.Create(CultureInfo.InvariantCulture, $" par la ligne {n} du fichier") : string.Empty;
        string spelled = holderSpelling is not null && !string.Equals(holderSpelling, entId, StringComparison.Ordinal)
            ? $" (sous la forme « {holderSpelling} »)"
            : string.Empty;
        string keeps = user is null
            ? string.Empty
            : string.IsNullOrWhiteSpace(user.CurrentEntId)
                ? $", {Describe(user)} reste sans identifiant ENT"
                : $", {Describe(user)} garde son identifiant « {user.CurrentEntId} »";
        return $"Identifiant ENT « {entId} » déjà attribué à {Describe(holder)}{by}{spelled} : refusé{keeps}.";
    }

    internal static string Describe(MatchCandidate user)
    {
        string extra = string.IsNullOrWhiteSpace(user.ClassCode) ? user.Profile : $"{user.Profile}, {user.ClassCode}";
        string left = user.Active ? string.Empty : ", sorti";
        return $"{user.LastName} {user.FirstName} ({extra}{left})";
    }

    private sealed class DirectoryIndex
    {
        public DirectoryIndex(IReadOnlyList<MatchCandidate> people)
        {
            People = people;
            LastTokens = new string[people.Count][];
            FirstTokens = new string[people.Count][];
            SiecleKeys = new string?[people.Count];
            for (int i = 0; i < people.Count; i++)
            {
                MatchCandidate p = people[i];
                string nl = NameKey.Normalize(p.LastName);
                string nf = NameKey.Normalize(p.FirstName);
                LastTokens[i] = SignificantTokens(NameKey.Tokens(nl)).Distinct().ToArray();
                FirstTokens[i] = NameKey.Tokens(nf);
                Add(Exact, nl + "|" + nf, i);
                Add(Compact, NameKey.Compact(nl) + "|" + NameKey.Compact(nf), i);
                foreach (string t in LastTokens[i])
                {
                    Add(ByLastToken, t, i);
                }

                SiecleKeys[i] = EntCsvReader.CleanSiecleId(p.SiecleId);
                if (SiecleKeys[i] is { } s)
                {
                    Add(BySiecle, s, i);
                }

                string id = EntIdKey.Fold(p.CurrentEntId);
                if (id.Length > 0)
                {
                    Add(ByEntId, id, i);
                }
            }
        }

        public IReadOnlyList<MatchCandidate> People { get; }

        /// <summary>Significant words of each last name (particles dropped unless there is nothing else).</summary>
        public string[][] LastTokens { get; }

        public string[][] FirstTokens { get; }

        public string?[] SiecleKeys { get; }

        public Dictionary<string, List<int>> Exact { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, List<int>> Compact { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, List<int>> ByLastToken { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, List<int>> BySiecle { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, List<int>> ByEntId { get; } = new(StringComparer.Ordinal);

        public List<MatchCandidate> Holders(string entId) =>
            ByEntId.TryGetValue(EntIdKey.Fold(entId), out List<int>? list) ? list.Select(i => People[i]).ToList() : [];

        private static void Add(Dictionary<string, List<int>> map, string key, int i)
        {
            if (!map.TryGetValue(key, out List<int>? list))
            {
                map[key] = list = [];
            }

            list.Add(i);
        }
    }
}
