using System.Text.Json;
using Orleans.Serialization.Cloning;
using OrleansBridge.Protocol;

namespace OrleansBridge.Hosting;

/// <summary>
/// How Orleans copies the arguments of grain calls inside one silo for the types that have no
/// generated copier: the wire protocol's records (immutable once built: elements are hashed in their
/// canonical form, messages are answered as built), <see cref="JsonElement"/> (a read-only view of a
/// parsed document) and <see cref="IProcessLocal"/> objects go by reference. Orleans would otherwise
/// refuse the call for want of a copier, or copy a frame body or a scene's elements on every call.
/// </summary>
public sealed class BridgeContractCopier : IGeneralizedCopier
{
    private static readonly System.Reflection.Assembly Protocol = typeof(Frames).Assembly;

    /// <inheritdoc />
    public object? DeepCopy(object? input, CopyContext context) => input;

    /// <inheritdoc />
    public bool IsSupportedType(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.Assembly == Protocol || type == typeof(JsonElement) || typeof(IProcessLocal).IsAssignableFrom(type);
    }
}
