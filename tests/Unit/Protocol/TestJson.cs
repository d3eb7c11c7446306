using System.Text.Json.Serialization;

namespace OrleansBridge.Tests.Protocol;

/// <summary>Plain JSON type infos for builder tests that need bodies other than the protocol's records.</summary>
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(int))]
internal sealed partial class TestJson : JsonSerializerContext;
