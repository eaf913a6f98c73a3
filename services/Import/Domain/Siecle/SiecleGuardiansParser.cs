using System.Xml;

namespace Sacoche.Import.Domain;

/// <summary>
/// Streaming parser of SIECLE "BEE_RESPONSABLES" exports. Persons, links and addresses are three
/// separate lists in the file; they are joined at the end (memory bounded by the number of persons).
/// </summary>
public static class SiecleGuardiansParser
{
    public const string Root = "BEE_RESPONSABLES";

    /// <param name="currentStudentIds">SIECLE ids of current students; when given, links to other
    /// students are dropped and persons left without a child are skipped.</param>
    public static SiecleGuardiansFile Parse(Stream stream, ImportContext context, IReadOnlySet<string>? currentStudentIds = null, ImportLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(context);
        var recording = new PrologRecordingStream(stream);
        try
        {
            using var reader = SafeXml.Create(recording, limits ?? ImportLimits.Default);
            return new State(context, currentStudentIds).Run(reader);
        }
        catch (XmlException ex)
        {
            throw SafeXml.Translate(ex, recording);
        }
    }

    private sealed class Person
    {
        public required string Id;
        public string? Nom;
        public string? NomUsage;
        public string? NomFamille;
        public string? FirstName;
        public string? Civility;
        public string? Email;
        public string? PhoneHome;
        public string? PhoneMobile;
        public string? PhoneWork;
        public string? AddressId;
        public List<SiecleGuardianLink>? Links;
        public int Line;
    }

    private sealed class State(ImportContext context, IReadOnlySet<string>? current)
    {
        private readonly Dictionary<string, Person> persons = new(StringComparer.Ordinal);
        private readonly List<Person> order = [];
        private readonly List<(string Student, string Person, SiecleGuardianLink Link)> links = [];
        private readonly Dictionary<string, PostalAddress> addresses = new(StringComparer.Ordinal);
        private readonly List<ImportWarning> warnings = [];
        private string? uai;
        private string? rawYear;
        private int year;
        private bool parametersChecked;
        private int nonLegal;

        public SiecleGuardiansFile Run(XmlReader r)
        {
            SafeXml.ReadRoot(r, Root, "un export SIECLE des responsables (BEE_RESPONSABLES)");
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
            if (!parametersChecked)
            {
                SafeXml.CheckUai(uai, context, "PARAMETRES/UAJ");
                year = SafeXml.CheckYear(rawYear, context, "PARAMETRES/ANNEE_SCOLAIRE");
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
                        case "UAJ": uai = SafeXml.ReadText(r); break;
                        case "ANNEE_SCOLAIRE": rawYear = SafeXml.ReadText(r); break;
                        default: r.Skip(); break;
                    }
                }
                while (SafeXml.NextChild(r, d));
            }

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
                    case "PERSONNES": ReadList(r, "PERSONNE", ReadPerson); break;
                    case "RESPONSABLES": ReadList(r, "RESPONSABLE_ELEVE", ReadLink); break;
                    case "ADRESSES": ReadList(r, "ADRESSE", ReadAddress); break;
                    default: r.Skip(); break;
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

        private void ReadPerson(XmlReader r)
        {
            var line = SafeXml.LineOf(r);
            var id = Values.Clean(r.GetAttribute("PERSONNE_ID"));
            var p = new Person { Id = id ?? string.Empty, Line = line };
            if (SafeXml.FirstChild(r, out var d))
            {
                do
                {
                    switch (r.LocalName)
                    {
                        case "NOM": p.Nom = SafeXml.ReadText(r); break;
                        case "NOM_USAGE": p.NomUsage = SafeXml.ReadText(r); break;
                        case "NOM_DE_FAMILLE": p.NomFamille = SafeXml.ReadText(r); break;
                        case "PRENOM": p.FirstName = SafeXml.ReadText(r); break;
                        case "LC_CIVILITE": p.Civility = SafeXml.ReadText(r); break;
                        case "TEL_PERSONNEL": p.PhoneHome = SafeXml.ReadText(r); break;
                        case "TEL_PORTABLE": p.PhoneMobile = SafeXml.ReadText(r); break;
                        case "TEL_PROFESSIONNEL": p.PhoneWork = SafeXml.ReadText(r); break;
                        case "MEL": p.Email = SafeXml.ReadText(r); break;
                        case "ADRESSE_ID": p.AddressId = SafeXml.ReadText(r); break;
                        default: r.Skip(); break;
                    }
                }
                while (SafeXml.NextChild(r, d));
            }

            if (id is null)
            {
                warnings.Add(new("missing-id", $"Ligne {line} : responsable sans identifiant PERSONNE_ID, ignoré.", null, line));
                return;
            }

            if (!persons.TryAdd(id, p))
            {
                warnings.Add(new("duplicate-id", $"Ligne {line} : la personne {id} apparaît plusieurs fois ; seule la première occurrence est gardée.", id, line));
                return;
            }

            order.Add(p);
        }

