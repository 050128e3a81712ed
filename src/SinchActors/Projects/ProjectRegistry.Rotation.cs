using Akka.Actor;
using SinchActors.Auth;

namespace SinchActors.Projects;

// Changing a project's credentials: a new secret for its key, or a move to another key once that key produced a token.
internal sealed partial class ProjectRegistry
{
    private void OnUpdate(SinchCredentials credentials)
    {
        if (!_projects.TryGetValue(credentials.ProjectId, out var project))
        {
            Sender.Tell(new Status.Failure(new SinchUnknownProjectException(credentials.ProjectId)));
            return;
        }

        var identity = KeyIdentity.Of(credentials);
        if (identity == project.Key.Identity)
        {
            // Same key, new secret: its manager fetches with the new one and hands out the old token meanwhile; it
            // goes back to the old secret if the new one is refused or not verified in time.
            var key = project.Key;
            if (key.Credentials.KeySecret == credentials.KeySecret && key.Updates is null)
            {
                Sender.Tell(Akka.Done.Instance);
                return;
            }
            (key.Updates ??= []).Add(new PendingUpdate(credentials, Sender));
            key.Passivated = false;
            key.TokenManager.Tell(new TokenManager.UpdateCredentials(credentials) { ReportTo = Self, Timeout = _settings.UpdateTimeout });
            return;
        }

        // Another key: the project stays on its current key until the new one has produced a token, so no request
        // waits for the switch, and a refused new key leaves the project working on the old one.
        if (KeyFor(credentials) is not { } newKey)
        {
            Sender.Tell(new Status.Failure(KeyConflict(credentials)));
            return;
        }
        newKey.Holds++;
        newKey.Passivated = false;
        var correlationId = ++_nextCorrelationId;
        _rotations.Add(correlationId, new PendingRotation(credentials.ProjectId, newKey, credentials, Sender));
        newKey.TokenManager.Tell(new TokenManager.GetCredential(correlationId, _settings.UpdateTimeout) { ProjectId = credentials.ProjectId });
    }

    private void CompleteRotation(PendingRotation rotation)
    {
        rotation.NewKey.Holds--;
        if (!_projects.TryGetValue(rotation.ProjectId, out var project))
        {
            rotation.ReplyTo.Tell(new Status.Failure(new SinchUnknownProjectException(rotation.ProjectId)));
            ReleaseIfUnused(rotation.NewKey);
            return;
        }

        var oldKey = project.Key;
        if (oldKey != rotation.NewKey)
        {
            oldKey.Projects.Remove(project.Handle);
            rotation.NewKey.Projects.Add(project.Handle);
            project.Key = rotation.NewKey;
            project.Handle.Rebind(rotation.NewKey.TokenManager);
            Hold(new Drain(oldKey, null, RotationGraceChecks));
        }
        _events.KeyRotated(rotation.ProjectId, rotation.Credentials.KeyId);
        rotation.ReplyTo.Tell(Akka.Done.Instance);
    }

    /// <summary>
    /// The manager verified or refused <paramref name="credentials"/>: answers that update and the older ones it
    /// superseded; later updates wait for their own report.
    /// </summary>
    private void AnswerUpdates(SinchCredentials credentials, SinchException? error)
    {
        if (!_keys.TryGetValue(KeyIdentity.Of(credentials), out var key) || key.Updates is not { } updates)
            return;
        var answered = updates.FindLastIndex(update => ReferenceEquals(update.Credentials, credentials));
        if (answered < 0)
            return;
        if (error is null)
        {
            key.Credentials = credentials;
            _events.SecretRotated(key.Identity.KeyId);
        }
        else
            _events.SecretRotationFailed(key.Identity.KeyId, error.Message);
        for (var i = 0; i <= answered; i++)
            updates[i].ReplyTo.Tell(error is null ? Akka.Done.Instance : new Status.Failure(error));
        updates.RemoveRange(0, answered + 1);
        if (updates.Count == 0)
            key.Updates = null;
    }

    private void FailRotation(PendingRotation rotation, SinchException error)
    {
        rotation.NewKey.Holds--;
        _events.KeyRotationFailed(rotation.ProjectId, rotation.Credentials.KeyId, error.Message);
        rotation.ReplyTo.Tell(new Status.Failure(error));
        ReleaseIfUnused(rotation.NewKey);
    }
}
