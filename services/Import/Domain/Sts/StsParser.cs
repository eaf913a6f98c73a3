using System.Xml;

namespace Sacoche.Import.Domain;

/// <summary>
/// Streaming parser of the STS-web export <c>sts_emp_&lt;UAI&gt;_&lt;YYYY&gt;.xml</c> (root STS_EDT):
/// staff, subjects nomenclature, classes, groups and teacher services.
/// </summary>
public static class StsParser
{
    public const string Root = "STS_EDT";

    public static StsFile Parse(Stream stream, ImportContext context, ImportLimits? limits = null)
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

    private sealed class State(ImportContext context)
    {
        private readonly List<StsSubject> subjects = [];
        private readonly List<StsMef> mefs = [];
        private readonly List<StsStaff> staff = [];
        private readonly HashSet<string> staffIds = new(StringComparer.Ordinal);
        private readonly List<StsClass> classes = [];
        private readonly List<StsGroup> groups = [];
        private readonly List<(string Teacher, string Structure, StructureKind Kind, string Subject)> rawServices = [];
        private readonly List<ImportWarning> warnings = [];
        private string? uai;
        private string? rawYear;
        private int year;
        private bool parametersChecked;

        public StsFile Run(XmlReader r)
        {
            SafeXml.ReadRoot(r, Root, "un export STS-web (STS_EDT)");
            if (SafeXml.FirstChild(r, out var d0))
            {
                do
                {
                    switch (r.LocalName)
                    {
                        case "PARAMETRES": ReadParameters(r); break;
                        case "NOMENCLATURES": EnsureParameters(); ReadNomenclatures(r); break;
                        case "DONNEES": EnsureParameters(); ReadData(r); break;
                        default: r.Skip(); break;
                    }
                }
                while (SafeXml.NextChild(r, d0));
            }

            EnsureParameters();
            return Build();
        }

        private void EnsureParameters()
        {
            if (!parametersChecked)
            {
                SafeXml.CheckUai(uai, context, "PARAMETRES/UAJ@CODE");
                year = SafeXml.CheckYear(rawYear, context, "PARAMETRES/ANNEE_SCOLAIRE@ANNEE");
                parametersChecked = true;
            }
        }

        private void ReadParameters(XmlReader r)
        {
            if (SafeXml.FirstChild(r, out var d))
            {
                do
                {
                    switch (r.LocalName)
                    {
                        case "UAJ":
                            uai = AttributeOrText(r, "CODE");
                            break;
                        case "ANNEE_SCOLAIRE":
                            rawYear = AttributeOrText(r, "ANNEE");
                            break;
                        case "APPLICATION_SOURCE":
                            // Files rewritten by private timetable software (EDT, UnDeuxTemps…) are
                            // incomplete or altered: the reference refuses them and so do we.
                            throw new ImportFormatException(
                                ImportErrorCodes.PrivateTimetableSoftware,
                                "Ce fichier a été produit par un logiciel d'emploi du temps privé (élément APPLICATION_SOURCE) : importez l'export original de STS-web (sts_emp_UAI_ANNEE.xml).",
                                SafeXml.LineOf(r));
                        default:
                            r.Skip();
                            break;
                    }
                }
                while (SafeXml.NextChild(r, d));
            }

            EnsureParameters();
        }

        private static string? AttributeOrText(XmlReader r, string attribute)
        {
            if (Values.Clean(r.GetAttribute(attribute)) is { } value)
            {
                r.Skip();
                return value;
            }

            return SafeXml.ReadText(r);
        }

        private void ReadNomenclatures(XmlReader r)
        {
            if (!SafeXml.FirstChild(r, out var d))
            {
                return;
            }

            do
            {
                switch (r.LocalName)
                {
                    case "MATIERES": ForEach(r, "MATIERE", ReadSubject); break;
                    case "MEFS": ForEach(r, "MEF", ReadMef); break;
                    default: r.Skip(); break;
                }
            }
            while (SafeXml.NextChild(r, d));
        }

        private static void ForEach(XmlReader r, string itemName, Action<XmlReader> readItem)
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

