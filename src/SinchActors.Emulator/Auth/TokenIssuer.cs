using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
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

    public (string Token, IssuedToken Issued) Issue(AccessKeyRecord key)
    {
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var issued = new IssuedToken(key.KeyId, key.ProjectId, options.TimeProvider.GetUtcNow() + options.TokenLifetime);
        _tokens[token] = issued;
        return (token, issued);
    }

    public bool TryGet(string token, out IssuedToken issued) => _tokens.TryGetValue(token, out issued!);

    /// <summary>Checks a key ID / secret pair against the registry.</summary>
    public bool TryAuthenticateKey(string keyId, string secret, out AccessKeyRecord key) =>
        registry.TryGetKey(keyId, out key) && CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(key.Secret), System.Text.Encoding.UTF8.GetBytes(secret));
}
