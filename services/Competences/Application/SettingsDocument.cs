using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Sacoche.Competences.Domain;
using Sacoche.Competences.Infrastructure;

namespace Sacoche.Competences.Application;

public sealed record GradeCodeDto(int Id, string Sigle, int Value, string Legend, string Color, string Key, bool Active);

public sealed record StateDto(int Id, int Min, int Max, int Weight, string Sigle, string Legend, string Color);

/// <summary>How bulletins show a subject's positioning: mode position | objectif | moyenne, and the lower bounds (on 0–100) of levels 2, 3, 4.</summary>
public sealed record BilanSettingsDto(string Mode, int From2, int From3, int From4);

/// <summary>Lower bounds (inclusive percentages of items acquired) of mastery degrees 2, 3 and 4 (socle commun).</summary>
public sealed record MasteryThresholdsDto(int FragileFrom, int SatisfactoryFrom, int VeryGoodFrom);

/// <summary>An establishment's settings (GET and PUT body of /api/competences/settings).</summary>
public sealed record SettingsDocument(
    IReadOnlyList<GradeCodeDto> GradeCodes,
    IReadOnlyList<StateDto> States,
    string DefaultMethod,
    int DefaultLimit,
    string DefaultRetroactivity,
    int SchoolYearSwitchMonth,
    MasteryThresholdsDto? Mastery = null,
    BilanSettingsDto? Bilans = null)
{
    /// <summary>Defaults of docs/domain/codes-and-scores.md: RR/R/V/VV, NA/VA/A, geometrique, 5, non, August; bulletins on the 1–4 scale.</summary>
    public static SettingsDocument Defaults { get; } = new(
        [.. Domain.GradeCodes.Defaults.Select(c => new GradeCodeDto(c.Id, c.Sigle, c.Value, c.Legend, c.Color, c.Key.ToString(), c.Active))],
        [.. AcquisitionStates.Defaults.Select(s => new StateDto(s.Id, s.Min, s.Max, s.Weight, s.Sigle, s.Legend, s.Color))],
        ScoringMethods.Default.ToReferenceString(),
        ScoringMethods.DefaultLimit,
        Retroactivity.Non.ToReferenceString(),
        SchoolYear.DefaultSwitchMonth,
        new MasteryThresholdsDto(MasteryThresholds.Default.FragileFrom, MasteryThresholds.Default.SatisfactoryFrom, MasteryThresholds.Default.VeryGoodFrom),
        new BilanSettingsDto("position", PositioningScale.DefaultPosition.From2, PositioningScale.DefaultPosition.From3, PositioningScale.DefaultPosition.From4));

    /// <summary>Thresholds of the mastery degrees (defaults 35 / 60 / 81 when the document has none).</summary>
    public MasteryThresholds ToMasteryThresholds() =>
        Mastery is { } m ? new MasteryThresholds(m.FragileFrom, m.SatisfactoryFrom, m.VeryGoodFrom) : MasteryThresholds.Default;

    /// <summary>The bulletins' positioning scale (the 1–4 scale with its default thresholds when the document has none).</summary>
    public PositioningScale ToPositioningScale() =>
        Bilans is { } b && PositioningScale.TryParseMode(b.Mode, out var mode) ? new PositioningScale(mode, b.From2, b.From3, b.From4) : PositioningScale.DefaultPosition;

    public IReadOnlyList<GradeCode> ToGradeCodes() =>
        [.. (GradeCodes ?? []).Select(c => new GradeCode(c.Id, c.Sigle, c.Value, c.Legend, c.Color, c.Key is { Length: 1 } k ? k[0] : ' ', c.Active))];

    public IReadOnlyList<AcquisitionState> ToStates() =>
        [.. (States ?? []).Select(s => new AcquisitionState(s.Id, s.Min, s.Max, s.Weight, s.Sigle, s.Legend, s.Color))];

    public ScoringSettings ToScoringSettings() => new(
        ScoringMethods.Parse(DefaultMethod), DefaultLimit, Retroactivities.Parse(DefaultRetroactivity), ToGradeCodes(), SchoolYearSwitchMonth);

    /// <summary>French errors by field of the document (empty when valid).</summary>
    public FieldErrors Validate()
    {
        var errors = new FieldErrors();
        if (GradeCodes is null || GradeCodes.Count == 0)
        {
            errors.Add("gradeCodes", "Les codes de notation sont absents.");
        }
        else
        {
            foreach (var c in GradeCodes)
            {
                if (c.Key is not { Length: 1 })
                {
                    errors.Add("gradeCodes", $"Code n° {c.Id} : la touche du clavier doit être un seul caractère.");
                }
            }
            errors.AddRange("gradeCodes", Domain.GradeCodes.Validate(ToGradeCodes()));
        }
        if (States is null || States.Count == 0)
        {
            errors.Add("states", "Les états d'acquisition sont absents.");
        }
        else
        {
            errors.AddRange("states", AcquisitionStates.Validate(ToStates()));
        }
        if (!ScoringMethods.TryParse(DefaultMethod, out var method))
        {
            errors.Add("defaultMethod", $"Méthode de calcul « {DefaultMethod} » inconnue (geometrique, arithmetique, classique, bestof1, bestof2, bestof3, frequencemin ou frequencemax).");
        }
        else if (ScoringMethods.ValidateLimit(method, DefaultLimit) is { } limitError)
        {
            errors.Add("defaultLimit", limitError);
        }
        if (!Retroactivities.TryParse(DefaultRetroactivity, out _))
        {
            errors.Add("defaultRetroactivity", $"Rétroactivité « {DefaultRetroactivity} » inconnue (non, oui ou annuel).");
        }
        if (SchoolYearSwitchMonth is < 1 or > 12)
        {
            errors.Add("schoolYearSwitchMonth", $"Le mois de bascule de l'année scolaire ({SchoolYearSwitchMonth}) doit être compris entre 1 et 12.");
        }
        if (Bilans is not null)
        {
            if (!PositioningScale.TryParseMode(Bilans.Mode, out _))
            {
                errors.Add("bilans", $"Mode de positionnement « {Bilans.Mode} » inconnu (position, objectif ou moyenne).");
            }
            else
            {
                errors.AddRange("bilans", ToPositioningScale().Validate());
            }
        }
        if (Mastery is not null)
        {
            errors.AddRange("mastery", ToMasteryThresholds().Validate());
        }
        return errors;
    }
}

/// <summary>Reads and writes the settings document of the caller's establishment.</summary>
public sealed class SettingsStore(CompetencesDbContext db, TimeProvider clock)
{
    private SettingsDocument? _cached;

    public async Task<SettingsDocument> GetAsync(CancellationToken ct)
    {
        if (_cached is not null)
        {
            return _cached;
        }
        var json = await db.Settings.Select(s => s.Document).FirstOrDefaultAsync(ct);
        _cached = json is null ? SettingsDocument.Defaults : JsonSerializer.Deserialize<SettingsDocument>(json, JsonSerializerOptions.Web) ?? SettingsDocument.Defaults;
        return _cached;
    }

    public async Task SaveAsync(int establishmentId, SettingsDocument document, CancellationToken ct)
    {
        var json = JsonSerializer.Serialize(document, JsonSerializerOptions.Web);
        var row = await db.Settings.FirstOrDefaultAsync(ct);
        var now = clock.GetUtcNow();
        if (row is null)
        {
            db.Settings.Add(new SettingsRow { EstablishmentId = establishmentId, Document = json, UpdatedAt = now });
        }
        else
        {
            row.Document = json;
            row.UpdatedAt = now;
        }
        await db.SaveChangesAsync(ct);
        _cached = document;
    }
}
