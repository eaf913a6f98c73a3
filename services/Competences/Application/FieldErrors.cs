using Sacoche.Common.Results;

namespace Sacoche.Competences.Application;

/// <summary>Collects French messages per request field (camelCase; "" for the request as a whole), then one validation <see cref="Error"/> (docs/errors.md).</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = [];

    /// <summary>Messages collected so far, every field together.</summary>
    public int Count { get; private set; }

    public bool Any => Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }
        messages.Add(message);
        Count++;
    }

    public void AddRange(string field, IEnumerable<string> messages)
    {
        foreach (var message in messages)
        {
            Add(field, message);
        }
    }

    public Error ToError() => Error.Invalid(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
}
