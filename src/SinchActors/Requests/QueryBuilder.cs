using System.Text;

namespace SinchActors.Requests;

/// <summary>An escaped query string of the parameters that have a value.</summary>
internal struct QueryBuilder
{
    private StringBuilder? _query;

    public void Add(string name, string? value)
    {
        if (value is null)
            return;
        _query = _query is null ? new StringBuilder() : _query.Append('&');
        _query.Append(name).Append('=').Append(Uri.EscapeDataString(value));
    }

    public readonly string? Build() => _query?.ToString();
}
