namespace Meiju.Descriptions.Tests;

public sealed class DescriptionServerTests
{
    [Fact]
    public void Endpoints_may_be_repeated_or_comma_separated_and_get_the_v1_prefix()
    {
        var uris = DescriptionServer.ParseEndpoints(["http://gpu1:8000, http://gpu2:8000/v1", "https://api.example.org/openai/v1/"]);
        var server = new DescriptionServer("m", uris);

        Assert.Equal(
            ["http://gpu1:8000/v1", "http://gpu2:8000/v1", "https://api.example.org/openai/v1/"],
            server.Endpoints.Select(u => u.ToString()));
    }

    [Theory]
    [InlineData("gpu1:8000")]
    [InlineData("ftp://gpu1/v1")]
    [InlineData("not a url")]
    public void Bad_endpoints_are_rejected(string value)
    {
        Assert.Throws<ArgumentException>(() => DescriptionServer.ParseEndpoints([value]));
    }

    [Fact]
    public void Credentials_in_urls_are_never_shown()
    {
        var ex = Assert.Throws<ArgumentException>(() => DescriptionServer.ParseEndpoints(["ftp://user:hunter2@host/v1"]));

        Assert.DoesNotContain("hunter2", ex.Message, StringComparison.Ordinal);
        Assert.Equal("http://host:8000/v1", DescriptionServer.Display(new Uri("http://user:hunter2@host:8000/v1")));
        Assert.Throws<ArgumentException>(() => new DescriptionServer("m", []));
    }
}
