using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace SinchActors.Emulator.Numbers;

/// <summary>The numbers every project rents, ordered by number; a project's numbers are read and changed under its lock.</summary>
internal sealed class ActiveNumberStore
{
    private readonly ConcurrentDictionary<string, SortedDictionary<string, JsonObject>> _byProject = new(StringComparer.Ordinal);

    /// <summary>Adds or replaces a number.</summary>
    public void Put(string projectId, string phoneNumber, JsonObject number)
    {
        var numbers = Project(projectId);
        lock (numbers) numbers[phoneNumber] = number;
    }

    /// <summary>Runs <paramref name="use"/> on the number under its project's lock; <c>null</c> when the project has no such number.</summary>
    public T? With<T>(string projectId, string phoneNumber, Func<JsonObject, T> use) where T : class
    {
        var numbers = Project(projectId);
        lock (numbers) return numbers.TryGetValue(phoneNumber, out var number) ? use(number) : null;
    }

    /// <summary>Removes a number; <c>null</c> when the project had no such number.</summary>
    public JsonObject? Remove(string projectId, string phoneNumber)
    {
        var numbers = Project(projectId);
        lock (numbers) return numbers.Remove(phoneNumber, out var number) ? number : null;
    }

    /// <summary>Copies of the project's numbers that pass <paramref name="filter"/>, in number order.</summary>
    public List<JsonObject> Where(string projectId, Func<JsonObject, bool> filter)
    {
        var numbers = Project(projectId);
        lock (numbers) return numbers.Values.Where(filter).Select(n => (JsonObject)n.DeepClone()).ToList();
    }

    private SortedDictionary<string, JsonObject> Project(string projectId) =>
        _byProject.GetOrAdd(projectId, static _ => new SortedDictionary<string, JsonObject>(StringComparer.Ordinal));
}
