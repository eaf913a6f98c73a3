using Sacoche.Common.Results;

namespace Sacoche.Competences.Application;

/// <summary>Collects French messages per request field (camelCase; "" for the request as a whole), then one validation <see cref="Error"/> (docs/errors.md).</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = [];

    /// <summary>Messages collected so far, every field together.</summary>
    public int Count { get; private set; }

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }
        messages.Add(message);
        Count++;
    }

    public Error ToError() => Error.Invalid(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
}
