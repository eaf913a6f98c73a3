using System.Text.Json;
using Sacoche.Import.Domain;
using Sacoche.Testing.Generators;
using Xunit;

namespace Sacoche.Import.Tests.Domain;

public class ImportPlannerTests
{
    private static readonly DateOnly Today = new(2026, 10, 1);
    private static readonly PlanScope Students = new(ImportSource.SiecleStudents, Today);

    private static IncomingPerson Student(string id, string last, string first, string cls = "6A", string? elenoet = null, string? ine = null, string? oldIne = null, params string[] groups) => new()
    {
        Profile = Profiles.Student,
        LastName = last,
        FirstName = first,
        SiecleId = id,
        Elenoet = elenoet,
        Ine = ine,
        OldIne = oldIne,
        ClassCode = cls,
        GroupCodes = groups,
        BirthDate = new DateOnly(2014, 1, 1),
    };

    private static DirectoryPerson Existing(string? siecleId, string last, string first, string cls = "6A", string? elenoet = null, string? ine = null, DateOnly? exit = null) => new()
    {
        Id = Guid.NewGuid(),
        Profile = Profiles.Student,
        LastName = last,
        FirstName = first,
        SiecleId = siecleId,
        Elenoet = elenoet,
        Ine = ine,
        ClassCode = cls,
        BirthDate = new DateOnly(2014, 1, 1),
        ExitDate = exit,
    };

    private static IncomingDirectory In(params IncomingPerson[] people)
        => new(people, people.Where(p => p.ClassCode is not null).Select(p => p.ClassCode!).Distinct().Select(c => new IncomingStructure(StructureKind.Class, c)).ToList(), []);

    private static DirectorySnapshot Snap(params DirectoryPerson[] people)
        => new(people, people.Where(p => p.ClassCode is not null).Select(p => p.ClassCode!).Distinct().Select(c => new DirectoryStructure { Kind = StructureKind.Class, Code = c }).ToList());

    private static (ImportFileGenerator Gen, ImportContext Ctx) Generated()
    {
        var gen = new ImportFileGenerator(99, counts: GeneratorCounts.Small);
        return (gen, new ImportContext(gen.Uai, gen.Today));
    }

    [Fact]
    public void First_import_adds_everything_then_the_same_file_gives_an_empty_plan()
    {
        var (gen, ctx) = Generated();
        var incoming = IncomingDirectory.FromSiecleStudents(SiecleStudentsParser.Parse(new MemoryStream(gen.StudentsXml()), ctx));

        var plan = ImportPlanner.Plan(DirectorySnapshot.Empty, incoming, Students);

        Assert.Equal(gen.Expected.CurrentStudents, plan.Count(PlanAction.Add));
        Assert.All(plan.Users, u => Assert.Equal(PlanAction.Add, u.Action));
        Assert.Equal(gen.Expected.CurrentClasses, plan.Structures.Count(s => s.Kind == StructureKind.Class && s.Action == PlanAction.Add));
        Assert.Equal(gen.Expected.CurrentGroups, plan.Structures.Count(s => s.Kind == StructureKind.Group));
        Assert.Equal(gen.Expected.CurrentStudents, plan.Memberships.Count(m => m.Kind == StructureKind.Class));
        Assert.False(plan.RequiresConfirmation);
        Assert.All(plan.Users, u => Assert.StartsWith("user:add:", u.Key, StringComparison.Ordinal));
        Assert.Equal(plan.ChangeLines.Count(), plan.ChangeLines.Select(l => l.Key).Distinct().Count());

        var after = plan.ApplyTo(DirectorySnapshot.Empty);
        var again = ImportPlanner.Plan(after, incoming, Students);

        Assert.True(again.IsEmpty);
        Assert.Equal(gen.Expected.CurrentStudents, again.Count(PlanAction.Unchanged));
        Assert.DoesNotContain(again.Warnings, w => w.Code == "suspicious-retirements");
    }

