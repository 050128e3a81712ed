namespace SinchActors.Reliability.Tests.Infrastructure;

/// <summary>
/// The growth of a sampled heap, from the least-squares line through the samples: its rise over the sampled span
/// relative to where it starts. A leak raises the whole line; the steps the in-process emulator's and HTTP stack's
/// pools take up and down (about ±1.5 MiB on a 5–8 MiB heap, seen in heap dumps of the full soak with no type of
/// ours growing) move the means of two short windows far more than they tilt a line fitted through every sample.
/// </summary>
internal static class HeapTrend
{
    /// <summary>The fitted rise over the span divided by the fitted start; 0 for fewer than two samples.</summary>
    public static double Growth(IReadOnlyList<long> samples)
    {
        var n = samples.Count;
        if (n < 2)
            return 0;
        double meanX = (n - 1) / 2.0, meanY = samples.Average();
        double covariance = 0, variance = 0;
        for (var i = 0; i < n; i++)
        {
            covariance += (i - meanX) * (samples[i] - meanY);
            variance += (i - meanX) * (i - meanX);
        }
        var slope = covariance / variance;
        var start = meanY - slope * meanX;
        return slope * (n - 1) / start;
    }
}
