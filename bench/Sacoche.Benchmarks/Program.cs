using System.Globalization;
using BenchmarkDotNet.Running;
using Sacoche.Benchmarks;
using Sacoche.Testing.Infrastructure;

// ./sacoche bench runs every scenario; `./sacoche bench sso competences` (or `dotnet run -c Release -- sso`) runs the ones named:
// micro, outbox, gateway, competences (grid save, reports, common core), bilans (sheet, archives), lsu (LSU check and export), ui (pages of the UI),
// sso (morning rush: SSO logins + grid saves).
// HTTP scenarios start the whole system (Aspire.Hosting.Testing) on the servers ./sacoche bench provides.
var output = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault() ?? Path.Combine("bench", "results", "latest.md");
var only = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal) && a != output).ToHashSet(StringComparer.OrdinalIgnoreCase);
bool Wants(string name) => only.Count == 0 || only.Contains(name);

var rows = new List<BenchRow>();
if (Wants("micro"))
{
    rows.AddRange(MicroBenchmarks.Run());
}
if (Wants("outbox"))
{
    rows.AddRange(await OutboxScenario.RunAsync(events: 5650, runs: 3));
}
if (Wants("sso") || Wants("gateway") || Wants("competences") || Wants("ui") || Wants("bilans") || Wants("lsu"))
{
    await using var system = await SacocheSystem.StartAsync<Projects.Sacoche_AppHost>("bench", "operator-secret-for-benchmarks", [], TimeSpan.FromMinutes(8));
    if (Wants("gateway"))
    {
        rows.AddRange(await GatewayScenario.RunAsync(system, TimeSpan.FromSeconds(Int("GATEWAY_SECONDS", 8)), concurrency: 32));
    }
    if (Wants("sso") || Wants("competences") || Wants("ui") || Wants("bilans") || Wants("lsu"))
    {
        await using var school = await BenchSchool.SetUpAsync(system, teachers: 200, classes: 20, classSize: 30);
        // The quiet measurements first, then the rush (which writes into the grids).
        if (Wants("competences"))
        {
            rows.AddRange(await CompetencesScenario.RunAsync(school, runs: Int("COMPETENCES_RUNS", 40)));
        }
        // Bilans after competences: class 0 already holds the maths evaluations (8 × 150 items), the scenario adds 11 subjects.
        if (Wants("bilans"))
        {
            if (!Wants("competences"))
            {
                await CompetencesScenario.RunAsync(school, runs: 3); // its evaluations only
            }
            rows.AddRange(await BilansScenario.RunAsync(school, runs: Int("BILANS_RUNS", 40)));
        }
        // LSU after bilans (it reuses the bilans period as its middle term), before the UI and the rush.
        if (Wants("lsu"))
        {
            rows.AddRange(await LsuScenario.RunAsync(school, runs: Int("LSU_RUNS", 5)));
        }
        // The UI's pages after the competences scenario has filled the grids (alone, they show empty grids).
        if (Wants("ui"))
        {
            rows.AddRange(await UiScenario.RunAsync(school, runs: Int("UI_RUNS", 20)));
        }
        if (Wants("sso"))
        {
            rows.AddRange(await SsoScenario.RunAsync(school, logins: Int("SSO_LOGINS", 2000), concurrency: Int("SSO_CONCURRENCY", 32),
                gridTeachers: Int("RUSH_GRID_TEACHERS", 20)));
        }
    }
}

var markdown = Report.Markdown(rows, $"{Environment.ProcessorCount} cores, {Environment.OSVersion}");
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
await File.WriteAllTextAsync(output, markdown);
Console.WriteLine(markdown);

static int Int(string name, int fallback) =>
    int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : fallback;
