using Microsoft.Playwright;
using Strangler.TestSupport.Servers;

namespace Strangler.Gateway.Tests.Infrastructure;

/// <summary>Debian's Chromium, headless, for the browser tests (dashboard, report); and the screenshots they keep.</summary>
internal static class HeadlessChromium
{
    public const string Chromium = "/usr/bin/chromium";

    public static void Require()
    {
        if (!File.Exists(Chromium))
        {
            ServerRequirement.Missing("Chromium", "install Debian's chromium (apt-get install chromium)");
        }
    }

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });

    /// <summary>A full-page screenshot in the test output directory; fails when it came out empty.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        Assert.True(new FileInfo(path).Length > 10_000, $"the screenshot {path} is (nearly) empty");
        TestContext.Current.TestOutputHelper?.WriteLine("screenshot: " + path);
        return path;
    }
}
