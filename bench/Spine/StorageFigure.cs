using System.Diagnostics;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using OrleansBridge.Storage;

namespace OrleansBridge.Bench.Spine;

/// <summary>
/// Context for a) and b): one durable grain-state write as the server does it (temporary file,
/// flush to disk, rename), since a session start writes the session record once and a resume twice
/// (PENDING, then CONNECTED) inside the handshake.
/// </summary>
internal static class StorageFigure
{
    /// <summary>About the size of a session record.</summary>
    private const int RecordBytes = 256;

    public static async Task<LatencySummary> RunAsync(int count, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("spine-storage-");
        try
        {
            var storage = new FolderGrainStorage(folder.FullName, new RawBytes());
            var data = new byte[RecordBytes];
            var recorder = new LatencyRecorder(count);
            for (var i = 0; i < count; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await storage.WriteStateAsync("session", GrainId.Create("session", $"bench{i}"), new GrainState<byte[]>(data), cancellationToken);
                recorder.Record(Stopwatch.GetTimestamp() - start);
            }

            return recorder.Summarize();
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The record's bytes as they are: the figure is the write, not the JSON.</summary>
    private sealed class RawBytes : IGrainStorageSerializer
    {
        public BinaryData Serialize<T>(T? input) => BinaryData.FromBytes((byte[])(object)input!);

        public T Deserialize<T>(BinaryData input) => (T)(object)input.ToArray();
    }
}
