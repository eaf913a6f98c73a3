using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Sacoche.Import.Domain;
using Sacoche.Import.Domain.EntIdentifiers;

namespace Sacoche.Import.Infrastructure;

/// <summary>JSON of stored plans and reports (and of API answers): camelCase, enums as strings, no computed views.</summary>
public static class ImportJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { RemoveComputedViews } },
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        return options;
    }

    /// <summary>Derived enumerations (ImportPlan.ChangeLines, EntMatchReport.ToReview…) would duplicate the data.</summary>
    private static void RemoveComputedViews(JsonTypeInfo info)
    {
        if (info.Type == typeof(ImportPlan) || info.Type == typeof(EntMatchReport))
        {
            for (var i = info.Properties.Count - 1; i >= 0; i--)
            {
                if (info.Properties[i].Name is "changeLines" or "isEmpty" or "toReview")
                {
                    info.Properties.RemoveAt(i);
                }
            }
        }
    }

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)
        ?? throw new InvalidOperationException($"Empty JSON for {typeof(T).Name}");
}
