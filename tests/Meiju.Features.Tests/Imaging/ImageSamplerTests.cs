using Meiju.Features.Imaging;

namespace Meiju.Features.Tests.Imaging;

public class ImageSamplerTests
{
    [Fact]
    public void Short_side_crop_follows_torchvision_resize_and_center_crop()
    {
        // 480x360 -> Resize(232) = 309x232 (long side truncated) -> CenterCrop(224) from (round(42.5) = 42, 4).
        var (x, y, sx, sy) = ImageSampler.CropWindow(480, 360, 232, 224, 224);
        Assert.Equal(480.0 / 309, sx, 12);
        Assert.Equal(360.0 / 232, sy, 12);
        Assert.Equal(42 * 480.0 / 309, x, 12);
        Assert.Equal(4 * 360.0 / 232, y, 12);

        // Portrait: 360x480 -> Resize(256) = 256x341 -> CenterCrop(224) from (16, round(58.5) = 58).
        (x, y, sx, sy) = ImageSampler.CropWindow(360, 480, 256, 224, 224);
        Assert.Equal(16 * 360.0 / 256, x, 12);
        Assert.Equal(58 * 480.0 / 341, y, 12);
        Assert.Equal(480.0 / 341, sy, 12);
    }

    [Fact]
    public void Short_side_resize_samples_a_ramp_at_the_cropped_positions()
    {
        // A horizontal ramp (value = 6 x column) is reproduced exactly by bilinear sampling, so each output value
        // tells where it was sampled: 40x30 -> Resize(24) = 32x24 -> CenterCrop(16) from column 8 of the resized image.
        const int width = 40, height = 30;
        var pixels = new byte[width * height];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)(6 * (i % width));
        }

        var resized = ImageSampler.Resize(pixels, width, height, 1, 16, 16, centerCrop: true, shortSide: 24);
        for (var x = 0; x < 16; x++)
        {
            var source = ((8 + x + 0.5) * 1.25) - 0.5;
            Assert.Equal(6 * source, resized[(5 * 16) + x], 3);
        }
    }

    [Fact]
    public void Without_a_short_side_the_centre_crop_is_unchanged()
    {
        var pixels = new byte[40 * 30 * 3];
        new Random(5).NextBytes(pixels);
        var before = ImageSampler.Resize(pixels, 40, 30, 3, 16, 16, centerCrop: true);
        var after = ImageSampler.Resize(pixels, 40, 30, 3, 16, 16, centerCrop: true, shortSide: 0);
        Assert.Equal(before, after);
    }
}
