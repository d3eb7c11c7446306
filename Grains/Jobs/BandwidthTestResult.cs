namespace OrleansBridge.Jobs;

/// <summary>Result of <c>bandwidth.test</c>.</summary>
/// <param name="DownloadBytes">Filler bytes pushed.</param>
/// <param name="Chunks">Progress events that carried them.</param>
/// <param name="UploadBytes">Decoded length of the client's payload.</param>
/// <param name="ServerSeconds">Time the server took to put the filler in the outbox (not the network time).</param>
internal sealed record BandwidthTestResult(int DownloadBytes, int Chunks, int UploadBytes, double ServerSeconds);
