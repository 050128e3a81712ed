using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace SinchActors.Emulator.Projects;

/// <summary>Projects, their parent links and their access keys. Lookups by key ID are lock-free; writes lock one project.</summary>
internal sealed class ProjectRegistry(TimeProvider time)
{
    // A parent chain longer than this is treated as a cycle rather than walked forever.
    private const int MaxProjectDepth = 32;

    private readonly ConcurrentDictionary<string, ProjectRecord> _projects = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AccessKeyRecord> _keysById = new(StringComparer.Ordinal);
    private long _nextSequence;

    public ProjectRecord AddProject(string projectId, string? parentProjectId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(projectId);
        var project = _projects.GetOrAdd(projectId, static (id, parent) => new ProjectRecord(id, parent), parentProjectId);
        if (project.ParentProjectId != parentProjectId && parentProjectId is not null)
            throw new InvalidOperationException($"Project '{projectId}' already exists with parent '{project.ParentProjectId}'.");
        if (parentProjectId is not null) AddProject(parentProjectId, null);
        return project;
    }

    public bool TryGetProject(string projectId, out ProjectRecord project) => _projects.TryGetValue(projectId, out project!);

    public bool TryGetKey(string keyId, out AccessKeyRecord key) => _keysById.TryGetValue(keyId, out key!);

    /// <summary>Adds a key; returns null when the project already holds <paramref name="maxKeys"/> keys.</summary>
    public AccessKeyRecord? AddKey(string projectId, string? keyId, string? secret, string displayName, int maxKeys = int.MaxValue)
    {
        var project = AddProject(projectId, parentProjectId: null);
        var now = time.GetUtcNow();
        lock (project)
        {
            if (project.Keys.Count >= maxKeys) return null;
            var key = new AccessKeyRecord(
                keyId ?? Guid.NewGuid().ToString("D"),
                projectId,
                secret ?? NewSecret(),
                displayName,
                now,
                now,
                Interlocked.Increment(ref _nextSequence));
            if (!_keysById.TryAdd(key.KeyId, key))
                throw new InvalidOperationException($"Access key '{key.KeyId}' already exists.");
            project.Keys.Add(key);
            return key;
        }
    }

    public AccessKeyRecord? Rename(string projectId, string keyId, string displayName)
    {
        if (!_projects.TryGetValue(projectId, out var project)) return null;
        lock (project)
        {
            var index = IndexOf(project, keyId);
            if (index < 0) return null;
            var renamed = project.Keys[index] with { DisplayName = displayName, UpdateTime = time.GetUtcNow() };
            project.Keys[index] = renamed;
            _keysById[keyId] = renamed;
            return renamed;
        }
    }

    public bool Remove(string projectId, string keyId)
    {
        if (!_projects.TryGetValue(projectId, out var project)) return false;
        lock (project)
        {
            var index = IndexOf(project, keyId);
            if (index < 0) return false;
            project.Keys.RemoveAt(index);
            _keysById.TryRemove(keyId, out _);
            return true;
        }
    }

    /// <summary>Keys with sequence ≥ <paramref name="fromSequence"/>, at most <paramref name="pageSize"/>; <paramref name="nextSequence"/> is 0 on the last page.</summary>
    public AccessKeyRecord[] Page(string projectId, long fromSequence, int pageSize, out long nextSequence)
    {
        nextSequence = 0;
        if (!_projects.TryGetValue(projectId, out var project)) return [];
        lock (project)
        {
            var start = project.LowerBound(fromSequence);
            var count = Math.Min(pageSize, project.Keys.Count - start);
            var page = project.Keys.GetRange(start, count).ToArray();
            if (start + count < project.Keys.Count) nextSequence = project.Keys[start + count].Sequence;
            return page;
        }
    }

    /// <summary>True when <paramref name="requestedProjectId"/> is the key's project or one of its subprojects.</summary>
    public bool Covers(string keyProjectId, string requestedProjectId)
    {
        var current = requestedProjectId;
        for (var depth = 0; depth < MaxProjectDepth; depth++)
        {
            if (string.Equals(current, keyProjectId, StringComparison.Ordinal)) return true;
            if (!_projects.TryGetValue(current, out var project) || project.ParentProjectId is null) return false;
            current = project.ParentProjectId;
        }
        return false;
    }

    private static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));

    private int IndexOf(ProjectRecord project, string keyId)
    {
        // Through the global index to the sequence, then binary search: O(log n) even for thousands of keys.
        if (!_keysById.TryGetValue(keyId, out var key) || key.ProjectId != project.ProjectId) return -1;
        var index = project.LowerBound(key.Sequence);
        return index < project.Keys.Count && project.Keys[index].KeyId == keyId ? index : -1;
    }
}
