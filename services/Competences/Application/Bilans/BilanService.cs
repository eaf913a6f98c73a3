using Microsoft.EntityFrameworkCore;
using Sacoche.Common.Results;
using Sacoche.Competences.Application.Periods;
using Sacoche.Competences.Application.Reports;
using Sacoche.Competences.Domain;
using Sacoche.Competences.Infrastructure;
using Sacoche.ServiceDefaults.Security;

namespace Sacoche.Competences.Application.Bilans;

/// <summary>The official bilans of a period: the status board, the class sheet, what teachers write, what is missing.</summary>
public sealed class BilanService(CompetencesDbContext db, Access access, BilanAccess rights, ClassBilanLoader loader, SettingsStore settings, TimeProvider clock)
{
    public const int MaxSubjectAppreciation = 600;
    public const int MaxGeneralAppreciation = 1000;
    public const int MaxElementLength = 300;
    public const int MaxElements = 10;
    public const int MaxAttendanceComment = 300;
    public const int MaxHalfDays = 999;

    /// <summary>Every class that follows the period, with its status: all of them for the direction, the administrator and the CPE, a teacher's own.</summary>
    public async Task<Result<BilanBoard>> BoardAsync(long? periodId, CancellationToken ct)
    {
        if (periodId is not { } id)
        {
            return Error.Invalid("periodId", "Choisissez une période (paramètre periodId).");
        }
        var period = await db.Periods.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (period is null)
        {
            return Error.NotFound($"La période n° {id} n'existe pas dans cet établissement.");
        }
        var classes = await db.Classes.AsNoTracking().OrderBy(c => c.Code).ToListAsync(ct);
        if (period.ClassCodes.Length > 0)
        {
            var followers = await PeriodClasses.ExpandAsync(db, period.ClassCodes, ct);
            classes = [.. classes.Where(c => followers.Contains(c.Code))];
        }
        var opens = await rights.SheetOpenerAsync(ct);
        classes = [.. classes.Where(opens)];
        var statuses = await db.BilanStatuses.AsNoTracking().Where(s => s.PeriodId == id).ToDictionaryAsync(s => s.ClassCode, ct);
        return new BilanBoard(ToPeriod(period), [.. classes.Select(c =>
        {
            var row = statuses.GetValueOrDefault(c.Code);
            var status = BilanStatuses.Parse(row?.Status);
            return new BilanClassStatus(c.Code, c.Name, status.Code(), status.Label(), row?.ChangedBy, row?.ChangedAt);
        })]);
    }

    /// <summary>Sets a class's status for the period (any order) and records the change.</summary>
    public async Task<Result<BilanStatusResponse>> SetStatusAsync(string classCode, long periodId, BilanStatusRequest? body, CancellationToken ct)
    {
        var found = await rights.FindAsync(classCode, periodId, ct);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }
        if (!BilanStatuses.TryParse(body?.Status, out var status))
        {
            return Error.Invalid("status", $"Statut « {body?.Status} » inconnu : {string.Join(", ", BilanStatuses.All.Select(s => $"{s.Code()} ({s.Label()})"))}.");
        }
        var cls = found.Value.Class;
        for (int attempt = 0; ; attempt++)
        {
            var now = clock.GetUtcNow();
            var row = await db.BilanStatuses.FirstOrDefaultAsync(s => s.PeriodId == periodId && s.ClassCode == cls.Code, ct);
            var old = BilanStatuses.Parse(row?.Status);
            // Only a change is recorded: « closed » on a class without a status (or the same status again) changes nothing.
            if (old == status)
            {
                break;
            }
            if (row is null)
            {
                row = new BilanStatusRow { EstablishmentId = access.EstablishmentId, ClassCode = cls.Code, PeriodId = periodId };
                db.BilanStatuses.Add(row);
            }
            row.Status = status.Code();
            row.ChangedBy = access.UserId;
            row.ChangedAt = now;
            db.BilanStatusChanges.Add(new BilanStatusChange
            {
                EstablishmentId = access.EstablishmentId,
                ClassCode = cls.Code,
                PeriodId = periodId,
                OldStatus = old.Code(),
                NewStatus = status.Code(),
                ChangedBy = access.UserId,
                ChangedAt = now,
            });
            try
            {
                await db.SaveChangesAsync(ct);
                break;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                // Another request changed the status since it was read: read it again (the history stays a chain).
                db.ChangeTracker.Clear();
            }
            catch (DbUpdateException e) when (attempt < 3 && e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
            {
                // Another request gave the class its first status at the same time: read it again.
                db.ChangeTracker.Clear();
            }
        }
        return await StatusAsync(classCode, periodId, status, ct);
    }

