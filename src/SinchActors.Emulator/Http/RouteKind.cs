namespace SinchActors.Emulator.Http;

/// <summary>The route families the emulator serves; faults and error shapes depend on it.</summary>
internal enum RouteKind
{
    Token,
    AccessKeys,
    Sms,
    Numbers,
}
