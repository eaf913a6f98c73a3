namespace Sacoche.Common.Results;

/// <summary>
/// What a use case of the application layer answers: its value, or an <see cref="Error"/>. Never an
/// HTTP result: the endpoint maps it (<c>ToHttp</c> in ServiceDefaults).
/// </summary>
public readonly struct Result<T>
{
    private readonly T? _value;

    private Result(T? value, Error? error)
    {
        _value = value;
        Error = error;
    }

    public Error? Error { get; }

    public bool IsSuccess => Error is null;

    /// <summary>The value; only meaningful when <see cref="IsSuccess"/>.</summary>
    public T Value => IsSuccess ? _value! : throw new InvalidOperationException($"No value: {Error!.Code.Code}.");

    public static implicit operator Result<T>(T value) => new(value, null);

    public static implicit operator Result<T>(Error error) => new(default, error ?? throw new ArgumentNullException(nameof(error)));

    public Result<TOut> Map<TOut>(Func<T, TOut> map) => IsSuccess ? map(_value!) : Error!;
}

/// <summary>A use case that answers nothing but success or an <see cref="Results.Error"/>.</summary>
public readonly struct Result
{
    private Result(Error? error) => Error = error;

    public Error? Error { get; }

    public bool IsSuccess => Error is null;

    public static Result Success { get; } = new(null);

    public static implicit operator Result(Error error) => new(error ?? throw new ArgumentNullException(nameof(error)));
}
