using SinchActors.Auth;

namespace SinchActors.Cluster.Sharding;

internal static class CredentialsExtensions
{
    /// <summary>Whether both name the same key at the same endpoint with the same secret (<see cref="SinchCredentials"/> compares by reference).</summary>
    public static bool SameSecret(this SinchCredentials a, SinchCredentials b) =>
        a.KeyId == b.KeyId && a.KeySecret == b.KeySecret && a.AuthUrl == b.AuthUrl;
}
