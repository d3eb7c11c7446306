using System.Diagnostics.CodeAnalysis;
using Orleans.Serialization.Buffers;
using Orleans.Serialization.Serializers;
using Orleans.Serialization.WireProtocol;

namespace OrleansBridge.Hosting;

/// <summary>
/// Tells Orleans where <see cref="IProcessLocal"/> objects stand: they are never serialized. A grain
/// call that carries one to another silo is a bug of the caller, and fails here with a message that
/// names the type instead of Orleans' generic "no serializer".
/// </summary>
public sealed class ProcessLocalCodec : IGeneralizedCodec
{
    /// <inheritdoc />
    public bool IsSupportedType(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return typeof(IProcessLocal).IsAssignableFrom(type);
    }

    /// <inheritdoc />
    public void WriteField<TBufferWriter>(ref Writer<TBufferWriter> writer, uint fieldIdDelta, [AllowNull] Type expectedType, object? value)
        where TBufferWriter : System.Buffers.IBufferWriter<byte> =>
        throw new ProcessLocalTransferException($"{value?.GetType().Name ?? expectedType?.Name} is shared by reference inside one silo and cannot be sent to another.");

    /// <inheritdoc />
    public object? ReadValue<TInput>(ref Reader<TInput> reader, Field field) =>
        throw new ProcessLocalTransferException("A process-local object cannot be received from another silo.");
}

/// <summary>A grain call tried to carry an <see cref="IProcessLocal"/> object to another silo: the grain is not where the caller assumed.</summary>
public sealed class ProcessLocalTransferException : NotSupportedException
{
    /// <summary>Creates the exception.</summary>
    public ProcessLocalTransferException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ProcessLocalTransferException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public ProcessLocalTransferException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
