using Sacoche.People;

namespace Sacoche.Import.Domain.EntIdentifiers;

/// <summary>
/// Maps the profile words found in ENT exports (French labels, SDET codes such as
/// <c>National_ENS</c>, ItsLearning header suffixes…) to the Sacoche profile codes they may stand for.
/// </summary>
public static class EntProfiles
{
    private static readonly string[] Staff = ["DIR", "ADM", "EDU", "DOC", "AED", "SUR", "ORI", "MDS", "ADF", "PSE", "IEX", "ENS"];

    // Checked in order; the first rule whose word appears (as a token or token sequence) wins.
    private static readonly (string Word, string[] Profiles)[] Rules =
    [
        ("national elv", ["ELV"]),
        ("national tut", ["TUT"]),
        ("national ens", ["ENS", "DOC"]),
        ("national doc", ["DOC", "ENS"]),
        ("national dir", ["DIR", "ADM"]),
        ("national evs", ["EDU", "AED", "SUR", "ORI", "MDS", "PSE"]),
        ("national eta", ["ADF", "ADM", "DIR", "PSE", "IEX"]),
        ("national col", ["ADF", "IEX"]),
        ("national aca", ["IEX", "DIR"]),
        ("personnel educatif", ["EDU", "AED", "SUR", "ORI", "MDS", "PSE", "DOC"]),
        ("vie scolaire", ["EDU", "AED", "SUR"]),
        ("responsable", ["TUT"]),
        ("parent", ["TUT"]),
        ("parents", ["TUT"]),
        ("tuteur", ["TUT"]),
        ("eleve", ["ELV"]),
        ("eleves", ["ELV"]),
        ("etudiant", ["ELV"]),
        ("apprenant", ["ELV"]),
        ("apprenti", ["ELV"]),
        ("student", ["ELV"]),
        ("pupil", ["ELV"]),
        ("learner", ["ELV"]),
        ("documentaliste", ["DOC", "ENS"]),
        ("enseignant", ["ENS", "DOC"]),
        ("enseignants", ["ENS", "DOC"]),
        ("professeur", ["ENS", "DOC"]),
        ("prof", ["ENS", "DOC"]),
        ("teacher", ["ENS", "DOC"]),
        ("instructor", ["ENS", "DOC"]),
        ("cpe", ["EDU"]),
        ("direction", ["DIR", "ADM"]),
        ("directeur", ["DIR", "ADM"]),
        ("directrice", ["DIR", "ADM"]),
        ("principal", ["DIR", "ADM"]),
        ("proviseur", ["DIR", "ADM"]),
        ("chef d etablissement", ["DIR", "ADM"]),
        ("personnel", Staff),
        ("staff", Staff),
        ("administratif", ["ADF", "ADM", "DIR"]),
    ];

    /// <summary>
    /// Sacoche profile codes compatible with an ENT profile text, or null when the text is
    /// empty or unknown. Several values separated by | , / + are merged.
    /// </summary>
    public static IReadOnlySet<string>? ToSacocheProfiles(string? entProfile)
    {
        if (string.IsNullOrWhiteSpace(entProfile))
        {
            return null;
        }

        HashSet<string>? result = null;
        foreach (string part in entProfile.Split(['|', ',', '/', '+', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string key = " " + NameKey.Normalize(part) + " ";
            string upper = part.Trim().ToUpperInvariant();
            string[]? profiles = null;
            if (IsSacocheCode(upper))
            {
                profiles = [upper];
            }
            else
            {
                foreach ((string word, string[] codes) in Rules)
                {
                    if (key.Contains(" " + word + " ", StringComparison.Ordinal))
                    {
                        profiles = codes;
                        break;
                    }
                }
            }

            if (profiles is not null)
            {
                result ??= new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                result.UnionWith(profiles);
            }
        }

        return result;
    }

    private static bool IsSacocheCode(string value) => value is "ELV" or "TUT" or "ENS" or "DOC" or "DIR" or "ADM" or "EDU"
        or "AED" or "SUR" or "ORI" or "MDS" or "ADF" or "PSE" or "IEX";
}