    [Fact]
    public void Students_guardians_and_staff_imports_are_idempotent_together()
    {
        var (gen, ctx) = Generated();
        var students = SiecleStudentsParser.Parse(new MemoryStream(gen.StudentsXml()), ctx);
        var current = students.Students.Select(s => s.SiecleId).ToHashSet();
        var guardians = SiecleGuardiansParser.Parse(new MemoryStream(gen.GuardiansXml()), ctx, current);
        var sts = StsParser.Parse(new MemoryStream(gen.StsXml()), ctx);
        var steps = new (IncomingDirectory Incoming, PlanScope Scope)[]
        {
            (IncomingDirectory.FromSts(sts), new PlanScope(ImportSource.Sts, Today)),
            (IncomingDirectory.FromSiecleStudents(students), Students),
            (IncomingDirectory.FromSiecleGuardians(guardians), new PlanScope(ImportSource.SiecleGuardians, Today)),
        };

        var snapshot = DirectorySnapshot.Empty;
        foreach (var (incoming, scope) in steps)
        {
            var plan = ImportPlanner.Plan(snapshot, incoming, scope);
            Assert.DoesNotContain(plan.Users, u => u.Action == PlanAction.Retire);
            snapshot = plan.ApplyTo(snapshot);
        }

        Assert.Equal(gen.Expected.Staff + gen.Expected.CurrentStudents + gen.Expected.LegalGuardiansOfCurrentStudents, snapshot.People.Count);
        Assert.Equal(gen.Expected.Services, snapshot.People.Sum(p => p.Services.Count));
        Assert.DoesNotContain(ImportPlanner.Plan(snapshot, steps[2].Incoming, steps[2].Scope).Warnings, w => w.Code == "unknown-student");

        foreach (var (incoming, scope) in steps)
        {
            var plan = ImportPlanner.Plan(snapshot, incoming, scope);
            Assert.True(plan.IsEmpty, $"{scope.Source}: {string.Join(", ", plan.ChangeLines.Take(5).Select(l => l.Key))}");
        }
    }

    [Fact]
    public void Changed_name_is_a_modify_with_the_field_diff()
    {
        var e = Existing("1", "DUPONT", "Léa", elenoet: "E1");
        var plan = ImportPlanner.Plan(Snap(e), In(Student("1", "DUPONT-MARTIN", "Léa", elenoet: "E1")), Students);

        var line = Assert.Single(plan.Users);
        Assert.Equal(PlanAction.Modify, line.Action);
        Assert.Equal(MatchRule.SourceId, line.MatchedBy);
        Assert.Equal($"user:modify:{e.Id}", line.Key);
        Assert.Equal(new FieldChange("LastName", "DUPONT", "DUPONT-MARTIN"), Assert.Single(line.Changes));
        Assert.Equal(e.Id, line.After.Id);
        Assert.Empty(plan.Memberships);
    }

    [Fact]
    public void Class_change_is_a_membership_change_not_a_field_change()
    {
        var e = Existing("1", "A", "B");
        var plan = ImportPlanner.Plan(Snap(e), In(Student("1", "A", "B", cls: "5A", groups: "5LAT")), Students);

        Assert.Equal(PlanAction.Unchanged, Assert.Single(plan.Users).Action);
        Assert.Contains(plan.Memberships, m => m is { Action: PlanAction.Remove, StructureCode: "6A" });
        var add = Assert.Single(plan.Memberships, m => m is { Action: PlanAction.Add, StructureCode: "5A" });
        Assert.Contains("class:add:5A", add.DependsOn);
        Assert.Contains(plan.Memberships, m => m is { Action: PlanAction.Add, Kind: StructureKind.Group, StructureCode: "5LAT" });
    }

    [Fact]
    public void One_class_file_warns_about_suspicious_retirements()
    {
        var existing = Enumerable.Range(0, 30).Select(i => Existing(i.ToString(System.Globalization.CultureInfo.InvariantCulture), $"NOM{i}", "X", cls: i < 4 ? "6A" : "6B")).ToArray();
        var incoming = In(existing.Take(4).Select(e => Student(e.SiecleId!, e.LastName, e.FirstName)).ToArray());

        var plan = ImportPlanner.Plan(Snap(existing), incoming, Students);

        Assert.Equal(26, plan.Count(PlanAction.Retire));
        Assert.True(plan.RequiresConfirmation);
        var w = Assert.Single(plan.Warnings, w => w.Code == "suspicious-retirements");
        Assert.Equal("Ce fichier retirerait 87 % des élèves : est-il complet ?", w.Message);
        Assert.All(plan.Users.Where(u => u.Action == PlanAction.Retire), u => Assert.Equal(Today, u.After.ExitDate));
    }

    [Fact]
    public void Few_retirements_or_small_directories_need_no_confirmation()
    {
        var ten = Enumerable.Range(0, 10).Select(i => Existing($"{i}", $"N{i}", "X")).ToArray();
        var plan = ImportPlanner.Plan(Snap(ten), In(ten.Skip(2).Select(e => Student(e.SiecleId!, e.LastName, "X")).ToArray()), Students);
        Assert.Equal(2, plan.Count(PlanAction.Retire));
        Assert.False(plan.RequiresConfirmation);

        var nine = ten.Take(9).ToArray();
        var small = ImportPlanner.Plan(Snap(nine), In(Student("0", "N0", "X")), Students);
        Assert.Equal(8, small.Count(PlanAction.Retire));
        Assert.False(small.RequiresConfirmation); // fewer than 10 before
    }

