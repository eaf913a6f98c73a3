using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace Sacoche.Testing.Generators;

/// <summary>
/// Deterministic generator of realistic SIECLE / STS-web exports and spreadsheet CSVs (no real file
/// can be published: they hold personal data). Same seed → same bytes. Self-contained on purpose:
/// it does not use the parsers it feeds, and <see cref="Expected"/> is computed from its own model.
/// </summary>
public sealed class ImportFileGenerator
{
    private static readonly string[] Surnames =
    [
        "Martin", "Bernard", "Lefèvre", "Dupré", "Leclère", "Bénard", "Géraud", "Thérond", "Noël", "Moïse",
        "Garçon", "Besançon", "Müller", "Cœur", "Forêt", "Dubois", "Moreau", "Laurent", "Simon", "Michel",
        "Lefebvre", "Leroy", "Roux", "David", "Bertrand", "Morel", "Fournier", "Girard", "Bonnet", "Dupont",
        "Lambert", "Fontaine", "Rousseau", "Vincent", "Mercier", "Blanc", "Guérin", "Boyer", "Garnier", "Chevalier",
        "François", "Legrand", "Gauthier", "Garcia", "Perrin", "Robin", "Clément", "Morin", "Nicolas", "Henry",
        "Roussel", "Mathieu", "Gautier", "Masson", "Marchand", "Duval", "Denis", "Dumont", "Marie", "Lemaire",
        "Brunet", "Blanchard", "Giraud", "Joly", "Rivière", "Lucas", "Brun", "Gaillard", "Barbier", "Arnaud",
        "Lacroix", "Hébert", "Ménard", "Aubert", "Josué", "Pagès", "Ribière", "Sénéchal", "Vézinet", "Ouédraogo",
        "N'Diaye", "Le Gall", "Le Bihan", "De La Fontaine", "Saint-Étienne", "Çelik", "Nguyen", "Da Silva", "Poirier", "Péron",
    ];

    private static readonly string[] BoysFirstNames =
    [
        "Lucas", "Gabriel", "Léo", "Raphaël", "Louis", "Maël", "Noé", "Jules", "Arthur", "Adam",
        "Hugo", "Nathan", "Éthan", "Timéo", "Loïc", "Joël", "François", "Benoît", "Clément", "Jérôme",
        "Anaël", "Élouan", "Gaël", "Mathéo", "Noël", "Aymeric", "Côme", "Zinédine", "Yanis", "Théo",
        "Jean-Baptiste", "Pierre-Louis", "Marc-Antoine",
    ];

    private static readonly string[] GirlsFirstNames =
    [
        "Chloé", "Léa", "Anaïs", "Zoé", "Inès", "Noémie", "Hélène", "Gaëlle", "Maïwenn", "Ségolène",
        "Cécile", "Françoise", "Manon", "Jade", "Louise", "Alice", "Lina", "Rose", "Anna", "Mila",
        "Ambre", "Éléonore", "Maëlys", "Héloïse", "Clémence", "Océane", "Bérénice", "Joséphine", "Aïcha", "Loïse",
        "Marie-Claire", "Anne-Sophie", "Lou-Ann",
    ];

    private static readonly string[] Streets =
    [
        "rue de la République", "avenue Jean Jaurès", "chemin des Écoliers", "impasse des Cèdres", "boulevard Gambetta",
        "place de l'Église", "rue du Château d'Eau", "allée des Peupliers", "route de Lodève", "rue Émile Zola",
    ];

    private static readonly (string Cp, string Town)[] Towns =
    [
        ("34000", "MONTPELLIER"), ("34070", "MONTPELLIER"), ("34170", "CASTELNAU-LE-LEZ"), ("34430", "SAINT-JEAN-DE-VEDAS"),
        ("34920", "LE CRES"), ("34130", "MAUGUIO"), ("34980", "SAINT-GELY-DU-FESC"), ("34790", "GRABELS"),
    ];

    /// <summary>Collège subjects with BCN-like codes and their CODE_GESTION.</summary>
    public static IReadOnlyList<GeneratedSubject> CollegeSubjects { get; } =
    [
        new("020700", "FRANC", "FRANCAIS", "FRANCAIS", "Français"),
        new("061300", "MATHS", "MATHEMATIQUES", "MATHEMATIQUES", "Mathématiques"),
        new("040600", "HIGEO", "HISTOIRE-GEOGRAPHIE", "HISTOIRE-GEOGRAPHIE-EMC", "Histoire-géographie"),
        new("030201", "AGL1", "ANGLAIS LV1", "ANGLAIS LV1", "Anglais LV1"),
        new("030602", "ESP2", "ESPAGNOL LV2", "ESPAGNOL LV2", "Espagnol LV2"),
        new("030102", "ALL2", "ALLEMAND LV2", "ALLEMAND LV2", "Allemand LV2"),
        new("020300", "LCALA", "LCA LATIN", "LANGUES ET CULTURES DE L'ANTIQUITE LATIN", "Latin"),
        new("061700", "PH-CH", "PHYSIQUE-CHIMIE", "PHYSIQUE-CHIMIE", "Physique-chimie"),
        new("062900", "SVT", "SCIENCES VIE & TERRE", "SCIENCES DE LA VIE ET DE LA TERRE", "Sciences de la vie et de la Terre"),
        new("070200", "TECHN", "TECHNOLOGIE", "TECHNOLOGIE", "Technologie"),
        new("100100", "EPS", "ED.PHYSIQUE & SPORT.", "EDUCATION PHYSIQUE ET SPORTIVE", "Éducation physique et sportive"),
        new("080100", "A-PLA", "ARTS PLASTIQUES", "ARTS PLASTIQUES", "Arts plastiques"),
        new("090100", "EDMUS", "EDUCATION MUSICALE", "EDUCATION MUSICALE", "Éducation musicale"),
    ];

