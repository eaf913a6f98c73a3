using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Sacoche.Competences.Domain;
using Sacoche.Import.Domain;
using Sacoche.Import.Domain.EntIdentifiers;
using Sacoche.Testing.Generators;

namespace Sacoche.Benchmarks;

/// <summary>Pure code measured with BenchmarkDotNet (in-process, short runs: the machine is shared).</summary>
public static class MicroBenchmarks
{
    public static IEnumerable<BenchRow> Run()
    {
        var config = ManualConfig.CreateMinimumViable()
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .WithOptions(ConfigOptions.DisableLogFile);
        var summary = BenchmarkRunner.Run<DomainBenchmarks>(config);
        double Median(string method) => summary.Reports.First(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method).ResultStatistics!.Median;

        var bench = new DomainBenchmarks();
        bench.Setup();
        var studentsMb = bench.StudentsBytes / 1e6;
        var guardiansMb = bench.GuardiansBytes / 1e6;
        var studentsNs = Median(nameof(DomainBenchmarks.ParseStudents));
        var guardiansNs = Median(nameof(DomainBenchmarks.ParseGuardians));
        var stsNs = Median(nameof(DomainBenchmarks.ParseSts));
        yield return new("4", $"parse SIECLE students, 2,000 students ({studentsMb:0.0} MB, ISO-8859-15)", "≥ 150 MB/s",
            $"{studentsMb / (studentsNs / 1e9):0} MB/s", "—", Stats.Ms(studentsNs / 1e6));
        yield return new("4", $"parse SIECLE guardians, 3,500 guardians ({guardiansMb:0.0} MB)", "≥ 150 MB/s",
            $"{guardiansMb / (guardiansNs / 1e9):0} MB/s", "—", Stats.Ms(guardiansNs / 1e6));
        yield return new("4", $"parse STS-web, 150 staff ({bench.StsBytes / 1e6:0.00} MB)", "—", Stats.Ms(stsNs / 1e6), "—", "");
        yield return new("5", "ENT CSV matching: 6,000 rows × 6,000 people", "≤ 1 s", Stats.Ms(Median(nameof(DomainBenchmarks.MatchEntIds)) / 1e6), "—",
            "accent/case-insensitive names, indexes built per call");
        yield return new("6", "score of one item (8 entries, geometric)", "—", $"{Median(nameof(DomainBenchmarks.ScoreOneItem)):0} ns", "—", "no allocation");
        yield return new("6/7", "scores of 150 items × 8 entries (one student's relevé)", "≤ 50 ms (whole report)",
            $"{Median(nameof(DomainBenchmarks.Score150Items)) / 1000:0.0} µs", "—", "pure computation, no I/O");
    }
}

[MemoryDiagnoser]
public class DomainBenchmarks
{
    private byte[] _students = [];
    private byte[] _guardians = [];
    private byte[] _sts = [];
    private ImportContext _context = null!;
    private ScoreEntry[] _entries = [];
    private ScoreEntry[] _one = [];

    public int StudentsBytes => _students.Length;
    public int GuardiansBytes => _guardians.Length;
    public int StsBytes => _sts.Length;

    [GlobalSetup]
    public void Setup()
    {
        var generator = new ImportFileGenerator(42, counts: GeneratorCounts.Large);
        _students = generator.StudentsXml();
        _guardians = generator.GuardiansXml();
        _sts = generator.StsXml();
        _context = new ImportContext("0341234A", generator.Today);
        var start = new DateOnly(2026, 9, 7);
        _entries = Enumerable.Range(0, 150 * 8)
            .Select(i => new ScoreEntry(start.AddDays(i % 8 * 7), i % 8, EntryCode.Grade(1 + i * 7 % 4)))
            .ToArray();
        _one = _entries[..8];
        // 6,000 people with distinct names; the ENT file writes them upper-case and without accents.
        string[] lasts = ["Lefèvre", "Müller", "Dupont-Aignan", "N'Diaye", "Le Gall", "Guérin", "Rousseau", "Noël"];
        string[] firsts = ["Éloïse", "Zoé", "Jean-Pierre", "Maëlys", "Hugo", "Anaïs"];
        _people = Enumerable.Range(0, 6000).Select(i => new MatchCandidate(Guid.NewGuid(), i % 10 == 0 ? "ENS" : "ELV",
            $"{lasts[i % lasts.Length]}{i}", firsts[i % firsts.Length], null, null, null, null, true)).ToArray();
        _entRows = _people.Select((p, i) => new EntCsvRow(i + 2, RemoveAccents(p.LastName).ToUpperInvariant(), RemoveAccents(p.FirstName), $"ent{i}")).ToArray();
    }

    private EntCsvRow[] _entRows = [];
    private MatchCandidate[] _people = [];

    [Benchmark]
    public int MatchEntIds() => EntIdMatcher.Match(_entRows, _people).Rows.Count;

    [Benchmark]
    public int ParseStudents() => SiecleStudentsParser.Parse(new MemoryStream(_students), _context).Students.Count;

    [Benchmark]
    public int ParseGuardians() => SiecleGuardiansParser.Parse(new MemoryStream(_guardians), _context).Guardians.Count;

    [Benchmark]
    public int ParseSts() => StsParser.Parse(new MemoryStream(_sts), _context).Staff.Count;

    private static string RemoveAccents(string s) => new(s.Normalize(System.Text.NormalizationForm.FormD)
        .Where(c => System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark).ToArray());

    [Benchmark]
    public int? ScoreOneItem() => ScoreCalculator.Score(_one.AsSpan(), ScoringSettings.Default);

    [Benchmark]
    public int Score150Items()
    {
        var sum = 0;
        for (var item = 0; item < 150; item++)
        {
            sum += ScoreCalculator.Score(_entries.AsSpan(item * 8, 8), ScoringSettings.Default) ?? 0;
        }
        return sum;
    }
}