    [Fact]
    public void Retirement_only_concerns_the_profiles_the_file_covers()
    {
        var teacher = Existing(null, "PROF", "Paul") with { Profile = "ENS", ClassCode = null, StsId = "T1" };
        var guardian = Existing(null, "PARENT", "Anne") with { Profile = Profiles.Guardian, ClassCode = null, SiecleId = "P1" };
        var plan = ImportPlanner.Plan(Snap(teacher, guardian), In(Student("1", "A", "B")), Students);
        Assert.DoesNotContain(plan.Users, u => u.Action == PlanAction.Retire);
    }

    [Fact]
    public void Already_retired_person_who_comes_back_is_a_modify_clearing_the_exit_date()
    {
        var e = Existing("1", "A", "B", exit: new DateOnly(2025, 7, 1));
        var plan = ImportPlanner.Plan(Snap(e), In(Student("1", "A", "B")), Students);
        var line = Assert.Single(plan.Users);
        Assert.Equal(PlanAction.Modify, line.Action);
        Assert.Equal(new FieldChange("ExitDate", "2025-07-01", null), Assert.Single(line.Changes));
        Assert.Null(line.After.ExitDate);
    }

    [Fact]
    public void Already_retired_absent_people_are_not_retired_again()
    {
        var e = Existing("1", "A", "B", exit: new DateOnly(2025, 7, 1));
        Assert.True(ImportPlanner.Plan(Snap(e), In(Student("2", "C", "D")), Students).Users.All(u => u.Action != PlanAction.Retire));
    }

    [Fact]
    public void Elenoet_matches_when_the_siecle_id_changed()
    {
        var e = Existing("OLD-ID", "A", "B", elenoet: "777");
        var line = Assert.Single(ImportPlanner.Plan(Snap(e), In(Student("NEW-ID", "A", "B", elenoet: "777")), Students).Users);
        Assert.Equal(MatchRule.Elenoet, line.MatchedBy);
        Assert.Equal(e.Id, line.After.Id);
        Assert.Equal(new FieldChange("SiecleId", "OLD-ID", "NEW-ID"), Assert.Single(line.Changes));
    }

    [Fact]
    public void Old_ine_then_ine_match_when_ids_differ()
    {
        var byOld = Existing("X1", "A", "B", ine: "0000000001A");
        var byNew = Existing("X2", "C", "D", ine: "1111111111R");
        var plan = ImportPlanner.Plan(
            Snap(byOld, byNew),
            In(Student("N1", "A", "B", ine: "2222222222R", oldIne: "0000000001A"), Student("N2", "C", "D", ine: "1111111111R")),
            Students);
        Assert.Equal(MatchRule.OldIne, plan.Users.Single(u => u.After.Id == byOld.Id).MatchedBy);
        Assert.Equal(MatchRule.Ine, plan.Users.Single(u => u.After.Id == byNew.Id).MatchedBy);
        Assert.Equal(0, plan.Count(PlanAction.Add));
    }

    [Fact]
    public void Stronger_key_wins_over_a_weaker_one_regardless_of_file_order()
    {
        // Existing E has SIECLE id 1 and ELENOET 9. Incoming A has ELENOET 9 only (listed first), B has id 1.
        var e = Existing("1", "A", "B", elenoet: "9");
        var plan = ImportPlanner.Plan(Snap(e), In(Student("2", "Z", "Z", elenoet: "9"), Student("1", "A", "B")), Students);
        Assert.Equal(MatchRule.SourceId, plan.Users.Single(u => u.Before?.Id == e.Id).MatchedBy);
        Assert.Single(plan.Users, u => u.Action == PlanAction.Add);
    }

    [Fact]
    public void Name_fallback_ignores_accents_and_case()
    {
        var e = Existing(null, "LEFÈVRE", "Chloé");
        var line = Assert.Single(ImportPlanner.Plan(Snap(e), In(Student("1", "Lefevre", "CHLOE")), Students).Users);
        Assert.Equal(MatchRule.Name, line.MatchedBy);
        Assert.Equal(e.Id, line.After.Id);
        Assert.Contains(line.Changes, c => c.Field == "SiecleId" && c.New == "1");
    }

