using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Strangler.Gateway.Cli;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.Reporting;

/// <summary>
/// The rollout report on the README walk-through (healthy traffic, a fault on v4, the guard's
/// revert, traffic at 0 %, the fault cleared and the feature resumed), through the real pipeline on
/// a fake clock: JSON figures against what was sent, Markdown through the CLI, HTML in Chromium, and
/// the history across a restart on the same state file.
/// </summary>
public sealed class RolloutReportEndToEndTests : IDisposable
{
    private const string Feature = "api_v4_restaurants";
    private readonly string _directory = Directory.CreateTempSubdirectory("strangler-report-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_walk_through_report_names_the_revert_its_rule_and_evidence_counts_each_step_and_survives_a_restart()
    {
        JsonElement before;
        DateTimeOffset restartAt;
        await using (var harness = await GuardHarness.StartAsync(GuardHarness.Restaurants("partial", 50), directory: _directory))
        {
            long sentAt50 = 0;
            for (var i = 0; i < 5; i++)
            {
                await harness.SecondAsync(240);
                sentAt50 += 240;
            }

            await harness.SetFaultAsync(onV4: true, errorRate: 0.30);
            for (var i = 0; i < 10 && Effective(GuardHarness.Feature(await harness.Gateway.StatusAsync())) != 0; i++)
            {
                await harness.SecondAsync(240);
                sentAt50 += 240;
            }

            Assert.Equal(0m, Effective(GuardHarness.Feature(await harness.Gateway.StatusAsync())));
            var url = harness.Gateway.App.ManagementAddress.ToString();

            // While the revert holds: investigate, with the rule and its evidence.
            var (code, reverted, _) = await RunCliAsync("report", Feature, "--url", url);
            Assert.Equal(ExitCodes.Success, code);
            Assert.Contains("- **Recommendation: investigate**: reverted to 0 % by critical-error-rate", reverted, StringComparison.Ordinal);
            Assert.Contains("observed ", reverted, StringComparison.Ordinal);

            for (var i = 0; i < 3; i++)
            {
                await harness.SecondAsync(100);
            }

            await harness.SetFaultAsync(onV4: true, errorRate: 0);
            using (var resume = await harness.Gateway.Management.PostAsJsonAsync($"admin/features/{Feature}/resume", new { reason = "fault cleared" }, Ct))
            {
                resume.EnsureSuccessStatusCode();
            }

            for (var i = 0; i < 2; i++)
            {
                await harness.SecondAsync(100);
            }

            var report = await JsonReportAsync(harness.Gateway.Management, $"admin/report?feature={Feature}");
            var feature = Assert.Single(report.GetProperty("features").EnumerateArray());
            var steps = feature.GetProperty("steps").EnumerateArray().ToArray();
            Assert.Equal([50m, 0m, 50m], steps.Select(s => s.GetProperty("percentage").GetDecimal()));

            var revertEvent = Assert.Single(await harness.EventsAsync("revert"));
            var first = steps[0];
            Assert.Equal("revert", first.GetProperty("ended_by").GetProperty("kind").GetString());
            Assert.Equal("critical-error-rate", first.GetProperty("ended_by").GetProperty("rule").GetString());
            Assert.Equal(revertEvent.GetProperty("id").GetInt64(), first.GetProperty("ended_by").GetProperty("event_id").GetInt64());
            Assert.Equal(sentAt50, Requests(first, "v3") + Requests(first, "v4"));
            Assert.True(Requests(first, "v4") > 500, $"v4 served {Requests(first, "v4")} of {sentAt50}");
            Assert.True(first.GetProperty("v4").GetProperty("errors").GetInt64() > 0);
            Assert.Equal(0, first.GetProperty("v3").GetProperty("errors").GetInt64());
            Assert.True(first.GetProperty("v4").GetProperty("p95_ms").GetDouble() > 0);
            Assert.Equal(first.GetProperty("ended_at").GetDateTimeOffset() - first.GetProperty("started_at").GetDateTimeOffset(), TimeSpan.FromSeconds(first.GetProperty("seconds").GetDouble()));

            var atZero = steps[1];
            Assert.Equal(("resume", 300L, 0L), (atZero.GetProperty("ended_by").GetProperty("kind").GetString(), Requests(atZero, "v3"), Requests(atZero, "v4")));
            Assert.Equal(TimeSpan.FromSeconds(3), atZero.GetProperty("ended_at").GetDateTimeOffset() - atZero.GetProperty("started_at").GetDateTimeOffset());

            var current = steps[2];
            Assert.Equal(JsonValueKind.Null, current.GetProperty("ended_at").ValueKind);
            Assert.Equal(200, Requests(current, "v3") + Requests(current, "v4"));

            var revert = Assert.Single(feature.GetProperty("reverts").EnumerateArray());
            Assert.Equal((50m, 0m, "critical-error-rate"), (revert.GetProperty("from").GetDecimal(), revert.GetProperty("to").GetDecimal(), revert.GetProperty("rule").GetString()));
            Assert.Equal(10, revert.GetProperty("evidence").GetProperty("threshold").GetDouble());
            Assert.Equal(["revert", "resume"], feature.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
            Assert.Equal("hold", feature.GetProperty("recommendation").GetProperty("action").GetString());

            // Markdown through the CLI, to a file.
            var markdownPath = Path.Combine(_directory, "report.md");
            (code, var written, _) = await RunCliAsync("report", Feature, "--since", "1h", "--out", markdownPath, "--url", url);
            Assert.Equal(ExitCodes.Success, code);
            Assert.Contains(markdownPath, written, StringComparison.Ordinal);
            var markdown = await File.ReadAllTextAsync(markdownPath, Ct);
            Assert.StartsWith("# Rollout report\n", markdown, StringComparison.Ordinal);
            Assert.Contains($"\n## {Feature}\n", markdown, StringComparison.Ordinal);
            Assert.Contains("- **Recommendation: hold**: ", markdown, StringComparison.Ordinal);
            Assert.Contains($"| revert #{revertEvent.GetProperty("id").GetInt64()} (critical-error-rate) by guard | {Requests(first, "v3")} | 0 (0 %) |", markdown, StringComparison.Ordinal);
            Assert.Contains("| 0 % | partial |", markdown, StringComparison.Ordinal);
            Assert.Contains("| resume #", markdown, StringComparison.Ordinal);
            Assert.Contains("| 300 | 0 (0 %) |", markdown, StringComparison.Ordinal);
            Assert.Contains("(figures so far)", markdown, StringComparison.Ordinal);
            Assert.Contains("- evidence: critical-error-rate: observed ", markdown, StringComparison.Ordinal);
            Assert.Contains("| fault cleared |", markdown, StringComparison.Ordinal);

            await AssertHtmlInChromiumAsync(url);
            before = feature;
            restartAt = harness.Time.GetUtcNow().AddMinutes(5);
        }

        // A restart on the same state file: the ended steps and their figures are still there.
        await using (var harness = await GuardHarness.StartAsync(GuardHarness.Restaurants("partial", 50), directory: _directory, time: new FakeTimeProvider(restartAt)))
        {
            var after = Assert.Single((await JsonReportAsync(harness.Gateway.Management, "admin/report?format=json")).GetProperty("features").EnumerateArray());
            var steps = after.GetProperty("steps").EnumerateArray().ToArray();
            var previous = before.GetProperty("steps").EnumerateArray().ToArray();
            Assert.Equal(3, steps.Length);
            for (var i = 0; i < 2; i++)
            {
                Assert.Equal(previous[i].GetProperty("v3").GetRawText(), steps[i].GetProperty("v3").GetRawText());
                Assert.Equal(previous[i].GetProperty("v4").GetRawText(), steps[i].GetProperty("v4").GetRawText());
                Assert.Equal(previous[i].GetProperty("ended_by").GetRawText(), steps[i].GetProperty("ended_by").GetRawText());
            }

            // The step in force began before the restart; this process counts it from its start.
            Assert.Equal(previous[2].GetProperty("started_at").GetDateTimeOffset(), steps[2].GetProperty("started_at").GetDateTimeOffset());
            Assert.Equal(restartAt, steps[2].GetProperty("counted_since").GetDateTimeOffset());
            var revert = Assert.Single(after.GetProperty("reverts").EnumerateArray());
            Assert.Equal("critical-error-rate", revert.GetProperty("evidence").GetProperty("rule").GetString());
            Assert.Empty(after.GetProperty("events").EnumerateArray());
        }
    }

    [Fact]
    public async Task Since_leaves_out_steps_that_ended_before_it_and_bad_input_is_refused_with_a_message()
    {
        await using var harness = await GuardHarness.StartAsync(GuardHarness.Restaurants("partial", 50));
        var management = harness.Gateway.Management;
        await ForceAsync(management, 20);
        await harness.AdvanceAsync(TimeSpan.FromHours(2));
        await ForceAsync(management, 30);
        await harness.AdvanceAsync(TimeSpan.FromMinutes(10));

        async Task<decimal[]> PercentagesAsync(string since) =>
            [.. Assert.Single((await JsonReportAsync(management, $"admin/report?since={since}")).GetProperty("features").EnumerateArray())
                .GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("percentage").GetDecimal())];

        Assert.Equal([20m, 30m], await PercentagesAsync("1h"));
        Assert.Equal([50m, 20m, 30m], await PercentagesAsync("3h"));
        Assert.Equal([30m], await PercentagesAsync("5m"));

        // A rollout.json edit ends the step too (after a resume: a force holds over file edits).
        using (var resume = await management.PostAsync($"admin/features/{Feature}/resume", null, Ct))
        {
            resume.EnsureSuccessStatusCode();
        }

        var rollout = await File.ReadAllTextAsync(harness.Gateway.RolloutPath, Ct);
        await harness.Gateway.ReplaceRolloutAsync(rollout.Replace("\"percentage\": 50", "\"percentage\": 40", StringComparison.Ordinal));
        await harness.Gateway.WaitForStatusAsync(s => Effective(GuardHarness.Feature(s)) == 40, "the edited rollout.json to be in force");
        var edited = Assert.Single((await JsonReportAsync(management, "admin/report?since=5m")).GetProperty("features").EnumerateArray()).GetProperty("steps").EnumerateArray().ToArray();
        Assert.Equal([30m, 50m, 40m], edited.Select(s => s.GetProperty("percentage").GetDecimal()));
        Assert.Equal(("resume", "file"), (edited[0].GetProperty("ended_by").GetProperty("kind").GetString(), edited[1].GetProperty("ended_by").GetProperty("kind").GetString()));
        Assert.Equal(JsonValueKind.Null, edited[1].GetProperty("ended_by").GetProperty("event_id").ValueKind);

        await AssertRefusedAsync(management, "admin/report?feature=api_v4_nope", HttpStatusCode.NotFound, "unknown feature 'api_v4_nope'");
        await AssertRefusedAsync(management, "admin/report?since=7x", HttpStatusCode.BadRequest, "since must be a positive whole number with a unit s, m, h, d or w, such as 7d, 12h or 30m (got '7x')");
        await AssertRefusedAsync(management, "admin/report?format=pdf", HttpStatusCode.BadRequest, "format must be json, md or html (got 'pdf')");

        var (code, output, error) = await RunCliAsync("report", "api_v4_nope", "--url", harness.Gateway.App.ManagementAddress.ToString());
        Assert.Equal((ExitCodes.Failure, string.Empty), (code, output));
        Assert.Contains("unknown feature 'api_v4_nope'", error, StringComparison.Ordinal);
        (code, _, error) = await RunCliAsync("report", "--format", "pdf", "--url", harness.Gateway.App.ManagementAddress.ToString());
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("pdf", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_report_needs_the_admin_token()
    {
        await using var backends = await GuardHarness.StartStubAsync("/api", "v3");
        await using var gateway = await RunningGateway.StartAsync(
            GuardHarness.Restaurants("partial", 10)(backends.BaseAddress, backends.BaseAddress),
            new Dictionary<string, string?> { ["Gateway:Management:Token"] = "report-token-0123456789" });

        using var anonymous = await gateway.Management.GetAsync("admin/report", Ct);
        using var request = new HttpRequestMessage(HttpMethod.Get, "admin/report?format=md");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "report-token-0123456789");
        using var authorised = await gateway.Management.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, authorised.StatusCode);
        Assert.StartsWith("text/markdown", authorised.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
    }

    private async Task AssertHtmlInChromiumAsync(string management)
    {
        HeadlessChromium.Require();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 }, JavaScriptEnabled = false });
        var offsite = new List<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(management, StringComparison.Ordinal))
            {
                offsite.Add(request.Url);
            }
        };

        var response = await page.GotoAsync(management + $"admin/report?format=html&feature={Feature}");
        Assert.Equal(200, response!.Status);
        var section = page.Locator($"section.feature#{Feature}");
        var chart = section.Locator("svg.step-chart");
        Assert.Equal(1, await chart.CountAsync());
        Assert.Equal(["50", "0", "50"], await chart.Locator("g.step").EvaluateAllAsync<string[]>("steps => steps.map(s => s.dataset.percentage)"));
        Assert.Equal(1, await chart.Locator("g.revert").CountAsync());
        Assert.Contains("critical-error-rate", await chart.Locator("g.revert title").TextContentAsync(), StringComparison.Ordinal);
        Assert.True(await chart.BoundingBoxAsync() is { Width: > 700, Height: > 200 });
        Assert.Contains("Recommendation: hold", await section.Locator(".rec").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(4, await section.Locator("table.steps tr").CountAsync());
        Assert.Contains("critical-error-rate", await section.Locator("ul.reverts").InnerTextAsync(), StringComparison.Ordinal);

        await HeadlessChromium.ScreenshotAsync(page, "rollout-report.png");
        Assert.Empty(offsite);
    }

    private static async Task ForceAsync(HttpClient management, decimal percentage)
    {
        using var response = await management.PostAsJsonAsync($"admin/features/{Feature}/force", new { percentage, reason = "test" }, Ct);
        response.EnsureSuccessStatusCode();
    }

    private static async Task AssertRefusedAsync(HttpClient management, string path, HttpStatusCode status, string message)
    {
        using var response = await management.GetAsync(path, Ct);
        Assert.Equal(status, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal(message, body.GetProperty("error").GetString());
    }

    private static async Task<JsonElement> JsonReportAsync(HttpClient management, string path) =>
        await management.GetFromJsonAsync<JsonElement>(path, Ct);

    private static long Requests(JsonElement step, string backend) => step.GetProperty(backend).GetProperty("requests").GetInt64();

    private static decimal Effective(JsonElement feature) => feature.GetProperty("effective").GetProperty("percentage").GetDecimal();

    private static async Task<(int Code, string Output, string Error)> RunCliAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await GatewayCli.RunAsync(args, output, error, Ct);
        return (code, output.ToString(), error.ToString());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
