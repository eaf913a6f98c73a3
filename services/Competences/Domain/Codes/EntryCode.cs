using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Sacoche.Competences.Domain;

/// <summary>
/// The code stored in one entry (evaluation, student, item): either a grade code id (1..6) or a
/// special code. <c>default(EntryCode)</c> is <see cref="SpecialCode.NN"/>, the default of an empty cell.
/// Storage form (as in the reference): "1".."6" or the special sigle ("AB", "NN"…).
/// </summary>
public readonly struct EntryCode : IEquatable<EntryCode>
{
    private const byte SpecialOffset = 16;

    // 0 = NN (default); 1..6 = grade code id; 16 + SpecialCode = other special codes.
    private readonly byte _raw;

    private EntryCode(byte raw) => _raw = raw;

    public static EntryCode NotGraded => default;

    public static EntryCode Grade(int gradeCodeId)
    {
        if (gradeCodeId is < GradeCodes.MinId or > GradeCodes.MaxId)
        {
            throw new ArgumentOutOfRangeException(nameof(gradeCodeId), gradeCodeId, "Grade code ids go from 1 to 6.");
        }
        return new EntryCode((byte)gradeCodeId);
    }

    public static EntryCode Special(SpecialCode code)
    {
        if (code is < SpecialCode.AB or > SpecialCode.PA)
        {
            throw new ArgumentOutOfRangeException(nameof(code), code, "Unknown special code.");
        }
        return code == SpecialCode.NN ? default : new EntryCode((byte)(SpecialOffset + (int)code));
    }

    public static implicit operator EntryCode(SpecialCode code) => Special(code);

    public bool IsGrade => _raw is >= GradeCodes.MinId and <= GradeCodes.MaxId;

    public bool IsSpecial => !IsGrade;

    /// <summary>The grade code id (1..6), or 0 for a special code.</summary>
    public int GradeId => IsGrade ? _raw : 0;

    /// <summary>The special code, or null for a grade code.</summary>
    public SpecialCode? AsSpecial => _raw == 0 ? SpecialCode.NN
        : _raw >= SpecialOffset ? (SpecialCode)(_raw - SpecialOffset) : null;

    /// <summary>Storage form: "1".."6" or the special sigle.</summary>
    public string StorageValue => IsGrade
        ? ((char)('0' + _raw)).ToString()
        : SpecialCodes.Get(AsSpecial!.Value).Sigle;

    public static bool TryFromStorage(string? value, out EntryCode code)
    {
        code = default;
        if (value is null)
        {
            return false;
        }
        var span = value.AsSpan().Trim();
        if (span.Length == 1 && span[0] is >= '1' and <= '6')
        {
            code = new EntryCode((byte)(span[0] - '0'));
            return true;
        }
        if (span.Length == 2 && SpecialCodes.TryParse(value, out var special))
        {
            code = Special(special);
            return true;
        }
        return false;
    }

    public static EntryCode FromStorage(string value) => TryFromStorage(value, out var code)
        ? code
        : throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"Invalid entry code '{value}'."));

    public bool Equals(EntryCode other) => _raw == other._raw;

    public override bool Equals([NotNullWhen(true)] object? obj) => obj is EntryCode other && Equals(other);

    public override int GetHashCode() => _raw;

    public static bool operator ==(EntryCode left, EntryCode right) => left.Equals(right);

    public static bool operator !=(EntryCode left, EntryCode right) => !left.Equals(right);

    public override string ToString() => StorageValue;
}
