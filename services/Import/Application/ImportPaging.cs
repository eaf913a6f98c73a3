namespace Sacoche.Import.Application;

/// <summary>
/// Import's list endpoints keep their former paging (page from 1, 50 by default, 500 at most, answered as
/// <c>total</c>/<c>page</c>/<c>pageSize</c>/<c>items</c>) until the UI moves to <c>PagedList</c> (docs/conventions.md, « Paging »).
/// </summary>
internal static class ImportPaging
{
    public static int Page(int? page) => Math.Max(1, page ?? 1);

    public static int PageSize(int? size) => Math.Clamp(size ?? 50, 1, 500);
}
