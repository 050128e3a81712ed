namespace SinchActors.Emulator.Auth;

/// <summary>Classic token bucket on a <see cref="TimeProvider"/>, so tests drive refills with fake time.</summary>
internal sealed class TokenBucket
{
    private readonly Lock _gate = new();
    private readonly double _capacity;
    private readonly double _refillPerSecond;
    private readonly TimeProvider _time;
    private double _available;
    private long _lastRefill;

    public TokenBucket(double capacity, double refillPerSecond, TimeProvider time)
    {
        _capacity = _available = capacity;
        _refillPerSecond = refillPerSecond;
        _time = time;
        _lastRefill = time.GetTimestamp();
    }

    /// <summary>Takes one token; when empty, <paramref name="retryAfter"/> says when the next one arrives.</summary>
    public bool TryTake(out TimeSpan retryAfter)
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            _available = Math.Min(_capacity, _available + _time.GetElapsedTime(_lastRefill, now).TotalSeconds * _refillPerSecond);
            _lastRefill = now;
            if (_available >= 1)
            {
                _available -= 1;
                retryAfter = TimeSpan.Zero;
                return true;
            }
            retryAfter = TimeSpan.FromSeconds((1 - _available) / _refillPerSecond);
            return false;
        }
    }
}
