using Akka.Actor;
using Akka.Event;
using SinchActors.Auth;

namespace SinchActors.Projects;

// Unknown projects: asking the credentials provider once however many callers wait, within lookup-timeout.
internal sealed partial class ProjectRegistry
{
    private void OnLookUp(string projectId)
    {
        if (_provider is null || _projects.ContainsKey(projectId) || !_directory.ShouldLookUp(projectId))
        {
            Sender.Tell(new LookupDone(null));
            return;
        }
        if (_lookups.TryGetValue(projectId, out var waiting))
        {
            waiting.Add(Sender);
            return;
        }

        _lookups.Add(projectId, [Sender]);
        var expired = new LookupExpired(projectId);
        Timers.StartSingleTimer(expired, expired, _settings.LookupTimeout);
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        timeout.CancelAfter(_settings.LookupTimeout);
        var lookup = AskProvider(_provider, projectId, timeout.Token);
        lookup.ContinueWith(static (_, state) => ((IDisposable)state!).Dispose(), timeout, TaskScheduler.Default);
        lookup.PipeTo(Self,
            success: credentials => new ProviderAnswered(projectId, credentials, null),
            failure: error => new ProviderAnswered(projectId, null, error));
    }

    private void ExpireLookup(string projectId)
    {
        if (!_lookups.Remove(projectId, out var waiting))
            return;
        _log.Warning("The credentials provider did not answer for project {0} within {1}.", projectId, _settings.LookupTimeout);
        var done = new LookupDone(new SinchUnknownProjectException(projectId,
            new TimeoutException($"The credentials provider did not answer within {_settings.LookupTimeout}.")));
        foreach (var waiter in waiting)
            waiter.Tell(done);
    }

    private static async Task<SinchCredentials?> AskProvider(ISinchCredentialsProvider provider, string projectId, CancellationToken cancellationToken) =>
        await provider.GetCredentialsAsync(projectId, cancellationToken).ConfigureAwait(false);

    private void OnProviderAnswered(ProviderAnswered answer)
    {
        var projectId = answer.ProjectId;
        Timers.Cancel(new LookupExpired(projectId));
        Exception? error = answer.Error;
        if (error is null && answer.Credentials is { } credentials)
        {
            if (credentials.ProjectId != projectId)
                error = new InvalidOperationException($"The credentials provider answered project '{credentials.ProjectId}' when asked for '{projectId}'.");
            else if (!_projects.ContainsKey(projectId) && (error = Register(credentials)) is null)
                _log.Info("Project {0} registered from the credentials provider.", projectId);
        }
        else if (error is null)
            _directory.MarkUnknown(projectId, _settings.UnknownProjectCacheDuration);

        if (error is not null)
            _log.Warning("The credentials provider failed for project {0}: {1}", projectId, error.GetType().Name);
        var done = new LookupDone(error is null ? null : new SinchUnknownProjectException(projectId, error));
        if (_lookups.Remove(projectId, out var waiting))
        {
            foreach (var waiter in waiting)
                waiter.Tell(done);
        }
    }
}
