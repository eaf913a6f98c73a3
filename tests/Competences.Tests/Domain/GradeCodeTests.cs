using Sacoche.Competences.Domain;
using Xunit;

namespace Sacoche.Competences.Tests.Domain;

public class GradeCodeTests
{
    [Fact]
    public void Defaults_match_the_reference()
    {
        var d = GradeCodes.Defaults;
        Assert.Equal([1, 2, 3, 4, 5, 6], d.Select(c => c.Id));
        Assert.Equal(["RR", "R", "V", "VV"], d.Where(c => c.Active).Select(c => c.Sigle));
        Assert.Equal([0, 33, 67, 100], d.Where(c => c.Active).Select(c => c.Value));
        Assert.Equal(["Très insuffisant", "Insuffisant", "Satisfaisant", "Très satisfaisant"], d.Where(c => c.Active).Select(c => c.Legend));
        Assert.False(d[4].Active);
        Assert.False(d[5].Active);
        Assert.Empty(GradeCodes.Validate(d));
    }

    [Fact]
    public void Two_to_six_active_codes()
    {
        var one = GradeCodes.Defaults.Select(c => c with { Active = c.Id == 1 }).ToList();
        Assert.Contains(GradeCodes.Validate(one), e => e.Contains("entre 2 et 6", StringComparison.Ordinal));

        var two = GradeCodes.Defaults.Select(c => c with { Active = c.Id <= 2 }).ToList();
        Assert.Empty(GradeCodes.Validate(two));

        var six = GradeCodes.Defaults.Select(c => c with { Active = true }).ToList();
        Assert.Empty(GradeCodes.Validate(six));
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(200, true)]
    [InlineData(201, false)]
    public void Values_lie_in_0_to_200(int value, bool valid)
    {
        var codes = GradeCodes.Defaults.Select(c => c.Id == 2 ? c with { Value = value } : c).ToList();
        var errors = GradeCodes.Validate(codes);
        Assert.Equal(valid, errors.Count == 0);
        if (!valid)
        {
            Assert.Contains($"Code n° 2 : la valeur {value} doit être comprise entre 0 et 200.", errors);
        }
    }

    [Fact]
    public void Sigles_and_keys_are_unique_among_active_codes_case_insensitively()
    {
        var codes = GradeCodes.Defaults.Select(c => c.Id == 2 ? c with { Sigle = "rr", Key = '1' } : c).ToList();
        var errors = GradeCodes.Validate(codes);
        Assert.Contains("Les codes n° 1 et n° 2 ont le même sigle « RR ».", errors);
        Assert.Contains("Les codes n° 1 et n° 2 utilisent la même touche « 1 ».", errors);

        // An inactive code may share a sigle: it is never typed.
        var inactive = GradeCodes.Defaults.Select(c => c.Id == 5 ? c with { Sigle = "R" } : c).ToList();
        Assert.Empty(GradeCodes.Validate(inactive));
    }

    [Fact]
    public void Sigles_cannot_clash_with_special_codes_or_ids()
    {
        var codes = GradeCodes.Defaults.Select(c => c.Id switch
        {
            1 => c with { Sigle = "AB" },
            2 => c with { Sigle = "3" },
            3 => c with { Sigle = "" },
            4 => c with { Sigle = "VVVV" },
            _ => c,
        }).ToList();
        var errors = GradeCodes.Validate(codes);
        Assert.Contains("Code n° 1 : le sigle « AB » est réservé au code spécial AB.", errors);
        Assert.Contains(errors, e => e.StartsWith("Code n° 2 : le sigle « 3 » ne peut pas être un nombre", StringComparison.Ordinal));
        Assert.Contains("Code n° 3 : le sigle est vide.", errors);
        Assert.Contains("Code n° 4 : le sigle « VVVV » est trop long (3 caractères au plus).", errors);
    }

    [Fact]
    public void Colors_keys_ids_and_legends_are_checked()
    {
        var codes = GradeCodes.Defaults.Select(c => c.Id switch
        {
            1 => c with { Color = "red" },
            2 => c with { Key = 'A' },
            3 => c with { Legend = " " },
            _ => c,
        }).Append(GradeCodes.Defaults[0] with { Id = 7 }).Append(GradeCodes.Defaults[3]).ToList();
        var errors = GradeCodes.Validate(codes);
        Assert.Contains("Code n° 1 : la couleur « red » est invalide (format attendu #RRGGBB).", errors);
        Assert.Contains("Code n° 2 : la touche « A » est réservée au code spécial AB.", errors);
        Assert.Contains("Code n° 3 : la légende est vide.", errors);
        Assert.Contains("Le code n° 7 n'existe pas : les numéros vont de 1 à 6.", errors);
        Assert.Contains("Le code n° 4 apparaît plusieurs fois.", errors);
    }

    [Fact]
    public void Special_codes_have_french_legends_and_reference_letters()
    {
        Assert.Equal(["AB", "DI", "NE", "NF", "NN", "NR", "PA"], SpecialCodes.All.Select(s => s.Sigle));
        Assert.Equal("ADEFNRP", new string(SpecialCodes.All.Select(s => s.Key).ToArray()));
        Assert.Equal(["Absent", "Dispensé", "Non évalué", "Non fait", "Non noté", "Non rendu", "À évaluer"], SpecialCodes.All.Select(s => s.Legend));
        Assert.False(SpecialCodes.Get(SpecialCode.PA).ShownInReports);
        Assert.True(SpecialCodes.TryGetByKey('e', out var ne));
        Assert.Equal(SpecialCode.NE, ne);
    }

    [Fact]
    public void Entry_code_storage_round_trips()
    {
        Assert.Equal(SpecialCode.NN, default(EntryCode).AsSpecial);
        Assert.Equal(EntryCode.Special(SpecialCode.NN), default);
        foreach (var text in new[] { "1", "2", "3", "4", "5", "6", "AB", "DI", "NE", "NF", "NN", "NR", "PA" })
        {
            Assert.Equal(text, EntryCode.FromStorage(text).StorageValue);
        }
        Assert.Equal(3, EntryCode.FromStorage("3").GradeId);
        Assert.True(EntryCode.FromStorage("AB").IsSpecial);
        Assert.False(EntryCode.TryFromStorage("7", out _));
        Assert.False(EntryCode.TryFromStorage("XX", out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => EntryCode.Grade(0));
    }
}
