namespace SinchActors.Emulator.Stats;

/// <summary>Why the emulator answered 401.</summary>
public enum UnauthorizedReason
{
    /// <summary>No usable <c>Authorization</c> header.</summary>
    MissingCredentials,

    /// <summary>Basic credentials with an unknown key ID or wrong secret (API routes or token endpoint).</summary>
    InvalidCredentials,

    /// <summary>A bearer token the emulator never issued.</summary>
    UnknownToken,

    /// <summary>A bearer token past its expiry.</summary>
    ExpiredToken,

    /// <summary>A bearer token whose key has since been deleted.</summary>
    RevokedKey,

    /// <summary>Injected by a <see cref="Faults.FaultKind.Unauthorized"/> fault for an otherwise valid request.</summary>
    Spurious,
}
