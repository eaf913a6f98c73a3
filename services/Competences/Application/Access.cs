using Microsoft.EntityFrameworkCore;
using Sacoche.Competences.Infrastructure;
using Sacoche.ServiceDefaults.Security;

namespace Sacoche.Competences.Application;

/// <summary>Rights of an evaluation's reader, from weakest to strongest.</summary>
public enum EvaluationRight
{
    None = 0,
    /// <summary>"voir": read the grid.</summary>
    View = 1,
    /// <summary>"saisir": type codes.</summary>
    Enter = 2,
    /// <summary>"modifier": change the evaluation itself.</summary>
    Modify = 3,
    /// <summary>Owner, administrator, direction: everything, including deletion.</summary>
    Owner = 4,
}

/// <summary>
/// The authorization rules of Competences for the current caller: administrators and direction
/// reach the whole establishment; other staff the classes and groups they teach (teacher services)
/// and the evaluations shared with them; students themselves; guardians their children.
/// Tenant isolation is not decided here: the DbContext's query filter already hides other establishments.
/// </summary>
public sealed class Access(CompetencesDbContext db, CurrentUser user, IHttpContextAccessor http)
{
    /// <summary>The current request (reports add a Server-Timing header to it).</summary>
    public HttpContext HttpContext => http.HttpContext ?? throw new InvalidOperationException("No current request.");

    private (HashSet<string> Classes, HashSet<string> Groups, HashSet<string> Subjects)? _services;

    public int EstablishmentId => user.EstablishmentId ?? throw new InvalidOperationException("No establishment in the token.");

    public Guid UserId => user.UserId ?? Guid.Empty;

    public string Profile => user.Profile;

    /// <summary>ADM and DIR see and manage the whole establishment.</summary>
    public bool IsWholeEstablishment => user.Profile is Profiles.Admin or Profiles.Direction;

    public bool IsStaff => Profiles.IsStaff(user.Profile);

    /// <summary>The academy's operator (client credentials: no establishment, no user id).</summary>
    public bool IsWebmaster => user.IsWebmaster;

    /// <summary>Staff whose token names their establishment and themselves (what tenant endpoints require).</summary>
    public bool IsEstablishmentStaff => IsStaff && user.EstablishmentId is not null && user.UserId is not null;

    public bool IsStudent => user.Profile == Profiles.Student;

    public bool IsGuardian => user.Profile == Profiles.Guardian;

    /// <summary>Classes, groups and subjects the caller teaches (teacher services, plus the subjects of their snapshot).</summary>
    public async Task<(HashSet<string> Classes, HashSet<string> Groups, HashSet<string> Subjects)> ServicesAsync(CancellationToken ct)
    {
        if (_services is { } cached)
        {
            return cached;
        }
        var me = UserId;
        var rows = await db.TeacherServices.Where(s => s.TeacherId == me)
            .Select(s => new { s.StructureCode, s.IsGroup, s.SubjectCode }).ToListAsync(ct);
        var subjects = await db.Users.Where(u => u.UserId == me).Select(u => u.SubjectCodes).FirstOrDefaultAsync(ct) ?? [];
        var result = (
            rows.Where(r => !r.IsGroup).Select(r => r.StructureCode).ToHashSet(StringComparer.Ordinal),
            rows.Where(r => r.IsGroup).Select(r => r.StructureCode).ToHashSet(StringComparer.Ordinal),
            rows.Select(r => r.SubjectCode).Concat(subjects).ToHashSet(StringComparer.Ordinal));
        _services = result;
        return result;
    }

    public async Task<bool> CanReachClassAsync(string classCode, CancellationToken ct) =>
        IsWholeEstablishment || (IsStaff && (await ServicesAsync(ct)).Classes.Contains(classCode));

    public async Task<bool> CanReachGroupAsync(string groupCode, CancellationToken ct) =>
        IsWholeEstablishment || (IsStaff && (await ServicesAsync(ct)).Groups.Contains(groupCode));

    /// <summary>May the caller edit referentials of this subject? Admins, and teachers of the subject.</summary>
    public async Task<bool> CanEditSubjectAsync(string subjectCode, CancellationToken ct) =>
        user.Profile == Profiles.Admin || (IsStaff && (await ServicesAsync(ct)).Subjects.Contains(subjectCode));

    /// <summary>
    /// Whether the caller may read the student's data. Null when the student is not in this
    /// establishment's roster (the caller gets 404); false when present but out of reach (403).
    /// </summary>
    public async Task<bool?> CanReachStudentAsync(Guid studentId, CancellationToken ct)
    {
        var student = await db.Users.Where(u => u.UserId == studentId && u.Profile == Profiles.Student)
            .Select(u => new { u.ClassCode, u.GroupCodes }).FirstOrDefaultAsync(ct);
        if (student is null)
        {
            return null;
        }
        if (IsWholeEstablishment)
        {
            return true;
        }
        if (IsStudent)
        {
            return studentId == UserId;
        }
        if (IsGuardian)
        {
            var me = UserId;
            return await db.Users.AnyAsync(u => u.UserId == me && u.ChildIds.Contains(studentId), ct);
        }
        if (!IsStaff)
        {
            return false;
        }
        var (classes, groups, _) = await ServicesAsync(ct);
        return (student.ClassCode is { } c && classes.Contains(c)) || student.GroupCodes.Any(groups.Contains);
    }

    /// <summary>The caller's right on an evaluation of their establishment.</summary>
    public async Task<EvaluationRight> RightOnAsync(Evaluation evaluation, CancellationToken ct)
    {
        if (!IsStaff)
        {
            return EvaluationRight.None;
        }
        if (IsWholeEstablishment || evaluation.OwnerId == UserId)
        {
            return EvaluationRight.Owner;
        }
        var me = UserId;
        var right = await db.EvaluationShares.Where(s => s.EvaluationId == evaluation.Id && s.TeacherId == me)
            .Select(s => s.Right).FirstOrDefaultAsync(ct);
        return ParseRight(right);
    }

    public static EvaluationRight ParseRight(string? right) => right switch
    {
        "voir" => EvaluationRight.View,
        "saisir" => EvaluationRight.Enter,
        "modifier" => EvaluationRight.Modify,
        _ => EvaluationRight.None,
    };
}
