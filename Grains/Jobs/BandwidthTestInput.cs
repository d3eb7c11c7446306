namespace OrleansBridge.Jobs;

/// <summary>Input of <c>bandwidth.test</c>.</summary>
/// <param name="DownloadBytes">Filler bytes to push as partial results.</param>
/// <param name="ChunkBytes">Filler bytes per <c>job.progress</c> event.</param>
/// <param name="Upload">A payload (base64) whose decoded length the result reports.</param>
internal sealed record BandwidthTestInput(int DownloadBytes = 1 << 20, int ChunkBytes = 64 << 10, string? Upload = null);
