using System.Globalization;
using Sacoche.People;

namespace Sacoche.Import.Domain;

/// <summary>
/// Pure comparison of the directory with one import file. Matching (docs/domain/formats.md, « Re-imports »), each rule run as
/// a separate pass over all incoming people so that a strong key always wins over a weaker one:
/// 1. source id (SIECLE id, STS id or spreadsheet reference) · 2. ELENOET · 3. old INE ·
/// 4. INE · 5. last name + first name, compared without accents or case (see <see cref="NameKey"/>),
/// only when exactly one unmatched existing person and exactly one unmatched incoming person share
/// the name. Otherwise the person is new. Existing people are matched at most once; retired people
/// can be matched (they come back: their exit date is cleared).
/// </summary>
public static class ImportPlanner
{
    public static ImportPlan Plan(DirectorySnapshot existing, IncomingDirectory incoming, PlanScope scope, Func<Guid>? newId = null)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(incoming);
        ArgumentNullException.ThrowIfNull(scope);
        newId ??= Guid.CreateVersion7;

        var warnings = new List<ImportWarning>(incoming.Warnings);
        var structureLines = PlanStructures(existing, incoming, scope);
        var addedStructures = structureLines.Where(l => l.Action == PlanAction.Add).ToDictionary(l => (l.Kind, l.Code), l => l.Key);

        // People of the scope's family (profiles covered), active or retired.
        var pool = existing.People.Where(p => scope.Covers(p.Profile)).ToList();
        var people = Dedupe(incoming.People.Where(p => scope.Covers(p.Profile)), warnings);
        var match = Match(pool, people, warnings);

        var users = new List<UserLine>();
        var memberships = new List<MembershipLine>();
        var links = new List<GuardianLinkLine>();
        var services = new List<ServiceLine>();
        var studentsById = BuildStudentIndex(existing);
        var claimed = new HashSet<Guid>();

        for (var i = 0; i < people.Count; i++)
        {
            var inc = people[i];
            var (before, rule) = match[i];
            string userKey;
            DirectoryPerson after;
            List<string> deps = [];
            if (before is null)
            {
                var sourceKey = inc.SourceKey ?? $"name:{NameKey.Of(inc.LastName, inc.FirstName)}:{inc.Line ?? i}";
                userKey = $"user:add:{sourceKey}";
                after = Create(inc, newId());
                users.Add(new UserLine(userKey, PlanAction.Add, MatchRule.None, null, after, Diff(null, after)));
                deps.Add(userKey);
                before = after; // no memberships, children or services yet
            }
            else
            {
                claimed.Add(before.Id);
                after = Update(before, inc, scope);
                var changes = Diff(before, after);
                var action = changes.Count == 0 ? PlanAction.Unchanged : PlanAction.Modify;
                userKey = action == PlanAction.Modify ? $"user:modify:{before.Id}" : $"user:same:{before.Id}";
                users.Add(new UserLine(userKey, action, rule, before, after, changes));
            }

            var owner = after.Id;
            var refKey = deps.Count == 0 ? owner.ToString() : inc.SourceKey ?? userKey;

            if (scope.CoversStudents)
            {
                PlanMemberships(before, inc, owner, refKey, deps, addedStructures, memberships);
            }

            if (scope.CoversGuardians)
            {
                PlanLinks(before, inc, owner, refKey, deps, studentsById, links, warnings);
            }

            if (scope.CoversStaff)
            {
                PlanServices(before, inc, owner, refKey, deps, addedStructures, services);
            }
        }

        // Retirement: active people of the covered profiles that the file no longer lists.
        var active = pool.Where(p => p.ExitDate is null).ToList();
        var retiring = active.Where(p => !claimed.Contains(p.Id)).ToList();
        foreach (var p in retiring)
        {
            var after = p with { ExitDate = scope.Today };
            users.Add(new UserLine($"user:retire:{p.Id}", PlanAction.Retire, MatchRule.None, p, after, Diff(p, after)));
        }

