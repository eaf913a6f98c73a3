using System.Xml;

namespace Sacoche.Import.Domain;

/// <summary>
/// Streaming parser of SIECLE "BEE_ELEVES" exports (ElevesSansAdresses.xml). STRUCTURES and
/// OPTIONS come after ELEVES, so students are kept in a dictionary by ELEVE_ID (bounded by the
/// number of students) and completed when their structures arrive; no DOM is built.
/// </summary>
public static class SiecleStudentsParser
{
    public const string Root = "BEE_ELEVES";

    public static SiecleStudentsFile Parse(Stream stream, ImportContext context, ImportLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(context);
        var recording = new PrologRecordingStream(stream);
        try
        {
            using var reader = SafeXml.Create(recording, limits ?? ImportLimits.Default);
            return new State(context).Run(reader);
        }
        catch (XmlException ex)
        {
            throw SafeXml.Translate(ex, recording);
        }
    }

    private sealed class Builder
    {
        public required string Id;
        public string? Elenoet;
        public string? IdNational;
        public string? IneBea;
        public string? IneRnie;
        public string? Nom;
        public string? NomUsage;
        public string? NomFamille;
        public string? FirstName;
        public DateOnly? BirthDate;
        public Gender? Gender;
        public string? Email;
        public string? Mef;
        public string? PreviousSchool;
        public string? ClassCode;
        public int ClassCount;
        public List<string>? Groups;
        public List<StudentOption>? Options;
        public int Line;
    }

    private sealed class State(ImportContext context)
    {
        private readonly Dictionary<string, Builder> byId = new(StringComparer.Ordinal);
        private readonly List<Builder> order = [];
        private readonly List<ImportWarning> warnings = [];
        private readonly HashSet<string> leavers = new(StringComparer.Ordinal);
        private string? uai;
        private int? year;
        private DateOnly? exportDate;
        private bool parametersChecked;

        public SiecleStudentsFile Run(XmlReader r)
        {
            SafeXml.ReadRoot(r, Root, "un export SIECLE des élèves (BEE_ELEVES)");
            if (SafeXml.FirstChild(r, out var d0))
            {
                do
                {
                    switch (r.LocalName)
                    {
                        case "PARAMETRES":
                            ReadParameters(r);
                            break;
                        case "DONNEES":
                            EnsureParameters();
                            ReadData(r);
                            break;
                        default:
                            r.Skip();
                            break;
                    }
                }
                while (SafeXml.NextChild(r, d0));
            }

            EnsureParameters();
            return Build();
        }

        private void EnsureParameters()
        {
            if (parametersChecked)
            {
                return;
            }

            SafeXml.CheckUai(uai, context, "PARAMETRES/UAJ");
            year = SafeXml.CheckYear(rawYear, context, "PARAMETRES/ANNEE_SCOLAIRE");
            parametersChecked = true;
        }

        private string? rawYear;

        private void ReadParameters(XmlReader r)
        {
            if (!SafeXml.FirstChild(r, out var d))
            {
                return;
            }

            do
            {
                switch (r.LocalName)
                {
                    case "UAJ":
                        uai = SafeXml.ReadText(r);
                        break;
                    case "ANNEE_SCOLAIRE":
                        rawYear = SafeXml.ReadText(r);
                        break;
                    case "DATE_EXPORT":
                        exportDate = Values.ParseDate(SafeXml.ReadText(r));
                        break;
                    default:
                        r.Skip();
                        break;
                }
            }
            while (SafeXml.NextChild(r, d));

            EnsureParameters();
        }

        private void ReadData(XmlReader r)
        {
            if (!SafeXml.FirstChild(r, out var d))
            {
                return;
            }

            do
            {
                switch (r.LocalName)
                {
                    case "ELEVES":
                        ReadList(r, "ELEVE", ReadStudent);
                        break;
                    case "STRUCTURES":
                        ReadList(r, "STRUCTURES_ELEVE", ReadStructures);
                        break;
                    case "OPTIONS":
                        ReadList(r, "OPTION", ReadOptions);
                        break;
                    default:
                        r.Skip();
                        break;
                }
            }
            while (SafeXml.NextChild(r, d));
        }