        private void ReadLink(XmlReader r)
        {
            string? student = null, person = null, legal = null, parente = null, fin = null, contact = null;
            if (SafeXml.FirstChild(r, out var d))
            {
                do
                {
                    switch (r.LocalName)
                    {
                        case "ELEVE_ID": student = SafeXml.ReadText(r); break;
                        case "PERSONNE_ID": person = SafeXml.ReadText(r); break;
                        case "RESP_LEGAL": legal = SafeXml.ReadText(r); break;
                        case "CODE_PARENTE": parente = SafeXml.ReadText(r); break;
                        case "RESP_FINANCIER": fin = SafeXml.ReadText(r); break;
                        case "PERS_CONTACT": contact = SafeXml.ReadText(r); break;
                        default: r.Skip(); break;
                    }
                }
                while (SafeXml.NextChild(r, d));
            }

            if (student is null || person is null)
            {
                return;
            }

            // Only legal guardians (1 = first, 2 = second); 0 = other contacts (grand-parents, host family…).
            if (legal is not ("1" or "2"))
            {
                nonLegal++;
                return;
            }

            links.Add((student, person, new SiecleGuardianLink(student, legal == "1" ? 1 : 2, parente, fin == "1", contact == "1")));
        }

        private void ReadAddress(XmlReader r)
        {
            var id = Values.Clean(r.GetAttribute("ADRESSE_ID"));
            string? l1 = null, l2 = null, l3 = null, l4 = null, cp = null, town = null, country = null, foreignTown = null;
            if (SafeXml.FirstChild(r, out var d))
            {
                do
                {
                    switch (r.LocalName)
                    {
                        case "LIGNE1_ADRESSE": l1 = SafeXml.ReadText(r); break;
                        case "LIGNE2_ADRESSE": l2 = SafeXml.ReadText(r); break;
                        case "LIGNE3_ADRESSE": l3 = SafeXml.ReadText(r); break;
                        case "LIGNE4_ADRESSE": l4 = SafeXml.ReadText(r); break;
                        case "CODE_POSTAL": cp = SafeXml.ReadText(r); break;
                        case "LIBELLE_POSTAL": town = SafeXml.ReadText(r); break;
                        case "LL_PAYS": country = SafeXml.ReadText(r); break;
                        case "COMMUNE_ETRANGERE": foreignTown = SafeXml.ReadText(r); break;
                        default: r.Skip(); break;
                    }
                }
                while (SafeXml.NextChild(r, d));
            }

            if (id is not null)
            {
                addresses.TryAdd(id, new PostalAddress(l1, l2, l3, l4, cp, town ?? foreignTown, country));
            }
        }

        private SiecleGuardiansFile Build()
        {
            var notCurrent = 0;
            foreach (var (student, personId, link) in links)
            {
                if (current is not null && !current.Contains(student))
                {
                    notCurrent++;
                    continue;
                }

                if (!persons.TryGetValue(personId, out var p))
                {
                    warnings.Add(new("unknown-person", $"Le lien responsable de l'élève {student} désigne une personne inconnue ({personId}).", personId));
                    continue;
                }

                p.Links ??= [];
                if (p.Links.Exists(l => l.StudentSiecleId == student))
                {
                    continue;
                }

                p.Links.Add(link);
            }

            var result = new List<SiecleGuardian>(order.Count);
            var withoutChild = 0;
            foreach (var p in order)
            {
                if (p.Links is null || p.Links.Count == 0)
                {
                    withoutChild++;
                    continue;
                }

                var name = p.Nom ?? p.NomUsage ?? p.NomFamille;
                if (name is null || p.FirstName is null)
                {
                    warnings.Add(new("missing-name", $"Ligne {p.Line} : le responsable {p.Id} n'a pas de nom ou de prénom, il est ignoré.", p.Id, p.Line));
                    continue;
                }

                PostalAddress? address = null;
                if (p.AddressId is not null)
                {
                    addresses.TryGetValue(p.AddressId, out address);
                }

                result.Add(new SiecleGuardian(p.Id, name, p.FirstName, Values.ParseGender(p.Civility), p.Civility, p.Email, p.PhoneHome, p.PhoneMobile, p.PhoneWork, address, p.Links, p.Line));
            }

            return new SiecleGuardiansFile(uai!.Trim().ToUpperInvariant(), year, result, nonLegal, notCurrent, withoutChild, warnings);
        }
    }
}
