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
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
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
