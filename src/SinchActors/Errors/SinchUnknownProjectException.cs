namespace SinchActors;

/// <summary>The request named a project the runtime has no credentials for.</summary>
public sealed class SinchUnknownProjectException : SinchException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="projectId">The project that is not known.</param>
    public SinchUnknownProjectException(string projectId)
        : base($"Project '{projectId}' is not registered with this SinchActors runtime.", projectId)
    {
    }

    /// <summary>Creates the exception for a project whose credentials lookup failed.</summary>
    /// <param name="projectId">The project that is not known.</param>
    /// <param name="lookupFailure">Why the credentials provider could not answer.</param>
    public SinchUnknownProjectException(string projectId, Exception lookupFailure)
        : base($"Project '{projectId}' is not registered with this SinchActors runtime and looking up its credentials failed.", projectId, lookupFailure)
    {
    }
}
