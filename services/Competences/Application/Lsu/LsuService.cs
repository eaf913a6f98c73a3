using System.Diagnostics;
using System.Xml;
using Microsoft.EntityFrameworkCore;
using Sacoche.Common.Results;
using Sacoche.Competences.Application.Bilans;
using Sacoche.Competences.Application.Reports;
using Sacoche.Competences.Infrastructure;

namespace Sacoche.Competences.Application.Lsu;

/// <summary>A stored LSU file to send: its name, size and a callback that streams its bytes from the database.</summary>
public sealed record LsuFile(string FileName, long Size, Func<Stream, CancellationToken, Task> WriteToAsync);

/// <summary>
/// The national LSU export (docs/domain/lsu.md): the check lists what would make the file invalid or incomplete; the export
/// builds the file from the complete periodic bilans and the locked end-of-cycle bilans, streamed to a temporary file,
/// validates it against the official schema, and stores it (bytes, SHA-256, who, when, what). Direction and administrator.
/// </summary>
public sealed class LsuService(CompetencesDbContext db, Access access, ClassBilanLoader loader, SettingsStore settings, CommonCoreService commonCore,
    LsuSettingsService lsuSettings, TimeProvider clock, ILogger<LsuService> logger)
{
    public const string ContentType = "application/xml";

    public async Task<Result<LsuCheckResponse>> CheckAsync(string[]? periodId, string[]? classCodes, string? cycle, CancellationToken ct)
    {
        var parsed = LsuPlanner.ParseQuery(periodId, classCodes, cycle);
        if (!parsed.IsSuccess)
        {
            return parsed.Error!;
        }
        var (periods, classes, cycles) = parsed.Value;
        var plan = await LsuPlanner.ResolveAsync(db, settings, periods, classes, cycles, ct);
        if (!plan.IsSuccess)
        {
            return plan.Error!;
        }
        var (pass, _, _, _) = await RunAsync(plan.Value, null, ct);
        return Check(plan.Value, pass);
    }

    public async Task<Result<LsuExportResponse>> ExportAsync(LsuExportRequest? body, CancellationToken ct)
    {
        var parsed = LsuPlanner.ParseBody(body);
        if (!parsed.IsSuccess)
        {
            return parsed.Error!;
        }
        var (periods, classes, cycles) = parsed.Value;
        var resolved = await LsuPlanner.ResolveAsync(db, settings, periods, classes, cycles, ct);
        if (!resolved.IsSuccess)
        {
            return resolved.Error!;
        }
        var plan = resolved.Value;
        var watch = Stopwatch.StartNew();
        string fragment = Path.Combine(Path.GetTempPath(), $"sacoche-lsu-{Guid.NewGuid():N}.part");
        string file = Path.Combine(Path.GetTempPath(), $"sacoche-lsu-{Guid.NewGuid():N}.xml");
        try
        {
            LsuPass pass;
            string uai, head, headRef;
            await using (var stream = new FileStream(fragment, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024))
            {
                using var writer = XmlWriter.Create(stream, LsuDocument.FragmentSettings);
                (pass, uai, head, headRef) = await RunAsync(plan, writer, ct);
            }
            if (pass.Problems.Errors > 0)
            {
                return Refusal($"Le fichier LSU ne peut pas être produit : {Plural(pass.Problems.Errors, "erreur")} à corriger (voir la vérification).", pass.Problems.Items);
            }
            string sha256;
            long size;
            await using (var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024))
            using (var hashing = new HashingStream(stream))
            {
                LsuDocument.Write(hashing, pass, uai, head, headRef, fragment);
                hashing.Flush();
                sha256 = hashing.Sha256();
                size = hashing.Written;
            }
            var built = watch.Elapsed;
            var schemaErrors = LsuDocument.Validate(file);
            if (schemaErrors.Count > 0)
            {
                logger.LogError("LSU export of establishment {EstablishmentId} broke the schema: {Errors}", access.EstablishmentId, string.Join(" | ", schemaErrors.Take(5)));
                return Refusal("Le fichier produit ne respecte pas le schéma officiel du LSU : rien n'a été enregistré. Signalez-le à l'assistance avec les messages ci-dessous.",
                    [.. schemaErrors.Select(m => new LsuProblem(LsuCheckCodes.Error, LsuCheckCodes.SchemaInvalid, m, null, null, null, null, null, null, null, null))]);
            }
            var now = clock.GetUtcNow();
            var export = new LsuExport
            {
                EstablishmentId = access.EstablishmentId,
                FileName = $"LSU_{uai}_{TimeZoneInfo.ConvertTime(now, clock.LocalTimeZone):yyyyMMdd}.xml",
                Sha256 = sha256,
                Size = size,
                PeriodIds = [.. plan.Scope.PeriodIds],
                ClassCodes = [.. plan.Scope.ClassCodes],
                CycleBilans = plan.Scope.CycleBilans,
                Students = pass.Eleves.Count,
                PeriodicBilans = pass.PeriodicBilans,
                CycleBilanCount = pass.CycleBilans,
                CreatedBy = access.UserId,
                CreatedAt = now,
            };
            await using (var content = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024))
            {
                export.Id = await LsuStore.InsertAsync(db, export, content, ct);
            }
            logger.LogInformation("LSU export {ExportId} of establishment {EstablishmentId}: {Students} students, {Periodic} periodic and {Cycle} cycle bilans, "
                + "{Size} bytes, built in {BuiltMs} ms, validated and stored in {TotalMs} ms", export.Id, access.EstablishmentId, export.Students,
                export.PeriodicBilans, export.CycleBilanCount, size, (long)built.TotalMilliseconds, (long)watch.Elapsed.TotalMilliseconds);
            return ToResponse(export, await NamesAsync([export.CreatedBy], ct));
        }
        finally
        {
            File.Delete(fragment);
            File.Delete(file);
        }
    }

    /// <summary>The establishment's exports, newest first (never their bytes).</summary>
    public async Task<Result<IReadOnlyList<LsuExportResponse>>> ListAsync(CancellationToken ct)
    {
        var rows = await db.LsuExports.AsNoTracking().OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id)
            .Select(e => new LsuExport
            {
                EstablishmentId = e.EstablishmentId,
                Id = e.Id,
                FileName = e.FileName,
                Sha256 = e.Sha256,
                Size = e.Size,
                PeriodIds = e.PeriodIds,
                ClassCodes = e.ClassCodes,
                CycleBilans = e.CycleBilans,
                Students = e.Students,
                PeriodicBilans = e.PeriodicBilans,
                CycleBilanCount = e.CycleBilanCount,
                CreatedBy = e.CreatedBy,
                CreatedAt = e.CreatedAt,
            }).ToListAsync(ct);
        var names = await NamesAsync([.. rows.Select(r => r.CreatedBy).Distinct()], ct);
        return rows.Select(r => ToResponse(r, names)).ToList();
    }

    /// <summary>The stored file, streamed from the database; another establishment's id answers not-found.</summary>
    public async Task<Result<LsuFile>> DownloadAsync(long id, CancellationToken ct)
    {
        var meta = await db.LsuExports.AsNoTracking().Where(e => e.Id == id).Select(e => new { e.FileName, e.Size }).FirstOrDefaultAsync(ct);
        if (meta is null)
        {
            return Error.NotFound($"L'export LSU n° {id} n'existe pas dans cet établissement.");
        }
        int establishment = access.EstablishmentId;
        return new LsuFile(meta.FileName, meta.Size, async (destination, token) => await LsuStore.CopyContentAsync(db, establishment, id, destination, token));
    }

    /// <summary>The pass over the plan, with the establishment-wide checks (UAI, head of establishment) first.</summary>
    private async Task<(LsuPass Pass, string Uai, string Head, string HeadRef)> RunAsync(LsuPlan plan, XmlWriter? writer, CancellationToken ct)
    {
        var header = await BulletinService.HeaderAsync(db, access.EstablishmentId, ct);
        var head = (await lsuSettings.ReadAsync(ct)).Effective;
        string headRef = head is null ? "RESP_NONE" : "RESP" + LsuPass.ShortHash(head);
        var pass = new LsuPass(db, loader, commonCore, access.EstablishmentId, plan, headRef, clock.LocalTimeZone);
        string uai = header.Uai?.Trim().ToUpperInvariant() ?? "";
        if (uai.Length != 8)
        {
            pass.Problems.Error(LsuCheckCodes.EstablishmentWithoutUai, uai.Length == 0
                ? "L'UAI de l'établissement n'est pas connu de ce service : le LSU en a besoin (8 caractères). Contactez le webmestre de l'académie."
                : $"L'UAI de l'établissement, « {uai} », n'a pas 8 caractères.", link: LsuLinks.Establishment);
        }
        if (head is null)
        {
            pass.Problems.Error(LsuCheckCodes.NoHeadOfEstablishment,
                "Aucun responsable d'établissement n'est désigné pour le LSU (plusieurs ou aucun membre de la direction) : choisissez-le dans les réglages du LSU.",
                link: LsuLinks.Head);
        }
        await pass.RunAsync(writer, ct);
        return (pass, uai, head ?? "-", headRef);
    }

    private static LsuCheckResponse Check(LsuPlan plan, LsuPass pass) => new(plan.Scope, pass.Problems.Errors == 0, pass.Eleves.Count, pass.PeriodicBilans,
        pass.CycleBilans, pass.Problems.Errors, pass.Problems.Warnings,
        [.. pass.Problems.Items.OrderBy(p => p.Severity == LsuCheckCodes.Error ? 0 : 1)]);

    private static Error Refusal(string detail, IReadOnlyList<LsuProblem> problems) =>
        Error.Of(ErrorCodes.LsuInvalid, detail, new Dictionary<string, object?>
        {
            ["problems"] = problems.Where(p => p.Severity == LsuCheckCodes.Error).Concat(problems.Where(p => p.Severity != LsuCheckCodes.Error)).ToList(),
        });

    private async Task<Dictionary<Guid, string>> NamesAsync(Guid[] ids, CancellationToken ct) =>
        await db.Users.AsNoTracking().Where(u => ids.Contains(u.UserId)).ToDictionaryAsync(u => u.UserId, u => $"{u.FirstName} {u.LastName}", ct);

    private static LsuExportResponse ToResponse(LsuExport e, IReadOnlyDictionary<Guid, string> names) => new(e.Id, e.FileName, e.Sha256, e.Size, e.PeriodIds,
        e.ClassCodes, e.CycleBilans, e.Students, e.PeriodicBilans, e.CycleBilanCount, e.CreatedBy, names.GetValueOrDefault(e.CreatedBy), e.CreatedAt);

    private static string Plural(int n, string word) => n == 1 ? $"1 {word}" : $"{n} {word}s";
}
