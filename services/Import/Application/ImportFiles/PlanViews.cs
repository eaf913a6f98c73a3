using Sacoche.Import.Domain;
using Sacoche.Import.Infrastructure;

namespace Sacoche.Import.Application.ImportFiles;

/// <summary>A stored plan turned into the view the administrator reviews.</summary>
internal static class PlanViews
{
    public static PlanView Of(Guid id, string status, string? kind, ImportPlan plan) => new(
        id,
        status,
        kind,
        plan.Scope.Source,
        plan.RequiresConfirmation,
        plan.IsEmpty,
        ImportProcessor.PlanCounts(plan),
        new PlanStructures(Structures(plan, PlanAction.Add), Structures(plan, PlanAction.Modify), Structures(plan, PlanAction.Remove)),
        new PlanUsers(Users(plan, PlanAction.Add), Users(plan, PlanAction.Modify), Users(plan, PlanAction.Retire), plan.Count(PlanAction.Unchanged)),
        plan.Memberships.Select(m => new PlanMembership(m.Key, m.Action, m.UserId, KindOf(m.Kind), m.StructureCode, m.DependsOn)).ToList(),
        plan.GuardianLinks.Select(l => new PlanGuardianLink(l.Key, l.Action, l.GuardianId, l.StudentId, l.StudentUserId, l.LegalRank, l.DependsOn)).ToList(),
        plan.Services.Select(s => new PlanService(s.Key, s.Action, s.TeacherId, KindOf(s.Assignment.Kind), s.Assignment.StructureCode, s.Assignment.SubjectCode, s.DependsOn)).ToList(),
        plan.Warnings,
        plan.ChangeLines.Select(l => l.Key).ToList());

    public static string KindOf(StructureKind kind) => kind == StructureKind.Class ? "class" : "group";

    private static List<PlanStructure> Structures(ImportPlan plan, PlanAction action) => plan.Structures.Where(s => s.Action == action)
        .Select(s => new PlanStructure(s.Key, KindOf(s.Kind), s.Code, s.After.Label, s.After.ClassCodes, s.Changes)).ToList();

    private static List<PlanUser> Users(ImportPlan plan, PlanAction action) => plan.Users.Where(u => u.Action == action)
        .Select(u => new PlanUser(u.Key, u.After.Id, u.After.Profile, u.After.LastName, u.After.FirstName, u.After.BirthDate,
            u.After.ClassCode ?? u.Before?.ClassCode, u.MatchedBy, u.Changes)).ToList();
}
