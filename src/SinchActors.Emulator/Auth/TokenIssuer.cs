using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using SinchActors.Emulator.Projects;

namespace SinchActors.Emulator.Auth;

/// <summary>Issues opaque random access tokens and remembers what each stands for; rate-limits issuing per key.</summary>
internal sealed class TokenIssuer(EmulatorOptions options, ProjectRegistry registry)
{
    private readonly ConcurrentDictionary<string, IssuedToken> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TokenBucket> _buckets = new(StringComparer.Ordinal);

    public bool TryTakeIssueAllowance(string keyId) =>
        _buckets.GetOrAdd(keyId, static (_, o) => new TokenBucket(o.TokenBucketCapacity, o.TokenBucketRefillPerSecond, o.TimeProvider), options)
            .TryTake(out _);

    public string Issue(AccessKeyRecord key)
    {
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        _tokens[token] = new IssuedToken(key.KeyId, key.ProjectId, options.TimeProvider.GetUtcNow() + options.TokenLifetime);
        return token;
    }

    public bool TryGet(string token, out IssuedToken issued) => _tokens.TryGetValue(token, out issued!);

    /// <summary>Checks a key ID / secret pair against the registry.</summary>
    public bool TryAuthenticateKey(string keyId, string secret, out AccessKeyRecord key) =>
        registry.TryGetKey(keyId, out key) && CryptographicOperations.FixedTimeEquals(
            Encoding.UTF8.GetBytes(key.Secret), Encoding.UTF8.GetBytes(secret));
}
