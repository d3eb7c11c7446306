using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansBridge.Cache;
using OrleansBridge.Storage.Cache;
using OrleansBridge.Tools.CacheWriter;

// usage: CacheWriter <cache folder> <count> <entry bytes> <seed> [pause-at]
// Puts <count> entries, entry i being Entries.Content(seed, i, bytes), and prints "stored i" after each.
// With pause-at, entry pause-at stops half-way through its content, prints "paused", and waits to be killed.
if (args.Length < 4)
{
    Console.Error.WriteLine("usage: CacheWriter <cache folder> <count> <entry bytes> <seed> [pause-at]");
    return 2;
}

var count = int.Parse(args[1], CultureInfo.InvariantCulture);
var bytes = int.Parse(args[2], CultureInfo.InvariantCulture);
var seed = int.Parse(args[3], CultureInfo.InvariantCulture);
var pauseAt = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : -1;
var cache = new FolderContentCache(args[0], new ContentCacheOptions(), TimeProvider.System, NullLogger<FolderContentCache>.Instance);
for (var i = 0; i < count; i++)
{
    var content = Entries.Content(seed, i, bytes);
    Stream source = i == pauseAt ? new PausingStream(content) : new MemoryStream(content);
    var result = await cache.PutAsync(ContentHash.Compute(content), source, CancellationToken.None);
    if (!result.Succeeded)
    {
        Console.Error.WriteLine($"entry {i}: {result.Error} {result.Detail}");
        return 1;
    }

    Console.WriteLine($"stored {i}");
}

return 0;
