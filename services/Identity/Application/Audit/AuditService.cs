using Microsoft.EntityFrameworkCore;
using Sacoche.Common.Results;
using Sacoche.Identity.Domain;
using Sacoche.Identity.Infrastructure;
using Sacoche.ServiceDefaults.Security;

namespace Sacoche.Identity.Application.Audit;

/// <summary>The audit of administrator actions on accounts: written in the transaction of the change, read by administrators.</summary>
public sealed class AuditService(IdentityDbContext db, CurrentUser user)
{
    /// <summary>Adds the row of an action by the caller on <paramref name="target"/>; the caller saves (same transaction as the change).</summary>
    public static void Record(IdentityDbContext db, CurrentUser actor, DateTimeOffset now, string action, Account target) =>
        db.AccountAudit.Add(new AccountAudit
        {
            EstablishmentId = target.EstablishmentId,
            At = now,
            ActorId = actor.UserId,
            ActorName = actor.Name.Length > 200 ? actor.Name[..200] : actor.Name,
            Action = action,
            TargetId = target.Id,
            TargetLogin = target.Login,
        });

    /// <summary>The establishment's audit, newest first, filtered by action, paged (docs/conventions.md).</summary>
    public async Task<Result<PagedList<AuditEntryView>>> ListAsync(string? action, int? page, int? pageSize, CancellationToken ct)
    {
        var query = db.AccountAudit.AsNoTracking().Where(a => a.EstablishmentId == user.EstablishmentId);
        if (!string.IsNullOrWhiteSpace(action))
        {
            var wanted = action.Trim().ToLowerInvariant();
            if (!AuditActions.All.Contains(wanted))
            {
                return Error.Invalid("action", "Action inconnue : " + string.Join(", ", AuditActions.All.Order(StringComparer.Ordinal)) + ".");
            }
            query = query.Where(a => a.Action == wanted);
        }
        var paging = PageRequest.Of(page, pageSize);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Skip(paging.Skip).Take(paging.PageSize)
            .Select(a => new AuditEntryView(a.Id, a.At, a.ActorId, a.ActorName, a.Action, a.TargetId, a.TargetLogin))
            .ToListAsync(ct);
        return new PagedList<AuditEntryView>(items, paging.Page, paging.PageSize, total);
    }
}
