using Akka.Actor;
using Akka.Configuration;
using Google.Protobuf;
using SinchActors.Cluster.Wire;

namespace SinchActors.Cluster.Tests.Wire;

/// <summary>
/// A later version adds a field: a test-only "v2" of <see cref="KeyEnvelope"/> with an <see cref="AskCredential"/>,
/// written with this version's field numbers plus one new field in the envelope and one in the nested request. During
/// a rolling upgrade this version reads v2's bytes (ignoring what it does not know) and v2 reads this version's bytes
/// (the new fields at their defaults).
/// </summary>
public sealed class WireEvolutionSpecs : IAsyncLifetime
{
    private const string EntityId = "key@https://auth.example.com/oauth2/token";

    private ActorSystem _system = null!;
    private SinchClusterSerializer _serializer = null!;

    public Task InitializeAsync()
    {
        _system = ActorSystem.Create("evolution", ConfigurationFactory.ParseString("akka.loglevel = WARNING"));
        _serializer = new SinchClusterSerializer((ExtendedActorSystem)_system);
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => _system.Terminate();

    [Fact]
    public void This_version_reads_the_bytes_of_a_version_with_added_fields_and_ignores_them()
    {
        var v2 = new AskV2(CorrelationId: 41, TimeoutTicks: TimeSpan.FromSeconds(5).Ticks, ProjectId: "project", NewerThan: 7, Priority: 3);

        var read = (KeyEnvelope)_serializer.FromBinary(EnvelopeV2.Write(EntityId, v2, traceId: "trace-1"), "K");

        Assert.Equal(new KeyEnvelope(EntityId, null, new AskCredential(41, TimeSpan.FromSeconds(5), "project", 7)), read);
    }

    [Fact]
    public void A_version_with_added_fields_reads_this_versions_bytes_with_the_added_fields_at_their_defaults()
    {
        var bytes = _serializer.ToBinary(new KeyEnvelope(EntityId, null, new AskCredential(41, TimeSpan.FromSeconds(5), "project", 7)));

        var (entityId, ask, traceId) = EnvelopeV2.Read(bytes);

        Assert.Equal((EntityId, (string?)null), (entityId, traceId));
        Assert.Equal(new AskV2(41, TimeSpan.FromSeconds(5).Ticks, "project", 7, Priority: 0), ask);
    }

    /// <summary>AskCredential v2: fields 1-4 as today, and 5, a priority.</summary>
    private sealed record AskV2(long CorrelationId, long TimeoutTicks, string? ProjectId, long NewerThan, int Priority);

    /// <summary>KeyEnvelope v2: field 1 (entity ID) and 4 (the request) as today, and 9, a trace ID.</summary>
    private static class EnvelopeV2
    {
        public static byte[] Write(string entityId, AskV2 ask, string traceId)
        {
            var nested = new MemoryStream();
            var n = new CodedOutputStream(nested);
            n.WriteTag(1, WireFormat.WireType.Varint);
            n.WriteInt64(ask.CorrelationId);
            n.WriteTag(2, WireFormat.WireType.Varint);
            n.WriteInt64(ask.TimeoutTicks);
            n.WriteTag(3, WireFormat.WireType.LengthDelimited);
            n.WriteString(ask.ProjectId);
            n.WriteTag(4, WireFormat.WireType.Varint);
            n.WriteInt64(ask.NewerThan);
            n.WriteTag(5, WireFormat.WireType.Varint);
            n.WriteInt32(ask.Priority);
            n.Flush();

            var output = new MemoryStream();
            var o = new CodedOutputStream(output);
            o.WriteTag(9, WireFormat.WireType.LengthDelimited); // a new field first: readers must not depend on order
            o.WriteString(traceId);
            o.WriteTag(1, WireFormat.WireType.LengthDelimited);
            o.WriteString(entityId);
            o.WriteTag(4, WireFormat.WireType.LengthDelimited);
            o.WriteBytes(ByteString.CopyFrom(nested.ToArray()));
            o.Flush();
            return output.ToArray();
        }

        public static (string? EntityId, AskV2? Ask, string? TraceId) Read(byte[] bytes)
        {
            var input = new CodedInputStream(bytes);
            (string? EntityId, AskV2? Ask, string? TraceId) read = default;
            while (input.ReadTag() is var tag and not 0)
            {
                switch (WireFormat.GetTagFieldNumber(tag))
                {
                    case 1: read.EntityId = input.ReadString(); break;
                    case 4: read.Ask = ReadAsk(input.ReadBytes().CreateCodedInput()); break;
                    case 9: read.TraceId = input.ReadString(); break;
                    default: input.SkipLastField(); break;
                }
            }
            return read;
        }

        private static AskV2 ReadAsk(CodedInputStream input)
        {
            var ask = new AskV2(0, 0, null, 0, 0);
            while (input.ReadTag() is var tag and not 0)
            {
                ask = WireFormat.GetTagFieldNumber(tag) switch
                {
                    1 => ask with { CorrelationId = input.ReadInt64() },
                    2 => ask with { TimeoutTicks = input.ReadInt64() },
                    3 => ask with { ProjectId = input.ReadString() },
                    4 => ask with { NewerThan = input.ReadInt64() },
                    5 => ask with { Priority = input.ReadInt32() },
                    _ => Skip(input, ask),
                };
            }
            return ask;
        }

        private static AskV2 Skip(CodedInputStream input, AskV2 ask)
        {
            input.SkipLastField();
            return ask;
        }
    }
}