    public async Task<Result<BilanStatusResponse>> HistoryAsync(string classCode, long periodId, CancellationToken ct)
    {
        var found = await rights.SheetAsync(classCode, periodId, ct);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }
        var status = BilanStatuses.Parse(await db.BilanStatuses.Where(s => s.PeriodId == periodId && s.ClassCode == classCode).Select(s => s.Status).FirstOrDefaultAsync(ct));
        return await StatusAsync(classCode, periodId, status, ct);
    }

    private async Task<BilanStatusResponse> StatusAsync(string classCode, long periodId, BilanStatus status, CancellationToken ct)
    {
        var changes = await db.BilanStatusChanges.AsNoTracking().Where(c => c.PeriodId == periodId && c.ClassCode == classCode).OrderBy(c => c.Id).ToListAsync(ct);
        var who = changes.Select(c => c.ChangedBy).Distinct().ToArray();
        var names = await db.Users.AsNoTracking().Where(u => who.Contains(u.UserId)).ToDictionaryAsync(u => u.UserId, u => $"{u.FirstName} {u.LastName}", ct);
        return new BilanStatusResponse(classCode, periodId, status.Code(), status.Label(),
            [.. changes.Select(c => new BilanStatusChangeResponse(c.OldStatus, c.NewStatus, c.ChangedBy, names.GetValueOrDefault(c.ChangedBy), c.ChangedAt))]);
    }

    /// <summary>The class's sheet as the caller may see it: a teacher his subjects; the principal teacher, the CPE and the direction every subject.</summary>
    public async Task<Result<BilanSheet>> SheetAsync(string classCode, long periodId, CancellationToken ct)
    {
        var found = await rights.SheetAsync(classCode, periodId, ct);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }
        var (cls, period) = found.Value;
        var bilan = await loader.LoadAsync(access.EstablishmentId, cls, period, await settings.GetAsync(ct), ct);
        var writes = rights.SubjectWriter();
        bool whole = rights.ReadsWholeSheet(cls);
        var visible = bilan.Subjects.Where(s => whole || writes(s)).ToList();
        var codes = visible.Select(s => s.Code).ToHashSet(StringComparer.Ordinal);
        return new BilanSheet(cls.Code, cls.Name, ToPeriod(period), bilan.Status.Code(), bilan.Status.Label(), PositioningScale.ModeCode(bilan.Scale.Mode),
            rights.CanWriteGeneral(cls), rights.CanWriteAttendance,
            [.. visible.Select(s => new BilanSubject(s.Code, s.Name, s.Teachers, writes(s), s.ProposedElements, s.ClassMean))],
            [.. bilan.Students.Select(st => st with { Cells = [.. st.Cells.Where(c => codes.Contains(c.SubjectCode))] })]);
    }

    /// <summary>What is still missing before the class council: per subject (appreciations, positionings, elements) and per student.</summary>
    public async Task<Result<BilanMissing>> MissingAsync(string classCode, long periodId, CancellationToken ct)
    {
        var sheet = await SheetAsync(classCode, periodId, ct);
        if (!sheet.IsSuccess)
        {
            return sheet.Error!;
        }
        var s = sheet.Value;
        var cells = s.Students.SelectMany(st => st.Cells.Select(c => (st.StudentId, Cell: c))).ToList();
        List<MissingSubject> subjects = [.. s.Subjects.Select(sub =>
        {
            var mine = cells.Where(c => c.Cell.SubjectCode == sub.Code).ToList();
            return new MissingSubject(sub.Code, sub.Name, sub.Teachers, mine.Count,
                mine.Count(c => string.IsNullOrWhiteSpace(c.Cell.Appreciation)),
                mine.Count(c => c.Cell.Computed is null && c.Cell.Override is null),
                mine.Count(c => c.Cell.Elements.Count == 0),
                [.. mine.Where(c => string.IsNullOrWhiteSpace(c.Cell.Appreciation)).Select(c => c.StudentId)]);
        })];
        List<MissingStudent> students = [.. s.Students
            .Select(st => new MissingStudent(st.StudentId, st.LastName, st.FirstName, string.IsNullOrWhiteSpace(st.General.Appreciation),
                [.. st.Cells.Where(c => string.IsNullOrWhiteSpace(c.Appreciation)).Select(c => c.SubjectCode)]))
            .Where(m => m.MissingGeneral || m.SubjectsWithoutAppreciation.Count > 0)];
        return new BilanMissing(classCode, periodId, subjects, students);
    }

    /// <summary>A teacher writes his subject's line for a student: override, appreciation, elements (optimistic on the line's version).</summary>
    public async Task<Result<BilanCell>> WriteSubjectAsync(string classCode, long periodId, Guid studentId, string subjectCode, BilanSubjectWrite? body, CancellationToken ct)
    {
        var target = await StudentAsync(classCode, periodId, studentId, ct);
        if (!target.IsSuccess)
        {
            return target.Error!;
        }
        var (cls, period, student) = target.Value;
        var services = await db.TeacherServices.AsNoTracking()
            .Where(s => s.SubjectCode == subjectCode && ((!s.IsGroup && s.StructureCode == cls.Code) || (s.IsGroup && student.GroupCodes.Contains(s.StructureCode))))
            .Select(s => s.TeacherId).ToListAsync(ct);
        if (services.Count == 0)
        {
            return Error.NotFound($"La matière « {subjectCode} » n'est pas enseignée à {student.FirstName} {student.LastName} en {cls.Name}.");
        }
        if (!access.IsWholeEstablishment && !services.Contains(access.UserId))
        {
            return Error.Forbidden($"Vous n'enseignez pas « {subjectCode} » à {student.FirstName} {student.LastName} : cette ligne est celle d'un collègue.");
        }
        if (body is null)
        {
            return Error.Invalid("", "Le corps de la requête est vide.");
        }
        var scale = (await settings.GetAsync(ct)).ToPositioningScale();
        var errors = new FieldErrors();
        if (body.Positioning is { } p && scale.ValidateOverride(p) is { } wrong)
        {
            errors.Add("positioning", wrong);
        }
        if (body.Appreciation is { } text && text.Trim().Length > MaxSubjectAppreciation)
        {
            errors.Add("appreciation", $"L'appréciation est trop longue ({text.Trim().Length} caractères, {MaxSubjectAppreciation} au plus).");
        }
        string[]? elements = body.Elements is null ? null : [.. body.Elements.Select(e => e?.Trim() ?? "").Where(e => e.Length > 0).Distinct(StringComparer.Ordinal)];
        if (elements is { Length: > MaxElements })
        {
            errors.Add("elements", $"Trop d'éléments de programme ({elements.Length}) : {MaxElements} au plus.");
        }
        foreach (var e in elements ?? [])
        {
            if (e.Length > MaxElementLength)
            {
                errors.Add("elements", $"L'élément « {e[..40]}… » est trop long ({e.Length} caractères, {MaxElementLength} au plus).");
            }
        }
        if (errors.Any)
        {
            return errors.ToError();
        }
        var status = await StatusOfAsync(cls.Code, periodId, ct);
        if (!status.AllowsSubjects())
        {
            return StatusRefusal(cls, period, status, "les lignes des disciplines (positionnement, appréciation, éléments de programme) ne peuvent pas être saisies");
        }
        var line = await db.BilanSubjectLines.FirstOrDefaultAsync(l => l.PeriodId == periodId && l.StudentId == studentId && l.SubjectCode == subjectCode, ct);
        if ((line?.Version ?? 0) != (body.Version ?? 0))
        {
            return await SubjectChangedAsync(line, student.UserId, subjectCode, period, scale, body.Version ?? 0, ct);
        }
        if (line is null)
        {
            line = new BilanSubjectLine { EstablishmentId = access.EstablishmentId, PeriodId = periodId, StudentId = studentId, SubjectCode = subjectCode };
            db.BilanSubjectLines.Add(line);
        }
        if (body.ClearOverride == true)
        {
            line.Override = null;
            line.OverrideMode = null;
        }
        else if (body.Positioning is { } chosen)
        {
            line.Override = chosen;
            line.OverrideMode = PositioningScale.ModeCode(scale.Mode);
        }
        if (body.Appreciation is { } appreciation)
        {
            line.Appreciation = appreciation.Trim().Length == 0 ? null : appreciation.Trim();
        }
        if (elements is not null)
        {
            line.Elements = elements;
        }
        line.Version++;
        line.ChangedBy = access.UserId;
        line.ChangedAt = clock.GetUtcNow();
        if (!await db.TrySaveVersionedAsync(ct))
        {
            var stored = await db.BilanSubjectLines.AsNoTracking().FirstOrDefaultAsync(l => l.PeriodId == periodId && l.StudentId == studentId && l.SubjectCode == subjectCode, ct);
            return await SubjectChangedAsync(stored, student.UserId, subjectCode, period, scale, body.Version ?? 0, ct);
        }
        var (mean, computed) = await ComputeAsync(student.UserId, subjectCode, period, scale, ct);
        return new BilanCell(subjectCode, computed, line.OverrideIn(scale), mean, line.Appreciation, line.Elements, line.Version, line.ChangedBy, line.ChangedAt);
    }

    /// <summary>The general appreciation of a student (principal teacher, direction).</summary>
    public async Task<Result<BilanGeneral>> WriteGeneralAsync(string classCode, long periodId, Guid studentId, BilanGeneralWrite? body, CancellationToken ct)
    {
        var target = await StudentAsync(classCode, periodId, studentId, ct);
        if (!target.IsSuccess)
        {
            return target.Error!;
        }
        var (cls, period, _) = target.Value;
        if (!rights.CanWriteGeneral(cls))
        {
            return Error.Forbidden($"L'appréciation générale est écrite par le professeur principal de {cls.Name} ou la direction.");
        }
        if (body is null)
        {
            return Error.Invalid("", "Le corps de la requête est vide : l'appréciation et la version sont attendues.");
        }
        string text = body.Appreciation?.Trim() ?? "";
        if (text.Length > MaxGeneralAppreciation)
        {
            return Error.Invalid("appreciation", $"L'appréciation générale est trop longue ({text.Length} caractères, {MaxGeneralAppreciation} au plus).");
        }
        var status = await StatusOfAsync(cls.Code, periodId, ct);
        if (!status.AllowsGeneral())
        {
            return StatusRefusal(cls, period, status, "l'appréciation générale ne peut pas être saisie");
        }
        var line = await db.BilanGeneralLines.FirstOrDefaultAsync(l => l.PeriodId == periodId && l.StudentId == studentId, ct);
        if ((line?.Version ?? 0) != (body.Version ?? 0))
        {
            return Changed(line?.Version ?? 0, body.Version ?? 0, line is null ? null : ToGeneral(line));
        }
        if (line is null)
        {
            line = new BilanGeneralLine { EstablishmentId = access.EstablishmentId, PeriodId = periodId, StudentId = studentId };
            db.BilanGeneralLines.Add(line);
        }
        line.Appreciation = text;
        line.Version++;
        line.ChangedBy = access.UserId;
        line.ChangedAt = clock.GetUtcNow();
        if (!await db.TrySaveVersionedAsync(ct))
        {
            var stored = await db.BilanGeneralLines.AsNoTracking().FirstOrDefaultAsync(l => l.PeriodId == periodId && l.StudentId == studentId, ct);
            return Changed(stored?.Version ?? 0, body.Version ?? 0, stored is null ? null : ToGeneral(stored));
        }
        return ToGeneral(line);
    }

    /// <summary>A student's attendance for the period (CPE, direction), while the bilan is open (subjects, mixed, general).</summary>
    public async Task<Result<BilanAttendance>> WriteAttendanceAsync(string classCode, long periodId, Guid studentId, BilanAttendanceWrite? body, CancellationToken ct)
    {
        var target = await StudentAsync(classCode, periodId, studentId, ct);
        if (!target.IsSuccess)
        {
            return target.Error!;
        }
        var (cls, period, _) = target.Value;
        if (!rights.CanWriteAttendance)
        {
            return Error.Forbidden("La vie scolaire (absences, retards) est saisie par le CPE ou la direction.");
        }
        if (body is null)
        {
            return Error.Invalid("", "Le corps de la requête est vide : retards, absences justifiées et non justifiées sont attendus.");
        }
        var errors = ValidateAttendance(body.Lateness, body.JustifiedAbsences, body.UnjustifiedAbsences, body.MissedHours, body.Comment);
        if (errors.Any)
        {
            return errors.ToError();
        }
        var status = await StatusOfAsync(cls.Code, periodId, ct);
        if (status is BilanStatus.Closed or BilanStatus.Complete)
        {
            return StatusRefusal(cls, period, status, "la vie scolaire ne peut pas être saisie");
        }
        var line = await db.BilanAttendanceLines.FirstOrDefaultAsync(l => l.PeriodId == periodId && l.StudentId == studentId, ct);
        if ((line?.Version ?? 0) != (body.Version ?? 0))
        {
            return Changed(line?.Version ?? 0, body.Version ?? 0, line is null ? null : ToAttendance(line));
        }
        line = ApplyAttendance(line, periodId, studentId, body.Lateness!.Value, body.JustifiedAbsences!.Value, body.UnjustifiedAbsences!.Value, body.MissedHours, body.Comment);
        if (!await db.TrySaveVersionedAsync(ct))
        {
            var stored = await db.BilanAttendanceLines.AsNoTracking().FirstOrDefaultAsync(l => l.PeriodId == periodId && l.StudentId == studentId, ct);
            return Changed(stored?.Version ?? 0, body.Version ?? 0, stored is null ? null : ToAttendance(stored));
        }
        return ToAttendance(line);
    }

    /// <summary>French errors of one attendance record (half-days, 0–999; comment ≤ 300).</summary>
    public static FieldErrors ValidateAttendance(int? lateness, int? justified, int? unjustified, int? missedHours, string? comment)
    {
        var errors = new FieldErrors();
        void Check(string field, string label, int? value, bool required)
        {
            if (value is null)
            {
                if (required)
                {
                    errors.Add(field, $"{label} : valeur absente (un nombre, 0 s'il n'y en a pas).");
                }
            }
            else if (value is < 0 or > MaxHalfDays)
            {
                errors.Add(field, $"{label} : {value} n'est pas un nombre entre 0 et {MaxHalfDays}.");
            }
        }
        Check("lateness", "Retards", lateness, true);
        Check("justifiedAbsences", "Absences justifiées (demi-journées)", justified, true);
        Check("unjustifiedAbsences", "Absences non justifiées (demi-journées)", unjustified, true);
        Check("missedHours", "Heures de cours manquées", missedHours, false);
        if (comment is { } c && c.Trim().Length > MaxAttendanceComment)
        {
            errors.Add("comment", $"Le commentaire est trop long ({c.Trim().Length} caractères, {MaxAttendanceComment} au plus).");
        }
        return errors;
    }

    /// <summary>Writes an attendance record into the tracked line (added when new) and bumps its version; the caller saves.</summary>
    internal BilanAttendanceLine ApplyAttendance(BilanAttendanceLine? line, long periodId, Guid studentId, int lateness, int justified, int unjustified, int? missedHours, string? comment)
    {
        if (line is null)
        {
            line = new BilanAttendanceLine { EstablishmentId = access.EstablishmentId, PeriodId = periodId, StudentId = studentId };
            db.BilanAttendanceLines.Add(line);
        }
        line.Lateness = lateness;
        line.JustifiedAbsences = justified;
        line.UnjustifiedAbsences = unjustified;
        line.MissedHours = missedHours;
        line.Comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        line.Version++;
        line.ChangedBy = access.UserId;
        line.ChangedAt = clock.GetUtcNow();
        return line;
    }

    internal static BilanGeneral ToGeneral(BilanGeneralLine l) => new(l.Appreciation, l.Version, l.ChangedBy, l.ChangedAt);

    internal static BilanAttendance ToAttendance(BilanAttendanceLine l) => new(l.Lateness, l.JustifiedAbsences, l.UnjustifiedAbsences, l.MissedHours, l.Comment, l.Version);

    internal static BilanPeriod ToPeriod(Period p) => new(p.Id, p.Name, p.Start, p.End);

    /// <summary>The class, the period and the student, who must be in that class (else not-found).</summary>
    internal async Task<Result<(RosterClass Class, Period Period, RosterUser Student)>> StudentAsync(string classCode, long periodId, Guid studentId, CancellationToken ct)
    {
        var found = await rights.SheetAsync(classCode, periodId, ct);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }
        var student = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserId == studentId && u.Profile == Profiles.Student && u.ClassCode == classCode, ct);
        if (student is null)
        {
            return Error.NotFound($"Cet élève n'est pas en {found.Value.Class.Name}.");
        }
        return (found.Value.Class, found.Value.Period, student);
    }

    internal async Task<BilanStatus> StatusOfAsync(string classCode, long periodId, CancellationToken ct) =>
        BilanStatuses.Parse(await db.BilanStatuses.AsNoTracking().Where(s => s.PeriodId == periodId && s.ClassCode == classCode).Select(s => s.Status).FirstOrDefaultAsync(ct));

    internal static Error StatusRefusal(RosterClass cls, Period period, BilanStatus status, string what) =>
        Error.Of(ErrorCodes.BilanStatus, $"Le bilan de {cls.Name} pour « {period.Name} » est au statut « {status.Label()} » : {what}.",
            new Dictionary<string, object?> { ["bilanStatus"] = status.Code() });

    /// <summary>entry-changed for a subject line, with the stored line (and its computed positioning) as <c>current</c>.</summary>
    private async Task<Error> SubjectChangedAsync(BilanSubjectLine? stored, Guid studentId, string subjectCode, Period period, PositioningScale scale, int yours, CancellationToken ct)
    {
        if (stored is null)
        {
            return Changed(0, yours, null);
        }
        var (mean, computed) = await ComputeAsync(studentId, subjectCode, period, scale, ct);
        return Changed(stored.Version, yours, new BilanCell(subjectCode, computed, stored.OverrideIn(scale), mean, stored.Appreciation, stored.Elements, stored.Version,
            stored.ChangedBy, stored.ChangedAt));
    }

    private static Error Changed(int current, int yours, object? value) =>
        Error.Of(ErrorCodes.EntryChanged, "Cette saisie a été modifiée entre-temps par un collègue : rien n'a été enregistré. Vérifiez la valeur actuelle puis recommencez.",
            new Dictionary<string, object?> { ["current"] = value, ["currentVersion"] = current, ["yourVersion"] = yours });

    /// <summary>One student's mean and computed positioning for a subject in the period (after a write).</summary>
    private async Task<(int? Mean, decimal? Computed)> ComputeAsync(Guid studentId, string subjectCode, Period period, PositioningScale scale, CancellationToken ct)
    {
        var scoring = new ScoringContext(await settings.GetAsync(ct));
        var items = await ReportData.ItemsAsync(db, scoring, null, socleOnly: false, ct, subjectCode);
        if (items.Count == 0)
        {
            return (null, null);
        }
        var rows = await EntryQueries.ReportRowsAsync(db, access.EstablishmentId, [studentId], [.. items.Keys], period.End, null, ct);
        var scores = ReportData.Score(rows, items, period.Start);
        int? mean = ClassBilanLoader.SubjectMean(studentId, items.Values, scores);
        return (mean, mean is { } m ? scale.Compute(m) : null);
    }
}
