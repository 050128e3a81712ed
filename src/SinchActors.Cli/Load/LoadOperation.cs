namespace SinchActors.Cli.Load;

/// <summary>The calls a load run makes.</summary>
internal enum LoadOperation
{
    ListKeys,
    GetKey,
    CreateKey,
    UpdateKey,
    DeleteKey,
    SendSms,
}

/// <summary>How often each <see cref="LoadOperation"/> is picked, as relative weights.</summary>
internal sealed class LoadMix
{
    private readonly (LoadOperation Operation, int Weight)[] _weights;
    private readonly int _total;

    private LoadMix(params (LoadOperation, int)[] weights)
    {
        _weights = weights;
        _total = weights.Sum(w => w.Item2);
    }

    /// <summary>The demo's mix: every Access Keys call and SMS batches.</summary>
    public static LoadMix Full { get; } = new(
        (LoadOperation.ListKeys, 25), (LoadOperation.GetKey, 25), (LoadOperation.CreateKey, 10),
        (LoadOperation.UpdateKey, 10), (LoadOperation.DeleteKey, 10), (LoadOperation.SendSms, 20));

    /// <summary>Only reads: safe against a real account.</summary>
    public static LoadMix ReadOnly { get; } = new((LoadOperation.ListKeys, 50), (LoadOperation.GetKey, 50));

    /// <summary>Access Keys reads and writes, no SMS (a real account would send real messages).</summary>
    public static LoadMix AccessKeysReadWrite { get; } = new(
        (LoadOperation.ListKeys, 35), (LoadOperation.GetKey, 35), (LoadOperation.CreateKey, 10),
        (LoadOperation.UpdateKey, 10), (LoadOperation.DeleteKey, 10));

    public LoadOperation Pick(Random random)
    {
        var roll = random.Next(_total);
        foreach (var (operation, weight) in _weights)
        {
            if (roll < weight)
                return operation;
            roll -= weight;
        }
        return _weights[^1].Operation;
    }
}
