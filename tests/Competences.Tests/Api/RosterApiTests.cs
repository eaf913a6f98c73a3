using System.Net;
using System.Text.Json;
using Xunit;

namespace Sacoche.Competences.Tests.Api;

/// <summary>The roster as the UI reads it: a parent's children, a teacher's classes and groups, colleagues to share with.</summary>
public sealed class RosterApiTests(CompetencesApp app) : IClassFixture<CompetencesApp>
{
    [Fact]
    public async Task A_guardian_gets_their_children_and_a_student_themselves()
    {
        var children = await CompetencesApp.JsonAsync(await app.Client(app.Guardian1, "TUT").GetAsync("/api/competences/me/children"));
        var child = Assert.Single(children.EnumerateArray());
        Assert.Equal(app.Student1, child.GetProperty("studentId").GetGuid());
        Assert.Equal("Bernard", child.GetProperty("lastName").GetString());
        Assert.Equal("Emma", child.GetProperty("firstName").GetString());
        Assert.Equal("3A", child.GetProperty("classCode").GetString());

        var self = await CompetencesApp.JsonAsync(await app.Client(app.Student2, "ELV").GetAsync("/api/competences/me/children"));
        Assert.Equal([app.Student2], self.EnumerateArray().Select(c => c.GetProperty("studentId").GetGuid()).ToArray());

        Assert.Equal(HttpStatusCode.Forbidden, (await app.Teacher1Client().GetAsync("/api/competences/me/children")).StatusCode);
    }

    [Fact]
    public async Task A_teacher_gets_the_classes_and_groups_they_teach_with_their_pupil_counts()
    {
        // Teacher1 teaches 3A (Emma, Hugo) and the group G1 (Emma of 3A, Jade of 3B).
        var mine = await CompetencesApp.JsonAsync(await app.Teacher1Client().GetAsync("/api/competences/me/structures"));
        Assert.Equal(["3A:2"], Codes(mine, "classes"));
        Assert.Equal(["G1:2"], Codes(mine, "groups"));
        Assert.Equal("3e A", mine.GetProperty("classes")[0].GetProperty("name").GetString());

        // Teacher3 has no service; the direction sees the whole establishment (not the other one's 3A pupils).
        var none = await CompetencesApp.JsonAsync(await app.Client(app.Teacher3, "ENS").GetAsync("/api/competences/me/structures"));
        Assert.Empty(Codes(none, "classes"));
        Assert.Empty(Codes(none, "groups"));
        var all = await CompetencesApp.JsonAsync(await app.Client(app.Direction, "DIR").GetAsync("/api/competences/me/structures"));
        Assert.Equal(["3A:2", "3B:1"], Codes(all, "classes"));
        Assert.Equal(["G1:2"], Codes(all, "groups"));

        Assert.Equal(HttpStatusCode.Forbidden, (await app.Client(app.Student1, "ELV").GetAsync("/api/competences/me/structures")).StatusCode);
    }

    [Fact]
    public async Task Colleagues_are_the_other_staff_of_the_establishment()
    {
        var colleagues = await CompetencesApp.JsonAsync(await app.Teacher1Client().GetAsync("/api/competences/colleagues"));
        // Not Teacher1 themselves, no pupils or parents, nobody of establishment 202; sorted by last name.
        Assert.Equal(["Admin", "Durand", "Petit", "Principal"], colleagues.EnumerateArray().Select(c => c.GetProperty("lastName").GetString()!).ToArray());
        Assert.DoesNotContain(colleagues.EnumerateArray(), c => c.GetProperty("userId").GetGuid() == app.OtherTeacher);

        Assert.Equal(HttpStatusCode.Forbidden, (await app.Client(app.Guardian1, "TUT").GetAsync("/api/competences/colleagues")).StatusCode);
    }

    private static string[] Codes(JsonElement structures, string kind) =>
        [.. structures.GetProperty(kind).EnumerateArray().Select(s => $"{s.GetProperty("code").GetString()}:{s.GetProperty("studentCount").GetInt32()}")];
}
