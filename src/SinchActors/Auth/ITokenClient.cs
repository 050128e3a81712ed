namespace SinchActors.Auth;

/// <summary>Exchanges an access key for an access token at the key's token endpoint.</summary>
internal interface ITokenClient
{
    /// <summary>Fetches one token.</summary>
    /// <param name="credentials">The key to exchange and the endpoint to ask.</param>
    /// <param name="cancellationToken">Cancels the fetch (for example when the token manager stops).</param>
    /// <returns>The granted token.</returns>
    /// <exception cref="SinchTokenEndpointException">The endpoint refused the key, failed, or answered nonsense.</exception>
    Task<TokenGrant> FetchAsync(SinchCredentials credentials, CancellationToken cancellationToken);
}
