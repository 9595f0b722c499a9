using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.Dashboard;

/// <summary>Acting from the dashboard in a real headless Chromium: through the token-guarded admin API, with the actor recorded.</summary>
public sealed class DashboardActionsBrowserTests
{
    private const string Token = "dashboard-test-token";

    [Fact]
    public async Task Pause_and_resume_from_the_card_are_events_with_the_actor_the_user_typed()
    {
        HeadlessChromium.Require();
        await using var v3 = await EchoBackend.StartAsync("v3");
        await using var v4 = await EchoBackend.StartAsync("v4");
        var rollout = new RolloutFile { V3 = v3.BaseAddress, V4 = v4.BaseAddress, Features = [RolloutFile.Restaurants("partial", 10)] };
        await using var gateway = await RunningGateway.StartAsync(rollout.ToJson());
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        await page.GotoAsync(gateway.App.ManagementAddress + "dashboard");
        await page.WaitForSelectorAsync("body[data-loaded=true]");
        var card = page.Locator("article[data-feature=api_v4_restaurants]");

        await page.FillAsync("#actor-input", "dana on call");
        await page.DispatchEventAsync("#actor-input", "change");
        await card.Locator("[data-field=force-reason]").FillAsync("checking the dashboard");
        await card.Locator("button[data-action=pause]").ClickAsync();
        var pause = page.Locator("#events .event[data-kind=pause][data-feature=api_v4_restaurants]");
        await pause.WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        Assert.Equal("dana on call", await pause.GetAttributeAsync("data-actor"));
        Assert.Contains("checking the dashboard", await pause.InnerTextAsync(), StringComparison.Ordinal);
        Assert.True((await gateway.StatusAsync()).GetProperty("features")[0].GetProperty("effective").GetProperty("paused").GetBoolean());
        await page.WaitForFunctionAsync("() => document.querySelector('article[data-feature=api_v4_restaurants] button[data-action=pause]').disabled");
        Assert.Contains("Press Resume", await card.Locator("[data-field=resume-hint]").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("dana on call", await page.EvaluateAsync<string>("() => localStorage.getItem('strangler-dashboard-actor')"));

        await card.Locator("button[data-action=resume]").ClickAsync();
        var resume = page.Locator("#events .event[data-kind=resume][data-feature=api_v4_restaurants]");
        await resume.WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        Assert.Equal("dana on call", await resume.GetAttributeAsync("data-actor"));
        var events = await gateway.Management.GetFromJsonAsync<JsonElement>("admin/events", TestContext.Current.CancellationToken);
        Assert.Equal(["resume", "pause"], events.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("kind").GetString()!).ToArray());
        Assert.All(events.GetProperty("events").EnumerateArray(), e => Assert.Equal("dana on call", e.GetProperty("actor").GetString()));
        Assert.False((await gateway.StatusAsync()).GetProperty("features")[0].GetProperty("effective").GetProperty("paused").GetBoolean());

        // The API's own error message, readably; then a valid force is in force and on the charts.
        await card.Locator("[data-field=force-percent]").FillAsync("150");
        await card.Locator("button[data-action=force]").ClickAsync();
        await page.WaitForFunctionAsync("() => document.querySelector('article[data-feature=api_v4_restaurants] [data-field=action-message]').classList.contains('error')");
        Assert.Equal(
            "force failed: percentage must be between 0 and 100 with at most two decimals (got 150) (HTTP 400)",
            await card.Locator("[data-field=action-message]").InnerTextAsync());
        await card.Locator("[data-field=force-percent]").FillAsync("25");
        await card.Locator("button[data-action=force]").ClickAsync();
        await page.WaitForFunctionAsync("() => document.querySelector('article[data-feature=api_v4_restaurants] [data-field=effective-percent]').textContent === '25 %'", null, new PageWaitForFunctionOptions { Timeout = 10_000 });
        Assert.Equal("dana on call", await page.Locator("#events .event[data-kind=force]").GetAttributeAsync("data-actor"));
        Assert.Equal("25", await card.Locator("[data-field=force-percent]").InputValueAsync());
    }

