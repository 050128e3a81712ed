using SinchActors.Requests;

namespace SinchActors.Api.AccessKeys;

/// <summary>The typed Access Keys API on any <see cref="ISinchClient"/>: <c>client.AccessKeys.ListAsync(...)</c>.</summary>
public static class AccessKeysClientExtensions
{
    extension(ISinchClient client)
    {
        /// <summary>The typed Access Keys API v1 client (a light wrapper over <paramref name="client"/>).</summary>
        public AccessKeysClient AccessKeys => new(client);
    }
}
