using System.Collections.Concurrent;

namespace SinchActors.Cli.Load;

/// <summary>
/// A project under load: a key that always exists (for reads) and the keys this run created, which only this run
/// renames or deletes. A key is taken out while a call uses it, so two calls never race on the same key.
/// </summary>
internal sealed class LoadProject(string projectId, string residentKeyId)
{
    private readonly ConcurrentQueue<string> _createdKeys = new();
    private int _created;

    public string ProjectId { get; } = projectId;

    /// <summary>A key that is never renamed or deleted by the run.</summary>
    public string ResidentKeyId { get; } = residentKeyId;

    /// <summary>Keys created by this run and not deleted yet (an estimate while calls run).</summary>
    public int CreatedKeyCount => _createdKeys.Count;

    public bool TryTakeCreatedKey(out string keyId) => _createdKeys.TryDequeue(out keyId!);

    public void ReturnCreatedKey(string keyId) => _createdKeys.Enqueue(keyId);

    /// <summary>A display name unique within the run.</summary>
    public string NextDisplayName() => $"sinch-actors-load-{Interlocked.Increment(ref _created)}";
}