    [Theory]
    [InlineData("DUPONT", "Jean-Marc", "Dupont", "Jean Marc")]
    [InlineData("DUPONT", "Jean Marc", "DUPONT", "JEAN-MARC")]
    [InlineData("N'DIAYE", "Awa", "NDiaye", "Awa")]
    [InlineData("N'Diaye", "Awa", "N Diaye", "Awa")]
    [InlineData("N’DIAYE", "Awa", "N'Diaye", "Awa")]
    [InlineData("LE BIHAN", "Gaëlle", "Le  Bihan", "GAELLE")]
    public void Name_fallback_folds_hyphens_apostrophes_and_spaces(string existingLast, string existingFirst, string fileLast, string fileFirst)
    {
        // The same person in a SIECLE export and in a spreadsheet typed by hand (docs/domain/formats.md, « Names »).
        var e = Existing(null, existingLast, existingFirst);
        var line = Assert.Single(ImportPlanner.Plan(Snap(e), In(Student("1", fileLast, fileFirst)), Students).Users);
        Assert.Equal(MatchRule.Name, line.MatchedBy);
        Assert.Equal(e.Id, line.After.Id);
    }

    [Fact]
    public void Name_fallback_keeps_different_names_apart()
    {
        var e = Existing(null, "DUPONT", "Jean-Marc");
        var plan = ImportPlanner.Plan(Snap(e), In(Student("1", "DUPONT", "Jean")), Students);
        Assert.Equal(1, plan.Count(PlanAction.Add));
        Assert.Equal(1, plan.Count(PlanAction.Retire));
    }

    [Fact]
    public void Homonyms_are_new_people_with_a_warning()
    {
        var a = Existing(null, "MARTIN", "Léa");
        var b = Existing(null, "MARTIN", "Léa", cls: "6B");
        var plan = ImportPlanner.Plan(Snap(a, b), In(Student("1", "MARTIN", "Léa")), Students);
        Assert.Equal(1, plan.Count(PlanAction.Add));
        Assert.Equal(2, plan.Count(PlanAction.Retire));
        Assert.Contains(plan.Warnings, w => w.Code == "homonyms" && w.Message.Contains("MARTIN Léa", StringComparison.Ordinal));

        // Two in the file, one in the directory: also ambiguous.
        var plan2 = ImportPlanner.Plan(Snap(a), In(Student("1", "MARTIN", "Léa"), Student("2", "MARTIN", "Léa")), Students);
        Assert.Equal(2, plan2.Count(PlanAction.Add));
    }

    [Fact]
    public void Duplicates_in_the_file_are_reported_and_kept_once()
    {
        var plan = ImportPlanner.Plan(DirectorySnapshot.Empty, In(Student("1", "A", "B"), Student("1", "A", "B")), Students);
        Assert.Single(plan.Users);
        Assert.Contains(plan.Warnings, w => w.Code == "duplicate-in-file");
    }

    [Fact]
    public void Students_without_class_are_warned()
    {
        var plan = ImportPlanner.Plan(DirectorySnapshot.Empty, In(Student("1", "A", "B") with { ClassCode = null }), new PlanScope(ImportSource.SpreadsheetStudents, Today));
        Assert.Contains(plan.Warnings, w => w.Code == "students-without-class");
    }

    [Fact]
    public void Select_drops_deselected_lines_and_their_dependants()
    {
        var plan = ImportPlanner.Plan(DirectorySnapshot.Empty, In(Student("1", "A", "B", groups: "6LAT"), Student("2", "C", "D")), Students);
        var keys = plan.ChangeLines.Select(l => l.Key).Where(k => k != "user:add:1").ToHashSet();

        var selected = plan.Select(keys);

        Assert.Equal(["user:add:2"], selected.Users.Select(u => u.Key));
        Assert.All(selected.Memberships, m => Assert.DoesNotContain("1", m.Key.Split(':')[2]));
        Assert.Same(plan, plan.Select(null));

        var noClass = plan.Select(plan.ChangeLines.Select(l => l.Key).Where(k => k != "class:add:6A").ToHashSet());
        Assert.DoesNotContain(noClass.Memberships, m => m.StructureCode == "6A");
        Assert.Equal(2, noClass.Users.Count);
    }

    [Fact]
    public void Keys_are_stable_across_replanning()
    {
        var incoming = In(Student("1", "A", "B", groups: "6LAT"));
        var a = ImportPlanner.Plan(DirectorySnapshot.Empty, incoming, Students).ChangeLines.Select(l => l.Key);
        var b = ImportPlanner.Plan(DirectorySnapshot.Empty, incoming, Students).ChangeLines.Select(l => l.Key);
        Assert.Equal(a, b);
        Assert.Contains("member:add:1:group:6LAT", a);
    }

