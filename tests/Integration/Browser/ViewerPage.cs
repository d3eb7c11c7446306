using System.Text.Json;
using Microsoft.Playwright;
using OrleansBridge.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansBridge.Tests.Browser;

/// <summary>One browser context with the viewer page open, and what the tests do with it.</summary>
internal sealed class ViewerPage : IAsyncDisposable
{
    private const float TimeoutMs = 30_000;
    private readonly IBrowserContext _context;
    private readonly ITestOutputHelper _output;
    private readonly List<string> _console = [];

    private ViewerPage(IBrowserContext context, IPage page, ITestOutputHelper output)
    {
        _context = context;
        Page = page;
        _output = output;
        page.Console += (_, message) =>
        {
            lock (_console)
            {
                _console.Add($"[{message.Type}] {message.Text}");
            }
        };
        page.PageError += (_, error) =>
        {
            lock (_console)
            {
                _console.Add($"[pageerror] {error}");
            }
        };
    }

    public IPage Page { get; }

    /// <summary>The name of the scene element the viewer found or created.</summary>
    public string SceneName { get; private set; } = "scene";

    /// <summary>Opens <c>/?token=…</c> on the server's own origin and, by default, waits for CONNECTED.</summary>
    public static async Task<ViewerPage> OpenAsync(ViewerPageFixture fixture, ITestOutputHelper output, string token = BridgeTestServer.Token, bool waitConnected = true)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        var page = new ViewerPage(context, await context.NewPageAsync(), output);
        await page.Page.GotoAsync(new Uri(fixture.Server.HttpBase, $"/?token={Uri.EscapeDataString(token)}").ToString());
        if (waitConnected)
        {
            await page.Page.WaitForSelectorAsync("#state[data-state=connected]", new() { Timeout = TimeoutMs });
        }

        return page;
    }

    public Task<string> SessionIdAsync() => Page.EvaluateAsync<string>("() => document.body.dataset.sessionId");

    /// <summary>Picks a file in the page's file input; resolves with the bytes the page reports it sent.</summary>
    public async Task<long> UploadAsync(string name, byte[] content)
    {
        await Page.EvaluateAsync("() => delete document.getElementById('model-status').dataset.uploadedBytes");
        await Page.SetInputFilesAsync("#file", new FilePayload { Name = name, MimeType = "model/gltf-binary", Buffer = content });
        await Page.WaitForSelectorAsync("#model-status[data-uploaded-bytes]", new() { Timeout = TimeoutMs, State = WaitForSelectorState.Attached });
        return long.Parse(await Page.GetAttributeAsync("#model-status", "data-uploaded-bytes") ?? "-1", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Drags across the canvas with the left button, in steps, as a person orbits.</summary>
    public async Task DragAsync(float dx, float dy)
    {
        var box = await Page.Locator("#view").BoundingBoxAsync() ?? throw new InvalidOperationException("The canvas has no box.");
        var (x, y) = (box.X + (box.Width / 2), box.Y + (box.Height / 2));
        await Page.Mouse.MoveAsync(x, y);
        await Page.Mouse.DownAsync();
        await Page.Mouse.MoveAsync(x + dx, y + dy, new() { Steps = 8 });
        await Page.Mouse.UpAsync();
    }

    /// <summary>The committed head's version and the viewer camera instance's transform.</summary>
    public async Task<(long Version, string Transform)> CameraAsync()
    {
        SceneName = await Page.EvaluateAsync<string>("() => window.viewer.scene.sceneName");
        var state = await Page.EvaluateAsync<JsonElement>(
            "async () => ({ version: (await window.viewer.session.sceneHead()).version, camera: (await window.viewer.session.sceneGet(['viewer/camera-instance']))['viewer/camera-instance'] })");
        return (state.GetProperty("version").GetInt64(), state.GetProperty("camera").GetProperty("transform").GetRawText());
    }

    public Task<JsonElement> SceneElementAsync(string name) =>
        Page.EvaluateAsync<JsonElement>("async (n) => (await window.viewer.session.sceneGet([n]))[n]", name);

    /// <summary>Statistics of the canvas' pixels: how many are not black, and a coarse fingerprint to compare two pictures.</summary>
    public Task<JsonElement> CanvasStatsAsync() => Page.EvaluateAsync<JsonElement>("""
        () => {
          const canvas = document.getElementById('view');
          const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
          let lit = 0, sum = 0;
          const cells = new Array(64).fill(0);
          for (let i = 0; i < pixels.length; i += 4) {
            const value = pixels[i] + pixels[i + 1] + pixels[i + 2];
            if (value > 24) lit++;
            sum += value;
            const p = i / 4, x = p % canvas.width, y = Math.floor(p / canvas.width);
            cells[Math.floor(y * 8 / canvas.height) * 8 + Math.floor(x * 8 / canvas.width)] += value;
          }
          return { lit, mean: sum / (pixels.length / 4), cells, frames: Number(canvas.dataset.frames), spp: Number(canvas.dataset.spp ?? 0) };
        }
        """);

    /// <summary>Saves a screenshot under the test output folder and prints its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var path = Path.Combine(ViewerPageFixture.ArtifactsFolder, $"viewer-{name}-{DateTime.UtcNow:HHmmss}.png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        _output.WriteLine($"screenshot: {path}");
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        lock (_console)
        {
            foreach (var line in _console)
            {
                _output.WriteLine($"browser {line}");
            }
        }

        _output.WriteLine($"page log: {await Page.Locator("#log").InnerTextAsync()}");
        await _context.CloseAsync();
    }
}
