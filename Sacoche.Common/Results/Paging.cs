namespace Sacoche.Common.Results;

/// <summary>
/// The one paging rule of every list endpoint: <c>page</c> from 1, <c>pageSize</c> 50 by default and
/// 200 at most; out-of-range values are brought back into range rather than refused.
/// </summary>
public readonly record struct PageRequest(int Page, int PageSize)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public static PageRequest Of(int? page, int? pageSize) =>
        new(Math.Max(page ?? 1, 1), Math.Clamp(pageSize ?? DefaultPageSize, 1, MaxPageSize));

    /// <summary>Rows to skip (long: a huge page number must not overflow).</summary>
    public int Skip => (int)Math.Min(int.MaxValue, (long)(Page - 1) * PageSize);
}

/// <summary>One page of a list, as every list endpoint answers it.</summary>
public sealed record PagedList<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalCount)
{
    public int PageCount => TotalCount == 0 ? 0 : (int)Math.Ceiling(TotalCount / (double)PageSize);
}
