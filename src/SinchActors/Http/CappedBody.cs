using System.Buffers;

namespace SinchActors.Http;

/// <summary>Reads a response body into memory without ever holding more than a size cap.</summary>
internal static class CappedBody
{
    /// <summary>
    /// Reads the whole body, or answers <c>null</c> as soon as it is known to exceed <paramref name="limit"/> bytes
    /// (from <c>Content-Length</c> before reading, or while reading a body of unknown length).
    /// </summary>
    public static async ValueTask<byte[]?> ReadAsync(HttpContent content, long limit, CancellationToken cancellationToken)
    {
        var declared = content.Headers.ContentLength;
        if (declared > limit)
            return null;
        if (declared == 0)
            return [];
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using var _ = stream.ConfigureAwait(false);
        if (declared is { } length)
        {
            var exact = new byte[length];
            await stream.ReadExactlyAsync(exact, cancellationToken).ConfigureAwait(false);
            return exact;
        }
        // Unknown length (chunked): grow a pooled buffer, never past the cap.
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(16 * 1024, limit + 1));
        try
        {
            var filled = 0;
            while (true)
            {
                if (filled == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, limit + 1));
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                    return buffer.AsSpan(0, filled).ToArray();
                filled += read;
                if (filled > limit)
                    return null;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Buffers the body inside <paramref name="response"/>'s content, for a caller who reads it later (as often as they
    /// like), within <paramref name="limit"/>: the bytes of a non-2xx body (for the error parser), empty for a 2xx one;
    /// <c>null</c> when the body exceeds the limit.
    /// </summary>
    public static async ValueTask<byte[]?> BufferAsync(HttpResponseMessage response, long limit, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > limit)
            return null;
        try
        {
            await response.Content.LoadIntoBufferAsync(limit, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ConfigurationLimitExceeded)
        {
            return null;
        }
        return response.IsSuccessStatusCode ? [] : await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
    }
}
