using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;
using Sacoche.ServiceDefaults.Telemetry;
using Xunit;

namespace Sacoche.ServiceDefaults.Tests;

/// <summary>
/// Traces are sampled by Telemetry:TraceSampleRatio, parent-based: a root span is kept with that ratio,
/// a span whose caller sent a sampled (or unsampled) traceparent follows it. Each test listens to a
/// source of its own (the application's name), so tests running at once do not sample each other's.
/// </summary>
public sealed class TraceSamplingTests
{
    private sealed class Service : IDisposable
    {
        private readonly IHost host;
        public ActivitySource Source { get; }

        public Service(string environment, string? ratio)
        {
            var name = "SamplingTest" + Guid.NewGuid().ToString("N");
            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = name, EnvironmentName = environment });
            if (ratio is not null)
            {
                builder.Configuration.AddInMemoryCollection([KeyValuePair.Create(TelemetryCost.TraceSampleRatioKey, (string?)ratio)]);
            }
            builder.ConfigureOpenTelemetry();
            host = builder.Build();
            host.Services.GetRequiredService<TracerProvider>(); // starts listening
            Source = new ActivitySource(name);
        }

        public Activity? Root() => Source.StartActivity("root");

        public Activity? ChildOf(ActivityTraceFlags callerFlags) =>
            Source.StartActivity("child", ActivityKind.Server, new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), callerFlags, isRemote: true));

        public void Dispose()
        {
            Source.Dispose();
            host.Dispose();
        }
    }

    private static bool Sampled(Activity? activity) => activity is { Recorded: true, IsAllDataRequested: true };

    [Fact]
    public void Ratio_0_records_no_root_span()
    {
        using var service = new Service(Environments.Development, "0");
        for (var i = 0; i < 50; i++)
        {
            using var activity = service.Root();
            Assert.False(Sampled(activity));
        }
    }

    [Fact]
    public void Ratio_1_records_every_root_span()
    {
        using var service = new Service(Environments.Production, "1");
        for (var i = 0; i < 50; i++)
        {
            using var activity = service.Root();
            Assert.True(Sampled(activity));
        }
    }

    [Fact]
    public void A_callers_decision_is_followed_whatever_the_ratio()
    {
        using (var none = new Service(Environments.Development, "0"))
        using (var sampledCall = none.ChildOf(ActivityTraceFlags.Recorded))
        {
            Assert.True(Sampled(sampledCall));
        }

        using var all = new Service(Environments.Development, "1");
        using var unsampledCall = all.ChildOf(ActivityTraceFlags.None);
        Assert.False(Sampled(unsampledCall));
    }

    [Fact]
    public void A_ratio_between_keeps_about_that_share_of_root_spans()
    {
        using var service = new Service(Environments.Development, "0.25");
        var kept = 0;
        for (var i = 0; i < 4000; i++)
        {
            using var activity = service.Root();
            kept += Sampled(activity) ? 1 : 0;
        }
        Assert.InRange(kept, 800, 1200); // 1000 expected; trace ids are random
    }

    [Fact]
    public void Without_the_key_development_keeps_every_trace_and_production_one_in_20()
    {
        var empty = new ConfigurationBuilder().Build();
        Assert.Equal(1.0, TelemetryCost.TraceSampleRatio(empty, new Environment(Environments.Development)));
        Assert.Equal(0.05, TelemetryCost.TraceSampleRatio(empty, new Environment(Environments.Production)));

        using var production = new Service(Environments.Production, null);
        var kept = 0;
        for (var i = 0; i < 4000; i++)
        {
            using var activity = production.Root();
            kept += Sampled(activity) ? 1 : 0;
        }
        Assert.InRange(kept, 120, 300); // 200 expected
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("-0.1")]
    [InlineData("5%")]
    [InlineData("NaN")]
    [InlineData("0,5")]
    public void A_ratio_out_of_0_to_1_stops_the_start_with_the_key_and_the_value(string ratio)
    {
        var error = Assert.Throws<InvalidOperationException>(() => new Service(Environments.Production, ratio));
        Assert.Contains("Telemetry:TraceSampleRatio", error.Message);
        Assert.Contains($"'{ratio}'", error.Message);
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "test";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = null!;
    }
}
