using Microsoft.Playwright;

namespace RaftEsp.Monitor.Tests.Browser;

/// <summary>
/// Debian's Chromium (/usr/bin/chromium, apt package "chromium") driven by Playwright. Playwright never downloads a
/// browser here: tests/run-all.sh installs the distribution's package and sets PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly IPlaywright playwright;
    private readonly IBrowser browser;

    private BrowserSession(IPlaywright playwright, IBrowser browser, IPage page)
    {
        this.playwright = playwright;
        this.browser = browser;
        Page = page;
    }

    public IPage Page { get; }

    public static async Task<BrowserSession> OpenAsync(string url)
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium (apt-get install -y chromium; tests/run-all.sh does it when run as root)");
        }

        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        IPlaywright playwright = await Playwright.CreateAsync();
        IBrowser browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = new[] { "--no-sandbox" },
        });
        IPage page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1100 } });
        page.SetDefaultTimeout(60_000);
        // Expectations wait for outcomes with the same generous limit as every other wait (Wait.Generous), not 5 s:
        // a membership change or an election on two shared cores may take longer.
        Assertions.SetDefaultExpectTimeout(60_000);
        await page.GotoAsync(url);
        return new BrowserSession(playwright, browser, page);
    }

    /// <summary>Saves a full-page screenshot under artifacts/screenshots/ at the repository root.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        string dir = Path.Combine(RepoRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public static string RepoRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir != null && !File.Exists(Path.Combine(dir, "RaftEsp.sln"))) dir = Path.GetDirectoryName(dir);
        return dir ?? throw new InvalidOperationException("RaftEsp.sln not found above " + AppContext.BaseDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        await browser.CloseAsync();
        playwright.Dispose();
    }
}
