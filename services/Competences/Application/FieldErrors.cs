using Sacoche.Common.Results;

namespace Sacoche.Competences.Application;

/// <summary>Collects a form's French messages by request field (camelCase; "" for the request as a whole), in order.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = [];

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }
        messages.Add(message);
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
