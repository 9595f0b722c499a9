using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.Dashboard;

/// <summary>The dashboard in a real headless Chromium (Debian's), after traffic and a revert.</summary>
public sealed class DashboardBrowserTests
{
    [Fact]
    public async Task The_dashboard_shows_what_status_says_and_the_revert_on_its_timeline()
    {
        HeadlessChromium.Require();

        await using var harness = await GuardHarness.StartAsync(GuardHarness.Restaurants("partial", 50, "\"description\": \"Restaurant list and detail\","));
        for (var i = 0; i < 20; i++)
        {
            // A path no feature claims: unrouted v3 traffic, charted as "(none)".
            using (var unrouted = await harness.Gateway.Public.GetAsync("api/stats", TestContext.Current.CancellationToken))
            {
                Assert.Equal("v3", unrouted.Headers.GetValues("X-Backend").Single());
            }

            await harness.SecondAsync(200);
        }

        await harness.SetFaultAsync(onV4: true, errorRate: 0.4);
        for (var i = 0; i < 10; i++)
        {
            await harness.SecondAsync(200);
        }

        var status = await harness.Gateway.StatusAsync();
        var feature = GuardHarness.Feature(status);
        Assert.Equal(0m, feature.GetProperty("effective").GetProperty("percentage").GetDecimal());

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        var management = harness.Gateway.App.ManagementAddress.ToString();
        var offsite = new List<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(management, StringComparison.Ordinal))
            {
                offsite.Add(request.Url);
            }
        };

        await page.GotoAsync(management + "dashboard");
        await page.WaitForSelectorAsync("body[data-loaded=true]");
        var card = page.Locator("article[data-feature=api_v4_restaurants]");

        Assert.Equal("0 %", await card.Locator("[data-field=effective-percent]").InnerTextAsync());
        Assert.Equal("50 %", await card.Locator("[data-field=desired-percent]").InnerTextAsync());
        Assert.Equal(feature.GetProperty("desired").GetProperty("stage").GetString(), await card.Locator("[data-field=stage]").InnerTextAsync());
        Assert.Equal(
            feature.GetProperty("guard").GetProperty("state").GetString(),
            await card.Locator("[data-field=guard-state]").GetAttributeAsync("data-state"));

        // Seconds after the revert the badge still says so, in red, for as long as the revert holds.
        Assert.Equal("reverted", feature.GetProperty("guard").GetProperty("state").GetString());
        Assert.Equal("rgb(192, 57, 43)", await card.Locator("[data-field=guard-state]").EvaluateAsync<string>("e => getComputedStyle(e).color"));
        Assert.Contains("Restaurant list and detail", await card.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(
            "why 0 %: " + feature.GetProperty("effective").GetProperty("reason").GetString(),
            await card.Locator("[data-field=effective-reason]").InnerTextAsync());
        Assert.Equal(2, await card.Locator("svg").First.Locator("polyline").CountAsync());
        await AssertChartsAsync(page, card, feature);

        var revert = page.Locator("#events .event[data-kind=revert][data-feature=api_v4_restaurants]");
        Assert.Equal(1, await revert.CountAsync());
        var revertText = await revert.InnerTextAsync();
        Assert.Contains("50 % → 0 %", revertText, StringComparison.Ordinal);
        Assert.Contains("critical-error-rate", revertText, StringComparison.Ordinal);
        Assert.Contains("guard", revertText, StringComparison.Ordinal);
        Assert.Matches(@"2026-06-01 12:00:\d\d UTC · guard", revertText);

        // What the gateway knows is alert-worthy is a banner and a badge on the card; the card says how to resume.
        Assert.Equal("reverted", await page.Locator("#alerts li[data-feature=api_v4_restaurants]").GetAttributeAsync("data-alert"));
        Assert.True(await card.Locator("[data-field=firing]").IsVisibleAsync());
        Assert.Contains("gateway resume api_v4_restaurants", await card.Locator("[data-field=resume-hint]").InnerTextAsync(), StringComparison.Ordinal);

        // Requests no feature claims have a card of their own, with absolute counts.
        var unroutedCard = page.Locator("article[data-feature='(none)']");
        Assert.Equal(20, int.Parse(await unroutedCard.Locator("[data-field=requests-v3]").GetAttributeAsync("data-requests") ?? "0", CultureInfo.InvariantCulture));

        // Times are UTC with the zone shown; local on request, remembered.
        await page.ClickAsync("#zone-toggle");
        Assert.Equal("local", await page.EvaluateAsync<string>("() => localStorage.getItem('strangler-dashboard-zone')"));
        Assert.Equal("times: local", await page.InnerTextAsync("#zone-toggle"));
        await page.ClickAsync("#zone-toggle");
        Assert.Equal("times: UTC", await page.InnerTextAsync("#zone-toggle"));

        await HeadlessChromium.ScreenshotAsync(page, "dashboard-reverted-1400.png");
        await page.SetViewportSizeAsync(390, 844);
        // Redrawn at the phone's width, so the charts' text keeps its size.
        await page.WaitForFunctionAsync("() => { const s = document.querySelector('article[data-feature=api_v4_restaurants] svg'); const w = s.getBoundingClientRect().width; return w < 390 && Math.abs(s.viewBox.baseVal.width - w) < 4; }");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 390"), "the page overflows a 390 px wide phone");
        await HeadlessChromium.ScreenshotAsync(page, "dashboard-reverted-390.png");
        await page.SetViewportSizeAsync(1400, 1000);

        // The page keeps itself current: a resume shows up within a couple of refreshes.
        using (var resume = await harness.Gateway.Management.PostAsync("admin/features/api_v4_restaurants/resume", null, TestContext.Current.CancellationToken))
        {
            resume.EnsureSuccessStatusCode();
        }

        await page.WaitForFunctionAsync("() => document.querySelector('article[data-feature=api_v4_restaurants] [data-field=effective-percent]').textContent === '50 %'", null, new PageWaitForFunctionOptions { Timeout = 10_000 });

        // A rejected rollout.json revision shows as a banner with file, line and column, and goes away when fixed.
        var good = await File.ReadAllTextAsync(harness.Gateway.RolloutPath, TestContext.Current.CancellationToken);
        await harness.Gateway.WriteRolloutInPlaceAsync(good[..(good.Length / 2)]);
        var banner = page.Locator("#config-error");
        await WaitWhileTickingAsync(harness, page, "() => document.getElementById('config-error').classList.contains('show')");
        var bannerText = await banner.InnerTextAsync();
        Assert.Contains("was rejected; the previous revision keeps serving", bannerText, StringComparison.Ordinal);
        Assert.Matches(@"rollout\.json:\d+:\d+: ", bannerText);

        // The rejection is on the timeline and a marker on the charts, beside the start-up's apply.
        await WaitWhileTickingAsync(harness, page, "() => document.querySelector('#events .event[data-kind=config_rejected]') !== null");
        Assert.Contains("rejected", await page.Locator("#events .event[data-kind=config_rejected]").First.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator("#events .event[data-kind=config_applied]").CountAsync());
        Assert.True(await card.Locator("svg[data-chart=errors] g[data-marker=config_rejected]").CountAsync() >= 1);
        Assert.Equal("config_rejected", await page.Locator("#alerts li[data-alert=config_rejected]").GetAttributeAsync("data-alert"));
        await HeadlessChromium.ScreenshotAsync(page, "dashboard-config-rejected-1400.png");
        Assert.Empty(offsite);

        await harness.Gateway.ReplaceRolloutAsync(good);
        await WaitWhileTickingAsync(harness, page, "() => !document.getElementById('config-error').classList.contains('show')");
    }

    [Fact]
    public async Task A_full_feature_shows_its_desired_share_as_100_percent_like_its_gauge()
    {
        HeadlessChromium.Require();

        await using var v3 = await EchoBackend.StartAsync("v3");
        await using var v4 = await EchoBackend.StartAsync("v4");
        var rollout = new RolloutFile { V3 = v3.BaseAddress, V4 = v4.BaseAddress, Features = [RolloutFile.Restaurants("full", 0), RolloutFile.Reviews("testing", 0)] };
        await using var gateway = await RunningGateway.StartAsync(rollout.ToJson());
        var status = await gateway.StatusAsync();
        var desired = status.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("desired").GetProperty("percentage").GetDecimal()).ToArray();
        Assert.Equal([100m, 0m], desired);
        Assert.Contains("strangler_gateway_rollout_desired_percent{feature=\"api_v4_restaurants\"} 100", await gateway.Management.GetStringAsync("metrics", TestContext.Current.CancellationToken), StringComparison.Ordinal);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(gateway.App.ManagementAddress + "dashboard");
        await page.WaitForSelectorAsync("body[data-loaded=true]");
        Assert.Equal("100 %", await page.Locator("article[data-feature=api_v4_restaurants] [data-field=desired-percent]").InnerTextAsync());
        Assert.Equal("100 %", await page.Locator("article[data-feature=api_v4_restaurants] [data-field=effective-percent]").InnerTextAsync());
        Assert.Equal("0 %", await page.Locator("article[data-feature=api_v4_reviews] [data-field=desired-percent]").InnerTextAsync());
    }

    [Fact]
    public async Task A_shadowed_feature_shows_its_parity_and_most_frequent_differing_path()
    {
        HeadlessChromium.Require();

        await using var shadowed = await ShadowedGateway.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(shadowed.Gateway.App.ManagementAddress + "dashboard");
        await page.WaitForSelectorAsync("body[data-loaded=true]");
        var card = page.Locator("article[data-feature=api_v4_restaurants]");
        Assert.Equal("failing", await card.Locator("[data-field=parity]").GetAttributeAsync("data-parity"));
        Assert.Contains("of 80", await card.Locator("[data-field=parity-summary]").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("limit 1 %", await card.Locator("[data-field=parity-summary]").InnerTextAsync(), StringComparison.Ordinal);
        var path = card.Locator("ul[data-field=shadow-paths] > li");
        Assert.Equal(1, await path.CountAsync());
        Assert.Equal("$.name", await path.GetAttributeAsync("data-path"));
        Assert.Equal("40", await path.GetAttributeAsync("data-count"));
    }

    /// <summary>
    /// The charts are readable: axes with units and the zone, the guard's thresholds for the step in
    /// force, a marker at the revert, and a tooltip with the time and values under the pointer.
    /// </summary>
    private static async Task AssertChartsAsync(IPage page, ILocator card, JsonElement feature)
    {
        var errors = card.Locator("svg[data-chart=errors]");
        var yTicks = await errors.Locator(".axis-y text").AllTextContentsAsync();
        Assert.True(yTicks.Count >= 3, "y axis ticks: " + string.Join(", ", yTicks));
        Assert.All(yTicks, t => Assert.EndsWith(" %", t, StringComparison.Ordinal));
        var xTicks = await errors.Locator(".axis-x text").AllTextContentsAsync();
        Assert.Contains("UTC", xTicks);
        Assert.Contains(xTicks, t => System.Text.RegularExpressions.Regex.IsMatch(t, @"^12:00:\d\d$"));
        Assert.All(await card.Locator("svg[data-chart=p95] .axis-y text").AllTextContentsAsync(), t => Assert.EndsWith(" ms", t, StringComparison.Ordinal));

        var thresholds = feature.GetProperty("guard").GetProperty("thresholds");
        Assert.Equal(1, await errors.Locator("path[data-threshold=warning]").CountAsync());
        Assert.Contains(
            "warning " + thresholds.GetProperty("max_error_percent").GetDouble().ToString(CultureInfo.InvariantCulture) + " %",
            await card.Locator("[data-field=thresholds]").InnerTextAsync(),
            StringComparison.Ordinal);
        Assert.Equal(1, await errors.Locator("g[data-marker=revert]").CountAsync());
        Assert.Contains("50 % → 0 % by guard", await errors.Locator("g[data-marker=revert] title").TextContentAsync(), StringComparison.Ordinal);

        // The range fits the data (30 s of samples), not a sliver of a fixed 15 minutes: the first sample is near the left edge.
        var firstX = await errors.Locator("polyline[data-backend=v4]").EvaluateAsync<double>("l => l.points.getItem(0).x / l.ownerSVGElement.viewBox.baseVal.width");
        Assert.InRange(firstX, 0, 0.5);

        await card.Locator("svg[data-chart=errors] rect.hover-area").HoverAsync();
        await page.WaitForFunctionAsync("() => { const t = document.querySelector('article[data-feature=api_v4_restaurants] .chart[data-chart=errors] [data-field=tooltip]'); return t && t.classList.contains('show') && t.textContent.includes('v4: '); }");
        var tip = await card.Locator(".chart[data-chart=errors] [data-field=tooltip]").InnerTextAsync();
        Assert.Matches(@"^12:00:\d\d UTC", tip);
        Assert.Contains("warning ", tip, StringComparison.Ordinal);

        // Sub-millisecond latencies keep their digits.
        Assert.Equal("0.4 ms", await page.EvaluateAsync<string>("() => ms(0.4)"));
        Assert.Equal("0.05 ms", await page.EvaluateAsync<string>("() => ms(0.05)"));
        Assert.Equal("12 ms", await page.EvaluateAsync<string>("() => ms(12.2)"));

        // Absolute counts over the charted range, per backend.
        var v3 = int.Parse(await card.Locator("[data-field=requests-v3]").GetAttributeAsync("data-requests") ?? "0", CultureInfo.InvariantCulture);
        var v4 = int.Parse(await card.Locator("[data-field=requests-v4]").GetAttributeAsync("data-requests") ?? "0", CultureInfo.InvariantCulture);
        Assert.True(v3 > 0 && v4 > 0, $"v3 {v3}, v4 {v4}");
    }

    /// <summary>Waits for a page condition while moving the fake clock, which drives the reload debounce and poll.</summary>
    private static async Task WaitWhileTickingAsync(GuardHarness harness, IPage page, string condition)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (await page.EvaluateAsync<bool>(condition))
            {
                return;
            }

            harness.Time.Advance(TimeSpan.FromMilliseconds(500));
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Fail("the dashboard never satisfied " + condition);
    }
}