    [Fact]
    public void Guardian_links_are_added_changed_and_removed()
    {
        var student1 = Existing("S1", "ENFANT", "Un");
        var student2 = Existing("S2", "ENFANT", "Deux");
        var guardian = new DirectoryPerson
        {
            Id = Guid.NewGuid(),
            Profile = Profiles.Guardian,
            LastName = "PARENT",
            FirstName = "Anne",
            SiecleId = "P1",
            Children = [new GuardianChild("S1", 1), new GuardianChild("OLD", 1)],
        };
        var incoming = new IncomingDirectory(
            [new IncomingPerson { Profile = Profiles.Guardian, LastName = "PARENT", FirstName = "Anne", SiecleId = "P1", Children = [new GuardianChild("S1", 2), new GuardianChild("S2", 1)] }],
            [],
            []);
        var plan = ImportPlanner.Plan(new DirectorySnapshot([student1, student2, guardian], []), incoming, new PlanScope(ImportSource.SiecleGuardians, Today));

        Assert.Equal(PlanAction.Unchanged, Assert.Single(plan.Users).Action);
        Assert.Contains(plan.GuardianLinks, l => l is { Action: PlanAction.Modify, StudentId: "S1", LegalRank: 2 } && l.StudentUserId == student1.Id);
        Assert.Contains(plan.GuardianLinks, l => l is { Action: PlanAction.Add, StudentId: "S2" } && l.StudentUserId == student2.Id);
        Assert.Contains(plan.GuardianLinks, l => l is { Action: PlanAction.Remove, StudentId: "OLD" });
        Assert.True(ImportPlanner.Plan(plan.ApplyTo(new DirectorySnapshot([student1, student2, guardian], [])), incoming, new PlanScope(ImportSource.SiecleGuardians, Today)).IsEmpty);
    }

    [Fact]
    public void Staff_services_principal_and_structure_removal_from_sts()
    {
        var teacher = new DirectoryPerson
        {
            Id = Guid.NewGuid(),
            Profile = "ENS",
            LastName = "GÉRAUD",
            FirstName = "Hélène",
            StsId = "100",
            Services = [new TeachingAssignment(StructureKind.Class, "3A", "FRANC"), new TeachingAssignment(StructureKind.Class, "3Z", "FRANC")],
        };
        var existing = new DirectorySnapshot(
            [teacher],
            [
                new DirectoryStructure { Kind = StructureKind.Class, Code = "3A", Label = "3A" },
                new DirectoryStructure { Kind = StructureKind.Class, Code = "3Z", Label = "3Z" },
                new DirectoryStructure { Kind = StructureKind.Group, Code = "BESOIN", Label = "Groupe de besoin", Imported = false },
            ]);
        var incoming = new IncomingDirectory(
            [new IncomingPerson
            {
                Profile = "DIR",
                LastName = "GÉRAUD",
                FirstName = "Hélène",
                StsId = "100",
                Services = [new TeachingAssignment(StructureKind.Class, "3A", "FRANC"), new TeachingAssignment(StructureKind.Group, "3LAT", "LCALA")],
                PrincipalOfClasses = ["3A"],
            }],
            [new IncomingStructure(StructureKind.Class, "3A", "3ÈME A"), new IncomingStructure(StructureKind.Group, "3LAT", "Latin", ["3A"])],
            []);

        var plan = ImportPlanner.Plan(existing, incoming, new PlanScope(ImportSource.Sts, Today));

        var user = Assert.Single(plan.Users);
        Assert.Equal(PlanAction.Modify, user.Action);
        Assert.Contains(new FieldChange("Profile", "ENS", "DIR"), user.Changes);
        Assert.Contains(new FieldChange("PrincipalOfClasses", null, "3A"), user.Changes);
        Assert.Contains(plan.Services, s => s.Action == PlanAction.Remove && s.Assignment.StructureCode == "3Z");
        var add = Assert.Single(plan.Services, s => s.Action == PlanAction.Add);
        Assert.Equal("3LAT", add.Assignment.StructureCode);
        Assert.Contains("group:add:3LAT", add.DependsOn);
        Assert.Contains(plan.Structures, s => s is { Action: PlanAction.Modify, Code: "3A" } && s.Changes.Single().New == "3ÈME A");
        Assert.Contains(plan.Structures, s => s is { Action: PlanAction.Remove, Code: "3Z" });
        Assert.DoesNotContain(plan.Structures, s => s.Code == "BESOIN"); // made by hand: never removed
    }

