namespace OrleansBridge.Tests.ScaleOut;

/// <summary>The settings that make several silos one deployment: the same blob grain storage and the same azure: cache.</summary>
public static class SharedStorage
{
    public static Dictionary<string, string?> Settings(AzuriteProcess azurite)
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        return new Dictionary<string, string?>
        {
            ["Bridge:Grains:Storage"] = "azure:" + azurite.BlobLocation("grains" + id),
            ["Bridge:Applications:bridge:Cache"] = "azure:" + azurite.BlobLocation("cache" + id),
            ["Bridge:Sessions:LeaseDuration"] = "00:00:15",
            ["Bridge:DrainTimeout"] = "00:00:10",
        };
    }
}
