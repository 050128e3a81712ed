namespace SinchActors.Emulator.Auth;

/// <summary>What an opaque access token stands for on the server side.</summary>
internal sealed record IssuedToken(string KeyId, string ProjectId, DateTimeOffset ExpiresAt);
