namespace SinchActors;

/// <summary>
/// A typed call was refused before anything was sent, because its request lacks a required field or holds an invalid
/// one; nothing reached Sinch, so it is safe to fix and send again.
/// </summary>
public sealed class SinchInvalidRequestException : SinchException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="field">The field at fault, as the C# property path (for example <c>SendSmsRequest.To</c>).</param>
    /// <param name="problem">What is wrong with it and how to fix it.</param>
    /// <param name="projectId">The project the call was for.</param>
    public SinchInvalidRequestException(string field, string problem, string? projectId)
        : base($"{field} {problem}", projectId)
    {
        Field = field;
    }

    /// <summary>The field at fault, as the C# property path (for example <c>SendSmsRequest.Body</c>).</summary>
    public string Field { get; }
}
