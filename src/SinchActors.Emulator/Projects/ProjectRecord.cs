namespace SinchActors.Emulator.Projects;

/// <summary>A project and its keys in creation order; <see cref="Keys"/> is guarded by locking the record.</summary>
internal sealed class ProjectRecord(string projectId, string? parentProjectId)
{
    public string ProjectId { get; } = projectId;

    public string? ParentProjectId { get; } = parentProjectId;

    /// <summary>Sorted by <see cref="AccessKeyRecord.Sequence"/> because sequences only grow and keys are appended.</summary>
    public List<AccessKeyRecord> Keys { get; } = [];

    /// <summary>Index of the first key whose sequence is at least <paramref name="sequence"/> (binary search).</summary>
    public int LowerBound(long sequence)
    {
        int low = 0, high = Keys.Count;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (Keys[mid].Sequence < sequence) low = mid + 1; else high = mid;
        }
        return low;
    }
}
