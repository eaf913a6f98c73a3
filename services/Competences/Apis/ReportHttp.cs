using System.Globalization;
using Sacoche.Common.Results;
using Sacoche.Competences.Application.Reports;
using Sacoche.ServiceDefaults.Http;

namespace Sacoche.Competences.Apis;

/// <summary>How a report endpoint answers: the JSON report or its export file, with its Server-Timing header.</summary>
internal static class ReportHttp
{
    public static IResult ToHttp<T>(this Result<ReportOutput<T>> result, HttpContext http) => result.ToHttp(output =>
    {
        if (output.Timing is { } t)
        {
            // Server-Timing (db = queries, compute = scoring and aggregates): visible in browsers' tools and in tests.
            http.Response.Headers["Server-Timing"] = string.Create(CultureInfo.InvariantCulture,
                $"db;dur={t.Db:0.0};desc=\"{t.Entries} saisies\", entries;dur={t.EntriesQuery:0.0}, compute;dur={t.Compute:0.0}");
        }
        return output.File is { } file ? TypedResults.File(file.Content, file.ContentType, file.FileName) : TypedResults.Ok(output.Report);
    });
}