        private void ReadSubject(XmlReader r)
        {
            // MATIERE@CODE is the 6-digit BCN code; a shorter one lost its leading zeros (a spreadsheet went through it).
            var raw = Values.Clean(r.GetAttribute("CODE"));
            var code = Values.BcnCode(raw) ?? raw;
            string? gestion = null, court = null, lng = null, edition = null;
            if (SafeXml.FirstChild(r, out var d))
            {
                do
                {
                    switch (r.LocalName)
                    {
                        case "CODE_GESTION": gestion = SafeXml.ReadText(r); break;
                        case "LIBELLE_COURT": court = SafeXml.ReadText(r); break;
                        case "LIBELLE_LONG": lng = SafeXml.ReadText(r); break;
                        case "LIBELLE_EDITION": edition = SafeXml.ReadText(r); break;
                        default: r.Skip(); break;
                    }
                }
                while (SafeXml.NextChild(r, d));
            }

            if (code is not null && gestion is not null)
            {
                subjects.Add(new StsSubject(code, gestion, court, lng, edition));
            }
        }

        private void ReadMef(XmlReader r)
        {
            var code = Values.Clean(r.GetAttribute("CODE"));
            string? court = null, lng = null;
            if (SafeXml.FirstChild(r, out var d))
            {
                do
                {
                    switch (r.LocalName)
                    {
                        case "LIBELLE_COURT": court = SafeXml.ReadText(r); break;
                        case "LIBELLE_LONG": lng = SafeXml.ReadText(r); break;
                        default: r.Skip(); break;
                    }
                }
                while (SafeXml.NextChild(r, d));
            }

            if (code is not null)
            {
                mefs.Add(new StsMef(code, court, lng));
            }
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
                    case "INDIVIDUS": ForEach(r, "INDIVIDU", ReadIndividual); break;
                    case "STRUCTURE": ReadStructure(r); break;
                    default: r.Skip(); break;
                }
            }
            while (SafeXml.NextChild(r, d));
        }

        private void ReadIndividual(XmlReader r)
        {
            var line = SafeXml.LineOf(r);
            var id = Values.Clean(r.GetAttribute("ID"));
            var type = Values.Clean(r.GetAttribute("TYPE"));
            string? sexe = null, civ = null, usage = null, patro = null, prenom = null, fonction = null;
            DateOnly? birth = null;
            List<string>? principal = null;
            List<StsDiscipline>? disciplines = null;
            if (SafeXml.FirstChild(r, out var d))
            {
                do
                {
                    switch (r.LocalName)
                    {
                        case "SEXE": sexe = SafeXml.ReadText(r); break;
                        case "CIVILITE": civ = SafeXml.ReadText(r); break;
                        case "NOM_USAGE": usage = SafeXml.ReadText(r); break;
                        case "NOM_PATRONYMIQUE": patro = SafeXml.ReadText(r); break;
                        case "PRENOM": prenom = SafeXml.ReadText(r); break;
                        case "DATE_NAISSANCE": birth = Values.ParseDate(SafeXml.ReadText(r)); break;
                        case "FONCTION": fonction = SafeXml.ReadText(r); break;
                        case "PROFS_PRINC": ReadPrincipal(r, ref principal); break;
                        case "DISCIPLINES": ReadDisciplines(r, ref disciplines); break;
                        default: r.Skip(); break;
                    }
                }
                while (SafeXml.NextChild(r, d));
            }

            var name = usage ?? patro;
            if (id is null || name is null || prenom is null)
            {
                warnings.Add(new("missing-name", $"Ligne {line} : personnel sans identifiant, nom ou prénom, ignoré.", id, line));
                return;
            }

            if (!staffIds.Add(id))
            {
                warnings.Add(new("duplicate-id", $"Ligne {line} : le personnel {id} apparaît plusieurs fois ; seule la première occurrence est gardée.", id, line));
                return;
            }

            // STS SEXE is 1/2 (or M/F); CIVILITE 1 = M., 2 = Mme, 3 = Mlle.
            var gender = Values.ParseGender(sexe) ?? Values.ParseGender(civ);
            var civility = civ switch
            {
                "1" => "M.",
                "2" => "Mme",
                "3" => "Mlle",
                _ => civ,
            };
            staff.Add(new StsStaff(id, type, (fonction ?? "ENS").ToUpperInvariant(), gender, civility, name, prenom, birth, (IReadOnlyList<string>?)principal ?? [], (IReadOnlyList<StsDiscipline>?)disciplines ?? [], line));
        }

        private void ReadPrincipal(XmlReader r, ref List<string>? principal)
        {
            if (!SafeXml.FirstChild(r, out var d))
            {
                return;
            }

            do
            {
                if (r.LocalName != "PROF_PRINC")
                {
                    r.Skip();
                    continue;
                }

                string? code = null;
                string? end = null;
                if (SafeXml.FirstChild(r, out var d2))
                {
                    do
                    {
                        switch (r.LocalName)
                        {
                            case "CODE_STRUCTURE": code = SafeXml.ReadText(r); break;
                            case "DATE_FIN": end = SafeXml.ReadText(r); break;
                            default: r.Skip(); break;
                        }
                    }
                    while (SafeXml.NextChild(r, d2));
                }

                // A missing end date means an open-ended assignment; a past one is history.
                var endDate = Values.ParseDate(end);
                if (code is not null && (endDate is null || endDate.Value >= context.Today))
                {
                    principal ??= [];
                    if (!principal.Contains(code, StringComparer.Ordinal))
                    {
                        principal.Add(code);
                    }
                }
            }
            while (SafeXml.NextChild(r, d));
        }

        private static void ReadDisciplines(XmlReader r, ref List<StsDiscipline>? disciplines)
        {
            if (!SafeXml.FirstChild(r, out var d))
            {
                return;
            }

            do
            {
                if (r.LocalName != "DISCIPLINE")
                {
                    r.Skip();
                    continue;
                }

                var code = Values.Clean(r.GetAttribute("CODE"));
                string? label = null;
                if (SafeXml.FirstChild(r, out var d2))
                {
                    do
                    {
                        if (r.LocalName == "LIBELLE_COURT")
                        {
                            label = SafeXml.ReadText(r);
                        }
                        else
                        {
                            r.Skip();
                        }
                    }
                    while (SafeXml.NextChild(r, d2));
                }

                if (code is not null)
                {
                    disciplines ??= [];
                    disciplines.Add(new StsDiscipline(code, label));
                }
            }
            while (SafeXml.NextChild(r, d));
        }

        private void ReadStructure(XmlReader r)
        {
            if (!SafeXml.FirstChild(r, out var d))
            {
                return;
            }

            do
            {
                switch (r.LocalName)
                {
                    case "DIVISIONS": ForEach(r, "DIVISION", ReadDivision); break;
                    case "GROUPES": ForEach(r, "GROUPE", ReadGroup); break;
                    default: r.Skip(); break;
                }
            }
            while (SafeXml.NextChild(r, d));
        }

        private void ReadDivision(XmlReader r)
        {
            var code = Values.Clean(r.GetAttribute("CODE"));
            string? label = null;
            List<string>? mefCodes = null;
            if (SafeXml.FirstChild(r, out var d))
            {
                do
                {
                    switch (r.LocalName)
                    {
                        case "LIBELLE_LONG": label = SafeXml.ReadText(r); break;
                        case "MEFS_APPARTENANCE": ReadCodes(r, ["MEF_APPARTENANCE", "MEF"], ref mefCodes); break;
                        case "SERVICES": ReadServices(r, code, StructureKind.Class); break;
                        default: r.Skip(); break;
                    }
                }
                while (SafeXml.NextChild(r, d));
            }

            if (code is not null)
            {
                classes.Add(new StsClass(code, label, (IReadOnlyList<string>?)mefCodes ?? []));
            }
        }

        private void ReadGroup(XmlReader r)
        {
            var code = Values.Clean(r.GetAttribute("CODE"));
            string? label = null;
            List<string>? classCodes = null;
            if (SafeXml.FirstChild(r, out var d))
            {
                do
                {
                    switch (r.LocalName)
                    {
                        case "LIBELLE_LONG": label = SafeXml.ReadText(r); break;
                        case "DIVISIONS_APPARTENANCE": ReadCodes(r, "DIVISION_APPARTENANCE", ref classCodes); break;
                        case "SERVICES": ReadServices(r, code, StructureKind.Group); break;
                        default: r.Skip(); break;
                    }
                }
                while (SafeXml.NextChild(r, d));
            }

            if (code is not null)
            {
                groups.Add(new StsGroup(code, label, (IReadOnlyList<string>?)classCodes ?? []));
            }
        }

        private static void ReadCodes(XmlReader r, string itemName, ref List<string>? codes) => ReadCodes(r, [itemName], ref codes);

        /// <summary>Codes of the children named one of <paramref name="itemNames"/> (their CODE attribute), without duplicates.</summary>
        private static void ReadCodes(XmlReader r, string[] itemNames, ref List<string>? codes)
        {
            if (!SafeXml.FirstChild(r, out var d))
            {
                return;
            }

            do
            {
                if (itemNames.Contains(r.LocalName, StringComparer.Ordinal) && Values.Clean(r.GetAttribute("CODE")) is { } code)
                {
                    codes ??= [];
                    if (!codes.Contains(code, StringComparer.Ordinal))
                    {
                        codes.Add(code);
                    }
                }

                r.Skip();
            }
            while (SafeXml.NextChild(r, d));
        }

        private void ReadServices(XmlReader r, string? structure, StructureKind kind)
        {
            if (!SafeXml.FirstChild(r, out var d))
            {
                return;
            }

            do
            {
                if (r.LocalName != "SERVICE")
                {
                    r.Skip();
                    continue;
                }

                var rawSubject = Values.Clean(r.GetAttribute("CODE_MATIERE"));
                var subject = Values.BcnCode(rawSubject) ?? rawSubject;
                if (!SafeXml.FirstChild(r, out var d2))
                {
                    continue;
                }

                do
                {
                    if (r.LocalName != "ENSEIGNANTS")
                    {
                        r.Skip();
                        continue;
                    }

                    if (!SafeXml.FirstChild(r, out var d3))
                    {
                        continue;
                    }

                    do
                    {
                        if (r.LocalName == "ENSEIGNANT" && Values.Clean(r.GetAttribute("ID")) is { } teacher && structure is not null && subject is not null)
                        {
                            rawServices.Add((teacher, structure, kind, subject));
                        }

                        r.Skip();
                    }
                    while (SafeXml.NextChild(r, d3));
                }
                while (SafeXml.NextChild(r, d2));
            }
            while (SafeXml.NextChild(r, d));
        }

        private StsFile Build()
        {
            var bySubjectCode = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var s in subjects)
            {
                bySubjectCode.TryAdd(s.Code, s.ManagementCode);
            }

            var services = new List<StsService>(rawServices.Count);
            var seen = new HashSet<(string, string, StructureKind, string)>();
            var unknownSubjects = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (teacher, structure, kind, subject) in rawServices)
            {
                if (!seen.Add((teacher, structure, kind, subject)))
                {
                    continue;
                }

                if (!staffIds.Contains(teacher))
                {
                    warnings.Add(new("unknown-teacher", $"Un service de {structure} désigne un enseignant inconnu ({teacher}).", teacher));
                    continue;
                }

                if (!bySubjectCode.TryGetValue(subject, out var gestion) && unknownSubjects.Add(subject))
                {
                    warnings.Add(new("unknown-subject", $"La matière {subject} n'est pas dans la nomenclature du fichier : les services correspondants sont importés sans matière.", subject));
                }

                services.Add(new StsService(teacher, structure, kind, subject, gestion));
            }

            return new StsFile(uai!.Trim().ToUpperInvariant(), year, subjects, mefs, staff, classes, groups, services, warnings);
        }
    }
}
