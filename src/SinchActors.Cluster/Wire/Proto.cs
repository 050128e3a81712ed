using System.Buffers;
using System.Runtime.InteropServices;
using Google.Protobuf;

namespace SinchActors.Cluster.Wire;

/// <summary>
/// The Protobuf wire format, written and read by hand (see README.md in this folder): tags of field number and wire
/// type, proto3 presence (a field at its default is not written and reads back as its default), nested messages
/// length-delimited. A reader skips every tag it does not know, so fields added later are ignored by earlier readers.
/// </summary>
internal static class Proto
{
    public const uint Varint = 0;
    public const uint Len = 2;

    // Pooled, so its size costs nothing per message; large enough that no message but a reply with a large body (which
    // hints its size) runs out of it, since running out costs an exception and a second write.
    private const int FirstBufferSize = 4096;

    /// <summary>Writes <paramref name="message"/> with <paramref name="write"/> into a pooled buffer and returns its exact bytes.</summary>
    /// <param name="message">The message.</param>
    /// <param name="sizeHint">Bytes the message needs at least (a reply's body), so that it is written once.</param>
    /// <param name="write">Writes the message's fields.</param>
    public static byte[] ToBytes<T>(T message, int sizeHint, Action<CodedOutputStream, T> write)
    {
        var (buffer, length) = WritePooled(message, FirstBufferSize + sizeHint, write);
        try
        {
            return buffer.AsSpan(0, length).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static void WriteInt64(this CodedOutputStream output, uint tag, long value)
    {
        if (value == 0)
            return;
        output.WriteTag(tag);
        output.WriteInt64(value);
    }

    public static void WriteInt32(this CodedOutputStream output, uint tag, int value)
    {
        if (value == 0)
            return;
        output.WriteTag(tag);
        output.WriteInt32(value);
    }

    /// <summary>A field whose absence means <c>null</c>, not zero: written whenever it has a value.</summary>
    public static void WriteOptionalInt32(this CodedOutputStream output, uint tag, int? value)
    {
        if (value is not { } present)
            return;
        output.WriteTag(tag);
        output.WriteInt32(present);
    }

    /// <inheritdoc cref="WriteOptionalInt32"/>
    public static void WriteOptionalInt64(this CodedOutputStream output, uint tag, long? value)
    {
        if (value is not { } present)
            return;
        output.WriteTag(tag);
        output.WriteInt64(present);
    }

    public static void WriteBool(this CodedOutputStream output, uint tag, bool value)
    {
        if (!value)
            return;
        output.WriteTag(tag);
        output.WriteBool(true);
    }

    /// <summary>A duration, as .NET ticks (100 ns): exact, and a varint of a few bytes.</summary>
    public static void WriteTicks(this CodedOutputStream output, uint tag, TimeSpan value) => output.WriteInt64(tag, value.Ticks);

    /// <summary>A string whose absence means <c>null</c>: an empty one is written.</summary>
    public static void WriteString(this CodedOutputStream output, uint tag, string? value)
    {
        if (value is null)
            return;
        output.WriteTag(tag);
        output.WriteString(value);
    }

    public static void WriteBytes(this CodedOutputStream output, uint tag, byte[] value)
    {
        if (value.Length == 0)
            return;
        output.WriteTag(tag);
        output.WriteBytes(UnsafeByteOperations.UnsafeWrap(value));
    }

    /// <summary>A nested message, length-delimited (an empty one is still written: its presence is its meaning).</summary>
    public static void WriteMessage<T>(this CodedOutputStream output, uint tag, T message, Action<CodedOutputStream, T> write)
    {
        var (buffer, length) = WritePooled(message, FirstBufferSize, write);
        try
        {
            output.WriteTag(tag);
            output.WriteBytes(UnsafeByteOperations.UnsafeWrap(buffer.AsMemory(0, length)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads a nested message with <paramref name="read"/>, which reads tags until the message's end.</summary>
    public static T ReadMessage<T, TState>(this CodedInputStream input, TState state, Func<CodedInputStream, TState, T> read) =>
        read(input.ReadBytes().CreateCodedInput(), state); // Google.Protobuf keeps its limits to generated messages

    /// <summary>Reads a nested message whose fields carry nothing this version needs (a singleton's).</summary>
    public static T ReadEmpty<T>(this CodedInputStream input, T instance) => input.ReadMessage(instance, static (i, instance) =>
    {
        i.SkipToEnd();
        return instance;
    });

    /// <summary>Skips every field up to the end of the message (or of the nested message being read).</summary>
    public static void SkipToEnd(this CodedInputStream input)
    {
        while (input.ReadTag() != 0)
            input.SkipLastField();
    }

    /// <summary>A bytes field as an array, without a second copy: the reader already copied the bytes into a fresh array.</summary>
    public static byte[] ReadByteArray(this CodedInputStream input)
    {
        var bytes = input.ReadBytes();
        return MemoryMarshal.TryGetArray(bytes.Memory, out var segment) && segment is { Array: { } array, Offset: 0 } && segment.Count == array.Length
            ? array
            : bytes.ToByteArray();
    }

    public static TimeSpan ReadTicks(this CodedInputStream input) => TimeSpan.FromTicks(input.ReadInt64());

    private static (byte[] Buffer, int Length) WritePooled<T>(T message, int size, Action<CodedOutputStream, T> write)
    {
        while (true)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(size);
            try
            {
                var output = new CodedOutputStream(buffer);
                write(output, message);
                return (buffer, (int)output.Position);
            }
            catch (CodedOutputStream.OutOfSpaceException)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                size = buffer.Length * 2;
            }
        }
    }
}
