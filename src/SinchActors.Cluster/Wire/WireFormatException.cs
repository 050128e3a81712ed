using System.Runtime.Serialization;

namespace SinchActors.Cluster.Wire;

/// <summary>
/// Bytes that arrived as a SinchActors cluster message and do not read as one (corrupt, or of a manifest this version
/// does not know). A <see cref="SerializationException"/>: Akka.Remote logs it and drops the one message, and the
/// association to the sending node stays up.
/// </summary>
internal sealed class WireFormatException : SerializationException
{
    internal WireFormatException(string manifest, int length, string message, Exception? inner)
        : base(inner is null ? $"{message}." : $"{message}: {inner.Message}", inner)
    {
        Manifest = manifest;
        Length = length;
    }

    /// <summary>The manifest the bytes arrived with (one letter per message type).</summary>
    public string Manifest { get; }

    /// <summary>How many bytes arrived.</summary>
    public int Length { get; }
}
