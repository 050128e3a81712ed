namespace SinchActors.Cli.Load;

/// <summary>Names a failed call for the summary: the exception type, plus the HTTP status of API errors.</summary>
internal static class FailureKinds
{
    public static string Of(Exception exception) => exception switch
    {
        SinchApiException api => $"{nameof(SinchApiException)} {api.StatusCode}",
        RemoteCallException remote => remote.Kind,
        _ => exception.GetType().Name,
    };
}
