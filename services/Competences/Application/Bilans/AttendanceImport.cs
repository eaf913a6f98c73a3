using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Sacoche.Common.Results;
using Sacoche.Competences.Domain;
using Sacoche.Competences.Infrastructure;
using Sacoche.People;
using Sacoche.People.Csv;
using Sacoche.ServiceDefaults.Http;

namespace Sacoche.Competences.Application.Bilans;

/// <summary>
/// The attendance of a class for a period from a CSV file (« vie scolaire » export): one line per student, columns found by
/// their header (Nom, Prénom, Identifiant or ELEVE_ID, Retards, Absences justifiées, Absences non justifiées, Heures manquées,
/// Commentaire). A line goes to the student of the class with that SIECLE id, else with that last and first name (NameKey);
/// lines matching nobody are reported. All or nothing: one invalid number and nothing is written. An empty count reads as 0.
/// </summary>
public sealed class AttendanceImport(CompetencesDbContext db, BilanAccess rights, BilanService bilans)
{
    public const int MaxRecords = 20_000;

    private enum Column
    {
        LastName,
        FirstName,
        SiecleId,
        Lateness,
        Justified,
        Unjustified,
        MissedHours,
        Comment,
    }

    /// <summary>Header keys (<see cref="NameKey.Of(string?)"/>) of each column.</summary>
    private static readonly Dictionary<string, Column> Headers = new(StringComparer.Ordinal)
    {
        ["nom"] = Column.LastName,
        ["nomdefamille"] = Column.LastName,
        ["prenom"] = Column.FirstName,
        ["identifiant"] = Column.SiecleId,
        ["eleveid"] = Column.SiecleId,
        ["identifiantsiecle"] = Column.SiecleId,
        ["retards"] = Column.Lateness,
        ["retard"] = Column.Lateness,
        ["absencesjustifiees"] = Column.Justified,
        ["absencesnonjustifiees"] = Column.Unjustified,
        ["heuresmanquees"] = Column.MissedHours,
        ["commentaire"] = Column.Comment,
    };

    private static readonly (Column Column, string Label)[] Counts =
    [
        (Column.Lateness, "Retards"),
        (Column.Justified, "Absences justifiées"),
        (Column.Unjustified, "Absences non justifiées"),
        (Column.MissedHours, "Heures manquées"),
    ];

    public async Task<Result<AttendanceImportReport>> ImportAsync(string classCode, long periodId, UploadedFile? file, CancellationToken ct)
    {
        var found = await rights.SheetAsync(classCode, periodId, ct);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }
        var (cls, period) = found.Value;
        if (!rights.CanWriteAttendance)
        {
            return Error.Forbidden("La vie scolaire (absences, retards) est saisie par le CPE ou la direction.");
        }
        var status = await bilans.StatusOfAsync(cls.Code, periodId, ct);
        if (status is BilanStatus.Closed or BilanStatus.Complete)
        {
            return BilanService.StatusRefusal(cls, period, status, "la vie scolaire ne peut pas être importée");
        }
        if (file is null)
        {
            return Error.Of(ErrorCodes.MissingFile, "Aucun fichier reçu : joignez le fichier CSV de la vie scolaire dans le champ « file ».");
        }
        if (file.Length == 0)
        {
            return Error.Of(ErrorCodes.EmptyFile, "Le fichier est vide.");
        }
        CsvText csv;
        try
        {
            await using var stream = file.OpenRead();
            csv = CsvFile.Read(stream, new CsvFileOptions { MaxRecords = MaxRecords });
        }
        catch (CsvLimitException e) when (e.Limit == CsvLimit.Bytes)
        {
            return Error.Of(ErrorCodes.FileTooLarge, $"Le fichier dépasse {UploadLimitText(e.Maximum)} : un fichier de vie scolaire est bien plus petit.");
        }
        catch (CsvLimitException)
        {
            return Error.Invalid("file", $"Le fichier a plus de {MaxRecords} lignes.");
        }

        var records = csv.Records.Where(r => !r.IsBlank).ToList();
        int headerAt = records.FindIndex(r => FindColumns(r) is { } c && IsUsable(c));
        if (headerAt < 0)
        {
            return Error.Invalid("file", "Ligne d'en-tête introuvable : le fichier doit avoir les colonnes « Retards », « Absences justifiées », « Absences non justifiées » "
                + "et « Identifiant » (ou ELEVE_ID) ou « Nom » et « Prénom ».");
        }
        var columns = FindColumns(records[headerAt])!;

