using System.Text.Json;
using OrleansBridge.Protocol;
using OrleansBridge.Scene;
using OrleansBridge.Scene.Elements;
using OrleansBridge.Scene.Messages;

namespace OrleansBridge.Client;

/// <summary>The session's scene: transactions and reads of the committed head.</summary>
public sealed partial class BridgeSession
{
    /// <summary>Begins a scene transaction on the server now; see <see cref="BridgeTransaction"/>.</summary>
    public BridgeTransaction BeginTransaction() => new(this, BeginOnServerAsync());

    /// <summary>The committed head: manifest hash, version, element count.</summary>
    public async Task<SceneHeadResult> GetSceneHeadAsync(CancellationToken cancellationToken = default) =>
        (await RequestAsync("scene.head", default, cancellationToken)).Deserialize(SceneJson.Default.SceneHeadResult)!;

    /// <summary>Committed elements by name (all of them when <paramref name="names"/> is null).</summary>
    public async Task<IReadOnlyDictionary<string, SceneElement>> GetSceneElementsAsync(IReadOnlyList<string>? names = null, CancellationToken cancellationToken = default)
    {
        var response = await SendAsync("scene.get", new GetParams(names), SceneJson.Default.GetParams, cancellationToken);
        return response.IsSuccess
            ? response.Result.Deserialize(SceneJson.Default.ElementsResult)!.Elements
            : throw new BridgeRequestException(response.Error, response.Message ?? ErrorCodes.Describe(response.Error));
    }

    private async Task<BeginResult> BeginOnServerAsync()
    {
        var response = await SendAsync("scene.begin", default);
        return response.IsSuccess
            ? response.Result.Deserialize(SceneJson.Default.BeginResult)!
            : throw new BridgeRequestException(response.Error, response.Message ?? ErrorCodes.Describe(response.Error));
    }
}
