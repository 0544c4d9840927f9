namespace Meiju.Tests;

public class ComputeDeviceTests
{
    [Theory]
    [InlineData("cpu", false, 0, "cpu")]
    [InlineData("CPU", false, 0, "cpu")]
    [InlineData("cuda", true, 0, "cuda:0")]
    [InlineData("cuda:3", true, 3, "cuda:3")]
    public void Names_parse(string text, bool cuda, int index, string shown)
    {
        var device = ComputeDevice.Parse(text);
        Assert.Equal(cuda, device.IsCuda);
        Assert.Equal(index, device.Index);
        Assert.Equal(shown, device.ToString());
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:")]
    [InlineData("cuda:-1")]
    [InlineData("cuda:x")]
    [InlineData("")]
    public void Other_names_are_refused(string text) => Assert.Throws<ArgumentException>(() => ComputeDevice.Parse(text));
}
