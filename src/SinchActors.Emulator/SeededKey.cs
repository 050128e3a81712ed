namespace SinchActors.Emulator;

/// <summary>An access key known to the emulator, with its secret (returned only to in-process seeding callers).</summary>
/// <param name="ProjectId">The project the key belongs to; its tokens also work for the project's subprojects.</param>
/// <param name="KeyId">The key ID (Basic user name on the token endpoint).</param>
/// <param name="Secret">The key secret (Basic password).</param>
/// <param name="DisplayName">Human-readable name shown by the Access Keys API.</param>
public sealed record SeededKey(string ProjectId, string KeyId, string Secret, string DisplayName);
