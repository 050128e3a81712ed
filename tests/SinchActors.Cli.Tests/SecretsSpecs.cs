using SinchActors.Cli.Output;

namespace SinchActors.Cli.Tests;

public class SecretsSpecs
{
    [Theory]
    [InlineData("short")]
    [InlineData("nine-char")]
    [InlineData("sixteen-chars-xy")]
    [InlineData("twenty-three-characters")]
    public void A_value_shorter_than_24_characters_shows_none_of_itself(string secret)
    {
        var masked = Secrets.Mask(secret);

        Assert.Equal($"… ({secret.Length} chars)", masked);
    }

    [Fact]
    public void A_long_value_shows_at_most_its_first_4_characters()
    {
        const string token = "abcdefghijklmnopqrstuvwxyz0123456789";

        var masked = Secrets.Mask(token);

        Assert.Equal("abcd… (36 chars)", masked);
        Assert.DoesNotContain(token[4..8], masked);
        Assert.DoesNotContain(token[^4..], masked);
    }
}