        var students = await db.Users.AsNoTracking().Where(u => u.ClassCode == cls.Code && u.Profile == Profiles.Student).ToListAsync(ct);
        var byId = students.Where(s => !string.IsNullOrWhiteSpace(s.SiecleId)).GroupBy(s => s.SiecleId!.Trim(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var byName = students.GroupBy(s => NameKey.Of(s.LastName, s.FirstName), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

        var errors = new FieldErrors();
        var unmatched = new List<AttendanceImportIssue>();
        var rows = new Dictionary<Guid, (int Line, int Lateness, int Justified, int Unjustified, int? MissedHours, string? Comment)>();
        foreach (var record in records.Skip(headerAt + 1))
        {
            string Cell(Column c) => columns.TryGetValue(c, out int i) && i < record.Cells.Count ? record.Cells[i].Trim() : "";
            string text = string.Join(csv.Separator, record.Cells);

            // The numbers first: a wrong number refuses the file even on a line that matches nobody.
            var values = new Dictionary<Column, int?>();
            bool valid = true;
            foreach (var (column, label) in Counts)
            {
                string cell = Cell(column);
                if (cell.Length == 0)
                {
                    values[column] = column == Column.MissedHours ? null : 0;
                }
                else if (int.TryParse(cell, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n <= BilanService.MaxHalfDays)
                {
                    values[column] = n;
                }
                else
                {
                    errors.Add("file", $"Ligne {record.Line} : {label} « {cell} » n'est pas un nombre entier entre 0 et {BilanService.MaxHalfDays}.");
                    valid = false;
                }
            }
            string comment = Cell(Column.Comment);
            if (comment.Length > BilanService.MaxAttendanceComment)
            {
                errors.Add("file", $"Ligne {record.Line} : le commentaire est trop long ({comment.Length} caractères, {BilanService.MaxAttendanceComment} au plus).");
                valid = false;
            }

            var (student, reason) = Match(Cell(Column.SiecleId), Cell(Column.LastName), Cell(Column.FirstName), byId, byName, cls.Name);
            if (student is null)
            {
                unmatched.Add(new AttendanceImportIssue(record.Line, text, reason!));
                continue;
            }
            if (rows.TryGetValue(student.UserId, out var first))
            {
                errors.Add("file", $"Ligne {record.Line} : {student.FirstName} {student.LastName} figure déjà ligne {first.Line}.");
                continue;
            }
            if (valid)
            {
                rows[student.UserId] = (record.Line, values[Column.Lateness]!.Value, values[Column.Justified]!.Value, values[Column.Unjustified]!.Value,
                    values[Column.MissedHours], comment.Length == 0 ? null : comment);
            }
        }
        if (errors.Any)
        {
            return errors.ToError();
        }

        Guid[] ids = [.. rows.Keys];
        var lines = await db.BilanAttendanceLines.Where(l => l.PeriodId == periodId && ids.Contains(l.StudentId)).ToDictionaryAsync(l => l.StudentId, ct);
        foreach (var (studentId, r) in rows)
        {
            bilans.ApplyAttendance(lines.GetValueOrDefault(studentId), periodId, studentId, r.Lateness, r.Justified, r.Unjustified, r.MissedHours, r.Comment);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (Exception e) when (e is DbUpdateConcurrencyException
            || e is DbUpdateException { InnerException: Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation } })
        {
            db.ChangeTracker.Clear();
            return Error.Of(ErrorCodes.EntryChanged, "La vie scolaire d'un élève a été modifiée pendant l'import : rien n'a été enregistré. Recommencez l'import.");
        }
        return new AttendanceImportReport(rows.Count, unmatched);
    }

    private static string UploadLimitText(long bytes) => Sacoche.ServiceDefaults.Http.UploadLimit.Format(bytes);

    /// <summary>Column index by kind (the first column of each kind), or null when no header is recognised.</summary>
    private static Dictionary<Column, int>? FindColumns(CsvRecord record)
    {
        var columns = new Dictionary<Column, int>();
        for (int i = 0; i < record.Cells.Count; i++)
        {
            if (Headers.TryGetValue(NameKey.Of(record.Cells[i]), out var column))
            {
                columns.TryAdd(column, i);
            }
        }
        return columns.Count == 0 ? null : columns;
    }

    private static bool IsUsable(Dictionary<Column, int> c) =>
        c.ContainsKey(Column.Lateness) && c.ContainsKey(Column.Justified) && c.ContainsKey(Column.Unjustified)
        && (c.ContainsKey(Column.SiecleId) || (c.ContainsKey(Column.LastName) && c.ContainsKey(Column.FirstName)));

    /// <summary>The student of the class: by SIECLE id first, else by last and first name; else why not (French).</summary>
    private static (RosterUser? Student, string? Reason) Match(string siecleId, string lastName, string firstName,
        Dictionary<string, List<RosterUser>> byId, Dictionary<string, List<RosterUser>> byName, string className)
    {
        if (siecleId.Length > 0 && byId.TryGetValue(siecleId, out var withId) && withId.Count == 1)
        {
            return (withId[0], null);
        }
        if (NameKey.Of(lastName).Length == 0 || NameKey.Of(firstName).Length == 0)
        {
            return (null, siecleId.Length > 0 ? $"Aucun élève de {className} n'a l'identifiant {siecleId}." : "Ni identifiant ni nom et prénom.");
        }
        if (byName.TryGetValue(NameKey.Of(lastName, firstName), out var named))
        {
            return named.Count == 1
                ? (named[0], null)
                : (null, $"Plusieurs élèves de {className} s'appellent {firstName} {lastName} : ajoutez l'identifiant (ELEVE_ID).");
        }
        return (null, $"Aucun élève de {className} ne s'appelle {firstName} {lastName}{(siecleId.Length > 0 ? $" ni n'a l'identifiant {siecleId}" : "")}.");
    }
}
