using Sacoche.Common.Results;
using Sacoche.Competences.Infrastructure;

namespace Sacoche.Competences.Application.Roster;

/// <summary>
/// What the UI needs to know of the roster projection: a parent's children, the classes and groups
/// a teacher may evaluate, the colleagues an evaluation can be shared with. Profiles are checked by the endpoints.
/// </summary>
public sealed class RosterService(CompetencesDbContext db, Access access, TimeProvider clock)
{
    /// <summary>A guardian's children; a student is their own only "child" (the UI treats both profiles alike).</summary>
    public async Task<Result<List<ChildDto>>> ChildrenAsync(CancellationToken ct) => access.IsStudent
        ? await RosterQueries.SelfAsync(db, access.UserId, ct)
        : await RosterQueries.ChildrenAsync(db, access.UserId, ct);

    /// <summary>The classes and groups the caller teaches (the whole establishment for administration and direction).</summary>
    public async Task<Result<StructuresResponse>> StructuresAsync(CancellationToken ct)
    {
        IReadOnlySet<string>? classes = null, groups = null;
        if (!access.IsWholeEstablishment)
        {
            (classes, groups, _) = await access.ServicesAsync(ct);
        }
        return await RosterQueries.StructuresAsync(db, classes, groups, Today(), ct);
    }

    public async Task<Result<List<ColleagueDto>>> ColleaguesAsync(CancellationToken ct) =>
        await RosterQueries.ColleaguesAsync(db, access.UserId, Today(), ct);

    private DateOnly Today() => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
