using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using OrleansBridge.Applications;
using OrleansBridge.Cache;
using OrleansBridge.Hosting;
using OrleansBridge.Protocol;
using OrleansBridge.Scene;
using OrleansBridge.Scene.Elements;
using OrleansBridge.Scene.Messages;
using OrleansBridge.Sessions;

namespace OrleansBridge.Tests.Grains.Hosting;

/// <summary>How grain calls carry the product's types: copied by reference inside a silo, serialized between silos.</summary>
public sealed class BridgeContractsTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection()
        .AddSerializer(serializer => serializer.AddBridgeContracts())
        .BuildServiceProvider();

    private Serializer Serializer => _services.GetRequiredService<Serializer>();

    private DeepCopier Copier => _services.GetRequiredService<DeepCopier>();

    public void Dispose() => _services.Dispose();

    [Fact]
    public void ProtocolRecords_CopiedInsideASilo_AreTheSameInstance()
    {
        var outcome = SceneOutcome.Ok(new CommitResult("t1", ContentHash.Compute("m"u8), 3, 2));
        var header = new FrameHeader(MessageType.Request, FrameFlags.None, 7, 9, 4);

        Assert.Same(outcome, Copier.Copy(outcome));
        Assert.Equal(header, Copier.Copy(header));
    }

    [Fact]
    public void ProtocolRecords_SerializedBetweenSilos_RoundTripEqual()
    {
        var manifest = ContentHash.Compute("manifest"u8);
        var outcome = SceneOutcome.Ok(new CommitResult("t1", manifest, 3, 2));
        var elements = new Dictionary<string, SceneElement>
        {
            ["camera"] = new CameraElement(0.8f, ZFar: 100),
            ["mesh"] = new MeshElement(ContentHash.Compute("positions"u8), 3),
        };

        var copy = Serializer.Deserialize<SceneOutcome<CommitResult>>(Serializer.SerializeToArray(outcome));
        var elementsCopy = Serializer.Deserialize<Dictionary<string, SceneElement>>(Serializer.SerializeToArray(elements));
        Assert.NotNull(copy);
        Assert.NotNull(elementsCopy);

        Assert.Equal(outcome.Value, copy.Value);
        Assert.Equal(ErrorCode.None, copy.Error);
        Assert.Equal(manifest, copy.Value!.Manifest);
        Assert.Equal(elements["camera"], elementsCopy["camera"]);
        Assert.IsType<MeshElement>(elementsCopy["mesh"]);
        Assert.Equal(((MeshElement)elements["mesh"]).Positions, ((MeshElement)elementsCopy["mesh"]).Positions);
    }

    [Fact]
    public void GrainContractRecordsAndJson_SerializedBetweenSilos_RoundTripEqual()
    {
        var status = new ApplicationStatus("bridge", true, 2, new Dictionary<string, int> { ["studio"] = 2 });
        using var document = JsonDocument.Parse("""{"progress":0.5,"names":["a","b"]}""");

        var statusCopy = Serializer.Deserialize<ApplicationStatus>(Serializer.SerializeToArray(status));
        Assert.NotNull(statusCopy);
        var json = Serializer.Deserialize<JsonElement>(Serializer.SerializeToArray(document.RootElement));

        Assert.Equal(status.Name, statusCopy.Name);
        Assert.Equal(2, statusCopy.SessionsByTenant["studio"]);
        Assert.Equal(0.5, json.GetProperty("progress").GetDouble());
        Assert.Equal("b", json.GetProperty("names")[1].GetString());
    }

    [Fact]
    public void ProcessLocalObjects_CopiedByReference_RefusedBetweenSilos()
    {
        var channel = new SessionChannel(1 << 20, 100);

        Assert.Same(channel, Copier.Copy(channel));
        var refused = Assert.Throws<ProcessLocalTransferException>(() => Serializer.SerializeToArray<object>(channel)); // a gateway takes it as "the grain moved": try again
        Assert.Contains(nameof(SessionChannel), refused.Message, StringComparison.Ordinal);
    }
}
