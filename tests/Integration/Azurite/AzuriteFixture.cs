namespace OrleansBridge.Tests.Azurite;

/// <summary>One Azurite for the tests of the "Azurite" collection; each test uses its own container.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? _azurite;

    public AzuriteProcess Azurite => _azurite ?? throw new InvalidOperationException("Azurite has not started.");

    /// <summary>A location in a container no other test uses.</summary>
    public string NewLocation() => Azurite.BlobLocation("t" + Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync() => _azurite = await AzuriteProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}
