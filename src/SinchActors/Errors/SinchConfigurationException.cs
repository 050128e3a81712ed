namespace SinchActors;

/// <summary>
/// The SinchActors configuration is invalid. The message lists every problem, each naming its key (an
/// <c>appsettings.json</c> path such as <c>Sinch:Projects:0:KeySecret</c>, an environment variable, or a HOCON path
/// such as <c>sinch-actors.requests.workers</c>); values of secrets are never included.
/// </summary>
public sealed class SinchConfigurationException : SinchException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="problems">One line per problem, each naming its key.</param>
    public SinchConfigurationException(IReadOnlyList<string> problems)
        : base("Invalid SinchActors configuration:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)))
    {
        Problems = problems;
    }

    /// <summary>The problems found, one per key.</summary>
    public IReadOnlyList<string> Problems { get; }
}