    [Fact]
    public async Task The_page_asks_for_the_token_when_the_api_answers_401_and_then_works_with_it()
    {
        HeadlessChromium.Require();
        await using var v3 = await EchoBackend.StartAsync("v3");
        await using var v4 = await EchoBackend.StartAsync("v4");
        var rollout = new RolloutFile { V3 = v3.BaseAddress, V4 = v4.BaseAddress, Features = [RolloutFile.Restaurants("partial", 10)] };
        await using var gateway = await RunningGateway.StartAsync(rollout.ToJson(), new Dictionary<string, string?> { ["Gateway:Management:Token"] = Token });
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        await page.GotoAsync(gateway.App.ManagementAddress + "dashboard");
        await page.WaitForSelectorAsync("#token-box.show");
        Assert.Null(await page.GetAttributeAsync("body", "data-loaded"));

        await page.FillAsync("#token-input", "wrong-token");
        await page.ClickAsync("#token-save");
        await page.WaitForFunctionAsync("() => document.getElementById('token-error').textContent === 'that token was refused'");

        await page.FillAsync("#token-input", Token);
        await page.ClickAsync("#token-save");
        await page.WaitForSelectorAsync("body[data-loaded=true]");
        Assert.False(await page.IsVisibleAsync("#token-box"));
        Assert.Equal(Token, await page.EvaluateAsync<string>("() => sessionStorage.getItem('strangler-admin-token')"));
        Assert.Equal(0, await page.EvaluateAsync<int>("() => Object.keys(localStorage).filter(k => localStorage.getItem(k) === 'dashboard-test-token').length"));

        // Actions carry the token too.
        await page.Locator("article[data-feature=api_v4_restaurants] button[data-action=pause]").ClickAsync();
        await page.Locator("#events .event[data-kind=pause][data-actor=dashboard]").WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 390"), "the page overflows a 390 px wide phone");
        await HeadlessChromium.ScreenshotAsync(page, "dashboard-token-390.png");

        using var anonymous = await gateway.Management.GetAsync("admin/status", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Rollback_all_acts_only_after_its_confirmation()
    {
        HeadlessChromium.Require();
        await using var v3 = await EchoBackend.StartAsync("v3");
        await using var v4 = await EchoBackend.StartAsync("v4");
        var rollout = new RolloutFile { V3 = v3.BaseAddress, V4 = v4.BaseAddress, Features = [RolloutFile.Restaurants("partial", 40), RolloutFile.Reviews("partial", 20)] };
        await using var gateway = await RunningGateway.StartAsync(rollout.ToJson());
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        await page.GotoAsync(gateway.App.ManagementAddress + "dashboard");
        await page.WaitForSelectorAsync("body[data-loaded=true]");

        await page.ClickAsync("#rollback-all");
        Assert.True(await page.IsVisibleAsync("#rollback-confirm"));
        await page.ClickAsync("#rollback-cancel");
        Assert.False(await page.IsVisibleAsync("#rollback-confirm"));
        await page.ClickAsync("#rollback-all");
        await page.FillAsync("#rollback-reason", "v4 database down");
        Assert.Empty((await gateway.Management.GetFromJsonAsync<JsonElement>("admin/events", TestContext.Current.CancellationToken)).GetProperty("events").EnumerateArray());
        Assert.Equal([40m, 20m], Effective(await gateway.StatusAsync()));

        await page.ClickAsync("#rollback-confirm-yes");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#events .event[data-kind=rollback_all]').length === 2", null, new PageWaitForFunctionOptions { Timeout = 10_000 });
        Assert.Equal([0m, 0m], Effective(await gateway.StatusAsync()));
        Assert.False(await page.IsVisibleAsync("#rollback-confirm"));
        var rows = await page.Locator("#events .event[data-kind=rollback_all]").AllInnerTextsAsync();
        Assert.All(rows, r => Assert.Contains("v4 database down", r, StringComparison.Ordinal));
        Assert.Equal(2, await page.Locator("#events .event[data-kind=rollback_all][data-actor=dashboard]").CountAsync());
        Assert.Equal(2, await page.Locator("[data-field=resume-hint]").CountAsync());
    }

    private static decimal[] Effective(JsonElement status) =>
        [.. status.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("effective").GetProperty("percentage").GetDecimal())];
}
