using Sacoche.Common.Results;

namespace Sacoche.Competences.Application.Settings;

/// <summary>The establishment's settings; only an administrator changes them (endpoint rule).</summary>
public sealed class SettingsService(SettingsStore store, Access access)
{
    public async Task<Result<SettingsDocument>> GetAsync(CancellationToken ct) => await store.GetAsync(ct);

    public async Task<Result<SettingsDocument>> SaveAsync(SettingsDocument? body, CancellationToken ct)
    {
        if (body is null)
        {
            return Error.Invalid("", "Le corps de la requête est vide.");
        }
        var errors = body.Validate();
        if (errors.Any)
        {
            return errors.ToError();
        }
        await store.SaveAsync(access.EstablishmentId, body, ct);
        return body;
    }
}
