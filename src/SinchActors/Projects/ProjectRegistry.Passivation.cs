using Akka.Actor;
using SinchActors.Auth;

namespace SinchActors.Projects;

// Passivating keys whose projects had no request for the idle timeout.
internal sealed partial class ProjectRegistry
{
    private void Sweep()
    {
        _directory.PurgeExpiredUnknown();
        if (!_settings.Passivates)
            return;
        foreach (var key in _keys.Values)
        {
            var used = false;
            foreach (var project in key.Projects)
                used |= project.TakeUsed(); // every flag is taken, so the next sweep sees only new use
            if (used)
            {
                key.IdleSweeps = 0;
                key.Passivated = false;
            }
            else if (!key.Passivated && ++key.IdleSweeps >= SweepsPerIdleTimeout)
            {
                key.Passivated = true;
                key.TokenManager.Tell(TokenManager.DropToken.Instance);
            }
        }
    }
}
