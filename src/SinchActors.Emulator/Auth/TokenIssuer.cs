using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using SinchActors.Emulator.Projects;

namespace SinchActors.Emulator.Auth;

/// <summary>Issues opaque random access tokens and remembers what each stands for; rate-limits issuing per key.</summary>
/// <param name="registry">The keys.</param>
/// <param name="time">The clock of expiry and of the issue rate limit.</param>
/// <param name="lifetime">How long an issued token is valid.</param>
/// <param name="wholeSeconds">Whether a token's lifetime starts at the second it is issued in, rounded down (see <see cref="EmulatorOptions.WholeSecondTokens"/>).</param>
/// <param name="bucketCapacity">Token requests a key may make in a burst.</param>
/// <param name="bucketRefillPerSecond">Token requests a key may make per second after a burst.</param>
internal sealed class TokenIssuer(ProjectRegistry registry, TimeProvider time, TimeSpan lifetime, bool wholeSeconds, int bucketCapacity,
    double bucketRefillPerSecond)
{
    private readonly ConcurrentDictionary<string, IssuedToken> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TokenBucket> _buckets = new(StringComparer.Ordinal);

    /// <summary>How long an issued token is valid.</summary>
    public TimeSpan Lifetime => lifetime;

    public bool TryTakeIssueAllowance(string keyId) =>
        _buckets.GetOrAdd(keyId, static (_, issuer) => issuer.NewBucket(), this).TryTake(out _);

    public string Issue(AccessKeyRecord key)
    {
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        _tokens[token] = new IssuedToken(key.KeyId, key.ProjectId, IssuedAt() + lifetime);
        return token;
    }

    // A JWT's iat is a whole number of seconds: servers that compute exp = iat + expires_in start the lifetime early.
    private DateTimeOffset IssuedAt()
    {
        var now = time.GetUtcNow();
        return wholeSeconds ? now.AddTicks(-(now.UtcTicks % TimeSpan.TicksPerSecond)) : now;
    }

    public bool TryGet(string token, out IssuedToken issued) => _tokens.TryGetValue(token, out issued!);

    /// <summary>Checks a key ID / secret pair against the registry.</summary>
    public bool TryAuthenticateKey(string keyId, string secret, out AccessKeyRecord key) =>
        registry.TryGetKey(keyId, out key) && CryptographicOperations.FixedTimeEquals(
            Encoding.UTF8.GetBytes(key.Secret), Encoding.UTF8.GetBytes(secret));

    private TokenBucket NewBucket() => new(bucketCapacity, bucketRefillPerSecond, time);
}
