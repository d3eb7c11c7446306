using OrleansBridge.Cache;
using OrleansBridge.Sessions.Uploads;

namespace OrleansBridge.Tests.Sessions.Uploads;

/// <summary>One upload's chunk queue and put, with a put that reads what it is given.</summary>
public sealed class CacheUploadTests
{
    [Fact]
    public async Task Append_ChunksThenFinal_PutReadsExactlyThemAndEveryChunkIsAnswered()
    {
        var hash = ContentHash.Compute([1, 2, 3, 4]);
        var seen = new MemoryStream();
        using var upload = CacheUpload.Start(hash, 4, async (_, content, token) =>
        {
            await content.CopyToAsync(seen, token);
            return CachePutResult.Stored;
        });

        var first = upload.Append([1, 2], final: false)!;
        var last = upload.Append([3, 4], final: true)!;

        Assert.Equal(CachePutStatus.Stored, (await upload.Completion).Status);
        Assert.True(await first.Consumed && await last.Consumed);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, seen.ToArray());
        Assert.Equal(4, upload.Received);
        Assert.Null(upload.Append([], final: false)); // nothing is taken after the final chunk
    }

    [Fact]
    public async Task Append_AfterThePutEndedEarly_ReturnsNullAndQueuedChunksAreReleased()
    {
        // A put that finds the entry present returns without reading, as the folder and Azure backends do.
        using var upload = CacheUpload.Start(ContentHash.Compute([7]), 10, (_, _, _) => Task.FromResult(CachePutResult.AlreadyPresent));
        var queued = upload.Append([1, 2, 3], final: false);

        await upload.Completion;

        Assert.Null(upload.Append([4], final: false));
        Assert.True(queued is null || !await queued.Consumed, "a chunk the put never read is answered as not consumed");
    }

    [Fact]
    public async Task Abort_PutWaitingForChunks_CancelsIt()
    {
        using var upload = CacheUpload.Start(ContentHash.Compute([7]), 10, async (_, content, token) =>
        {
            await content.ReadExactlyAsync(new byte[10], token);
            return CachePutResult.Fail(ErrorCode.InternalError);
        });

        upload.Abort();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => upload.Completion);
    }
}
