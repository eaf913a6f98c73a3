using Sacoche.People;

namespace Sacoche.Identity.Domain.Cas;

/// <summary>
/// Compares a <c>&lt;cas:user&gt;</c> with an account's id_ent under the one ENT id rule shared with Import
/// (<see cref="EntIdKey"/>): accent-, case- and surrounding-space-insensitive. <see cref="Normalize"/> is what
/// <c>accounts.ent_id_normalized</c> stores (indexed, compared for equality).
/// </summary>
public sealed class IdEntComparer : IEqualityComparer<string?>
{
    public static IdEntComparer Instance { get; } = new();

    /// <summary>The folded id (<see cref="EntIdKey.Fold"/>). Null gives "".</summary>
    public static string Normalize(string? value) => EntIdKey.Fold(value);

    /// <summary>Whether two ids designate the same account (<see cref="EntIdKey.Same"/>).</summary>
    public static bool AreSame(string? casUser, string? idEnt) => EntIdKey.Same(casUser, idEnt);

    public bool Equals(string? x, string? y) => AreSame(x, y);

    public int GetHashCode(string? obj) => StringComparer.Ordinal.GetHashCode(Normalize(obj));
}
