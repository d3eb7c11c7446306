using System.CommandLine;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OrleansBridge.Cache.Admin;
using OrleansBridge.Cache.Http;
using OrleansBridge.Protocol;

namespace OrleansBridge.Cli.Commands;

/// <summary>
/// <c>bridge cache gc</c> and <c>bridge cache stats</c>: the server's cache admin endpoints
/// (<c>POST /admin/cache/gc</c>, <c>GET /admin/cache/stats</c>) over HTTP on the same host and port as
/// <c>--server</c>, for the application at its path, authenticated with <c>--token</c>.
/// </summary>
internal static class CacheCommand
{
    public static Command Create()
    {
        var minimumAge = new Option<TimeSpan?>("--min-age")
        {
            Description = "Delete only unpinned entries stored at least this long ago (hh:mm:ss; default the server's Bridge:Cache:GcMinimumAge)",
        };
        var gc = new Command("gc", "Delete every cache entry no live session or snapshot pins and that is older than the minimum age.");
        gc.Options.Add(minimumAge);
        gc.SetAction((parse, cancellationToken) => RunAsync(
            parse, HttpMethod.Post, CacheAdminHttp.GcPath, parse.GetValue(minimumAge), CacheJson.Default.CacheGcReport, PrintGc, cancellationToken));

        var stats = new Command("stats", "Print the cache's entries, bytes, pinned bytes, hit rate and the bytes charged per tenant.");
        stats.SetAction((parse, cancellationToken) => RunAsync(
            parse, HttpMethod.Get, CacheAdminHttp.StatsPath, null, CacheJson.Default.CacheStatsReport, PrintStats, cancellationToken));

        var command = new Command("cache", "Administer the application's content-addressed cache.");
        command.Subcommands.Add(gc);
        command.Subcommands.Add(stats);
        return command;
    }

    private static async Task<int> RunAsync<T>(
        ParseResult parse, HttpMethod method, string path, TimeSpan? minimumAge, JsonTypeInfo<T> info, Action<T> print, CancellationToken cancellationToken)
        where T : class
    {
        var json = parse.GetValue(CommonOptions.Json);
        var printer = new Output(json);
        var server = parse.GetValue(CommonOptions.Server)!;
        var query = $"?{CacheAdminHttp.ApplicationParameter}={Uri.EscapeDataString(server.AbsolutePath)}"
            + (minimumAge is { } age ? string.Create(CultureInfo.InvariantCulture, $"&{CacheAdminHttp.MinimumAgeParameter}={age.TotalSeconds}") : string.Empty);
        var address = new UriBuilder(server) { Scheme = server.Scheme == "wss" ? "https" : "http", Path = path, Query = query }.Uri;
        try
        {
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            using var request = new HttpRequestMessage(method, address);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", parse.GetValue(CommonOptions.Token) ?? string.Empty);
            using var response = await http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return printer.Refusal(RefusalOf(response, body));
            }

            var report = JsonSerializer.Deserialize(body, info) ?? throw new JsonException("The server answered an empty body.");
            if (json)
            {
                Console.WriteLine(JsonSerializer.Serialize(report, info));
            }
            else
            {
                print(report);
            }

            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException)
        {
            return printer.Failure(ex);
        }
    }

    /// <summary>The protocol code from <c>Bridge-Error</c> and the reason from the body, or the bare HTTP status.</summary>
    private static ErrorDetail RefusalOf(HttpResponseMessage response, string body)
    {
        var code = response.Headers.TryGetValues("Bridge-Error", out var values)
            && int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : 0;
        string reason;
        try
        {
            reason = JsonDocument.Parse(body).RootElement.GetProperty("reason").GetString() ?? body;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            reason = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
        }

        return new ErrorDetail(code, code == 0 ? $"Http{(int)response.StatusCode}" : ((ErrorCode)code).ToString(), reason);
    }

    private static void PrintGc(CacheGcReport r)
    {
        Console.WriteLine($"cache         {r.Cache}");
        Console.WriteLine($"scanned       {r.Scanned} entries");
        Console.WriteLine($"deleted       {r.Deleted} entries, {r.DeletedBytes} bytes");
        Console.WriteLine($"kept          {r.KeptPinned} pinned, {r.KeptRecent} younger than {TimeSpan.FromSeconds(r.MinimumAgeSeconds)}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"took          {r.Seconds:F3} s"));
    }

    private static void PrintStats(CacheStatsReport r)
    {
        Console.WriteLine($"cache         {r.Cache}");
        Console.WriteLine($"entries       {r.Entries} ({r.Bytes} bytes)");
        Console.WriteLine($"pinned        {r.PinnedEntries} ({r.PinnedBytes} bytes)");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"hit rate      {r.HitRate:P1} ({r.Hits} hits, {r.Misses} misses since the server started)"));
        Console.WriteLine($"budget        {(r.BudgetBytes is { } budget ? $"{budget} bytes (LRU eviction)" : "none")}");
        foreach (var (tenant, bytes) in r.TenantBytes.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            Console.WriteLine($"tenant        {tenant}: {bytes} bytes charged");
        }
    }
}
