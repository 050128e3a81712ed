namespace SinchActors.Cluster.Wire;

/// <summary>What a token manager's failure turns into on the wire.</summary>
internal enum WireFailureKind
{
    /// <summary><see cref="SinchAuthenticationException"/>.</summary>
    Authentication,
    /// <summary><see cref="SinchAuthUnavailableException"/>, the cause reduced to its kind, status and message.</summary>
    Unavailable,
    /// <summary><see cref="SinchShutdownException"/>, and any other failure.</summary>
    Shutdown,
}

/// <summary>The serializable form of the failures a token manager reports (none of them carries a secret).</summary>
internal sealed record WireFailure(WireFailureKind Kind, string? ProjectId, string? KeyId, int? StatusCode, string? Error, string? Description,
    SinchAuthenticationFailure AuthenticationFailure = SinchAuthenticationFailure.KeyRefused, TokenFailureKind? CauseKind = null, string? CauseMessage = null)
{
    public static WireFailure From(SinchException error) => error switch
    {
        SinchAuthenticationException e => new(WireFailureKind.Authentication, e.ProjectId, e.KeyId, e.StatusCode, e.Error, e.ErrorDescription, e.Failure),
        SinchAuthUnavailableException { InnerException: SinchTokenEndpointException cause } e =>
            new(WireFailureKind.Unavailable, e.ProjectId, e.KeyId, cause.StatusCode, cause.Error, cause.ErrorDescription, CauseKind: cause.Kind,
                CauseMessage: Detail(cause.Message)),
        SinchAuthUnavailableException e => new(WireFailureKind.Unavailable, e.ProjectId, e.KeyId, null, null, null),
        _ => new(WireFailureKind.Shutdown, error.ProjectId, null, null, null, null),
    };

    // "Token request for access key 'k' failed (Kind): detail" -> "detail": the receiving side rebuilds the prefix.
    private static string Detail(string message) => message.IndexOf("): ", StringComparison.Ordinal) is var i and >= 0 ? message[(i + 3)..] : message;

    public SinchException ToException(string fallbackProjectId) => Kind switch
    {
        WireFailureKind.Authentication => new SinchAuthenticationException(ProjectId ?? fallbackProjectId, KeyId ?? "", StatusCode, Error, Description,
            AuthenticationFailure),
        WireFailureKind.Unavailable => new SinchAuthUnavailableException(ProjectId ?? fallbackProjectId, CauseKind is { } kind
            ? new SinchTokenEndpointException(ProjectId, kind, CauseMessage ?? kind.ToString(), StatusCode, Error, Description, keyId: KeyId)
            : null, KeyId),
        _ => new SinchShutdownException(ProjectId ?? fallbackProjectId),
    };
}
