namespace Sacoche.Identity.Application.Audit;

/// <summary>One administrator action on an account (<c>GET /api/identity/audit</c>); never a password.</summary>
public sealed record AuditEntryView(long Id, DateTimeOffset At, Guid? ActorId, string ActorName, string Action, Guid TargetId, string TargetLogin);
