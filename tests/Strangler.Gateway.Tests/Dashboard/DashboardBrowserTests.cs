using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Strangler.Gateway.Tests.Infrastructure;
using Strangler.TestSupport.Servers;

namespace Strangler.Gateway.Tests.Dashboard;

/// <summary>The dashboard in a real headless Chromium (Debian's), after traffic and a revert.</summary>
public sealed class DashboardBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task The_dashboard_shows_what_status_says_and_the_revert_on_its_timeline()
    {
        if (!File.Exists(Chromium))
        {
            ServerRequirement.Missing("Chromium", "install Debian's chromium (apt-get install chromium)");
        }

        await using var harness = await GuardHarness.StartAsync(GuardHarness.Restaurants("partial", 50, "\"description\": \"Restaurant list and detail\","));
        for (var i = 0; i < 20; i++)
        {
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
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
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

        var revert = page.Locator("#events .event[data-kind=revert][data-feature=api_v4_restaurants]");
        Assert.Equal(1, await revert.CountAsync());
        var revertText = await revert.InnerTextAsync();
        Assert.Contains("50 % → 0 %", revertText, StringComparison.Ordinal);
        Assert.Contains("critical-error-rate", revertText, StringComparison.Ordinal);
        Assert.Contains("guard", revertText, StringComparison.Ordinal);

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
        var screenshot = Path.Combine(AppContext.BaseDirectory, "dashboard.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        Assert.True(new FileInfo(screenshot).Length > 10_000);
        TestContext.Current.TestOutputHelper?.WriteLine("screenshot: " + screenshot);
        Assert.Empty(offsite);

        await harness.Gateway.ReplaceRolloutAsync(good);
        await WaitWhileTickingAsync(harness, page, "() => !document.getElementById('config-error').classList.contains('show')");
    }

    [Fact]
    public async Task A_full_feature_shows_its_desired_share_as_100_percent_like_its_gauge()
    {
        if (!File.Exists(Chromium))
        {
            ServerRequirement.Missing("Chromium", "install Debian's chromium (apt-get install chromium)");
        }

        await using var v3 = await EchoBackend.StartAsync("v3");
        await using var v4 = await EchoBackend.StartAsync("v4");
        var rollout = new RolloutFile { V3 = v3.BaseAddress, V4 = v4.BaseAddress, Features = [RolloutFile.Restaurants("full", 0), RolloutFile.Reviews("testing", 0)] };
        await using var gateway = await RunningGateway.StartAsync(rollout.ToJson());
        var status = await gateway.StatusAsync();
        var desired = status.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("desired").GetProperty("percentage").GetDecimal()).ToArray();
        Assert.Equal([100m, 0m], desired);
        Assert.Contains("strangler_gateway_rollout_desired_percent{feature=\"api_v4_restaurants\"} 100", await gateway.Management.GetStringAsync("metrics", TestContext.Current.CancellationToken), StringComparison.Ordinal);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
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
        if (!File.Exists(Chromium))
        {
            ServerRequirement.Missing("Chromium", "install Debian's chromium (apt-get install chromium)");
        }

        await using var shadowed = await ShadowedGateway.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
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

    private static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });

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
