using System.Text.Json;
using OrleansBridge.Protocol;
using OrleansBridge.Tests.Azurite;
using OrleansBridge.Tests.Infrastructure;

namespace OrleansBridge.Tests.ScaleOut;

/// <summary>Admission limits hold per deployment: one application grain counts the sessions of every silo of the cluster.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ClusterAdmissionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task TenantLimitOfTwo_SessionsOnThreeSilos_TheThirdIsRefusedWhicheverSiloItReaches()
    {
        var settings = SharedStorage.Settings(azurite.Azurite);
        settings["Bridge:Applications:bridge:Limits:MaxSessionsPerTenant"] = "2";
        await using var s0 = await BridgeTestServer.StartAsync(settings);
        await using var s1 = await BridgeTestServer.StartAsync(settings);
        await using var s2 = await BridgeTestServer.StartAsync(settings);
        await SharedStorage.ConvergedAsync(s0, s1, s2);

        await using var first = await RawClient.ConnectAsync(s0.Url);
        await first.WelcomeAsync(RawClient.NewHello());
        await using var second = await RawClient.ConnectAsync(s1.Url);
        await second.WelcomeAsync(RawClient.NewHello());

        foreach (var silo in new[] { s2, s0, s1 })
        {
            await using var third = await RawClient.ConnectAsync(silo.Url);
            var (header, body) = await third.HelloAsync(RawClient.NewHello());
            Assert.Equal(MessageType.Reject, header.Type);
            Assert.Equal(ErrorCode.TenantSessionLimit, JsonSerializer.Deserialize(body, ProtocolJson.Default.ErrorBody)!.Code);
        }

        foreach (var silo in new[] { s0, s1, s2 })
        {
            var status = await silo.ApplicationStatusAsync();
            Assert.Equal(2, status.Sessions); // the same count seen from every silo: one activation
            Assert.Equal(2, status.SessionsByTenant["default"]);
        }
    }
}