        var requiresConfirmation = false;
        if (active.Count >= scope.SuspiciousRetirementMinimum && retiring.Count > 0
            && (double)retiring.Count / active.Count >= scope.SuspiciousRetirementShare)
        {
            // The reference's trap: a file covering one class made every other student look departed.
            requiresConfirmation = true;
            var percent = (int)Math.Round(100.0 * retiring.Count / active.Count, MidpointRounding.AwayFromZero);
            warnings.Add(new ImportWarning(
                "suspicious-retirements",
                $"Ce fichier retirerait {percent} % des {FamilyLabel(scope)} : est-il complet ?"));
        }

        var withoutClass = scope.CoversStudents ? people.Count(p => p.ClassCode is null) : 0;
        if (withoutClass > 0)
        {
            warnings.Add(new ImportWarning("students-without-class", withoutClass == 1
                ? "1 élève du fichier n'a pas de classe."
                : $"{withoutClass} élèves du fichier n'ont pas de classe."));
        }

        return new ImportPlan(scope, structureLines, users, memberships, links, services, warnings, requiresConfirmation);
    }

    private static string FamilyLabel(PlanScope scope)
        => scope.CoversStudents ? "élèves" : scope.CoversGuardians ? "responsables" : "personnels";

    private static List<IncomingPerson> Dedupe(IEnumerable<IncomingPerson> people, List<ImportWarning> warnings)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<IncomingPerson>();
        foreach (var p in people)
        {
            if (p.SourceKey is { } key && !seen.Add(key))
            {
                warnings.Add(new ImportWarning("duplicate-in-file", $"{p.LastName} {p.FirstName} ({key}) figure plusieurs fois dans le fichier : seule la première occurrence est prise en compte.", key, p.Line));
                continue;
            }

            result.Add(p);
        }

        return result;
    }

    private static List<(DirectoryPerson? Person, MatchRule Rule)> Match(List<DirectoryPerson> pool, List<IncomingPerson> people, List<ImportWarning> warnings)
    {
        var result = Enumerable.Repeat<(DirectoryPerson?, MatchRule)>((null, MatchRule.None), people.Count).ToList();
        var taken = new HashSet<Guid>();

        void Pass(MatchRule rule, Func<DirectoryPerson, IEnumerable<string?>> existingKeys, Func<IncomingPerson, IEnumerable<string?>> incomingKeys)
        {
            var index = new Dictionary<string, List<DirectoryPerson>>(StringComparer.Ordinal);
            foreach (var p in pool)
            {
                if (taken.Contains(p.Id))
                {
                    continue;
                }

                foreach (var k in existingKeys(p).Distinct())
                {
                    if (k is null)
                    {
                        continue;
                    }

                    if (!index.TryGetValue(k, out var list))
                    {
                        index[k] = list = [];
                    }

                    list.Add(p);
                }
            }

            for (var i = 0; i < people.Count; i++)
            {
                if (result[i].Item1 is not null)
                {
                    continue;
                }

                foreach (var k in incomingKeys(people[i]))
                {
                    if (k is null || !index.TryGetValue(k, out var candidates))
                    {
                        continue;
                    }

                    var candidate = candidates.Find(c => !taken.Contains(c.Id));
                    if (candidate is not null)
                    {
                        taken.Add(candidate.Id);
                        result[i] = (candidate, rule);
                        break;
                    }
                }
            }
        }

        Pass(MatchRule.SourceId, p => [Prefixed("s", p.SiecleId), Prefixed("t", p.StsId), Prefixed("r", p.Reference)], p => [Prefixed("s", p.SiecleId), Prefixed("t", p.StsId), Prefixed("r", p.Reference)]);
        Pass(MatchRule.Elenoet, p => [p.Elenoet], p => [p.Elenoet]);
        Pass(MatchRule.OldIne, p => [p.Ine, p.OldIne], p => [p.OldIne]);
        Pass(MatchRule.Ine, p => [p.Ine, p.OldIne], p => [p.Ine]);

        // Name pass: both sides must be unambiguous, otherwise homonyms would merge two people.
        var existingByName = pool.Where(p => !taken.Contains(p.Id)).GroupBy(p => NameKey.Of(p.LastName, p.FirstName)).ToDictionary(g => g.Key, g => g.ToList());
        var incomingByName = Enumerable.Range(0, people.Count).Where(i => result[i].Item1 is null)
            .GroupBy(i => NameKey.Of(people[i].LastName, people[i].FirstName)).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var (name, indexes) in incomingByName)
        {
            if (!existingByName.TryGetValue(name, out var candidates))
            {
                continue;
            }

            if (candidates.Count == 1 && indexes.Count == 1)
            {
                result[indexes[0]] = (candidates[0], MatchRule.Name);
                taken.Add(candidates[0].Id);
                continue;
            }

            var sample = people[indexes[0]];
            warnings.Add(new ImportWarning(
                "homonyms",
                $"Homonymes : {sample.LastName} {sample.FirstName} ({indexes.Count} dans le fichier, {candidates.Count} déjà présent(s)) ; ces personnes sont considérées comme nouvelles, vérifiez-les.",
                sample.SourceKey,
                sample.Line));
        }

        return result;
    }

    private static string? Prefixed(string prefix, string? value) => value is null ? null : prefix + ":" + value;

    private static DirectoryPerson Create(IncomingPerson p, Guid id) => new()
    {
        Id = id,
        Profile = p.Profile,
        LastName = p.LastName,
        FirstName = p.FirstName,
        BirthDate = p.BirthDate,
        Gender = p.Gender,
        Email = p.Email,
        SiecleId = p.SiecleId,
        Elenoet = p.Elenoet,
        Ine = p.Ine,
        OldIne = p.OldIne,
        StsId = p.StsId,
        StsType = p.StsType,
        Civility = p.Civility,
        Reference = p.Reference,
        Address = p.Address,
        PhoneHome = p.PhoneHome,
        PhoneMobile = p.PhoneMobile,
        PhoneWork = p.PhoneWork,
        PrincipalOfClasses = p.PrincipalOfClasses,
        Options = p.Options,
    };

    /// <summary>
    /// New scalar state. Names and profile always come from the file; optional facts (email,
    /// phones, ids…) only overwrite when the file has a value, so that a sparse export never erases
    /// what an administrator typed.
    /// </summary>
    private static DirectoryPerson Update(DirectoryPerson e, IncomingPerson p, PlanScope scope) => e with
    {
        Profile = p.Profile,
        LastName = p.LastName,
        FirstName = p.FirstName,
        BirthDate = p.BirthDate ?? e.BirthDate,
        Gender = p.Gender ?? e.Gender,
        Email = p.Email ?? e.Email,
        SiecleId = p.SiecleId ?? e.SiecleId,
        Elenoet = p.Elenoet ?? e.Elenoet,
        Ine = p.Ine ?? e.Ine,
        OldIne = p.OldIne ?? e.OldIne,
        StsId = p.StsId ?? e.StsId,
        StsType = p.StsType ?? e.StsType,
        Civility = p.Civility ?? e.Civility,
        Reference = p.Reference ?? e.Reference,
        Address = p.Address ?? e.Address,
        PhoneHome = p.PhoneHome ?? e.PhoneHome,
        PhoneMobile = p.PhoneMobile ?? e.PhoneMobile,
        PhoneWork = p.PhoneWork ?? e.PhoneWork,
        PrincipalOfClasses = scope.CoversStaff ? p.PrincipalOfClasses : e.PrincipalOfClasses,

        // Only SIECLE says the options: a spreadsheet of students keeps them, a SIECLE file replaces them.
        Options = scope.Source == ImportSource.SiecleStudents ? p.Options : e.Options,
        ExitDate = null,
    };

    private static List<FieldChange> Diff(DirectoryPerson? before, DirectoryPerson after)
    {
        var changes = new List<FieldChange>();
        void Check(string field, string? old, string? @new)
        {
            if (!string.Equals(old, @new, StringComparison.Ordinal))
            {
                changes.Add(new FieldChange(field, old, @new));
            }
        }

        Check(nameof(DirectoryPerson.Profile), before?.Profile, after.Profile);
        Check(nameof(DirectoryPerson.LastName), before?.LastName, after.LastName);
        Check(nameof(DirectoryPerson.FirstName), before?.FirstName, after.FirstName);
        Check(nameof(DirectoryPerson.BirthDate), Format(before?.BirthDate), Format(after.BirthDate));
        Check(nameof(DirectoryPerson.Gender), Format(before?.Gender), Format(after.Gender));
        Check(nameof(DirectoryPerson.Email), before?.Email, after.Email);
        Check(nameof(DirectoryPerson.SiecleId), before?.SiecleId, after.SiecleId);
        Check(nameof(DirectoryPerson.Elenoet), before?.Elenoet, after.Elenoet);
        Check(nameof(DirectoryPerson.Ine), before?.Ine, after.Ine);
        Check(nameof(DirectoryPerson.OldIne), before?.OldIne, after.OldIne);
        Check(nameof(DirectoryPerson.StsId), before?.StsId, after.StsId);
        Check(nameof(DirectoryPerson.StsType), before?.StsType, after.StsType);
        Check(nameof(DirectoryPerson.Civility), before?.Civility, after.Civility);
        Check(nameof(DirectoryPerson.Reference), before?.Reference, after.Reference);
        Check(nameof(DirectoryPerson.Address), Format(before?.Address), Format(after.Address));
        Check(nameof(DirectoryPerson.PhoneHome), before?.PhoneHome, after.PhoneHome);
        Check(nameof(DirectoryPerson.PhoneMobile), before?.PhoneMobile, after.PhoneMobile);
        Check(nameof(DirectoryPerson.PhoneWork), before?.PhoneWork, after.PhoneWork);
        Check(nameof(DirectoryPerson.PrincipalOfClasses), Format(before?.PrincipalOfClasses), Format(after.PrincipalOfClasses));
        Check(nameof(DirectoryPerson.Options), Format(before?.Options), Format(after.Options));
        Check(nameof(DirectoryPerson.ExitDate), Format(before?.ExitDate), Format(after.ExitDate));
        return changes;
    }

    private static string? Format(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? Format(Gender? g) => g switch
    {
        Gender.Male => "M",
        Gender.Female => "F",
        _ => null,
    };

    private static string? Format(PostalAddress? a)
    {
        if (a is null)
        {
            return null;
        }

        var parts = new[] { a.Line1, a.Line2, a.Line3, a.Line4, a.PostalCode, a.City, a.Country }.Where(s => !string.IsNullOrEmpty(s));
        return string.Join(", ", parts);
    }

    /// <summary>"020300 (O), 030602 (F)": by subject, so that the file's order does not count.</summary>
    private static string? Format(IReadOnlyList<StudentOption>? options)
        => options is null || options.Count == 0 ? null
            : string.Join(", ", options.OrderBy(o => o.SubjectBcnCode, StringComparer.Ordinal).Select(o => $"{o.SubjectBcnCode} ({o.Modality})"));

    private static string? Format(IReadOnlyList<string>? list)
        => list is null || list.Count == 0 ? null : string.Join(", ", list.Order(StringComparer.Ordinal));

    private static Dictionary<string, Guid> BuildStudentIndex(DirectorySnapshot existing)
    {
        var index = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var p in existing.People)
        {
            if (p.Profile != Profiles.Student)
            {
                continue;
            }

            if (p.SiecleId is not null)
            {
                index.TryAdd(p.SiecleId, p.Id);
            }

            if (p.Reference is not null)
            {
                index.TryAdd(p.Reference, p.Id);
            }
        }

        return index;
    }

    private static List<StructureLine> PlanStructures(DirectorySnapshot existing, IncomingDirectory incoming, PlanScope scope)
    {
        var lines = new List<StructureLine>();
        var current = new Dictionary<(StructureKind, string), DirectoryStructure>();
        foreach (var s in existing.Structures)
        {
            current.TryAdd((s.Kind, s.Code), s);
        }

        var seen = new HashSet<(StructureKind, string)>();
        foreach (var s in incoming.Structures)
        {
            if (!seen.Add((s.Kind, s.Code)))
            {
                continue;
            }

            var prefix = s.Kind == StructureKind.Class ? "class" : "group";
            if (!current.TryGetValue((s.Kind, s.Code), out var before))
            {
                var stsMefs = s.StsMefCodes ?? [];
                var after = new DirectoryStructure
                {
                    Kind = s.Kind,
                    Code = s.Code,
                    Label = s.Label ?? s.Code,
                    ClassCodes = s.ClassCodes ?? [],
                    StsMefCodes = stsMefs,
                    MefCode = ClassMef.Resolve(stsMefs, s.StudentsMefCode, null),
                };
                List<FieldChange> added = [new FieldChange("Label", null, after.Label)];
                if (after.MefCode is not null)
                {
                    added.Add(new FieldChange("MefCode", null, after.MefCode));
                }

                lines.Add(new StructureLine($"{prefix}:add:{s.Code}", PlanAction.Add, s.Kind, s.Code, null, after, added));
                continue;
            }

            var updatedStsMefs = s.StsMefCodes ?? before.StsMefCodes;
            var updated = before with
            {
                Label = s.Label ?? before.Label,
                ClassCodes = s.ClassCodes ?? before.ClassCodes,
                StsMefCodes = updatedStsMefs,
                MefCode = ClassMef.Resolve(updatedStsMefs, s.StudentsMefCode, before.MefCode),
                Imported = true,
            };
            var changes = new List<FieldChange>();
            if (!string.Equals(before.Label, updated.Label, StringComparison.Ordinal))
            {
                changes.Add(new FieldChange("Label", before.Label, updated.Label));
            }

            if (!string.Equals(before.MefCode, updated.MefCode, StringComparison.Ordinal))
            {
                changes.Add(new FieldChange("MefCode", before.MefCode, updated.MefCode));
            }

            if (Format(before.StsMefCodes) != Format(updated.StsMefCodes))
            {
                changes.Add(new FieldChange("StsMefCodes", Format(before.StsMefCodes), Format(updated.StsMefCodes)));
            }

            if (Format(before.ClassCodes) != Format(updated.ClassCodes))
            {
                changes.Add(new FieldChange("ClassCodes", Format(before.ClassCodes), Format(updated.ClassCodes)));
            }

            if (changes.Count > 0)
            {
                lines.Add(new StructureLine($"{prefix}:modify:{s.Code}", PlanAction.Modify, s.Kind, s.Code, before, updated, changes));
            }
        }

        if (scope.ProposeStructureRemovals)
        {
            foreach (var s in existing.Structures)
            {
                if (s.Imported && !seen.Contains((s.Kind, s.Code)))
                {
                    var prefix = s.Kind == StructureKind.Class ? "class" : "group";
                    lines.Add(new StructureLine($"{prefix}:remove:{s.Code}", PlanAction.Remove, s.Kind, s.Code, s, s, []));
                }
            }
        }

        return lines;
    }

    private static List<string> Deps(List<string> userDeps, Dictionary<(StructureKind, string), string> addedStructures, StructureKind kind, string code)
    {
        if (addedStructures.TryGetValue((kind, code), out var structureKey))
        {
            return [.. userDeps, structureKey];
        }

        return userDeps;
    }

    private static void PlanMemberships(DirectoryPerson before, IncomingPerson inc, Guid owner, string refKey, List<string> deps, Dictionary<(StructureKind, string), string> added, List<MembershipLine> lines)
    {
        if (before.ClassCode != inc.ClassCode)
        {
            if (before.ClassCode is not null)
            {
                lines.Add(new MembershipLine($"member:remove:{refKey}:class:{before.ClassCode}", PlanAction.Remove, owner, StructureKind.Class, before.ClassCode, deps));
            }

            if (inc.ClassCode is not null)
            {
                lines.Add(new MembershipLine($"member:add:{refKey}:class:{inc.ClassCode}", PlanAction.Add, owner, StructureKind.Class, inc.ClassCode, Deps(deps, added, StructureKind.Class, inc.ClassCode)));
            }
        }

        var oldGroups = new HashSet<string>(before.GroupCodes, StringComparer.Ordinal);
        var newGroups = new HashSet<string>(inc.GroupCodes, StringComparer.Ordinal);
        foreach (var g in before.GroupCodes.Where(g => !newGroups.Contains(g)).Distinct())
        {
            lines.Add(new MembershipLine($"member:remove:{refKey}:group:{g}", PlanAction.Remove, owner, StructureKind.Group, g, deps));
        }

        foreach (var g in inc.GroupCodes.Where(g => !oldGroups.Contains(g)).Distinct())
        {
            lines.Add(new MembershipLine($"member:add:{refKey}:group:{g}", PlanAction.Add, owner, StructureKind.Group, g, Deps(deps, added, StructureKind.Group, g)));
        }
    }

    private static void PlanLinks(DirectoryPerson before, IncomingPerson inc, Guid owner, string refKey, List<string> deps, Dictionary<string, Guid> students, List<GuardianLinkLine> lines, List<ImportWarning> warnings)
    {
        var old = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var c in before.Children)
        {
            old.TryAdd(c.StudentId, c.LegalRank);
        }

        var now = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var c in inc.Children)
        {
            now.TryAdd(c.StudentId, c.LegalRank);
        }

        foreach (var (student, rank) in old)
        {
            if (!now.ContainsKey(student))
            {
                lines.Add(new GuardianLinkLine($"link:remove:{refKey}:{student}", PlanAction.Remove, owner, student, students.TryGetValue(student, out var sid) ? sid : null, rank, deps));
            }
        }

        foreach (var (student, rank) in now)
        {
            Guid? studentUser = students.TryGetValue(student, out var sid) ? sid : null;
            if (!old.TryGetValue(student, out var oldRank))
            {
                if (studentUser is null)
                {
                    warnings.Add(new ImportWarning("unknown-student", $"{inc.LastName} {inc.FirstName} est responsable de l'élève {student}, inconnu dans l'annuaire : importez d'abord les élèves.", student, inc.Line));
                }

                lines.Add(new GuardianLinkLine($"link:add:{refKey}:{student}", PlanAction.Add, owner, student, studentUser, rank, deps));
            }
            else if (oldRank != rank)
            {
                lines.Add(new GuardianLinkLine($"link:modify:{refKey}:{student}", PlanAction.Modify, owner, student, studentUser, rank, deps));
            }
        }
    }

    private static void PlanServices(DirectoryPerson before, IncomingPerson inc, Guid owner, string refKey, List<string> deps, Dictionary<(StructureKind, string), string> added, List<ServiceLine> lines)
    {
        var old = new HashSet<TeachingAssignment>(before.Services);
        var now = new HashSet<TeachingAssignment>(inc.Services);
        foreach (var a in before.Services.Distinct())
        {
            if (!now.Contains(a))
            {
                lines.Add(new ServiceLine(ServiceKey("remove", refKey, a), PlanAction.Remove, owner, a, deps));
            }
        }

        foreach (var a in inc.Services.Distinct())
        {
            if (!old.Contains(a))
            {
                lines.Add(new ServiceLine(ServiceKey("add", refKey, a), PlanAction.Add, owner, a, Deps(deps, added, a.Kind, a.StructureCode)));
            }
        }
    }

    private static string ServiceKey(string verb, string refKey, TeachingAssignment a)
        => $"service:{verb}:{refKey}:{(a.Kind == StructureKind.Class ? "class" : "group")}:{a.StructureCode}:{a.SubjectCode ?? "-"}";
}
