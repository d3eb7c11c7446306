using OrleansBridge.Client;

namespace OrleansBridge.Tests.Infrastructure;

/// <summary>
/// An <see cref="IProgress{T}"/> that runs its callback inline, on the uploading thread (unlike
/// <see cref="Progress{T}"/>, which posts it later), so a test can act at an exact point of an upload.
/// </summary>
public sealed class SyncProgress(Action<UploadProgress> report) : IProgress<UploadProgress>
{
    public List<UploadProgress> Reports { get; } = [];

    public void Report(UploadProgress value)
    {
        lock (Reports)
        {
            Reports.Add(value);
        }

        report(value);
    }
}
