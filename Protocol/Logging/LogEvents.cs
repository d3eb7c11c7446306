namespace OrleansBridge.Logging;

/// <summary>
/// Every log event id of the product, in one place so that operators can filter on stable numbers
/// (docs/operations.md lists them). Ranges: 1xxx were the grain host's (Orleans logs activations now, under its own categories), 2xxx sessions and applications, 3xxx gateway, 4xxx silo, 5xxx cache and storage.
/// </summary>
public static class LogEvents
{
    public const int SessionStateChanged = 2000;
    public const int SessionResumed = 2001;
    public const int SessionTakenOver = 2002;
    public const int SessionResumeRefused = 2003;
    public const int SessionStaleClosed = 2004;
    public const int RequestFailed = 2005;
    public const int SessionReleaseFailed = 2006;
    public const int SessionsSwept = 2007;
    public const int SessionsAdopted = 2008;
    public const int ApplicationOpened = 2100;
    public const int ApplicationClosed = 2101;
    public const int SessionAdmitted = 2102;
    public const int SessionRefused = 2103;
    public const int SceneCommitted = 2200;
    public const int SceneCommitRefused = 2201;
    public const int SnapshotSaved = 2220;
    public const int SnapshotRemoved = 2221;

    public const int ConnectionRefusedBeforeUpgrade = 3000;
    public const int HandshakeRejected = 3001;
    public const int ConnectionProtocolError = 3002;
    public const int ConnectionDropped = 3003;
    public const int ConnectionClosed = 3004;
    public const int ConnectionWelcomed = 3005;
    public const int ConnectionFailed = 3006;
    public const int ResumeDeferred = 3007;
    public const int ProxyUpstreamRefused = 3008;

    public const int SiloListening = 4000;
    public const int DevelopmentToken = 4001;
    public const int AdminRequestRefused = 4002;
    public const int AdminCacheGc = 4003;

    public const int CacheEntryStored = 5000;
    public const int CacheHashMismatch = 5001;
    public const int CacheEntryTooLarge = 5002;
    public const int CacheTemporaryFilesRemoved = 5003;
    public const int StorageRetry = 5004;
    public const int StorageUnavailable = 5005;
    public const int StorageRefused = 5006;
    public const int BlobContainerCreated = 5007;
    public const int CacheServerRequestRefused = 5101;

    public const int UploadStarted = 5200;
    public const int UploadCompleted = 5201;
    public const int UploadFailed = 5202;
    public const int UploadCancelled = 5203;
    public const int CacheQuotaExceeded = 5204;
    public const int CacheGcCompleted = 5210;
    public const int CacheEntriesEvicted = 5211;
    public const int CacheBudgetFailed = 5212;

    public const int JobStarted = 5300;
    public const int JobFinished = 5301;
    public const int JobFailed = 5302;
    public const int JobPluginLoaded = 5310;
    public const int JobPluginRefused = 5311;

    public const int GltfImported = 5320;
    public const int GltfRefused = 5321;
    public const int RenderStarted = 5400;
    public const int RenderFinished = 5401;
    public const int RenderFailed = 5402;
    public const int RenderSceneBuilt = 5403;
    public const int RenderSceneEvicted = 5404;
    public const int RenderEncodeFailed = 5405;
    public const int RenderDeviceChosen = 5406;
    public const int RenderDeviceFallback = 5407;
    public const int RenderWarmed = 5408;
    public const int RenderWarmFailed = 5409;

    public const int VideoContextOpened = 5500;
    public const int VideoContextClosed = 5501;
    public const int VideoEncoderFailed = 5502;
    public const int VideoSceneFailed = 5503;
    public const int VideoLoopFailed = 5504;
    public const int VideoEncoderProbed = 5505;
    public const int VideoBitrateChanged = 5506;
    public const int VideoContextReopened = 5507;
    public const int VideoLeaseExpired = 5508;
    public const int VideoContextsAttached = 5509;
    public const int VideoGrainUnreachable = 5510;
    public const int SessionServing = 5600;
    public const int SessionTakenOverFromStorage = 5601;
    public const int SessionFenced = 5602;
    public const int SessionMovedToGateway = 5603;
    public const int SessionHandedOff = 5604;
    public const int DrainStarted = 5605;
    public const int DrainFinished = 5606;
    public const int SessionJournalFailed = 5607;
    public const int SceneFenced = 5608;
    public const int SessionResumedPastStoredEnd = 5609;
    public const int CacheLedgerWriteConflict = 5650;
    public const int CacheLedgerWriteGaveUp = 5651;
    public const int CacheLedgerMovedIntoShards = 5652;
}
