using System.Text;
using System.Text.Json;
using Strangler.TestSupport.Tools;

namespace Strangler.Deploy.Tests.Monitoring;

/// <summary>The provisioned dashboards: panels Grafana can place and queries Prometheus can run.</summary>
public sealed class GrafanaDashboardTests
{
    /// <summary>Grafana's dashboard variables, replaced by what "All" selects before promtool parses a query.</summary>
    private static readonly (string Variable, string Value)[] Variables = [("$feature", ".*")];

    private static IEnumerable<string> Dashboards => Directory.GetFiles(RepoPaths.Full("deploy/grafana/dashboards"), "*.json");

    [Fact]
    public void Every_panel_of_a_dashboard_has_its_own_id()
    {
        foreach (var dashboard in Dashboards)
        {
            var ids = Panels(dashboard).Select(p => p.GetProperty("id").GetInt32()).ToList();
            Assert.True(ids.Count == ids.Distinct().Count(), $"{RepoPaths.Relative(dashboard)}: panel ids repeat: {string.Join(", ", ids)}");
        }
    }

    [Fact]
    public async Task Every_query_of_every_dashboard_is_PromQL_promtool_accepts()
    {
        var promtool = Promtool.Require();
        var queries = Dashboards.SelectMany(Queries).ToList();
        Assert.NotEmpty(queries);

        // promtool parses PromQL only inside rule files: one recording rule per query.
        var rules = new StringBuilder("groups:\n  - name: dashboard-queries\n    rules:\n");
        for (var i = 0; i < queries.Count; i++)
        {
            var expr = Variables.Aggregate(queries[i].Expr, (e, v) => e.Replace(v.Variable, v.Value, StringComparison.Ordinal));
            rules.Append("      - record: dashboard_query_").Append(i).Append("\n        expr: ").Append(JsonSerializer.Serialize(expr)).Append('\n');
        }

        var directory = Directory.CreateTempSubdirectory("strangler-grafana-");
        try
        {
            var file = Path.Combine(directory.FullName, "queries.yml");
            await File.WriteAllTextAsync(file, rules.ToString(), TestContext.Current.CancellationToken);
            var check = await ToolRun.RunAsync(promtool, directory.FullName, "check", "rules", file);
            var where = string.Join("\n", queries.Select((q, i) => $"  dashboard_query_{i}: {q.Where}"));
            Assert.True(check.ExitCode == 0, $"{check.Output}\nqueries:\n{where}");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>Every panel, including those inside collapsed rows.</summary>
    private static IEnumerable<JsonElement> Panels(string dashboard)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(dashboard));
        return All(json.RootElement.GetProperty("panels")).Select(p => p.Clone()).ToList();

        static IEnumerable<JsonElement> All(JsonElement panels)
        {
            foreach (var panel in panels.EnumerateArray())
            {
                yield return panel;
                if (panel.TryGetProperty("panels", out var nested))
                {
                    foreach (var inner in All(nested))
                    {
                        yield return inner;
                    }
                }
            }
        }
    }

    /// <summary>Every Prometheus expression of a dashboard: panel targets and annotations.</summary>
    private static IEnumerable<(string Where, string Expr)> Queries(string dashboard)
    {
        var name = RepoPaths.Relative(dashboard);
        foreach (var panel in Panels(dashboard))
        {
            if (!panel.TryGetProperty("targets", out var targets))
            {
                continue;
            }

            foreach (var target in targets.EnumerateArray())
            {
                yield return ($"{name}: panel '{panel.GetProperty("title").GetString()}' target {target.GetProperty("refId").GetString()}", target.GetProperty("expr").GetString()!);
            }
        }

        using var json = JsonDocument.Parse(File.ReadAllText(dashboard));
        if (json.RootElement.TryGetProperty("annotations", out var annotations))
        {
            foreach (var annotation in annotations.GetProperty("list").EnumerateArray().Where(a => a.TryGetProperty("expr", out _)))
            {
                yield return ($"{name}: annotation '{annotation.GetProperty("name").GetString()}'", annotation.GetProperty("expr").GetString()!);
            }
        }
    }
}
