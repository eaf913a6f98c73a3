namespace Sacoche.Common.Results;

/// <summary>
/// One entry of the error catalogue: the stable English <c>type</c> code a client can test, the HTTP
/// status it answers and the French title a user reads. Every code is listed in <see cref="ErrorCodes"/>
/// and in <c>docs/errors.md</c> (a test keeps the two equal).
/// </summary>
public sealed record ErrorCode(string Code, int Status, string Title);
