using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace SinchActors.Requests;

/// <summary>
/// One call of a Sinch REST API, sent for a project with that project's token. Immutable: the pipeline builds a
/// fresh HTTP message from it for every attempt, so a body can be sent again after a retry.
/// </summary>
public sealed record SinchRequest
{
    /// <summary>Creates a request to a known API family.</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="projectId">The project whose token authorizes the call.</param>
    /// <param name="family">The API family; its base URL comes from <see cref="Region"/> and the configured overrides.</param>
    /// <param name="path">The path below the base URL, starting with <c>/</c>, already escaped.</param>
    public SinchRequest(HttpMethod method, string projectId, SinchApiFamily family, string path)
        : this((method ?? throw new ArgumentNullException(nameof(method))).Method, projectId, family, path)
    {
    }

    /// <summary>Creates a request to a known API family.</summary>
    /// <param name="method">The HTTP method's name, for example <c>GET</c>.</param>
    /// <param name="projectId">The project whose token authorizes the call.</param>
    /// <param name="family">The API family; its base URL comes from <see cref="Region"/> and the configured overrides.</param>
    /// <param name="path">The path below the base URL, starting with <c>/</c>, already escaped.</param>
    public SinchRequest(string method, string projectId, SinchApiFamily family, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentException.ThrowIfNullOrEmpty(projectId);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path[0] != '/')
            throw new ArgumentException("The path must start with '/'.", nameof(path));
        HttpMethod = System.Net.Http.HttpMethod.Parse(method);
        Method = HttpMethod.Method;
        ProjectId = projectId;
        Family = family;
        Path = path;
    }

    /// <summary>Creates a request to an explicit base URL (an API without a family here, or a proxy).</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="projectId">The project whose token authorizes the call.</param>
    /// <param name="baseUrl">The absolute base URL the path is appended to.</param>
    /// <param name="path">The path below the base URL, starting with <c>/</c>, already escaped.</param>
    public SinchRequest(HttpMethod method, string projectId, Uri baseUrl, string path)
        : this((method ?? throw new ArgumentNullException(nameof(method))).Method, projectId, baseUrl, path)
    {
    }

    /// <summary>Creates a request to an explicit base URL (an API without a family here, or a proxy).</summary>
    /// <param name="method">The HTTP method's name, for example <c>GET</c>.</param>
    /// <param name="projectId">The project whose token authorizes the call.</param>
    /// <param name="baseUrl">The absolute base URL the path is appended to.</param>
    /// <param name="path">The path below the base URL, starting with <c>/</c>, already escaped.</param>
    public SinchRequest(string method, string projectId, Uri baseUrl, string path)
        : this(method, projectId, default(SinchApiFamily), path)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        if (!baseUrl.IsAbsoluteUri)
            throw new ArgumentException("The base URL must be absolute.", nameof(baseUrl));
        BaseUrl = baseUrl;
    }

    // For serializers (Akka's JSON one): every field a constructor takes, in one place.
    [Newtonsoft.Json.JsonConstructor]
    private SinchRequest(string method, string projectId, SinchApiFamily family, Uri? baseUrl, string path)
        : this(method, projectId, family, path)
    {
        if (baseUrl is not null)
            BaseUrl = baseUrl.IsAbsoluteUri ? baseUrl : throw new ArgumentException("The base URL must be absolute.", nameof(baseUrl));
    }

    /// <summary>The HTTP method's name (upper case for the standard methods), so the request is plain data on the wire.</summary>
    public string Method { get; }

    /// <summary>The method as sent: one of <see cref="System.Net.Http.HttpMethod"/>'s shared instances for the standard methods.</summary>
    internal HttpMethod HttpMethod { get; }

    /// <summary>The project whose token authorizes the call.</summary>
    public string ProjectId { get; }

    /// <summary>
    /// The API family, used unless <see cref="BaseUrl"/> is set; a request created with a base URL has no family, and
    /// this then holds the enum's default, which means nothing.
    /// </summary>
    public SinchApiFamily Family { get; }

    /// <summary>The region of the family's host; <see cref="SinchRegion.Default"/> unless set.</summary>
    public SinchRegion Region { get; init; }

    /// <summary>An explicit base URL, which wins over <see cref="Family"/>; <c>null</c> to use the family.</summary>
    public Uri? BaseUrl { get; }

    /// <summary>The path below the base URL, starting with <c>/</c>, already escaped.</summary>
    public string Path { get; }

    /// <summary>The query string without the leading <c>?</c>, already escaped; <c>null</c> for none.</summary>
    public string? Query { get; init; }

    /// <summary>
    /// What the call does, for example <c>sms.batches.send</c>: set by the typed clients, shown on the request's span
    /// as <c>sinch.operation</c>; <c>null</c> when not named.
    /// </summary>
    public string? Operation { get; init; }

    /// <summary>The UTF-8 JSON body; empty for none. Not copied: do not change the array after sending.</summary>
    public byte[] Body { get; init; } = [];

    /// <summary>
    /// How long the call may take in total, retries and back-off included; <c>null</c> for the configured default.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero, negative or <see cref="Timeout.InfiniteTimeSpan"/>.</exception>
    public TimeSpan? Deadline
    {
        get => _deadline;
        init
        {
            // Caught here rather than as a deadline exceeded before the first attempt, which would hide the caller's mistake.
            if (value is { } deadline && deadline <= TimeSpan.Zero)
                throw new ArgumentOutOfRangeException(nameof(Deadline), deadline,
                    "The deadline must be positive and finite; leave it null for the configured default.");
            _deadline = value;
        }
    }

    private readonly TimeSpan? _deadline;

    /// <summary>
    /// Marks a POST or PATCH as safe to repeat (for example because the API deduplicates it), so it is retried
    /// like a GET. GET, HEAD, PUT, DELETE and OPTIONS are idempotent anyway.
    /// </summary>
    public bool Idempotent { get; init; }

    /// <summary>Returns a copy whose body is <paramref name="value"/> serialized with a source-generated contract.</summary>
    /// <typeparam name="T">The body's type.</typeparam>
    /// <param name="value">The body.</param>
    /// <param name="typeInfo">The source-generated contract of <typeparamref name="T"/>.</param>
    public SinchRequest WithJsonBody<T>(T value, JsonTypeInfo<T> typeInfo) =>
        this with { Body = JsonSerializer.SerializeToUtf8Bytes(value, typeInfo) };

    /// <summary>Whether the method or the caller makes this request safe to send more than once.</summary>
    internal bool IsIdempotent =>
        Idempotent || HttpMethod == HttpMethod.Get || HttpMethod == HttpMethod.Head || HttpMethod == HttpMethod.Put ||
        HttpMethod == HttpMethod.Delete || HttpMethod == HttpMethod.Options;
}