    [Fact]
    public void Students_file_does_not_remove_structures_by_default()
    {
        var snap = new DirectorySnapshot([], [new DirectoryStructure { Kind = StructureKind.Group, Code = "STS-ONLY" }]);
        Assert.DoesNotContain(ImportPlanner.Plan(snap, In(Student("1", "A", "B")), Students).Structures, s => s.Action == PlanAction.Remove);
    }

    [Fact]
    public void Sparse_file_does_not_erase_known_optional_values()
    {
        var e = Existing("1", "A", "B") with { Email = "a@example.org", Gender = Gender.Female };
        var plan = ImportPlanner.Plan(Snap(e), In(Student("1", "A", "B")), Students);
        Assert.Equal(PlanAction.Unchanged, Assert.Single(plan.Users).Action);
    }

    [Fact]
    public void Plan_and_directory_round_trip_through_system_text_json()
    {
        var plan = ImportPlanner.Plan(Snap(Existing("9", "Z", "Z")), In(Student("1", "Noël", "Zoé", groups: "6LAT")), Students);
        var json = JsonSerializer.Serialize(plan);
        var back = JsonSerializer.Deserialize<ImportPlan>(json)!;
        Assert.Equal(plan.Users.Select(u => u.Key), back.Users.Select(u => u.Key));
        Assert.Equal(plan.Users[0].After.FirstName, back.Users[0].After.FirstName);
        Assert.Equal(plan.Memberships.Select(m => m.Key), back.Memberships.Select(m => m.Key));
    }

    [Fact]
    public void A_changed_option_modality_is_a_modify_and_the_same_options_in_another_order_are_not()
    {
        var e = Existing("1", "A", "B") with { Options = [new("030201", "O"), new("020300", "F")] };

        var same = ImportPlanner.Plan(Snap(e), In(Student("1", "A", "B") with { Options = [new("020300", "F"), new("030201", "O")] }), Students);
        Assert.True(same.IsEmpty);

        var plan = ImportPlanner.Plan(Snap(e), In(Student("1", "A", "B") with { Options = [new("030201", "O"), new("020300", "O")] }), Students);
        var line = Assert.Single(plan.Users);
        Assert.Equal(PlanAction.Modify, line.Action);
        Assert.Equal(new FieldChange("Options", "020300 (F), 030201 (O)", "020300 (O), 030201 (O)"), Assert.Single(line.Changes));
        Assert.Equal([new StudentOption("030201", "O"), new StudentOption("020300", "O")], plan.ApplyTo(Snap(e)).People.Single().Options);
    }

    [Fact]
    public void A_siecle_file_without_options_clears_them_a_spreadsheet_of_students_keeps_them()
    {
        var e = Existing("1", "A", "B") with { Reference = "1", Options = [new("030201", "O")] };

        var siecle = Assert.Single(ImportPlanner.Plan(Snap(e), In(Student("1", "A", "B")), Students).Users);
        Assert.Equal(new FieldChange("Options", "030201 (O)", null), Assert.Single(siecle.Changes));
        Assert.Empty(siecle.After.Options);

        var spreadsheet = ImportPlanner.Plan(Snap(e), In(Student("1", "A", "B") with { SiecleId = null, Reference = "1" }), new PlanScope(ImportSource.SpreadsheetStudents, Today));
        Assert.Equal(PlanAction.Unchanged, Assert.Single(spreadsheet.Users).Action);
    }

    [Fact]
    public void Options_read_from_a_siecle_file_reach_the_directory_and_a_second_reading_is_empty()
    {
        var xml = TestFiles.Students(
            TestFiles.Eleve("1", "<NOM>A</NOM>"),
            TestFiles.Structures("1", ("4A", "D")),
            """<OPTION ELEVE_ID="1"><OPTIONS_ELEVE><CODE_MODALITE_ELECT>F</CODE_MODALITE_ELECT><CODE_MATIERE>20300</CODE_MATIERE></OPTIONS_ELEVE></OPTION>""");
        var incoming = IncomingDirectory.FromSiecleStudents(SiecleStudentsParser.Parse(TestFiles.Latin9Stream(xml), TestFiles.Context));

        var after = ImportPlanner.Plan(DirectorySnapshot.Empty, incoming, Students).ApplyTo(DirectorySnapshot.Empty);

        Assert.Equal([new StudentOption("020300", "F")], Assert.Single(after.People).Options);
        Assert.True(ImportPlanner.Plan(after, incoming, Students).IsEmpty);
    }

