using OrleansBridge.Protocol.Media;

namespace OrleansBridge.Video;

/// <summary>One session's video on this silo: its contexts, its sink and the commits its frames may name.</summary>
public sealed partial class VideoContexts
{
    /// <summary>One session's video here: its contexts, its sink and the commits its frames may name.</summary>
    private sealed class SessionVideo
    {
        private readonly (string Transaction, long ReceivedAt)[] _edits = new (string, long)[16];
        private int _nextEdit;

        public SessionVideo(string sessionId, string application, MediaQueue queue, IVideoGrain grain, TimeProvider time)
        {
            SessionId = sessionId;
            Application = application;
            Queue = queue;
            Grain = grain;
            Sink = new VideoSink(this, time);
        }

        public string SessionId { get; }

        public string Application { get; }

        public MediaQueue Queue { get; }

        public IVideoGrain Grain { get; }

        /// <summary>The sink object (held here: Orleans keeps only a weak reference to it).</summary>
        public VideoSink Sink { get; }

        public IVideoSink Reference { get; set; } = null!;

        /// <summary>Contexts by id; guarded by locking this object.</summary>
        public Dictionary<string, VideoLink> Links { get; } = new(StringComparer.Ordinal);

        public int LastId { get; set; }

        public string? LastTransaction { get; private set; }

        public bool Unreachable { get; set; }

        /// <summary>Remembers a commit and when the gateway read it (under the lock).</summary>
        public void Committed(string transaction, long receivedAt)
        {
            LastTransaction = transaction;
            _edits[_nextEdit++ % _edits.Length] = (transaction, receivedAt);
        }

        /// <summary>When the gateway read the edit a frame shows (under the lock): the origin of its <c>sent</c> stamp.</summary>
        public long OriginOf(string? transaction, VideoLink link)
        {
            if (transaction is not null)
            {
                foreach (var edit in _edits)
                {
                    if (edit.Transaction == transaction)
                    {
                        return edit.ReceivedAt;
                    }
                }
            }

            return link.Opened;
        }
    }

    /// <summary>One context as its session's silo knows it.</summary>
    private sealed class VideoLink(string id, VideoSettings settings, MediaStream stream, long generation, long opened)
    {
        public string Id { get; } = id;

        public VideoSettings Settings { get; set; } = settings;

        public MediaStream Stream { get; } = stream;

        public long Generation { get; set; } = generation;

        /// <summary>When it was opened (again) here: the origin of <c>sent</c> for frames that name no commit.</summary>
        public long Opened { get; set; } = opened;

        public string Encoder { get; set; } = "?";

        private long _sent;

        /// <summary>Frames queued for the client (a context opened again numbers on from here).</summary>
        public long Sent
        {
            get => Interlocked.Read(ref _sent);
            init => _sent = value;
        }

        public void Queued() => Interlocked.Increment(ref _sent);
    }

    /// <summary>Queues a session's frames on its media queue and reports flow control (an Orleans observer).</summary>
    private sealed class VideoSink(SessionVideo video, TimeProvider time) : IVideoSink
    {
        private static readonly VideoSinkState Closed = new(false, false, 0, 0, 0, 0);

        public Task<VideoSinkState> DeliverAsync(string context, long generation, byte[] frame, string? transaction)
        {
            VideoLink? link;
            long origin;
            lock (video)
            {
                if (!video.Links.TryGetValue(context, out link) || link.Generation != generation)
                {
                    return Task.FromResult(Closed);
                }

                origin = video.OriginOf(transaction, link);
            }

            var queued = link.Stream.TryEnqueue(frame, MediaSentStamp.Locate(frame, origin, time)) != 0;
            if (queued)
            {
                link.Queued();
            }

            return Task.FromResult(State(link, queued));
        }

        public Task<VideoSinkState> StateAsync(string context, long generation)
        {
            lock (video)
            {
                if (!video.Links.TryGetValue(context, out var link) || link.Generation != generation)
                {
                    return Task.FromResult(Closed);
                }

                return Task.FromResult(State(link, false));
            }
        }

        private static VideoSinkState State(VideoLink link, bool accepted) =>
            new(accepted, true, link.Stream.Pending, link.Stream.MaxPending, link.Stream.ResetEpoch, link.Stream.AcknowledgedBytes);
    }
}
