namespace SinchActors.Emulator.Projects;

/// <summary>
/// One stored key. Immutable: an update replaces the record, so readers never see a half-written key.
/// <paramref name="Sequence"/> orders keys for stable pagination independent of IDs.
/// </summary>
internal sealed record AccessKeyRecord(
    string KeyId,
    string ProjectId,
    string Secret,
    string DisplayName,
    DateTimeOffset CreateTime,
    DateTimeOffset UpdateTime,
    long Sequence);
