using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using Microsoft.EntityFrameworkCore;
using Sacoche.Competences.Application.Bilans;
using Sacoche.Competences.Application.Reports;
using Sacoche.Competences.Domain;
using Sacoche.Competences.Infrastructure;
using Sacoche.ServiceDefaults.Security;

namespace Sacoche.Competences.Application.Lsu;

internal sealed record LsuEleve(string Id, string SiecleId, string LastName, string FirstName, string ClassCode);

internal sealed record LsuPeriode(string Id, string Millesime, int Index, int Count);

internal sealed record LsuDiscipline(string Id, string Code, string Modality, string Label, string SubjectCode);

internal sealed record LsuEnseignant(string Id, string Type, string StsId, string? Civility, string LastName, string FirstName);

internal sealed record LsuParcoursCommun(string PeriodRef, string ClassCode, IReadOnlyList<(string Code, string Text)> Items);

/// <summary>
/// One pass over what an export covers: per class × period (one loaded at a time, through <see cref="ClassBilanLoader"/>), the
/// problems of the check and, when a writer is given, the « bilan-periodique » elements; then the locked end-of-cycle bilans.
/// It collects what the file's first sections need (students, periods, disciplines, teachers, elements, parcours), which
/// <see cref="LsuDocument"/> writes before copying the bilans. Every xs:ID derives from the data (SIECLE id, STS id, BCN code,
/// text hash), so two exports of the same data are the same file.
/// </summary>
internal sealed class LsuPass(CompetencesDbContext db, ClassBilanLoader loader, CommonCoreService commonCore, int establishmentId, LsuPlan plan,
    string headRef, TimeZoneInfo zone)
{
    public const int MaxAppreciation = 600;
    public const int MaxGeneral = 1000;
    public const int MaxElement = 300;
    public const int MaxSynthesis = 1500;
    public const int MaxSubjectLabel = 40;
    public const int MaxClassCode = 8;
    private static readonly HashSet<string> Modalities = ["S", "O", "F", "L", "R", "X"];
    private static readonly HashSet<string> ParcoursCodes = ["PAR_AVN", "PAR_CIT", "PAR_ART", "PAR_SAN"];
    private static readonly HashSet<string> MeasureCodes = ["PAP", "PPS", "UPE2A", "SEGPA", "ULIS", "PAI", "PPRE"];
    private static readonly HashSet<string> ComplementCodes = ["AUC", "LCA", "LCR", "PRO", "LSF", "LVE"];

    public LsuProblemList Problems { get; } = new();
    public SortedDictionary<string, LsuEleve> Eleves { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, LsuPeriode> Periodes { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, LsuDiscipline> Disciplines { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, LsuEnseignant> Enseignants { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, string> Elements { get; } = new(StringComparer.Ordinal);
    public List<LsuParcoursCommun> Parcours { get; } = [];
    public int PeriodicBilans { get; private set; }
    public int CycleBilans { get; private set; }

    private readonly Dictionary<string, Guid> _siecleIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _nationalBcn = new(StringComparer.Ordinal);
    private Dictionary<Guid, RosterUser> _staff = [];
    private ILookup<Guid, RosterUser> _guardians = Array.Empty<RosterUser>().ToLookup(u => u.UserId);
    private readonly HashSet<string> _checkedClasses = new(StringComparer.Ordinal);
    private ClassData? _class;
    private bool _periodicOpen;
    private bool _cycleOpen;

    /// <summary>The roster of the class being written (loaded once for its periods).</summary>
    private sealed record ClassData(string Code, Dictionary<Guid, RosterUser> Students, ILookup<Guid, StudentMeasure> Measures,
        Dictionary<(Guid, string), string> Options, List<TeacherServiceRow> Services);

    public async Task RunAsync(XmlWriter? w, CancellationToken ct)
    {
        _staff = await db.Users.AsNoTracking().Where(u => u.Profile != Profiles.Student && u.Profile != Profiles.Guardian).ToDictionaryAsync(u => u.UserId, ct);
        _guardians = (await db.Users.AsNoTracking().Where(u => u.Profile == Profiles.Guardian && u.ChildIds.Length > 0).OrderBy(u => u.LastName)
            .ThenBy(u => u.FirstName).ThenBy(u => u.UserId).ToListAsync(ct)).SelectMany(g => g.ChildIds.Select(c => (Child: c, Guardian: g)))
            .ToLookup(x => x.Child, x => x.Guardian);
        var statuses = await db.BilanStatuses.AsNoTracking().Where(s => plan.Scope.PeriodIds.Contains(s.PeriodId)).ToListAsync(ct);
        var completions = (await db.BilanStatusChanges.AsNoTracking()
                .Where(c => plan.Scope.PeriodIds.Contains(c.PeriodId) && c.NewStatus == "complete")
                .GroupBy(c => new { c.ClassCode, c.PeriodId }).Select(g => new { g.Key.ClassCode, g.Key.PeriodId, At = g.Max(c => c.ChangedAt) }).ToListAsync(ct))
            .ToDictionary(c => (c.ClassCode, c.PeriodId), c => c.At);

        foreach (var pair in plan.Pairs)
        {
            var row = statuses.FirstOrDefault(s => s.ClassCode == pair.Class.Code && s.PeriodId == pair.Period.Id);
            var status = BilanStatuses.Parse(row?.Status);
            if (status != BilanStatus.Complete)
            {
                Problems.Warning(LsuCheckCodes.BilanNotComplete,
                    $"Le bilan de {pair.Class.Name} pour « {pair.Period.Name} » est au statut « {status.Label()} » : il ne sera pas exporté (seuls les bilans « complets » le sont).",
                    pair.Class.Code, pair.Period.Id, link: LsuLinks.Sheet(pair.Class.Code, pair.Period.Id));
                continue;
            }
            var lockedAt = completions.TryGetValue((pair.Class.Code, pair.Period.Id), out var at) ? at : row!.ChangedAt;
            await PeriodicAsync(w, pair, TimeZoneInfo.ConvertTime(lockedAt, zone), ct);
        }
        if (_periodicOpen)
        {
            w!.WriteEndElement();
        }
        foreach (var cls in plan.CycleClasses)
        {
            await CycleAsync(w, cls, ct);
        }
        if (_cycleOpen)
        {
            w!.WriteEndElement();
        }
        if (PeriodicBilans == 0 && CycleBilans == 0)
        {
            Problems.Error(LsuCheckCodes.NothingToExport,
                "Rien à exporter : aucun bilan périodique « complet » ni bilan de fin de cycle verrouillé dans ce qui est choisi.", link: LsuLinks.Board);
        }
    }

    private async Task<ClassData> ClassAsync(RosterClass cls, CancellationToken ct)
    {
        if (_class?.Code == cls.Code)
        {
            return _class;
        }
        var students = await db.Users.AsNoTracking().Where(u => u.Profile == Profiles.Student && u.ClassCode == cls.Code).ToDictionaryAsync(u => u.UserId, ct);
        Guid[] ids = [.. students.Keys];
        var measures = (await db.StudentMeasures.AsNoTracking().Where(m => ids.Contains(m.StudentId)).OrderBy(m => m.Code).ToListAsync(ct)).ToLookup(m => m.StudentId);
        var options = await db.RosterStudentOptions.AsNoTracking().Where(o => ids.Contains(o.StudentId)).ToDictionaryAsync(o => (o.StudentId, o.SubjectBcnCode), o => o.Modality, ct);
        var groups = students.Values.SelectMany(s => s.GroupCodes).ToHashSet(StringComparer.Ordinal);
        var services = await db.TeacherServices.AsNoTracking()
            .Where(s => (!s.IsGroup && s.StructureCode == cls.Code) || (s.IsGroup && groups.Contains(s.StructureCode))).ToListAsync(ct);
        if (_checkedClasses.Add(cls.Code) && cls.Code.Length > MaxClassCode)
        {
            Problems.Error(LsuCheckCodes.ClassCodeTooLong,
                $"Le code de la classe {cls.Name} (« {cls.Code} ») a {cls.Code.Length} caractères : le LSU en accepte {MaxClassCode} au plus (code de division de SIECLE).",
                cls.Code, link: LsuLinks.Imports);
        }
        return _class = new ClassData(cls.Code, students, measures, options, services);
    }

    private async Task PeriodicAsync(XmlWriter? w, LsuPair pair, DateTimeOffset lockedAt, CancellationToken ct)
    {
        var (cls, period) = (pair.Class, pair.Period);
        var data = await ClassAsync(cls, ct);
        var bilan = await loader.LoadAsync(establishmentId, cls, period, plan.Settings, ct);
        if (bilan.Students.Count == 0)
        {
            return;
        }
        var subjects = bilan.Subjects.ToDictionary(s => s.Code, StringComparer.Ordinal);
        Periodes.TryAdd(pair.PeriodRef, new LsuPeriode(pair.PeriodRef, pair.Millesime, pair.Index, pair.Count));
        var parcours = await db.BilanParcours.AsNoTracking().Where(p => p.PeriodId == period.Id && p.ClassCode == cls.Code).OrderBy(p => p.Code).ToListAsync(ct);
        List<(string, string)> communs = [.. parcours.Where(p => ParcoursCodes.Contains(p.Code) && !string.IsNullOrWhiteSpace(p.Description))
            .Select(p => (p.Code, Cut(p.Description.Trim(), MaxAppreciation)))];
        if (communs.Count > 0)
        {
            Parcours.Add(new LsuParcoursCommun(pair.PeriodRef, cls.Code, communs));
        }
        string? principal = PrincipalRef(cls);
        string sheet = LsuLinks.Sheet(cls.Code, period.Id);
        bool moyenne = bilan.Scale.Mode == PositioningMode.Moyenne;

        foreach (var student in bilan.Students)
        {
            string name = $"{student.LastName} {student.FirstName}";
            var roster = data.Students.GetValueOrDefault(student.StudentId);
            string eleveRef = Eleve(student.StudentId, student.LastName, student.FirstName, roster?.SiecleId, cls.Code);
            PeriodicBilans++;
            if (w is not null && !_periodicOpen)
            {
                w.WriteStartElement("bilans-periodiques");
                _periodicOpen = true;
            }
            w?.WriteStartElement("bilan-periodique");
            if (principal is not null)
            {
                w?.WriteAttributeString("prof-princ-refs", principal);
            }
            w?.WriteAttributeString("eleve-ref", eleveRef);
            w?.WriteAttributeString("periode-ref", pair.PeriodRef);
            w?.WriteAttributeString("date-conseil-classe", lockedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w?.WriteAttributeString("date-scolarite", period.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w?.WriteAttributeString("date-verrou", lockedAt.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
            w?.WriteAttributeString("responsable-etab-ref", headRef);

            w?.WriteStartElement("liste-acquis");
            var used = new HashSet<string>(StringComparer.Ordinal);
            foreach (var cell in student.Cells)
            {
                var subject = subjects[cell.SubjectCode];
                string discipline = await DisciplineAsync(subject, student.StudentId, data, ct);
                if (!used.Add(discipline))
                {
                    Problems.Error(LsuCheckCodes.DuplicateDiscipline,
                        $"{name} ({cls.Name}) a deux disciplines de même code national et de même modalité (« {discipline} ») : le LSU n'en accepte qu'une par bilan.",
                        cls.Code, period.Id, student.StudentId, name, subjectCode: subject.Code, link: LsuLinks.Imports);
                }
                List<string> teachers = [.. TeachersOf(subject, roster, data).Select(TeacherRef).OfType<string>().Distinct(StringComparer.Ordinal)];
                List<string> elements = [];
                foreach (var text in cell.Elements.Select(e => e.Trim()).Where(e => e.Length > 0))
                {
                    if (text.Length > MaxElement)
                    {
                        Problems.Error(LsuCheckCodes.ElementTooLong, $"Un élément de programme de {subject.Name} pour {name} a {text.Length} caractères ({MaxElement} au plus) : « {text[..40]}… ».",
                            cls.Code, period.Id, student.StudentId, name, subjectCode: subject.Code, link: sheet);
                    }
                    elements.Add(ElementRef(text));
                }
                if (elements.Count == 0)
                {
                    Problems.Error(LsuCheckCodes.MissingElement, $"{subject.Name} : aucun élément de programme pour {name} (le LSU en demande au moins un par discipline).",
                        cls.Code, period.Id, student.StudentId, name, subjectCode: subject.Code, link: sheet);
                }
                decimal? effective = cell.Override ?? cell.Computed;
                string? appreciation = string.IsNullOrWhiteSpace(cell.Appreciation) ? null : cell.Appreciation.Trim();
                if (appreciation is { Length: > MaxAppreciation })
                {
                    Problems.Error(LsuCheckCodes.AppreciationTooLong, $"L'appréciation de {subject.Name} pour {name} a {appreciation.Length} caractères ({MaxAppreciation} au plus).",
                        cls.Code, period.Id, student.StudentId, name, subjectCode: subject.Code, link: sheet);
                }
                if (appreciation is null && effective is not null)
                {
                    // The LSU wants an appreciation beside a positioning (the reference SACoche writes « - » too).
                    Problems.Warning(LsuCheckCodes.MissingSubjectAppreciation, $"{subject.Name} : pas d'appréciation pour {name} ; « - » sera exporté à sa place.",
                        cls.Code, period.Id, student.StudentId, name, subjectCode: subject.Code, link: sheet);
                    appreciation = "-";
                }
                if (w is null)
                {
                    continue;
                }
                w.WriteStartElement("acquis");
                w.WriteAttributeString("discipline-ref", discipline);
                w.WriteAttributeString("enseignant-refs", teachers.Count > 0 ? string.Join(' ', teachers) : "ENS_NONE");
                w.WriteAttributeString("element-programme-refs", elements.Count > 0 ? string.Join(' ', elements.Distinct(StringComparer.Ordinal)) : "EP_NONE");
                if (effective is not { } value)
                {
                    w.WriteAttributeString("eleve-non-note", "true");
                }
                else if (moyenne)
                {
                    w.WriteAttributeString("moyenne-eleve", Mark(value));
                }
                else
                {
                    w.WriteAttributeString("positionnement", ((int)Math.Clamp(value, 1, 4)).ToString(CultureInfo.InvariantCulture));
                }
                if (moyenne)
                {
                    if (subject.ClassMean is { } mean)
                    {
                        w.WriteAttributeString("moyenne-structure", Mark(mean));
                    }
                    else
                    {
                        w.WriteAttributeString("structure-non-notee", "true");
                    }
                }
                if (appreciation is not null)
                {
                    w.WriteElementString("appreciation", Cut(appreciation, MaxAppreciation));
                }
                w.WriteEndElement();
            }
            if (student.Cells.Count == 0)
            {
                Problems.Error(LsuCheckCodes.StudentWithoutSubject, $"{name} ({cls.Name}) n'a aucune discipline (aucun service d'enseignement ne le concerne) : le LSU demande au moins une discipline.",
                    cls.Code, period.Id, student.StudentId, name, link: LsuLinks.Imports);
                w?.WriteStartElement("acquis");
                w?.WriteEndElement();
            }
            w?.WriteEndElement(); // liste-acquis

            var measures = data.Measures[student.StudentId].Where(m => MeasureCodes.Contains(m.Code)).ToList();
            if (w is not null && measures.Count > 0)
            {
                w.WriteStartElement("modalites-accompagnement");
                foreach (var m in measures)
                {
                    w.WriteStartElement("modalite-accompagnement");
                    w.WriteAttributeString("code", m.Code);
                    if (m.Code == "PPRE" && !string.IsNullOrWhiteSpace(m.Complement))
                    {
                        w.WriteElementString("complement-ppre", Cut(m.Complement.Trim(), MaxAppreciation));
                    }
                    w.WriteEndElement();
                }
                w.WriteEndElement();
            }

            string? general = string.IsNullOrWhiteSpace(student.General.Appreciation) ? null : student.General.Appreciation.Trim();
            if (general is null)
            {
                Problems.Error(LsuCheckCodes.MissingGeneralAppreciation, $"Pas d'appréciation générale pour {name} ({cls.Name}, « {period.Name} ») : le LSU l'exige.",
                    cls.Code, period.Id, student.StudentId, name, link: LsuLinks.General(cls.Code, period.Id));
            }
            else if (general.Length > MaxGeneral)
            {
                Problems.Error(LsuCheckCodes.GeneralAppreciationTooLong, $"L'appréciation générale de {name} a {general.Length} caractères ({MaxGeneral} au plus).",
                    cls.Code, period.Id, student.StudentId, name, link: LsuLinks.General(cls.Code, period.Id));
            }
            w?.WriteElementString("acquis-conseils", Cut(general ?? "-", MaxGeneral));

            var a = student.Attendance;
            if (a.Version == 0)
            {
                Problems.Warning(LsuCheckCodes.MissingAttendance, $"Vie scolaire non saisie pour {name} ({cls.Name}, « {period.Name} ») : elle sera exportée à zéro.",
                    cls.Code, period.Id, student.StudentId, name, link: LsuLinks.Attendance(cls.Code, period.Id));
            }
            if (w is not null)
            {
                w.WriteStartElement("vie-scolaire");
                w.WriteAttributeString("nb-retards", Count(a.Lateness));
                w.WriteAttributeString("nb-abs-justifiees", Count(a.JustifiedAbsences));
                w.WriteAttributeString("nb-abs-injustifiees", Count(a.UnjustifiedAbsences));
                if (a.MissedHours is { } hours)
                {
                    w.WriteAttributeString("nb-heures-manquees", Count(hours));
                }
                if (!string.IsNullOrWhiteSpace(a.Comment))
                {
                    w.WriteElementString("commentaire", Cut(a.Comment.Trim(), MaxAppreciation));
                }
                w.WriteEndElement();
                Guardians(w, student.StudentId);
                w.WriteEndElement(); // bilan-periodique
            }
        }
    }

    private async Task CycleAsync(XmlWriter? w, RosterClass cls, CancellationToken ct)
    {
        var data = await ClassAsync(cls, ct);
        Guid[] ids = [.. data.Students.Keys];
        int[] cycles = [.. plan.Cycles];
        var bilans = await db.CycleBilans.AsNoTracking().Where(b => ids.Contains(b.StudentId) && cycles.Contains(b.Cycle)).ToListAsync(ct);
        var views = new Dictionary<int, CommonCoreClassView>();
        string? principal = PrincipalRef(cls);
        var scoring = new ScoringContext(plan.Settings);
        foreach (var bilan in bilans.OrderBy(b => data.Students[b.StudentId].LastName, StringComparer.Ordinal)
                     .ThenBy(b => data.Students[b.StudentId].FirstName, StringComparer.Ordinal).ThenBy(b => b.StudentId).ThenBy(b => b.Cycle))
        {
            var student = data.Students[bilan.StudentId];
            string name = $"{student.LastName} {student.FirstName}";
            string link = LsuLinks.CycleBilan(student.UserId, bilan.Cycle);
            if (bilan.LockedAt is not { } locked)
            {
                Problems.Warning(LsuCheckCodes.CycleBilanNotLocked, $"Le bilan de fin de cycle {bilan.Cycle} de {name} ({cls.Name}) n'est pas verrouillé : il ne sera pas exporté.",
                    cls.Code, null, student.UserId, name, link: link);
                continue;
            }
            string? synthesis = string.IsNullOrWhiteSpace(bilan.Synthesis) ? null : bilan.Synthesis.Trim();
            if (synthesis is null)
            {
                Problems.Error(LsuCheckCodes.CycleBilanWithoutSynthesis, $"Le bilan de fin de cycle {bilan.Cycle} de {name} ({cls.Name}) n'a pas de synthèse : le LSU l'exige.",
                    cls.Code, null, student.UserId, name, link: link);
            }
            else if (synthesis.Length > MaxSynthesis)
            {
                Problems.Error(LsuCheckCodes.CycleBilanSynthesisTooLong, $"La synthèse du bilan de fin de cycle {bilan.Cycle} de {name} a {synthesis.Length} caractères ({MaxSynthesis} au plus).",
                    cls.Code, null, student.UserId, name, link: link);
            }
            if (!views.TryGetValue(bilan.Cycle, out var view))
            {
                views[bilan.Cycle] = view = await commonCore.ClassDegreesAsync(cls, bilan.Cycle, scoring, ct);
            }
            var row = view.Students.FirstOrDefault(s => s.StudentId == student.UserId);
            var missing = view.Components.Where((c, i) => row?.Cells[i].EffectiveDegree is null).Select(c => c.Component).ToList();
            if (missing.Count > 0)
            {
                Problems.Warning(LsuCheckCodes.CycleBilanDomainNotAssessed,
                    $"Bilan de fin de cycle {bilan.Cycle} de {name} : {(missing.Count == 1 ? "le domaine" : "les domaines")} {string.Join(", ", missing)} sans degré de maîtrise {(missing.Count == 1 ? "sera exporté" : "seront exportés")} à 0 (dispensé).",
                    cls.Code, null, student.UserId, name, link: link);
            }
            string eleveRef = Eleve(student.UserId, student.LastName, student.FirstName, student.SiecleId, cls.Code);
            CycleBilans++;
            if (w is null)
            {
                continue;
            }
            if (!_cycleOpen)
            {
                w.WriteStartElement("bilans-cycle");
                _cycleOpen = true;
            }
            var local = TimeZoneInfo.ConvertTime(locked, zone);
            w.WriteStartElement("bilan-cycle");
            if (principal is not null)
            {
                w.WriteAttributeString("prof-princ-refs", principal);
            }
            w.WriteAttributeString("eleve-ref", eleveRef);
            w.WriteAttributeString("cycle", bilan.Cycle.ToString(CultureInfo.InvariantCulture));
            w.WriteAttributeString("millesime", SchoolYear.StartOf(DateOnly.FromDateTime(local.DateTime), plan.Settings.SchoolYearSwitchMonth).Year.ToString(CultureInfo.InvariantCulture));
            w.WriteAttributeString("date-creation", local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w.WriteAttributeString("date-verrou", local.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
            w.WriteAttributeString("responsable-etab-ref", headRef);
            w.WriteStartElement("socle");
            for (int i = 0; i < view.Components.Count; i++)
            {
                w.WriteStartElement("domaine");
                w.WriteAttributeString("code", view.Components[i].Component);
                w.WriteAttributeString("positionnement", (row?.Cells[i].EffectiveDegree ?? 0).ToString(CultureInfo.InvariantCulture));
                w.WriteEndElement();
            }
            w.WriteEndElement();
            w.WriteElementString("synthese", Cut(synthesis ?? "-", MaxSynthesis));
            if (bilan.ComplementCode is { } code && ComplementCodes.Contains(code))
            {
                w.WriteStartElement("enseignement-complement");
                w.WriteAttributeString("code", code);
                if (code != "AUC" && bilan.ComplementLevel is 1 or 2)
                {
                    w.WriteAttributeString("positionnement", bilan.ComplementLevel.Value.ToString(CultureInfo.InvariantCulture));
                }
                w.WriteEndElement();
            }
            Guardians(w, student.UserId);
            w.WriteEndElement();
        }
    }

    /// <summary>The student's « eleve » (id « EL » + SIECLE id); a missing or invalid SIECLE id is an error.</summary>
    private string Eleve(Guid studentId, string lastName, string firstName, string? siecleId, string classCode)
    {
        string name = $"{lastName} {firstName}";
        string? id = siecleId?.Trim();
        if (id is null || !IsPositiveInteger(id))
        {
            Problems.Error(LsuCheckCodes.StudentWithoutSiecleId, id is null
                    ? $"{name} ({classCode}) n'a pas d'identifiant SIECLE (ELEVE_ID) : importez le fichier des élèves de SIECLE."
                    : $"L'identifiant SIECLE de {name} ({classCode}), « {id} », n'est pas un nombre : importez le fichier des élèves de SIECLE.",
                classCode, null, studentId, name, link: LsuLinks.Imports);
            return $"EL_{studentId:N}";
        }
        if (_siecleIds.TryGetValue(id, out var other) && other != studentId)
        {
            Problems.Error(LsuCheckCodes.DuplicateSiecleId, $"{name} ({classCode}) a le même identifiant SIECLE ({id}) qu'un autre élève.",
                classCode, null, studentId, name, link: LsuLinks.Imports);
            return $"EL_{studentId:N}";
        }
        _siecleIds[id] = studentId;
        string eleveId = "EL" + id;
        Eleves.TryAdd(eleveId, new LsuEleve(eleveId, id, Cut(lastName.Trim(), 100), Cut(firstName.Trim(), 100), classCode));
        return eleveId;
    }

    /// <summary>The discipline of a subject line: BCN code and the student's election modality (SIECLE option, default S).</summary>
    private async Task<string> DisciplineAsync(ClassBilanSubject subject, Guid studentId, ClassData data, CancellationToken ct)
    {
        string? bcn = subject.BcnCode?.Trim();
        if (string.IsNullOrEmpty(bcn))
        {
            if (!_nationalBcn.TryGetValue(subject.Code, out bcn))
            {
                bcn = await db.NationalSubjects.AsNoTracking().Where(s => s.Code == subject.Code).Select(s => s.BcnCode).FirstOrDefaultAsync(ct);
                _nationalBcn[subject.Code] = bcn;
            }
        }
        if (bcn is null || bcn.Length != 6 || !bcn.All(char.IsAsciiDigit))
        {
            Problems.Error(LsuCheckCodes.SubjectWithoutBcnCode, bcn is null
                    ? $"La matière « {subject.Name} » ({subject.Code}) n'a pas de code national (BCN, 6 chiffres) : importez-la de STS-web."
                    : $"Le code national de la matière « {subject.Name} » ({subject.Code}), « {bcn} », n'a pas 6 chiffres.",
                subjectCode: subject.Code, link: LsuLinks.Imports);
            return "DI_" + Sanitize(subject.Code);
        }
        string label = subject.Name.Trim();
        if (label.Length > MaxSubjectLabel || label.Length == 0)
        {
            Problems.Error(LsuCheckCodes.SubjectNameTooLong, $"Le nom de la matière « {label} » ({subject.Code}) a {label.Length} caractères : le LSU en accepte {MaxSubjectLabel} au plus.",
                subjectCode: subject.Code, link: LsuLinks.Imports);
        }
        label = Cut(label.Length == 0 ? subject.Code : label, MaxSubjectLabel);
        string modality = data.Options.TryGetValue((studentId, bcn), out var m) && Modalities.Contains(m) ? m : "S";
        string id = $"DI_{bcn}_{modality}";
        if (!Disciplines.TryGetValue(id, out var known) || string.CompareOrdinal(subject.Code, known.SubjectCode) < 0)
        {
            Disciplines[id] = new LsuDiscipline(id, bcn, modality, label, subject.Code);
        }
        return id;
    }

    /// <summary>The subject's teachers for this student: the class's services and those of the student's groups.</summary>
    private static IEnumerable<BilanTeacher> TeachersOf(ClassBilanSubject subject, RosterUser? student, ClassData data)
    {
        var groups = student?.GroupCodes ?? [];
        var mine = data.Services.Where(s => s.SubjectCode == subject.Code && (!s.IsGroup || groups.Contains(s.StructureCode))).Select(s => s.TeacherId).ToHashSet();
        return subject.Teachers.Where(t => mine.Contains(t.Id));
    }

    private string? TeacherRef(BilanTeacher teacher) => TeacherRef(teacher.Id, $"{teacher.FirstName} {teacher.LastName}", true);

    /// <summary>« ENS_{type}_{STS id} »; a teacher without a valid STS id is an error when <paramref name="required"/>.</summary>
    private string? TeacherRef(Guid teacherId, string name, bool required)
    {
        var user = _staff.GetValueOrDefault(teacherId);
        string? sts = user?.StsId?.Trim();
        if (user is null || sts is null || !IsPositiveInteger(sts))
        {
            if (required)
            {
                Problems.Error(LsuCheckCodes.TeacherWithoutStsId, sts is null
                        ? $"{name} n'a pas d'identifiant STS-web : importez le fichier de STS-web (emploi du temps)."
                        : $"L'identifiant STS-web de {name}, « {sts} », n'est pas un nombre.",
                    teacherId: teacherId, teacherName: name, link: LsuLinks.Imports);
            }
            return null;
        }
        string type = user.StsType?.Trim().ToLowerInvariant() is "local" ? "local" : "epp";
        string id = $"ENS_{type}_{sts}";
        string? civility = user.Civility?.Trim().ToUpperInvariant() is "M" or "MME" ? user.Civility.Trim().ToUpperInvariant() : null;
        Enseignants.TryAdd(id, new LsuEnseignant(id, type, sts, civility, Cut(user.LastName.Trim(), 100), Cut(user.FirstName.Trim(), 100)));
        return id;
    }

    /// <summary>The class's principal teacher, when he has an STS id (the attribute is optional).</summary>
    private string? PrincipalRef(RosterClass cls) => cls.PrincipalTeacherId is { } id ? TeacherRef(id, "", false) : null;

    /// <summary>« EP » + the hash of the text as written in the file: one element per distinct label (the schema makes labels unique).</summary>
    private string ElementRef(string text)
    {
        string label = Cut(text, MaxElement);
        string id = "EP" + ShortHash(label);
        Elements.TryAdd(id, label);
        return id;
    }

    /// <summary>The student's guardians with a civility, a name and a full address (line 1, postal code, city); the others are left out.</summary>
    private void Guardians(XmlWriter w, Guid studentId)
    {
        var complete = _guardians[studentId].Where(g => g.Civility?.Trim().ToUpperInvariant() is "M" or "MME"
            && !string.IsNullOrWhiteSpace(g.LastName) && !string.IsNullOrWhiteSpace(g.FirstName)
            && !string.IsNullOrWhiteSpace(g.AddressLine1) && !string.IsNullOrWhiteSpace(g.PostalCode) && !string.IsNullOrWhiteSpace(g.City)
            && g.PostalCode.Trim().Length <= 10).ToList();
        if (complete.Count == 0)
        {
            return;
        }
        w.WriteStartElement("responsables");
        foreach (var g in complete)
        {
            w.WriteStartElement("responsable");
            w.WriteAttributeString("civilite", g.Civility!.Trim().ToUpperInvariant());
            w.WriteAttributeString("nom", Cut(g.LastName.Trim(), 100));
            w.WriteAttributeString("prenom", Cut(g.FirstName.Trim(), 100));
            w.WriteStartElement("adresse");
            w.WriteAttributeString("ligne1", Cut(g.AddressLine1!.Trim(), 50));
            foreach (var (attribute, value) in new[] { ("ligne2", g.AddressLine2), ("ligne3", g.AddressLine3), ("ligne4", g.AddressLine4) })
            {
                if (!string.IsNullOrWhiteSpace(value))
                {
                    w.WriteAttributeString(attribute, Cut(value.Trim(), 50));
                }
            }
            w.WriteAttributeString("code-postal", g.PostalCode!.Trim());
            w.WriteAttributeString("commune", Cut(g.City!.Trim(), 100));
            w.WriteEndElement();
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    /// <summary>A mark out of 20 as the reference SACoche writes it: « 12.5/20 », « 14/20 ».</summary>
    internal static string Mark(decimal value) => value.ToString("0.#", CultureInfo.InvariantCulture) + "/20";

    private static string Count(int value) => Math.Clamp(value, 0, 999).ToString(CultureInfo.InvariantCulture);

    /// <summary>The text without the characters XML cannot carry (a vertical tab pasted from a word processor…), at most <paramref name="max"/> characters.</summary>
    internal static string Cut(string text, int max)
    {
        if (text.Any(c => !XmlConvert.IsXmlChar(c)))
        {
            var sb = new StringBuilder(text.Length);
            for (int i = 0; i < text.Length; i++)
            {
                if (XmlConvert.IsXmlChar(text[i]))
                {
                    sb.Append(text[i]);
                }
                else if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
                {
                    sb.Append(text[i]).Append(text[++i]);
                }
                else if (char.IsWhiteSpace(text[i]))
                {
                    sb.Append(' ');
                }
            }
            text = sb.ToString();
        }
        if (text.Length <= max)
        {
            return text;
        }
        // Never cut a surrogate pair in two.
        int end = char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
        return text[..end];
    }

    internal static bool IsPositiveInteger(string text) => text.Length is > 0 and <= 18 && text.All(char.IsAsciiDigit) && text.Any(c => c != '0');

    /// <summary>12 hexadecimal digits of the SHA-256 of the text: a stable id part (a collision is out of reach at a school's scale).</summary>
    internal static string ShortHash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];

    private static string Sanitize(string text) => new([.. text.Where(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')]);
}