        private static void ReadList(XmlReader r, string itemName, Action<XmlReader> readItem)
        {
            if (!SafeXml.FirstChild(r, out var d))
            {
                return;
            }

            do
            {
                if (r.LocalName == itemName)
                {
                    readItem(r);
                }
                else
                {
                    r.Skip();
                }
            }
            while (SafeXml.NextChild(r, d));
        }

        private void ReadStudent(XmlReader r)
        {
            var line = SafeXml.LineOf(r);
            var id = Values.Clean(r.GetAttribute("ELEVE_ID"));
            var b = new Builder { Id = id ?? string.Empty, Elenoet = Values.Clean(r.GetAttribute("ELENOET")), Line = line };
            var left = false;
            if (SafeXml.FirstChild(r, out var d))
            {
                do
                {
                    switch (r.LocalName)
                    {
                        case "ID_NATIONAL": b.IdNational = SafeXml.ReadText(r); break;
                        case "INE_BEA": b.IneBea = SafeXml.ReadText(r); break;
                        case "INE_RNIE": b.IneRnie = SafeXml.ReadText(r); break;
                        case "NOM": b.Nom = SafeXml.ReadText(r); break;
                        case "NOM_USAGE": b.NomUsage = SafeXml.ReadText(r); break;
                        case "NOM_DE_FAMILLE": b.NomFamille = SafeXml.ReadText(r); break;
                        case "PRENOM": b.FirstName = SafeXml.ReadText(r); break;
                        case "DATE_NAISS": b.BirthDate = Values.ParseDate(SafeXml.ReadText(r)); break;
                        case "CODE_SEXE": b.Gender = Values.ParseGender(SafeXml.ReadText(r)); break;
                        case "MEL": b.Email = SafeXml.ReadText(r); break;
                        case "CODE_MEF": b.Mef = SafeXml.ReadText(r); break;
                        case "DATE_SORTIE": left |= SafeXml.ReadText(r) is not null; break;
                        case "SCOLARITE_AN_DERNIER": b.PreviousSchool = ReadPreviousSchool(r); break;
                        default: r.Skip(); break;
                    }
                }
                while (SafeXml.NextChild(r, d));
            }

            if (id is null)
            {
                warnings.Add(new("missing-id", $"Ligne {line} : élève sans identifiant ELEVE_ID, ignoré.", null, line));
                return;
            }

            if (left)
            {
                // Leavers stay in the export for the whole year; they must not be (re)created.
                leavers.Add(id);
                return;
            }

            var name = b.Nom ?? b.NomUsage ?? b.NomFamille;
            if (name is null || b.FirstName is null)
            {
                warnings.Add(new("missing-name", $"Ligne {line} : l'élève {id} n'a pas de nom ou de prénom, il est ignoré.", id, line));
                return;
            }

            if (!byId.TryAdd(id, b))
            {
                warnings.Add(new("duplicate-id", $"Ligne {line} : l'identifiant d'élève {id} apparaît plusieurs fois ; seule la première occurrence est gardée.", id, line));
                return;
            }

            order.Add(b);
        }

        private static string? ReadPreviousSchool(XmlReader r)
        {
            string? rne = null;
            if (SafeXml.FirstChild(r, out var d))
            {
                do
                {
                    if (r.LocalName == "CODE_RNE")
                    {
                        rne = SafeXml.ReadText(r);
                    }
                    else
                    {
                        r.Skip();
                    }
                }
                while (SafeXml.NextChild(r, d));
            }

            return rne;
        }

        private void ReadStructures(XmlReader r)
        {
            var id = Values.Clean(r.GetAttribute("ELEVE_ID"));
            byId.TryGetValue(id ?? string.Empty, out var b);
            if (!SafeXml.FirstChild(r, out var d))
            {
                return;
            }

            do
            {
                if (r.LocalName != "STRUCTURE")
                {
                    r.Skip();
                    continue;
                }

                string? code = null;
                string? type = null;
                if (SafeXml.FirstChild(r, out var d2))
                {
                    do
                    {
                        switch (r.LocalName)
                        {
                            case "CODE_STRUCTURE": code = SafeXml.ReadText(r); break;
                            case "TYPE_STRUCTURE": type = SafeXml.ReadText(r); break;
                            default: r.Skip(); break;
                        }
                    }
                    while (SafeXml.NextChild(r, d2));
                }

                if (b is null || code is null)
                {
                    continue;
                }

                if (type == "D")
                {
                    b.ClassCount++;
                    if (b.ClassCode is null)
                    {
                        b.ClassCode = code;
                    }
                    else if (b.ClassCount == 2)
                    {
                        warnings.Add(new("several-classes", $"L'élève {b.Nom ?? b.NomUsage ?? b.NomFamille} {b.FirstName} ({b.Id}) est inscrit dans plusieurs classes ; seule la classe {b.ClassCode} est retenue.", b.Id, b.Line));
                    }
                }
                else if (type == "G")
                {
                    b.Groups ??= [];
                    if (!b.Groups.Contains(code, StringComparer.Ordinal))
                    {
                        b.Groups.Add(code);
                    }
                }
            }
            while (SafeXml.NextChild(r, d));
        }

