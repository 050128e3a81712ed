using System.Text.Json.Serialization;
using SinchActors.Emulator.AccessKeys;
using SinchActors.Emulator.Auth;
using SinchActors.Emulator.Faults;
using SinchActors.Emulator.Sms;
using SinchActors.Emulator.Stats;

namespace SinchActors.Emulator.Http;

/// <summary>Source-generated serializers for every body the emulator reads or writes: no reflection on the hot path.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(OAuthError))]
[JsonSerializable(typeof(AccessKeyDto))]
[JsonSerializable(typeof(AccessKeyPageDto))]
[JsonSerializable(typeof(CreatedAccessKeyDto))]
[JsonSerializable(typeof(AccessKeyInput))]
[JsonSerializable(typeof(GoogleErrorBody))]
[JsonSerializable(typeof(SmsBatchRequest))]
[JsonSerializable(typeof(SmsBatchDto))]
[JsonSerializable(typeof(SmsError))]
[JsonSerializable(typeof(FaultSettings))]
[JsonSerializable(typeof(StatsSnapshot))]
internal sealed partial class EmulatorJsonContext : JsonSerializerContext;
