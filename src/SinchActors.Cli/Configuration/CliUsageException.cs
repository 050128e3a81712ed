namespace SinchActors.Cli.Configuration;

/// <summary>Bad input found after parsing (missing credentials, an unreadable file): one line on stderr, exit code 2.</summary>
internal sealed class CliUsageException(string message) : Exception(message);
