using Microsoft.AspNetCore.Http;
using Sacoche.Common.Results;

namespace Sacoche.ServiceDefaults.Http;

/// <summary>How an endpoint turns a use case's <see cref="Result{T}"/> into HTTP: the value as asked, an error as a catalogued problem.</summary>
public static class ResultHttpExtensions
{
    public static IResult ToHttp<T>(this Result<T> result, Func<T, IResult> success) =>
        result.IsSuccess ? success(result.Value) : Problems.For(result.Error!);

    /// <summary>200 with the value.</summary>
    public static IResult ToHttp<T>(this Result<T> result) => result.ToHttp(value => TypedResults.Ok(value));

    /// <summary>204 on success.</summary>
    public static IResult ToHttp(this Result result) => result.IsSuccess ? TypedResults.NoContent() : Problems.For(result.Error!);
}