    [Theory]
    [InlineData("1", "M")]
    [InlineData("2", "MME")]
    [InlineData("3", "MME")]
    [InlineData("M.", "M")]
    [InlineData("Mme", "MME")]
    [InlineData("MME", "MME")]
    [InlineData("Mlle", "MME")]
    [InlineData("", null)]
    [InlineData("Dr", null)]
    public void Sts_staff_carry_their_type_and_a_civility_of_M_or_MME(string civilite, string? expected)
    {
        var individu = $"""<INDIVIDU ID="500" TYPE="local">{(civilite.Length == 0 ? "" : $"<CIVILITE>{civilite}</CIVILITE>")}<NOM_PATRONYMIQUE>PETIT</NOM_PATRONYMIQUE><PRENOM>Marc</PRENOM><FONCTION>ENS</FONCTION></INDIVIDU>""";
        var file = StsParser.Parse(new MemoryStream(System.Text.Encoding.Latin1.GetBytes(TestFiles.Sts(individu))), TestFiles.Context);

        var p = Assert.Single(IncomingDirectory.FromSts(file).People);

        Assert.Equal("500", p.StsId);
        Assert.Equal("local", p.StsType);
        Assert.Equal(expected, p.Civility);
    }

    [Fact]
    public void Staff_type_and_civility_are_compared_and_a_sparse_file_keeps_them()
    {
        var staff = new PlanScope(ImportSource.Sts, Today);
        var e = new DirectoryPerson { Id = Guid.NewGuid(), Profile = "ENS", LastName = "PETIT", FirstName = "Marc", StsId = "500", StsType = "epp", Civility = "M" };
        IncomingPerson Teacher(string? type, string? civility) => new() { Profile = "ENS", LastName = "PETIT", FirstName = "Marc", StsId = "500", StsType = type, Civility = civility };
        IncomingDirectory File(IncomingPerson p) => new([p], [], []);

        Assert.True(ImportPlanner.Plan(Snap(e), File(Teacher("epp", "M")), staff).IsEmpty);
        Assert.True(ImportPlanner.Plan(Snap(e), File(Teacher(null, null)), staff).IsEmpty);

        var line = Assert.Single(ImportPlanner.Plan(Snap(e), File(Teacher("local", "MME")), staff).Users);
        Assert.Equal(PlanAction.Modify, line.Action);
        Assert.Equal([new FieldChange("StsType", "epp", "local"), new FieldChange("Civility", "M", "MME")], line.Changes);
    }

    [Fact]
    public void Siecle_guardians_carry_a_civility_of_M_or_MME()
    {
        var xml = TestFiles.Guardians(
            """<PERSONNE PERSONNE_ID="P1"><NOM>BÉNARD</NOM><PRENOM>Anaïs</PRENOM><LC_CIVILITE>Mme</LC_CIVILITE></PERSONNE>"""
            + """<PERSONNE PERSONNE_ID="P2"><NOM>BÉNARD</NOM><PRENOM>Joël</PRENOM><LC_CIVILITE>M.</LC_CIVILITE></PERSONNE>""",
            TestFiles.Link("1", "P1", "1") + TestFiles.Link("1", "P2", "2"));
        var file = SiecleGuardiansParser.Parse(TestFiles.Latin9Stream(xml), TestFiles.Context, new HashSet<string> { "1" });

        var people = IncomingDirectory.FromSiecleGuardians(file).People;

        Assert.Equal("MME", people.Single(p => p.SiecleId == "P1").Civility);
        Assert.Equal("M", people.Single(p => p.SiecleId == "P2").Civility);
    }
    private static readonly PlanScope Staff = new(ImportSource.Sts, Today);

    private static IncomingDirectory StsClasses(string divisions)
        => IncomingDirectory.FromSts(StsParser.Parse(new MemoryStream(System.Text.Encoding.Latin1.GetBytes(TestFiles.Sts(divisions: divisions))), TestFiles.Context));

    private static string Division(string code, params string[] mefs)
        => $"""<DIVISION CODE="{code}"><LIBELLE_LONG>{code}</LIBELLE_LONG><MEFS_APPARTENANCE>{string.Concat(mefs.Select(m => $"<MEF_APPARTENANCE CODE=\"{m}\"/>"))}</MEFS_APPARTENANCE></DIVISION>""";

    private static IncomingDirectory SiecleClasses(params (string Id, string Class, string? Mef)[] students)
        => IncomingDirectory.FromSiecleStudents(SiecleStudentsParser.Parse(TestFiles.Latin9Stream(TestFiles.Students(
            string.Concat(students.Select(s => TestFiles.Eleve(s.Id, $"<NOM>N{s.Id}</NOM>", s.Mef is null ? "" : $"<CODE_MEF>{s.Mef}</CODE_MEF>"))),
            string.Concat(students.Select(s => TestFiles.Structures(s.Id, (s.Class, "D")))))), TestFiles.Context));

