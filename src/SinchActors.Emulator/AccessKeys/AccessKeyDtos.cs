using System.Text.Json;
using System.Text.Json.Serialization;

namespace SinchActors.Emulator.AccessKeys;

/// <summary>An access key as the Access Keys API returns it (never with its secret).</summary>
internal sealed record AccessKeyDto(string AccessKeyId, string DisplayName, string ProjectId, string CreateTime, string UpdateTime);

/// <summary>One page of keys; an empty <see cref="NextPageToken"/> marks the last page.</summary>
internal sealed record AccessKeyPageDto(AccessKeyDto[] AccessKeys, string NextPageToken);

/// <summary>Create answer: the only time the secret is returned.</summary>
internal sealed record CreatedAccessKeyDto(AccessKeyDto AccessKey, string Secret);

/// <summary>Body of create and patch.</summary>
internal sealed class AccessKeyInput
{
    public string? DisplayName { get; set; }
}

/// <summary>Source-generated serializers for the Access Keys API's bodies: no reflection on the hot path.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AccessKeyDto))]
[JsonSerializable(typeof(AccessKeyPageDto))]
[JsonSerializable(typeof(CreatedAccessKeyDto))]
[JsonSerializable(typeof(AccessKeyInput))]
internal sealed partial class AccessKeysJsonContext : JsonSerializerContext;
