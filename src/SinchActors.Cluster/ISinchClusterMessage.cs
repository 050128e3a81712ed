namespace SinchActors.Cluster;

/// <summary>
/// Marks every message that crosses nodes; all of them are bound to <see cref="Wire.SinchClusterSerializer"/>, never to
/// the default serializer. Nothing else of SinchActors crosses nodes: requests, responses and the token managers' own
/// protocol stay on their node.
/// </summary>
public interface ISinchClusterMessage
{
}