    private static readonly string[] CoreSubjects = ["020700", "061300", "040600", "030201", "061700", "062900", "070200", "100100", "080100", "090100"];
    private static readonly string[] GroupSubjects = ["030602", "030102", "020300"];
    private static readonly string[] LevelMefs = ["10010012110", "10110001110", "10210001110", "10310019110"];
    private static readonly string[] LevelLabels = ["6EME", "5EME", "4EME", "3EME"];

    private readonly Random random;
    private readonly List<GeneratedStudent> students = [];
    private readonly List<GeneratedGuardian> guardians = [];
    private readonly List<GeneratedAddress> addresses = [];
    private readonly List<GeneratedStaff> staff = [];
    private readonly List<GeneratedClass> classes = [];
    private readonly List<GeneratedGroup> groups = [];
    private readonly List<GeneratedService> services = [];

    public ImportFileGenerator(int seed, string uai = "0341234A", int year = 2026, GeneratorCounts? counts = null)
    {
        random = new Random(seed);
        Uai = uai;
        Year = year;
        Counts = counts ?? new GeneratorCounts();
        Today = new DateOnly(year, 10, 1);
        GenerateStructures();
        GenerateStaff();
        GenerateStudentsAndFamilies();
        Expected = ComputeFacts();
    }

    public string Uai { get; }

    /// <summary>Start year of the school year (ANNEE_SCOLAIRE).</summary>
    public int Year { get; }

    public GeneratorCounts Counts { get; }

    /// <summary>A date inside the school year, used for PROF_PRINC/DATE_FIN; pass it to the STS parser.</summary>
    public DateOnly Today { get; }

    public IReadOnlyList<GeneratedStudent> Students => students;
    public IReadOnlyList<GeneratedGuardian> Guardians => guardians;
    public IReadOnlyList<GeneratedAddress> Addresses => addresses;
    public IReadOnlyList<GeneratedStaff> Staff => staff;
    public IReadOnlyList<GeneratedClass> Classes => classes;
    public IReadOnlyList<GeneratedGroup> Groups => groups;
    public IReadOnlyList<GeneratedService> Services => services;
    public ExpectedFacts Expected { get; }

    public string StsFileName => $"sts_emp_{Uai}_{Year}.xml";

