using System.Text.Json;
using System.Text.Json.Nodes;
using Sacoche.Web.Api;

namespace Sacoche.Web.Tests;

/// <summary>The settings page sends back what it did not edit: a PUT of the whole document must not reset the defaults, thresholds or bulletin settings.</summary>
public sealed class SettingsDocumentEditTests
{
    [Fact]
    public void Members_the_page_does_not_edit_go_back_unchanged()
    {
        const string read = """
            {"gradeCodes":[{"id":1,"sigle":"RR","value":0,"legend":"Très insuffisant","color":"#ff0000","key":"1","active":true}],
             "states":[{"id":1,"min":0,"max":100,"weight":1,"sigle":"A","legend":"Acquis","color":"#00ff00"}],
             "defaultMethod":"geometrique","defaultLimit":5,"defaultRetroactivity":"non","schoolYearSwitchMonth":8,
             "mastery":{"fragileFrom":35,"satisfactoryFrom":60,"veryGoodFrom":81},
             "bilans":{"mode":"moyenne","from2":25,"from3":50,"from4":75}}
            """;
        var document = JsonSerializer.Deserialize<SettingsDocumentEdit>(read, ApiClient.Json)!;
        document.GradeCodes[0].Sigle = "NA";

        var sent = JsonNode.Parse(JsonSerializer.Serialize(document, ApiClient.Json))!;
        var expected = JsonNode.Parse(read)!;
        expected["gradeCodes"]![0]!["sigle"] = "NA";

        Assert.True(JsonNode.DeepEquals(expected, sent), sent.ToJsonString());
    }
}