        private void ReadOptions(XmlReader r)
        {
            var id = Values.Clean(r.GetAttribute("ELEVE_ID"));
            byId.TryGetValue(id ?? string.Empty, out var b);
            if (!SafeXml.FirstChild(r, out var d))
            {
                return;
            }

            do
            {
                if (r.LocalName != "OPTIONS_ELEVE" || b is null)
                {
                    r.Skip();
                    continue;
                }

                var line = SafeXml.LineOf(r);
                string? subject = null;
                string? modality = null;
                if (SafeXml.FirstChild(r, out var d2))
                {
                    do
                    {
                        switch (r.LocalName)
                        {
                            case "CODE_MATIERE": subject = SafeXml.ReadText(r); break;
                            case "CODE_MODALITE_ELECT": modality = SafeXml.ReadText(r); break;
                            default: r.Skip(); break;
                        }
                    }
                    while (SafeXml.NextChild(r, d2));
                }

                AddOption(b, subject, modality, line);
            }
            while (SafeXml.NextChild(r, d));
        }

        private void AddOption(Builder b, string? subject, string? modality, int line)
        {
            if (subject is null)
            {
                return;
            }

            if (Values.BcnCode(subject) is not { } code)
            {
                warnings.Add(new("invalid-option", $"Ligne {line} : l'option « {subject} » de l'élève {b.Id} n'est pas un code de matière à 6 chiffres ; elle est ignorée.", b.Id, line));
                return;
            }

            var m = modality?.ToUpperInvariant();
            if (m is null || !StudentOption.Modalities.Contains(m))
            {
                warnings.Add(new("unknown-option-modality", $"Ligne {line} : la modalité d'élection « {modality ?? ""} » de l'option {code} de l'élève {b.Id} est inconnue ; la matière est retenue comme suivie en tronc commun (S).", b.Id, line));
                m = StudentOption.Common;
            }

            b.Options ??= [];
            if (!b.Options.Exists(o => o.SubjectBcnCode == code))
            {
                b.Options.Add(new StudentOption(code, m));
            }
        }

        private SiecleStudentsFile Build()
        {
            var students = new List<SiecleStudent>(order.Count);
            var withoutClass = 0;
            foreach (var b in order)
            {
                if (b.ClassCode is null)
                {
                    // docs/domain/formats.md: a student with no class is most probably a former student.
                    withoutClass++;
                    continue;
                }

                var ine = b.IneRnie ?? b.IdNational ?? b.IneBea;
                var oldIne = b.IdNational ?? b.IneBea;
                students.Add(new SiecleStudent(
                    b.Id,
                    b.Elenoet,
                    ine,
                    oldIne == ine ? null : oldIne,
                    (b.Nom ?? b.NomUsage ?? b.NomFamille)!,
                    b.FirstName!,
                    b.BirthDate,
                    b.Gender,
                    b.Email,
                    b.Mef,
                    b.ClassCode,
                    (IReadOnlyList<string>?)b.Groups ?? [],
                    (IReadOnlyList<StudentOption>?)b.Options ?? [],
                    b.PreviousSchool,
                    b.Line));
            }

            if (withoutClass > 0)
            {
                warnings.Add(new("without-class", withoutClass == 1
                    ? "1 élève sans classe a été ignoré (probablement un ancien élève)."
                    : $"{withoutClass} élèves sans classe ont été ignorés (probablement d'anciens élèves)."));
            }

            return new SiecleStudentsFile(uai!.Trim().ToUpperInvariant(), year!.Value, exportDate, students, leavers.Count, withoutClass, warnings);
        }
    }
}
