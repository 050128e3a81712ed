using Akka.Actor;
using Akka.Actor.Setup;
using SinchActors.Auth;

namespace SinchActors.Projects;

/// <summary>
/// Where a key's token manager lives. The registry creates, for each access key, one child from
/// <see cref="PropsFor"/> and hands it to workers as <see cref="ProjectHandle.TokenManager"/>: by default the token
/// manager itself (<see cref="LocalTokenManagers"/>); in cluster mode a node-local stand-in that speaks the same
/// protocol to the key's one manager somewhere in the cluster. Stopping the child releases the key on this node.
/// </summary>
internal interface ITokenManagerPlacement
{
    /// <summary>The props of the registry's child for the key of <paramref name="credentials"/>.</summary>
    Props PropsFor(SinchCredentials credentials);
}

/// <summary>What a token manager needs from the runtime of its node; <paramref name="Refreshes"/> is its <see cref="RefreshScheduler"/>.</summary>
internal sealed record TokenManagerDependencies(ActorSystem System, TokenManagerSettings Settings, TokenFetcher Fetcher, TimeProvider Clock,
    IActorRef Refreshes);

/// <summary>Token managers as children of the registry: the single-node default.</summary>
internal sealed class LocalTokenManagers(TokenManagerDependencies dependencies) : ITokenManagerPlacement
{
    public Props PropsFor(SinchCredentials credentials) => credentials.Mode == SinchAuthMode.Basic
        ? BasicCredentialManager.Props(credentials, dependencies.Settings, dependencies.Clock)
        : TokenManager.Props(credentials, dependencies.Settings, dependencies.Fetcher, dependencies.Clock, dependencies.Refreshes).WithMailbox(CompactMailbox.ConfigPath);
}

/// <summary>
/// Chooses the token-manager placement of every runtime started on an actor system (given with the system's
/// setup, as the cluster package does); without it, managers are local children.
/// </summary>
internal sealed class TokenManagerPlacementSetup(Func<TokenManagerDependencies, ITokenManagerPlacement> create) : Setup
{
    public Func<TokenManagerDependencies, ITokenManagerPlacement> Create { get; } = create;
}
