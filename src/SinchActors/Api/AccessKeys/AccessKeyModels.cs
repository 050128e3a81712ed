using System.Text.Json;
using System.Text.Json.Serialization;

namespace SinchActors.Api.AccessKeys;

/// <summary>An access key of a project (its secret is never part of it).</summary>
public sealed record AccessKey
{
    /// <summary>The key ID.</summary>
    public string AccessKeyId { get; init; } = "";
    /// <summary>The display name.</summary>
    public string? DisplayName { get; init; }
    /// <summary>The project the key belongs to.</summary>
    public string? ProjectId { get; init; }
    /// <summary>When the key was created.</summary>
    public DateTimeOffset? CreateTime { get; init; }
    /// <summary>When the key was last changed.</summary>
    public DateTimeOffset? UpdateTime { get; init; }
    /// <summary>Fields this version does not know, kept so nothing the API sends is lost.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>One page of a project's access keys.</summary>
public sealed record AccessKeyPage
{
    /// <summary>The keys on this page.</summary>
    public IReadOnlyList<AccessKey> AccessKeys { get; init; } = [];
    /// <summary>The token of the next page; empty or <c>null</c> on the last page.</summary>
    public string? NextPageToken { get; init; }
    /// <summary>Fields this version does not know.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>A newly created access key and its secret, which Sinch returns only this once.</summary>
public sealed record CreatedAccessKey
{
    /// <summary>The new key.</summary>
    public AccessKey AccessKey { get; init; } = new();
    /// <summary>The key secret: store it now, it cannot be read again.</summary>
    public string Secret { get; init; } = "";
    /// <summary>Fields this version does not know.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }

    /// <summary>Describes the key with the secret masked.</summary>
    public override string ToString() => $"CreatedAccessKey {{ AccessKey = {AccessKey}, Secret = *** }}";
}

/// <summary>The body of the create and update-display-name calls.</summary>
/// <param name="DisplayName">The key's display name.</param>
public sealed record AccessKeyDisplayName(string DisplayName);

/// <summary>Source-generated JSON contracts of the Access Keys API: camelCase, nulls not written.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AccessKey))]
[JsonSerializable(typeof(AccessKeyPage))]
[JsonSerializable(typeof(CreatedAccessKey))]
[JsonSerializable(typeof(AccessKeyDisplayName))]
internal sealed partial class AccessKeysJsonContext : JsonSerializerContext;
