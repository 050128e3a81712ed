using Akka.Actor;
using Akka.Event;
using SinchActors.Auth;

namespace SinchActors.Projects;

// Removing projects and releasing keys: a key's manager stops once no project, rotation or request in flight needs it.
internal sealed partial class ProjectRegistry
{
    private bool Remove(string projectId)
    {
        if (!_projects.Remove(projectId, out var project))
            return false;
        _directory.Withdraw(projectId);
        project.Key.Projects.Remove(project.Handle);
        // Admitted requests may still need the key (a credential wait, a refetch after a 401): it stays until they end.
        Hold(new Drain(project.Key, project.Handle, 0));
        _log.Info("Project {0} removed.", projectId);
        return true;
    }

    private void Hold(Drain drain)
    {
        drain.Key.Holds++;
        _draining.Add(drain);
        if (!Timers.IsTimerActive(DrainTimer))
            Timers.StartPeriodicTimer(DrainTimer, DrainDue.Instance, DrainInterval);
    }

    private void CheckDrains()
    {
        for (var i = _draining.Count - 1; i >= 0; i--)
        {
            var drain = _draining[i];
            if (drain.ChecksLeft > 0)
                _draining[i] = drain with { ChecksLeft = drain.ChecksLeft - 1 };
            else if (drain.Handle is null || Volatile.Read(ref drain.Handle.InFlight) == 0)
            {
                _draining.RemoveAt(i);
                drain.Key.Holds--;
                ReleaseIfUnused(drain.Key);
            }
        }
        if (_draining.Count == 0)
            Timers.Cancel(DrainTimer);
    }

    /// <summary>Stops a key's token manager (dropping its token) once no project, removal or rotation needs it.</summary>
    private void ReleaseIfUnused(KeyEntry key)
    {
        if (key.Released || key.Projects.Count > 0 || key.Holds > 0)
            return;
        key.Released = true;
        if (_keys.TryGetValue(key.Identity, out var current) && current == key)
            _keys.Remove(key.Identity);
        Context.Stop(key.TokenManager);
    }
}
