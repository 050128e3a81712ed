using System.Diagnostics.CodeAnalysis;
using Akka.Actor;
using SinchActors.Projects;
using SinchActors.Requests;

namespace SinchActors.Tests.Requests;

/// <summary>Envelopes for specs that exercise one piece of the pipeline without a runtime.</summary>
internal static class Envelopes
{
    public static RequestEnvelope Any(RequestCompletion? completion = null)
    {
        var request = new SinchRequest(HttpMethod.Get, "p", SinchApiFamily.AccessKeys, "/x");
        var endpoint = new SinchEndpoints(new Dictionary<SinchApiFamily, Uri>()).Resolve(SinchApiFamily.AccessKeys, SinchRegion.Default);
        var project = new ProjectHandle("p", ActorRefs.Nobody);
        return new RequestEnvelope(request, endpoint, endpoint.Combine(request.Path, null), project,
            completion ?? new TaskRequestCompletion(), TimeSpan.FromSeconds(30), SinchActors.Timing.MonotonicDeadline.Infinite);
    }
}

/// <summary>A project directory that knows one project and looks nothing up.</summary>
internal sealed class OneProject(ProjectHandle handle) : IProjectDirectory
{
    public bool TryGet(string projectId, [NotNullWhen(true)] out ProjectHandle? project)
    {
        project = projectId == handle.ProjectId ? handle : null;
        return project is not null;
    }

    public bool ShouldLookUp(string projectId) => false;

    public Task<Exception?> LookUpAsync(string projectId, CancellationToken cancellationToken) => Task.FromResult<Exception?>(null);
}
