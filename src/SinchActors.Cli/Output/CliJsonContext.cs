using System.Text.Json.Serialization;
using SinchActors.Cli.Load;

namespace SinchActors.Cli.Output;

/// <summary>Source-generated JSON for <c>--json</c>: camelCase, indented.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(LoadSummary))]
[JsonSerializable(typeof(TokenInfo))]
[JsonSerializable(typeof(AccessKeyList))]
[JsonSerializable(typeof(SinchActors.Api.AccessKeys.AccessKey))]
[JsonSerializable(typeof(SinchActors.Api.AccessKeys.CreatedAccessKey))]
internal sealed partial class CliJsonContext : JsonSerializerContext;

/// <summary>What <c>token --json</c> prints; the token is masked.</summary>
internal sealed record TokenInfo(string ProjectId, string KeyId, string TokenType, double? ExpiresInSeconds, string AccessToken);

/// <summary>What <c>access-keys list --json</c> prints.</summary>
internal sealed record AccessKeyList(string ProjectId, IReadOnlyList<SinchActors.Api.AccessKeys.AccessKey> AccessKeys);