    private static Encoding Latin9
    {
        get
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding("ISO-8859-15");
        }
    }

    // ------------------------------------------------------------------ model

    private void GenerateStructures()
    {
        for (var i = 0; i < Counts.Classes; i++)
        {
            var level = i % 4;
            var letter = (char)('A' + (i / 4 % 26));
            var suffix = i / 104 > 0 ? (i / 104).ToString(CultureInfo.InvariantCulture) : string.Empty;
            var code = $"{6 - level}{letter}{suffix}";
            classes.Add(new GeneratedClass(code, $"{LevelLabels[level]} {letter}{suffix}", LevelMefs[level], level));
        }

        for (var i = 0; i < Counts.Groups; i++)
        {
            var level = i % 4;
            var subject = GroupSubjects[i / 4 % GroupSubjects.Length];
            var levelClasses = classes.Where(c => c.Level == level).ToList();
            var take = Math.Min(levelClasses.Count, 2 + random.Next(2));
            var start = levelClasses.Count == 0 ? 0 : random.Next(levelClasses.Count);
            var members = Enumerable.Range(0, take).Select(k => levelClasses[(start + k) % levelClasses.Count].Code).Distinct().ToList();
            var subjectLabel = CollegeSubjects.First(s => s.BcnCode == subject).ManagementCode;
            var code = $"{6 - level}{subjectLabel}{(i / 12) + 1}";
            groups.Add(new GeneratedGroup(code, $"{LevelLabels[level]} {subjectLabel} groupe {(i / 12) + 1}", members, subject));
        }
    }

    private void GenerateStaff()
    {
        var functions = new List<string?>();
        var n = Counts.Staff;
        functions.Add("DIR");
        if (n > 8)
        {
            functions.Add("DIR");
            functions.Add("EDU");
            functions.Add("DOC");
        }

        if (n > 30)
        {
            functions.Add("EDU");
        }

        while (functions.Count < n)
        {
            // A few teachers without FONCTION: the reference treats them as ENS.
            functions.Add(functions.Count % 17 == 5 ? null : "ENS");
        }

        var allSubjects = CoreSubjects.Concat(GroupSubjects).ToArray();
        var teacherIndex = 0;
        for (var i = 0; i < n; i++)
        {
            var sex = 1 + random.Next(2);
            var fn = functions[i];
            var isTeacher = fn is null or "ENS";
            var patro = Surname();
            var usage = sex == 2 && random.Next(3) == 0 ? Surname() : null;
            var discipline = isTeacher ? allSubjects[teacherIndex++ % allSubjects.Length] : null;
            staff.Add(new GeneratedStaff(
                (20000 + (i * 7)).ToString(CultureInfo.InvariantCulture),
                fn,
                sex,
                usage,
                patro,
                FirstName(sex),
                new DateOnly(1960 + random.Next(35), 1 + random.Next(12), 1 + random.Next(28)),
                discipline,
                []));
        }

        var teachers = staff.Where(s => s.DisciplineCode is not null).ToList();
        if (teachers.Count == 0)
        {
            return;
        }

        var bySubject = teachers.GroupBy(t => t.DisciplineCode!).ToDictionary(g => g.Key, g => g.ToList());
        var rotation = new Dictionary<string, int>();
        GeneratedStaff TeacherFor(string subject)
        {
            if (!bySubject.TryGetValue(subject, out var list))
            {
                list = teachers;
            }

            rotation.TryGetValue(subject, out var k);
            rotation[subject] = k + 1;
            return list[k % list.Count];
        }

        var principal = new Dictionary<string, List<(string, DateOnly)>>();
        foreach (var c in classes)
        {
            foreach (var subject in CoreSubjects)
            {
                services.Add(new GeneratedService(TeacherFor(subject).Id, c.Code, false, subject));
            }

            var pp = TeacherFor(CoreSubjects[random.Next(4)]);
            if (!principal.TryGetValue(pp.Id, out var list))
            {
                principal[pp.Id] = list = [];
            }

            list.Add((c.Code, new DateOnly(Year + 1, 7, 4)));
            if (random.Next(5) == 0)
            {
                // History: a previous principal teacher whose assignment ended before Today.
                var old = teachers[random.Next(teachers.Count)];
                if (!principal.TryGetValue(old.Id, out var l2))
                {
                    principal[old.Id] = l2 = [];
                }

                if (!l2.Exists(x => x.Item1 == c.Code))
                {
                    l2.Add((c.Code, new DateOnly(Year, 9, 20)));
                }
            }
        }

        foreach (var g in groups)
        {
            services.Add(new GeneratedService(TeacherFor(g.SubjectBcnCode).Id, g.Code, true, g.SubjectBcnCode));
        }

        for (var i = 0; i < staff.Count; i++)
        {
            if (principal.TryGetValue(staff[i].Id, out var list))
            {
                staff[i] = staff[i] with { PrincipalOf = list };
            }
        }
    }

    private void GenerateStudentsAndFamilies()
    {
        var total = Counts.Students;
        var familySizes = new List<int>();
        var assigned = 0;
        while (assigned < total)
        {
            var size = Math.Min(total - assigned, random.Next(10) switch { < 6 => 1, < 9 => 2, _ => 3 });
            familySizes.Add(size);
            assigned += size;
        }

        var legalTarget = Counts.Guardians;
        var families = new List<(string Surname, List<int> Children)>();
        var index = 0;
        foreach (var size in familySizes)
        {
            var surname = Surname();
            var children = new List<int>();
            for (var k = 0; k < size; k++)
            {
                children.Add(index);
                students.Add(NewStudent(index, surname));
                index++;
            }

            families.Add((surname, children));
        }

        // Deliberate homonyms: same last and first name, different students (planner must not merge them).
        var homonyms = Math.Max(1, total / 400);
        for (var h = 0; h < homonyms && total >= 4; h++)
        {
            var a = students[(h * 97) % total];
            var bIndex = ((h * 97) + (total / 2)) % total;
            var b = students[bIndex];
            students[bIndex] = b with
            {
                Nom = b.Nom is null ? null : a.ExpectedLastName,
                NomDeFamille = b.Nom is null ? a.ExpectedLastName : b.NomDeFamille,
                NomUsage = b.Nom is null && b.NomUsage is not null ? a.ExpectedLastName : b.NomUsage,
                FirstName = a.FirstName,
            };
        }

        // Guardians: two legal guardians for most families, one for some; then other contacts (RESP_LEGAL 0).
        var legalPerFamily = families.Select(_ => random.Next(100) < 85 ? 2 : 1).ToArray();
        var legalTotal = legalPerFamily.Sum();
        for (var f = 0; legalTotal > legalTarget && f < families.Count; f++)
        {
            if (legalPerFamily[f] == 2)
            {
                legalPerFamily[f] = 1;
                legalTotal--;
            }
        }

        var personIndex = 0;
        for (var f = 0; f < families.Count && guardians.Count < legalTarget; f++)
        {
            var (surname, children) = families[f];
            var address = NewAddress(f);
            for (var g = 0; g < legalPerFamily[f] && guardians.Count < legalTarget; g++)
            {
                var mother = g == 0 ? random.Next(2) == 0 : guardians[^1].Civility == "M.";
                var rank = g + 1;
                var links = children.Select(c => (students[c].SiecleId, rank, mother ? "20" : "10")).ToList();
                guardians.Add(NewGuardian(personIndex++, surname, mother, address.Id, links));
            }
        }

        while (guardians.Count < legalTarget && families.Count > 0)
        {
            var f = random.Next(families.Count);
            var (surname, children) = families[f];
            var links = children.Select(c => (students[c].SiecleId, 0, "50")).ToList();
            var address = NewAddress(families.Count + personIndex);
            guardians.Add(NewGuardian(personIndex++, random.Next(2) == 0 ? surname : Surname(), random.Next(2) == 0, address.Id, links));
        }
    }

    private GeneratedStudent NewStudent(int i, string surname)
    {
        var sex = 1 + random.Next(2);
        var classIndex = random.Next(Math.Max(1, classes.Count));
        var cls = classes.Count == 0 ? null : classes[classIndex];
        var classCodes = new List<string>();
        var roll = random.Next(1000);
        if (cls is not null && roll >= 8)
        {
            classCodes.Add(cls.Code);
            if (roll >= 995)
            {
                // Anomaly seen in real exports: two divisions for one student.
                classCodes.Add(classes[(classIndex + 4) % classes.Count].Code);
            }
        }

        var groupCodes = new List<string>();
        if (cls is not null)
        {
            foreach (var g in groups)
            {
                if (g.ClassCodes.Contains(cls.Code) && random.Next(3) == 0 && groupCodes.Count < 2)
                {
                    groupCodes.Add(g.Code);
                }
            }
        }

        var options = groupCodes.Select(g => groups.First(x => x.Code == g).SubjectBcnCode).ToList();
        var left = random.Next(100) < 3;
        var format = random.Next(10);
        string? nom = null, famille = null, usage = null;
        if (format < 2)
        {
            nom = surname; // old SIECLE format
        }
        else if (format < 3)
        {
            usage = surname; // NOM_USAGE only
        }
        else
        {
            famille = surname;
            if (random.Next(8) == 0)
            {
                usage = Surname() + "-" + surname; // usage name differs from family name
            }
        }

        var ineBase = (1_000_000_000L + (i * 7919L)).ToString(CultureInfo.InvariantCulture);
        var withRnie = random.Next(3) != 0;
        var old = ineBase + (char)('A' + (i % 26));
        var level = cls?.Level ?? 0;
        return new GeneratedStudent(
            (300000 + (i * 3)).ToString(CultureInfo.InvariantCulture),
            (5000 + i).ToString(CultureInfo.InvariantCulture),
            format < 2 ? old : null,
            format >= 2 ? old : null,
            withRnie ? "1" + ineBase[1..] + (char)('K' + (i % 10)) + "X" : null,
            nom,
            famille,
            usage,
            FirstName(sex),
            new DateOnly(Year - 11 - level, 1 + random.Next(12), 1 + random.Next(28)),
            sex,
            random.Next(5) == 0 ? $"eleve{i}@example.org" : null,
            cls?.Mef ?? LevelMefs[0],
            classCodes,
            groupCodes,
            options,
            left ? new DateOnly(Year, 9, 1 + random.Next(20)) : null,
            $"E{i + 1:D5}");
    }

    private GeneratedGuardian NewGuardian(int i, string surname, bool mother, string addressId, List<(string, int, string)> links)
    {
        var format = random.Next(10);
        string? nom = null, famille = null, usage = null;
        if (format < 2)
        {
            nom = surname;
        }
        else if (mother && random.Next(2) == 0)
        {
            famille = Surname();
            usage = surname;
        }
        else
        {
            famille = surname;
        }

        return new GeneratedGuardian(
            (700000 + (i * 5)).ToString(CultureInfo.InvariantCulture),
            nom,
            famille,
            usage,
            FirstName(mother ? 2 : 1),
            mother ? "MME" : "M.",
            random.Next(3) == 0 ? null : $"parent{i}@example.net",
            $"06{random.Next(10_000_000, 99_999_999)}",
            addressId,
            links,
            $"R{i + 1:D5}");
    }

    private GeneratedAddress NewAddress(int i)
    {
        var id = (900000 + i).ToString(CultureInfo.InvariantCulture);
        if (addresses.Count > 0 && addresses[^1].Id == id)
        {
            return addresses[^1];
        }

        GeneratedAddress a;
        if (random.Next(50) == 0)
        {
            a = new GeneratedAddress(id, $"{1 + random.Next(200)} Calle Mayor", null, null, null, "ESPAGNE", "Gérone");
        }
        else
        {
            var (cp, town) = Towns[random.Next(Towns.Length)];
            a = new GeneratedAddress(id, $"{1 + random.Next(120)} {Streets[random.Next(Streets.Length)]}", random.Next(6) == 0 ? "Résidence « Les Cèdres » bât. B" : null, cp, town, "FRANCE", null);
        }

        addresses.Add(a);
        return a;
    }

    private string Surname()
    {
        var s = Surnames[random.Next(Surnames.Length)];
        return random.Next(10) == 0 ? s + "-" + Surnames[random.Next(Surnames.Length)] : s;
    }

    private string FirstName(int sex) => sex == 1 ? BoysFirstNames[random.Next(BoysFirstNames.Length)] : GirlsFirstNames[random.Next(GirlsFirstNames.Length)];

    private ExpectedFacts ComputeFacts()
    {
        var current = students.Where(s => s.IsCurrent).ToList();
        var currentIds = current.Select(s => s.SiecleId).ToHashSet();
        var legal = guardians.Select(g => g.Links.Where(l => l.Legal is 1 or 2).ToList()).ToList();
        return new ExpectedFacts
        {
            StudentsInFile = students.Count,
            CurrentStudents = current.Count,
            Leavers = students.Count(s => s.ExitDate is not null),
            StudentsWithoutClass = students.Count(s => s.ExitDate is null && s.ClassCodes.Count == 0),
            StudentsWithSeveralClasses = current.Count(s => s.ClassCodes.Count > 1),
            StudentsWithUsageNameOnly = students.Count(s => s.Nom is null && s.NomDeFamille is null),
            StudentsWithRnie = current.Count(s => s.IneRnie is not null),
            HomonymPairs = current.GroupBy(s => (s.ExpectedLastName, s.FirstName)).Count(g => g.Count() > 1),
            CurrentClasses = current.Select(s => s.ClassCodes[0]).Distinct().Count(),
            CurrentGroups = current.SelectMany(s => s.GroupCodes).Distinct().Count(),
            PersonsInGuardiansFile = guardians.Count,
            NonLegalLinks = guardians.Sum(g => g.Links.Count(l => l.Legal == 0)),
            LegalGuardiansOfCurrentStudents = legal.Count(l => l.Exists(x => currentIds.Contains(x.StudentId))),
            LegalLinksToCurrentStudents = legal.Sum(l => l.Count(x => currentIds.Contains(x.StudentId))),
            LegalGuardiansOfAnyStudent = legal.Count(l => l.Count > 0),
            Staff = staff.Count,
            StaffWithoutFunction = staff.Count(s => s.Function is null),
            Teachers = staff.Count(s => s.ExpectedProfile == "ENS"),
            Subjects = CollegeSubjects.Count,
            Classes = classes.Count,
            Groups = groups.Count,
            Services = services.Select(s => (s.TeacherId, s.StructureCode, s.IsGroup, s.SubjectBcnCode)).Distinct().Count(),
            CurrentPrincipalAssignments = staff.Sum(s => s.PrincipalOf.Count(p => p.End >= Today)),
        };
    }

    // ------------------------------------------------------------------ writers

    private static XmlWriter CreateWriter(Stream stream, Encoding encoding) => XmlWriter.Create(stream, new XmlWriterSettings
    {
        Encoding = encoding,
        Indent = true,
        IndentChars = "  ",
        CloseOutput = false,
    });

    private static string Date(DateOnly d) => d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    private static string IsoDate(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void Element(XmlWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteElementString(name, value);
        }
    }

    /// <summary>ElevesSansAdresses.xml: BEE_ELEVES, declared and encoded ISO-8859-15.</summary>
    public void WriteStudentsXml(Stream stream, Encoding? encoding = null)
    {
        using var w = CreateWriter(stream, encoding ?? Latin9);
        w.WriteStartDocument();
        w.WriteStartElement("BEE_ELEVES");
        w.WriteAttributeString("VERSION", "3.4");
        WriteBeeParameters(w);
        w.WriteStartElement("DONNEES");
        w.WriteStartElement("ELEVES");
        foreach (var s in students)
        {
            w.WriteStartElement("ELEVE");
            w.WriteAttributeString("ELEVE_ID", s.SiecleId);
            w.WriteAttributeString("ELENOET", s.Elenoet);
            Element(w, "ID_NATIONAL", s.IdNational);
            Element(w, "INE_BEA", s.IneBea);
            Element(w, "INE_RNIE", s.IneRnie);
            Element(w, "ELENOET", s.Elenoet);
            Element(w, "NOM", s.Nom);
            Element(w, "NOM_DE_FAMILLE", s.NomDeFamille);
            Element(w, "NOM_USAGE", s.NomUsage);
            Element(w, "PRENOM", s.FirstName);
            Element(w, "PRENOM2", s.SiecleId.EndsWith('3') ? "Marie" : null);
            Element(w, "DATE_NAISS", Date(s.BirthDate));
            Element(w, "DOUBLEMENT", "0");
            Element(w, "CODE_PAYS", "100");
            Element(w, "CODE_SEXE", s.Sex.ToString(CultureInfo.InvariantCulture));
            Element(w, "VILLE_NAISS", "MONTPELLIER");
            Element(w, "CODE_DEPARTEMENT_NAISS", "034");
            Element(w, "CODE_COMMUNE_INSEE_NAISS", "34172");
            Element(w, "CODE_REGIME", "2");
            Element(w, "DATE_ENTREE", $"01/09/{Year}");
            Element(w, "DATE_SORTIE", s.ExitDate is { } exit ? Date(exit) : null);
            Element(w, "CODE_MOTIF_SORTIE", s.ExitDate is null ? null : "03");
            Element(w, "MEL", s.Email);
            Element(w, "CODE_MEF", s.Mef);
            Element(w, "CODE_STATUT", "ST");
            Element(w, "ACCEPTE_SMS", "0");
            w.WriteStartElement("SCOLARITE_AN_DERNIER");
            Element(w, "CODE_MEF", s.Mef);
            Element(w, "CODE_RNE", "0340999Z");
            Element(w, "SIGLE", "CLG");
            Element(w, "DENOM_PRINC", "COLLEGE");
            Element(w, "DENOM_COMPL", "Frédéric Bazille");
            w.WriteEndElement();
            w.WriteEndElement();
        }

        w.WriteEndElement();

        w.WriteStartElement("OPTIONS");
        foreach (var s in students.Where(s => s.Options.Count > 0))
        {
            w.WriteStartElement("OPTION");
            w.WriteAttributeString("ELEVE_ID", s.SiecleId);
            w.WriteAttributeString("ELENOET", s.Elenoet);
            var n = 1;
            foreach (var o in s.Options)
            {
                w.WriteStartElement("OPTIONS_ELEVE");
                Element(w, "NUM_OPTION", (n++).ToString(CultureInfo.InvariantCulture));
                Element(w, "CODE_MODALITE_ELECT", "O");
                Element(w, "CODE_MATIERE", o);
                w.WriteEndElement();
            }

            w.WriteEndElement();
        }

        w.WriteEndElement();

        w.WriteStartElement("STRUCTURES");
        foreach (var s in students)
        {
            if (s.ClassCodes.Count == 0 && s.GroupCodes.Count == 0)
            {
                continue;
            }

            w.WriteStartElement("STRUCTURES_ELEVE");
            w.WriteAttributeString("ELEVE_ID", s.SiecleId);
            w.WriteAttributeString("ELENOET", s.Elenoet);
            foreach (var c in s.ClassCodes)
            {
                w.WriteStartElement("STRUCTURE");
                Element(w, "CODE_STRUCTURE", c);
                Element(w, "TYPE_STRUCTURE", "D");
                w.WriteEndElement();
            }

            foreach (var g in s.GroupCodes)
            {
                w.WriteStartElement("STRUCTURE");
                Element(w, "CODE_STRUCTURE", g);
                Element(w, "TYPE_STRUCTURE", "G");
                w.WriteEndElement();
            }

            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndDocument();
    }

    private void WriteBeeParameters(XmlWriter w)
    {
        w.WriteStartElement("PARAMETRES");
        Element(w, "UAJ", Uai);
        Element(w, "ANNEE_SCOLAIRE", Year.ToString(CultureInfo.InvariantCulture));
        Element(w, "DATE_EXPORT", Date(Today));
        Element(w, "HORODATAGE", $"{Date(Today)} 10:42:17");
        w.WriteEndElement();
    }

    /// <summary>ResponsablesAvecAdresses.xml: BEE_RESPONSABLES, ISO-8859-15.</summary>
    public void WriteGuardiansXml(Stream stream, Encoding? encoding = null)
    {
        using var w = CreateWriter(stream, encoding ?? Latin9);
        w.WriteStartDocument();
        w.WriteStartElement("BEE_RESPONSABLES");
        w.WriteAttributeString("VERSION", "3.4");
        WriteBeeParameters(w);
        w.WriteStartElement("DONNEES");
        w.WriteStartElement("PERSONNES");
        foreach (var g in guardians)
        {
            w.WriteStartElement("PERSONNE");
            w.WriteAttributeString("PERSONNE_ID", g.PersonId);
            Element(w, "NOM", g.Nom);
            Element(w, "NOM_DE_FAMILLE", g.NomDeFamille);
            Element(w, "NOM_USAGE", g.NomUsage);
            Element(w, "PRENOM", g.FirstName);
            Element(w, "LC_CIVILITE", g.Civility);
            Element(w, "TEL_PORTABLE", g.PhoneMobile);
            Element(w, "MEL", g.Email);
            Element(w, "ADRESSE_ID", g.AddressId);
            Element(w, "CODE_PROFESSION", "54");
            Element(w, "COMMUNICATION_ADRESSE", "1");
            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteStartElement("RESPONSABLES");
        foreach (var g in guardians)
        {
            foreach (var (student, legal, relationship) in g.Links)
            {
                w.WriteStartElement("RESPONSABLE_ELEVE");
                Element(w, "ELEVE_ID", student);
                Element(w, "PERSONNE_ID", g.PersonId);
                Element(w, "RESP_LEGAL", legal.ToString(CultureInfo.InvariantCulture));
                Element(w, "CODE_PARENTE", relationship);
                Element(w, "RESP_FINANCIER", legal == 1 ? "1" : "0");
                Element(w, "PERS_PAIMENT", legal == 1 ? "1" : "0");
                Element(w, "PERS_CONTACT", "1");
                w.WriteEndElement();
            }
        }

        w.WriteEndElement();
        w.WriteStartElement("ADRESSES");
        foreach (var a in addresses)
        {
            w.WriteStartElement("ADRESSE");
            w.WriteAttributeString("ADRESSE_ID", a.Id);
            Element(w, "LIGNE1_ADRESSE", a.Line1);
            Element(w, "LIGNE2_ADRESSE", a.Line2);
            Element(w, "CODE_POSTAL", a.PostalCode);
            Element(w, "LIBELLE_POSTAL", a.Town);
            Element(w, "LL_PAYS", a.Country);
            Element(w, "CODE_DEPARTEMENT", a.PostalCode is null ? null : "034");
            Element(w, "COMMUNE_ETRANGERE", a.ForeignTown);
            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndDocument();
    }

    /// <summary>sts_emp_UAI_YYYY.xml: STS_EDT (UAI and year as attributes), ISO-8859-1 like STS-web.</summary>
    public void WriteStsXml(Stream stream, Encoding? encoding = null, bool withApplicationSource = false)
    {
        using var w = CreateWriter(stream, encoding ?? Latin9);
        w.WriteStartDocument();
        w.WriteStartElement("STS_EDT");
        w.WriteStartElement("PARAMETRES");
        w.WriteStartElement("UAJ");
        w.WriteAttributeString("CODE", Uai);
        w.WriteEndElement();
        w.WriteStartElement("ANNEE_SCOLAIRE");
        w.WriteAttributeString("ANNEE", Year.ToString(CultureInfo.InvariantCulture));
        w.WriteEndElement();
        Element(w, "DATE_EXPORT", Date(Today));
        Element(w, "HORODATAGE", $"{Date(Today)} 10:45:02");
        if (withApplicationSource)
        {
            Element(w, "APPLICATION_SOURCE", "EDT 2026");
        }

        w.WriteEndElement();

        w.WriteStartElement("NOMENCLATURES");
        w.WriteStartElement("MATIERES");
        foreach (var s in CollegeSubjects)
        {
            w.WriteStartElement("MATIERE");
            w.WriteAttributeString("CODE", s.BcnCode);
            Element(w, "CODE_GESTION", s.ManagementCode);
            Element(w, "LIBELLE_COURT", s.ShortLabel);
            Element(w, "LIBELLE_LONG", s.LongLabel);
            Element(w, "LIBELLE_EDITION", s.EditionLabel);
            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteStartElement("MEFS");
        for (var l = 0; l < 4; l++)
        {
            w.WriteStartElement("MEF");
            w.WriteAttributeString("CODE", LevelMefs[l]);
            Element(w, "FORMATION", LevelLabels[l]);
            Element(w, "LIBELLE_COURT", LevelLabels[l]);
            Element(w, "LIBELLE_LONG", LevelLabels[l]);
            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteEndElement();

        w.WriteStartElement("DONNEES");
        w.WriteStartElement("INDIVIDUS");
        foreach (var s in staff)
        {
            w.WriteStartElement("INDIVIDU");
            w.WriteAttributeString("ID", s.Id);
            w.WriteAttributeString("TYPE", "epp");
            Element(w, "SEXE", s.Sex.ToString(CultureInfo.InvariantCulture));
            Element(w, "CIVILITE", s.Sex.ToString(CultureInfo.InvariantCulture));
            Element(w, "NOM_USAGE", s.NomUsage);
            Element(w, "NOM_PATRONYMIQUE", s.NomPatronymique);
            Element(w, "PRENOM", s.FirstName);
            Element(w, "DATE_NAISSANCE", IsoDate(s.BirthDate));
            Element(w, "GRADE", s.Function is "DIR" ? "PERDIR" : "CERTIFIE");
            Element(w, "FONCTION", s.Function);
            if (s.PrincipalOf.Count > 0)
            {
                w.WriteStartElement("PROFS_PRINC");
                foreach (var (code, end) in s.PrincipalOf)
                {
                    w.WriteStartElement("PROF_PRINC");
                    Element(w, "CODE_STRUCTURE", code);
                    Element(w, "DATE_DEBUT", IsoDate(new DateOnly(Year, 9, 1)));
                    Element(w, "DATE_FIN", IsoDate(end));
                    w.WriteEndElement();
                }

                w.WriteEndElement();
            }

            if (s.DisciplineCode is not null)
            {
                var subject = CollegeSubjects.First(x => x.BcnCode == s.DisciplineCode);
                w.WriteStartElement("DISCIPLINES");
                w.WriteStartElement("DISCIPLINE");
                w.WriteAttributeString("CODE", "L" + s.DisciplineCode[..4]);
                Element(w, "LIBELLE_COURT", subject.ShortLabel);
                Element(w, "NB_HEURES", "18.00");
                w.WriteEndElement();
                w.WriteEndElement();
            }

            w.WriteEndElement();
        }

        w.WriteEndElement();

        w.WriteStartElement("STRUCTURE");
        w.WriteStartElement("DIVISIONS");
        foreach (var c in classes)
        {
            w.WriteStartElement("DIVISION");
            w.WriteAttributeString("CODE", c.Code);
            Element(w, "LIBELLE_LONG", c.Label);
            Element(w, "EFFECTIF_PREVU", "28");
            w.WriteStartElement("MEFS_APPARTENANCE");
            w.WriteStartElement("MEF_APPARTENANCE");
            w.WriteEndElement();
            w.WriteStartElement("MEF");
            w.WriteAttributeString("CODE", c.Mef);
            w.WriteEndElement();
            w.WriteEndElement();
            WriteServices(w, c.Code, false);
            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteStartElement("GROUPES");
        foreach (var g in groups)
        {
            w.WriteStartElement("GROUPE");
            w.WriteAttributeString("CODE", g.Code);
            Element(w, "LIBELLE_LONG", g.Label);
            w.WriteStartElement("DIVISIONS_APPARTENANCE");
            foreach (var c in g.ClassCodes)
            {
                w.WriteStartElement("DIVISION_APPARTENANCE");
                w.WriteAttributeString("CODE", c);
                w.WriteEndElement();
            }

            w.WriteEndElement();
            WriteServices(w, g.Code, true);
            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndDocument();
    }

    private void WriteServices(XmlWriter w, string structure, bool isGroup)
    {
        var list = services.Where(s => s.StructureCode == structure && s.IsGroup == isGroup).GroupBy(s => s.SubjectBcnCode).ToList();
        if (list.Count == 0)
        {
            return;
        }

        w.WriteStartElement("SERVICES");
        foreach (var bySubject in list)
        {
            w.WriteStartElement("SERVICE");
            w.WriteAttributeString("CODE_MATIERE", bySubject.Key);
            w.WriteAttributeString("CODE_MOD_COURS", "CG");
            w.WriteStartElement("ENSEIGNANTS");
            foreach (var s in bySubject)
            {
                w.WriteStartElement("ENSEIGNANT");
                w.WriteAttributeString("ID", s.TeacherId);
                w.WriteAttributeString("TYPE", "epp");
                w.WriteEndElement();
            }

            w.WriteEndElement();
            w.WriteEndElement();
        }

        w.WriteEndElement();
    }

    /// <summary>Spreadsheet of current students: number;gender;nom;prénom;birth;email;class;groups.</summary>
    public void WriteStudentsCsv(Stream stream, char separator = ';', bool windows1252 = false)
    {
        var rows = students.Where(s => s.IsCurrent).Select(s => new[]
        {
            s.Number, s.Sex == 1 ? "M" : "F", s.ExpectedLastName, s.FirstName, Date(s.BirthDate), s.Email ?? string.Empty,
            s.ClassCodes[0], string.Join('|', s.GroupCodes),
        });
        WriteCsv(stream, separator, windows1252, ["Numéro", "Genre", "Nom", "Prénom", "Date de naissance", "Courriel", "Classe", "Groupes"], rows);
    }

    /// <summary>Spreadsheet of staff: reference;gender;nom;prénom;profile;email;classes;groups.</summary>
    public void WriteStaffCsv(Stream stream, char separator = ';', bool windows1252 = false)
    {
        var rows = staff.Select(s => new[]
        {
            "P" + s.Id, s.Sex == 1 ? "M." : "Mme", s.ExpectedLastName, s.FirstName, s.ExpectedProfile, string.Empty,
            string.Join('|', services.Where(x => x.TeacherId == s.Id && !x.IsGroup).Select(x => x.StructureCode).Distinct()),
            string.Join('|', services.Where(x => x.TeacherId == s.Id && x.IsGroup).Select(x => x.StructureCode).Distinct()),
        });
        WriteCsv(stream, separator, windows1252, ["Référence", "Civilité", "Nom", "Prénom", "Profil", "Courriel", "Classes", "Groupes"], rows);
    }

    /// <summary>Spreadsheet of legal guardians of current students (children by student number).</summary>
    public void WriteParentsCsv(Stream stream, char separator = ';', bool windows1252 = false)
    {
        var byId = students.ToDictionary(s => s.SiecleId);
        var addressById = addresses.ToDictionary(a => a.Id);
        var rows = new List<string[]>();
        foreach (var g in guardians)
        {
            var children = g.Links.Where(l => l.Legal is 1 or 2 && byId[l.StudentId].IsCurrent).Select(l => byId[l.StudentId].Number).Take(9).ToList();
            if (children.Count == 0)
            {
                continue;
            }

            var a = g.AddressId is null ? null : addressById[g.AddressId];
            var row = new List<string>
            {
                g.Reference, g.Civility, g.ExpectedLastName, g.FirstName, g.Email ?? string.Empty,
                a?.Line1 ?? string.Empty, a?.Line2 ?? string.Empty, string.Empty, string.Empty,
                a?.PostalCode ?? string.Empty, a?.Town ?? a?.ForeignTown ?? string.Empty, a?.Country ?? string.Empty,
            };
            row.AddRange(children);
            rows.Add([.. row]);
        }

        WriteCsv(stream, separator, windows1252, ["Référence", "Civilité", "Nom", "Prénom", "Courriel", "Adresse 1", "Adresse 2", "Adresse 3", "Adresse 4", "Code postal", "Commune", "Pays", "Enfant 1", "Enfant 2"], rows);
    }

    /// <summary>Number of rows <see cref="WriteParentsCsv"/> writes.</summary>
    public int ParentsCsvRows => Expected.LegalGuardiansOfCurrentStudents;

    private static void WriteCsv(Stream stream, char separator, bool windows1252, string[] header, IEnumerable<string[]> rows)
    {
        Encoding encoding;
        if (windows1252)
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            encoding = Encoding.GetEncoding(1252);
        }
        else
        {
            encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
        }

        using var writer = new StreamWriter(stream, encoding, 65536, leaveOpen: true) { NewLine = "\r\n" };
        writer.WriteLine(string.Join(separator, header.Select(c => Quote(c, separator))));
        foreach (var row in rows)
        {
            writer.WriteLine(string.Join(separator, row.Select(c => Quote(c, separator))));
        }
    }

    private static string Quote(string cell, char separator)
        => cell.Contains(separator) || cell.Contains('"') || cell.Contains('\n') ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;

    // ------------------------------------------------------------------ conveniences

    public byte[] StudentsXml() => ToBytes(s => WriteStudentsXml(s));

    public byte[] GuardiansXml() => ToBytes(s => WriteGuardiansXml(s));

    public byte[] StsXml() => ToBytes(s => WriteStsXml(s));

    private static byte[] ToBytes(Action<Stream> write)
    {
        using var ms = new MemoryStream();
        write(ms);
        return ms.ToArray();
    }

    /// <summary>Wraps content in a zip, as SIECLE delivers it (ExportXML_ElevesSansAdresses.zip).</summary>
    public static byte[] Zip(string entryName, byte[] content, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            var entry = zip.CreateEntry(entryName, level);
            using var es = entry.Open();
            es.Write(content);
        }

        return ms.ToArray();
    }
}
