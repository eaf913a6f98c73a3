using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Sacoche.Competences.Domain;
using Sacoche.Competences.Infrastructure;

namespace Sacoche.Competences.Application;

public sealed record GradeCodeDto(int Id, string Sigle, int Value, string Legend, string Color, string Key, bool Active);

public sealed record StateDto(int Id, int Min, int Max, int Weight, string Sigle, string Legend, string Color);

/// <summary>A period of the school year. <see cref="Id"/> is what reports take as <c>periodId</c>; when
/// absent, a period's id is its position in the list (1, 2, …).</summary>
public sealed record PeriodDto(string Name, DateOnly Start, DateOnly End, IReadOnlyList<string>? ClassCodes, int? Id = null);

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
    IReadOnlyList<PeriodDto> Periods,
    MasteryThresholdsDto? Mastery = null)
{
    public const int MaxPeriods = 20;
    public const int MaxPeriodNameLength = 40;

    /// <summary>Defaults of docs/domain/codes-and-scores.md: RR/R/V/VV, NA/VA/A, geometrique, 5, non, August, no period.</summary>
    public static SettingsDocument Defaults { get; } = new(
        [.. Domain.GradeCodes.Defaults.Select(c => new GradeCodeDto(c.Id, c.Sigle, c.Value, c.Legend, c.Color, c.Key.ToString(), c.Active))],
        [.. AcquisitionStates.Defaults.Select(s => new StateDto(s.Id, s.Min, s.Max, s.Weight, s.Sigle, s.Legend, s.Color))],
        ScoringMethods.Default.ToReferenceString(),
        ScoringMethods.DefaultLimit,
        Retroactivity.Non.ToReferenceString(),
        SchoolYear.DefaultSwitchMonth,
        [],
        new MasteryThresholdsDto(MasteryThresholds.Default.FragileFrom, MasteryThresholds.Default.SatisfactoryFrom, MasteryThresholds.Default.VeryGoodFrom));

    /// <summary>Thresholds of the mastery degrees (defaults 35 / 60 / 81 when the document has none).</summary>
    public MasteryThresholds ToMasteryThresholds() =>
        Mastery is { } m ? new MasteryThresholds(m.FragileFrom, m.SatisfactoryFrom, m.VeryGoodFrom) : MasteryThresholds.Default;

    /// <summary>The periods with their ids (explicit, or the 1-based position).</summary>
    public IReadOnlyList<(int Id, PeriodDto Period)> NumberedPeriods() =>
        [.. (Periods ?? []).Select((p, i) => (p.Id ?? i + 1, p))];

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
        var periods = Periods ?? [];
        if (periods.Count > MaxPeriods)
        {
            errors.Add("periods", $"Trop de périodes ({periods.Count}) : {MaxPeriods} au plus.");
        }
        for (int i = 0; i < periods.Count; i++)
        {
            var p = periods[i];
            string who = string.IsNullOrWhiteSpace(p.Name) ? $"Période n° {i + 1}" : $"Période « {p.Name.Trim()} »";
            if (string.IsNullOrWhiteSpace(p.Name))
            {
                errors.Add("periods", $"{who} : le nom est vide.");
            }
            else if (p.Name.Trim().Length > MaxPeriodNameLength)
            {
                errors.Add("periods", $"{who} : le nom est trop long ({MaxPeriodNameLength} caractères au plus).");
            }
            if (p.End < p.Start)
            {
                errors.Add("periods", $"{who} : la date de fin ({p.End:dd/MM/yyyy}) précède la date de début ({p.Start:dd/MM/yyyy}).");
            }
        }
        var periodIds = new HashSet<int>();
        foreach (var (id, p) in NumberedPeriods())
        {
            if (id < 1)
            {
                errors.Add("periods", $"Période « {p.Name?.Trim()} » : le numéro {id} doit être positif.");
            }
            else if (!periodIds.Add(id))
            {
                errors.Add("periods", $"Le numéro de période {id} apparaît plusieurs fois.");
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
