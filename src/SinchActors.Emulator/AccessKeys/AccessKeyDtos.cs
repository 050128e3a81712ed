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

/// <summary>Google-style error envelope used by Access Keys, Numbers and Conversation.</summary>
internal sealed record GoogleErrorBody(GoogleError Error);

/// <summary>The inner error: numeric code, message, canonical status name, details.</summary>
internal sealed record GoogleError(int Code, string Message, string Status, GoogleErrorDetail[] Details);

/// <summary>One typed detail of a Google-style error.</summary>
internal sealed record GoogleErrorDetail(
    [property: JsonPropertyName("type_url")] string TypeUrl,
    [property: JsonPropertyName("value")] string Value);