    [Fact]
    public void An_sts_class_takes_its_mef_and_a_second_reading_is_empty()
    {
        var incoming = StsClasses(Division("3A", "10310019110") + Division("6A", "10010012110") + Division("5A"));

        var plan = ImportPlanner.Plan(DirectorySnapshot.Empty, incoming, Staff);
        var after = plan.ApplyTo(DirectorySnapshot.Empty);

        Assert.Contains(new FieldChange("MefCode", null, "10310019110"), plan.Structures.Single(s => s.Code == "3A").Changes);
        Assert.Equal("10310019110", after.Structures.Single(s => s.Code == "3A").MefCode);
        Assert.Equal("10010012110", after.Structures.Single(s => s.Code == "6A").MefCode);
        Assert.Null(after.Structures.Single(s => s.Code == "5A").MefCode);
        Assert.True(ImportPlanner.Plan(after, incoming, Staff).IsEmpty);
    }

    [Fact]
    public void A_class_known_only_from_siecle_takes_the_mef_most_of_its_students_have()
    {
        var incoming = SiecleClasses(("1", "4A", "10210001110"), ("2", "4A", "10110001110"), ("3", "4A", "10210001110"), ("4", "4A", null),
            ("5", "4B", "10210001110"), ("6", "4B", "10110001110"), ("7", "4C", null));

        var after = ImportPlanner.Plan(DirectorySnapshot.Empty, incoming, Students).ApplyTo(DirectorySnapshot.Empty);

        Assert.Equal("10210001110", after.Structures.Single(s => s.Code == "4A").MefCode);
        Assert.Equal("10110001110", after.Structures.Single(s => s.Code == "4B").MefCode); // a tie: the smallest code
        Assert.Null(after.Structures.Single(s => s.Code == "4C").MefCode);
        Assert.True(ImportPlanner.Plan(after, incoming, Students).IsEmpty);
    }

    [Fact]
    public void A_single_sts_mef_wins_over_the_students_and_several_are_decided_by_them()
    {
        var sts = StsClasses(Division("3A", "10310019110") + Division("3U", "10310019110", "10310019113"));
        var afterSts = ImportPlanner.Plan(DirectorySnapshot.Empty, sts, Staff).ApplyTo(DirectorySnapshot.Empty);
        Assert.Equal("10310019110", afterSts.Structures.Single(s => s.Code == "3U").MefCode); // several, students unknown: the first in code order

        var siecle = SiecleClasses(("1", "3A", "10210001110"), ("2", "3U", "10310019113"), ("3", "3U", "10310019113"), ("4", "3U", "10310019110"));
        var plan = ImportPlanner.Plan(afterSts, siecle, Students);
        var after = plan.ApplyTo(afterSts);

        Assert.Equal("10310019110", after.Structures.Single(s => s.Code == "3A").MefCode);
        Assert.Equal("10310019113", after.Structures.Single(s => s.Code == "3U").MefCode);
        Assert.Equal(new FieldChange("MefCode", "10310019110", "10310019113"), Assert.Single(plan.Structures, s => s.Action == PlanAction.Modify).Changes.Single());
        // The STS file read again keeps the students' choice among its MEFs.
        Assert.DoesNotContain(ImportPlanner.Plan(after, sts, Staff).Structures, s => s.Action != PlanAction.Unchanged && s.Changes.Any(c => c.Field == "MefCode"));
    }

    [Fact]
    public void A_mef_change_is_a_modify_and_a_file_without_mef_keeps_the_known_one()
    {
        var after = ImportPlanner.Plan(DirectorySnapshot.Empty, StsClasses(Division("3A", "10310019110")), Staff).ApplyTo(DirectorySnapshot.Empty);

        var plan = ImportPlanner.Plan(after, StsClasses(Division("3A", "10210001110")), Staff);
        var line = Assert.Single(plan.Structures);
        Assert.Equal(PlanAction.Modify, line.Action);
        Assert.Contains(new FieldChange("MefCode", "10310019110", "10210001110"), line.Changes);
        Assert.Equal("10210001110", plan.ApplyTo(after).Structures.Single().MefCode);

        Assert.True(ImportPlanner.Plan(after, StsClasses(Division("3A")), Staff).IsEmpty);
        var siecle = ImportPlanner.Plan(after, SiecleClasses(("1", "3A", null)), Students);
        Assert.DoesNotContain(siecle.Structures, s => s.Action == PlanAction.Modify);
        Assert.Equal("10310019110", siecle.ApplyTo(after).Structures.Single().MefCode);
    }
}

