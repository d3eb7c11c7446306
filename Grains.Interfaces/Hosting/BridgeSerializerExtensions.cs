using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Serialization.Cloning;
using Orleans.Serialization.Serializers;
using OrleansBridge.Protocol;

namespace OrleansBridge.Hosting;

/// <summary>Registers how grain calls carry the product's contracts.</summary>
public static class BridgeSerializerExtensions
{
    /// <summary>
    /// Copies inside a silo: <see cref="BridgeContractCopier"/> (by reference). Serializes between
    /// silos: the wire protocol's records and <see cref="JsonElement"/> as JSON, through the same
    /// System.Text.Json contracts the protocol puts on the wire; <see cref="IProcessLocal"/> objects
    /// never (<see cref="ProcessLocalCodec"/>). Types of the grain contracts carry generated serializers.
    /// </summary>
    public static ISerializerBuilder AddBridgeContracts(this ISerializerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var protocol = typeof(Frames).Assembly;
        builder.AddJsonSerializer(
            isSerializable: type => type.Assembly == protocol || type == typeof(JsonElement),
            isCopyable: null,
            options => options.Configure(json => json.SerializerOptions = new JsonSerializerOptions { Converters = { new Cache.ContentHashJsonConverter() } }));
        builder.Services.AddSingleton<IGeneralizedCopier, BridgeContractCopier>();
        builder.Services.AddSingleton<IGeneralizedCodec, ProcessLocalCodec>();
        return builder;
    }
}
