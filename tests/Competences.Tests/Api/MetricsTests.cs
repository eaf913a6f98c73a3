using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using Xunit;

namespace Sacoche.Competences.Tests.Api;

/// <summary>Operators see report durations by kind, format and outcome (issue 9).</summary>
public sealed class MetricsTests(CompetencesApp app) : IClassFixture<CompetencesApp>
{
    [Fact]
    public async Task Report_durations_are_recorded_with_kind_format_and_outcome()
    {
        var seen = new ConcurrentBag<(double Ms, string Kind, string Format, string Outcome)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Sacoche.Competences" && instrument.Name == "sacoche.reports.duration")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            var all = tags.ToArray();
            string Tag(string key) => all.FirstOrDefault(t => t.Key == key).Value as string ?? "";
            seen.Add((value, Tag("kind"), Tag("format"), Tag("outcome")));
        });
        listener.Start();

        var admin = app.AdminClient();
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/competences/reports/groups/G1?format=csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/competences/reports/groups/NOPE?format=pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync($"/api/competences/reports/students/{app.Student1}?format=docx")).StatusCode);

        Assert.Contains(seen, m => m is { Kind: "group", Format: "csv", Outcome: "ok" } && m.Ms > 0);
        Assert.Contains(seen, m => m is { Kind: "group", Format: "pdf", Outcome: "error" });
        // An unknown format is refused and tagged "other": no raw query value becomes a tag.
        Assert.Contains(seen, m => m is { Kind: "student", Format: "other", Outcome: "error" });
        Assert.DoesNotContain(seen, m => m.Format == "docx");
    }
}
