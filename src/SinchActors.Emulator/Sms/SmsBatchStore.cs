using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace SinchActors.Emulator.Sms;

/// <summary>The batches of every project, listed newest first; a project's batches are read and changed under its lock.</summary>
internal sealed class SmsBatchStore
{
    private readonly ConcurrentDictionary<string, ProjectBatches> _byProject = new(StringComparer.Ordinal);

    public void Add(string projectId, string batchId, JsonObject batch)
    {
        var project = Project(projectId);
        lock (project)
        {
            project.ById[batchId] = batch;
            project.Oldest.Add(batch);
        }
    }

    /// <summary>Runs <paramref name="use"/> on the batch under its project's lock; <c>null</c> when there is no such batch.</summary>
    public T? With<T>(string projectId, string batchId, Func<JsonObject, T> use) where T : class
    {
        var project = Project(projectId);
        lock (project) return project.ById.TryGetValue(batchId, out var batch) ? use(batch) : null;
    }

    /// <summary>Copies of the project's batches that pass <paramref name="filter"/>, newest first.</summary>
    public List<JsonObject> Where(string projectId, Func<JsonObject, bool> filter)
    {
        var project = Project(projectId);
        lock (project)
        {
            var found = new List<JsonObject>();
            for (var i = project.Oldest.Count - 1; i >= 0; i--)
            {
                if (filter(project.Oldest[i])) found.Add((JsonObject)project.Oldest[i].DeepClone());
            }
            return found;
        }
    }

    private ProjectBatches Project(string projectId) => _byProject.GetOrAdd(projectId, static _ => new ProjectBatches());

    private sealed class ProjectBatches
    {
        public Dictionary<string, JsonObject> ById { get; } = new(StringComparer.Ordinal);

        public List<JsonObject> Oldest { get; } = [];
    }
}
