using Sacoche.Competences.Tests.Api;
using Sacoche.Contracts;
using Sacoche.Testing.Infrastructure;
using Xunit;

namespace Sacoche.Competences.Tests.Integration;

/// <summary>The roster projection, fed through RabbitMQ like Import does.</summary>
public sealed class RosterConsumerTests(CompetencesApp app) : IClassFixture<CompetencesApp>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task UserImported_creates_the_row_then_newer_versions_win_and_older_ones_are_ignored()
    {
        var id = Guid.NewGuid();
        await app.PublishAsync(CompetencesApp.User(CompetencesApp.Base, id, "ELV", "Nouveau", "Élève", "3A", version: 5));
        Assert.True(await TestServers.EventuallyAsync(async () =>
            await app.CountAsync($"SELECT count(*) FROM roster_users WHERE user_id = '{id}' AND version = 5 AND class_code = '3A'") == 1, Timeout));

        // An older snapshot arriving late is ignored; a newer one applies.
        await app.PublishAsync(CompetencesApp.User(CompetencesApp.Base, id, "ELV", "Ancien", "Élève", "3B", version: 4));
        await app.PublishAsync(CompetencesApp.User(CompetencesApp.Base, id, "ELV", "Nouveau", "Élève", "3B", ["G1"], version: 6));
        Assert.True(await TestServers.EventuallyAsync(async () =>
            await app.CountAsync($"SELECT count(*) FROM roster_users WHERE user_id = '{id}' AND version = 6 AND class_code = '3B' AND 'G1' = ANY(group_codes)") == 1, Timeout));
        await app.PublishAsync(CompetencesApp.User(CompetencesApp.Base, id, "ELV", "Ancien", "Élève", "3A", version: 3));
        await Task.Delay(1000);
        Assert.Equal(1, await app.CountAsync($"SELECT count(*) FROM roster_users WHERE user_id = '{id}' AND version = 6 AND last_name = 'Nouveau'"));
    }

    [Fact]
    public async Task A_duplicate_MessageId_is_applied_once()
    {
        var id = Guid.NewGuid();
        var messageId = Guid.NewGuid();
        await app.PublishAsync(CompetencesApp.User(CompetencesApp.Base, id, "ENS", "Premier", "Envoi", version: 1), messageId);
        Assert.True(await TestServers.EventuallyAsync(async () =>
            await app.CountAsync($"SELECT count(*) FROM roster_users WHERE user_id = '{id}'") == 1, Timeout));

        // Same MessageId again (a redelivery), even with a different payload: not applied.
        await app.PublishAsync(CompetencesApp.User(CompetencesApp.Base, id, "ENS", "Second", "Envoi", version: 2), messageId);
        // A later, distinct message proves the queue moved past the duplicate.
        var marker = Guid.NewGuid();
        await app.PublishAsync(CompetencesApp.User(CompetencesApp.Base, marker, "ENS", "Marqueur", "M"));
        Assert.True(await TestServers.EventuallyAsync(async () =>
            await app.CountAsync($"SELECT count(*) FROM roster_users WHERE user_id = '{marker}'") == 1, Timeout));
        Assert.Equal(1, await app.CountAsync($"SELECT count(*) FROM roster_users WHERE user_id = '{id}' AND last_name = 'Premier' AND version = 1"));
        Assert.Equal(1, await app.CountAsync($"SELECT count(*) FROM processed_messages WHERE message_id = '{messageId}'"));
    }

    [Fact]
    public async Task UserRetired_sets_the_exit_date_and_keeps_the_user()
    {
        var id = Guid.NewGuid();
        await app.PublishAsync(CompetencesApp.User(CompetencesApp.Base, id, "ELV", "Partant", "Élève", "3A", version: 1));
        Assert.True(await TestServers.EventuallyAsync(async () =>
            await app.CountAsync($"SELECT count(*) FROM roster_users WHERE user_id = '{id}'") == 1, Timeout));
        await app.PublishAsync(new UserRetired(CompetencesApp.Base, id, 2, new DateOnly(2026, 7, 4)));
        Assert.True(await TestServers.EventuallyAsync(async () =>
            await app.CountAsync($"SELECT count(*) FROM roster_users WHERE user_id = '{id}' AND exit_date = '2026-07-04' AND version = 2") == 1, Timeout));
    }

    [Fact]
    public async Task StructureImported_replaces_classes_groups_and_services_and_ignores_older_snapshots()
    {
        const int b = 303;
        var teacher = Guid.NewGuid();
        await app.PublishAsync(new StructureImported(b, 2,
            [new ClassInfo("6A", "6e A", null, null), new ClassInfo("6B", "6e B", null, null)],
            [new GroupInfo("LAT", "Latin", ["6A"])],
            [new SubjectInfo("LCALA", "020300", "Latin"), new SubjectInfo("LOCAL1", null, "Atelier local")],
            [new TeacherService(teacher, "6A", false, "LCALA"), new TeacherService(teacher, "LAT", true, "LCALA")]));
        Assert.True(await TestServers.EventuallyAsync(async () =>
            await app.CountAsync($"SELECT count(*) FROM roster_classes WHERE establishment_id = {b}") == 2
            && await app.CountAsync($"SELECT count(*) FROM teacher_services WHERE establishment_id = {b}") == 2
            && await app.CountAsync($"SELECT count(*) FROM subjects WHERE establishment_id = {b} AND imported") == 2, Timeout));

        await app.PublishAsync(new StructureImported(b, 1, [new ClassInfo("OLD", "Ancienne", null, null)], [], [], []));
        await app.PublishAsync(new StructureImported(b, 3, [new ClassInfo("6A", "6e A", null, null)], [], [], [new TeacherService(teacher, "6A", false, "LCALA")]));
        Assert.True(await TestServers.EventuallyAsync(async () =>
            await app.CountAsync($"SELECT count(*) FROM structure_versions WHERE establishment_id = {b} AND version = 3") == 1, Timeout));
        await Task.Delay(500);
        Assert.Equal(1, await app.CountAsync($"SELECT count(*) FROM roster_classes WHERE establishment_id = {b}"));
        Assert.Equal(0, await app.CountAsync($"SELECT count(*) FROM roster_classes WHERE code = 'OLD'"));
        Assert.Equal(0, await app.CountAsync($"SELECT count(*) FROM roster_groups WHERE establishment_id = {b}"));
        // Subjects are kept (referentials point at them).
        Assert.Equal(2, await app.CountAsync($"SELECT count(*) FROM subjects WHERE establishment_id = {b}"));
    }

    private Task<long> OptionsAsync(Guid student, string where = "TRUE")
        => app.CountAsync($"SELECT count(*) FROM roster_student_options WHERE establishment_id = {CompetencesApp.Base} AND student_id = '{student}' AND {where}");

    [Fact]
    public async Task UserImported_stores_the_lsu_fields_and_a_newer_version_replaces_the_options()
    {
        var student = Guid.NewGuid();
        var teacher = Guid.NewGuid();
        var guardian = Guid.NewGuid();
        await app.PublishAsync(CompetencesApp.User(CompetencesApp.Base, student, "ELV", "Option", "Élève", "3A", version: 1) with
        {
            Options = [new SubjectOption("030201", "O"), new SubjectOption("020300", "F")],
        });
        await app.PublishAsync(CompetencesApp.User(CompetencesApp.Base, teacher, "ENS", "Sts", "Prof", version: 1) with
        {
            StsId = "12345",
            StsType = "epp",
            Civility = "MME",
        });
        await app.PublishAsync(CompetencesApp.User(CompetencesApp.Base, guardian, "TUT", "Adresse", "Parent", children: [student], version: 1) with
        {
            Civility = "M",
            Address = new PostalAddressInfo("3 rue des Lilas", "Bâtiment B", null, null, "34000", "MONTPELLIER"),
        });
        Assert.True(await TestServers.EventuallyAsync(async () =>
            await OptionsAsync(student) == 2
            && await app.CountAsync($"SELECT count(*) FROM roster_users WHERE user_id = '{teacher}' AND sts_id = '12345' AND sts_type = 'epp' AND civility = 'MME'") == 1
            && await app.CountAsync($"""
                SELECT count(*) FROM roster_users WHERE user_id = '{guardian}' AND civility = 'M' AND address_line1 = '3 rue des Lilas'
                AND address_line2 = 'Bâtiment B' AND address_line3 IS NULL AND postal_code = '34000' AND city = 'MONTPELLIER'
                """) == 1, Timeout));
        Assert.Equal(1, await OptionsAsync(student, "subject_bcn_code = '030201' AND modality = 'O'"));
        Assert.Equal(1, await OptionsAsync(student, "subject_bcn_code = '020300' AND modality = 'F'"));

        // A newer snapshot replaces the options (a repeated subject kept once); an older one arriving late changes nothing.
        await app.PublishAsync(CompetencesApp.User(CompetencesApp.Base, student, "ELV", "Option", "Élève", "3A", version: 3) with
        {
            Options = [new SubjectOption("020300", "S"), new SubjectOption("020300", "O")],
        });
        Assert.True(await TestServers.EventuallyAsync(async () =>
            await OptionsAsync(student) == 1 && await OptionsAsync(student, "subject_bcn_code = '020300' AND modality = 'S'") == 1, Timeout));
        await app.PublishAsync(CompetencesApp.User(CompetencesApp.Base, student, "ELV", "Option", "Élève", "3A", version: 2) with
        {
            Options = [new SubjectOption("100100", "L")],
        });
        await Task.Delay(1000);
        Assert.Equal(1, await OptionsAsync(student));
        Assert.Equal(0, await OptionsAsync(student, "subject_bcn_code = '100100'"));
        Assert.Equal(1, await app.CountAsync($"SELECT count(*) FROM roster_users WHERE user_id = '{student}' AND version = 3"));

        // A snapshot without the new fields (an older Import) empties them: null, no options.
        await app.PublishAsync(CompetencesApp.User(CompetencesApp.Base, student, "ELV", "Option", "Élève", "3A", version: 4));
        await app.PublishAsync(CompetencesApp.User(CompetencesApp.Base, teacher, "ENS", "Sts", "Prof", version: 2));
        Assert.True(await TestServers.EventuallyAsync(async () =>
            await OptionsAsync(student) == 0
            && await app.CountAsync($"SELECT count(*) FROM roster_users WHERE user_id = '{teacher}' AND version = 2 AND sts_id IS NULL AND civility IS NULL") == 1, Timeout));
    }

    [Fact]
    public async Task StructureImported_stores_each_subject_with_its_bcn_code_on_six_digits()
    {
        const int b = 304;
        await app.PublishAsync(new StructureImported(b, 1, [], [],
            [new SubjectInfo("LCALA", "020300", "Latin"), new SubjectInfo("FRANC", "20700", "Français"), new SubjectInfo("LOCAL1", "ATELIER", "Atelier local")],
            []));
        Assert.True(await TestServers.EventuallyAsync(async () =>
            await app.CountAsync($"SELECT count(*) FROM subjects WHERE establishment_id = {b}") == 3, Timeout));
        Assert.Equal(1, await app.CountAsync($"SELECT count(*) FROM subjects WHERE establishment_id = {b} AND code = 'LCALA' AND bcn_code = '020300' AND name = 'Latin'"));
        Assert.Equal(1, await app.CountAsync($"SELECT count(*) FROM subjects WHERE establishment_id = {b} AND code = 'FRANC' AND bcn_code = '020700' AND name = 'Français'"));
        Assert.Equal(1, await app.CountAsync($"SELECT count(*) FROM subjects WHERE establishment_id = {b} AND code = 'LOCAL1' AND bcn_code IS NULL"));
    }
}
