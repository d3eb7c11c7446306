using System.Threading.Channels;
using OrleansBridge.Client;

namespace OrleansBridge.Tests.Video;

/// <summary>Reading a session's received video frames in the tests.</summary>
internal static class VideoFrames
{
    /// <summary>Reads frames until the first that names <paramref name="transaction"/>, and returns it.</summary>
    public static async Task<VideoFrame> FirstOfAsync(this ChannelReader<VideoFrame> frames, string transaction, CancellationToken cancellationToken)
    {
        VideoFrame frame;
        do
        {
            frame = await frames.ReadAsync(cancellationToken);
        }
        while (frame.Info.Transaction != transaction);
        return frame;
    }
}
