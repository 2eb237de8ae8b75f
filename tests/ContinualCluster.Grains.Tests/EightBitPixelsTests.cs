using ContinualCluster.Abstractions.Api;
using ContinualCluster.Learning.Datasets;
using Xunit;

namespace ContinualCluster.Grains.Tests;

/// <summary>Images travel between silos as bytes only when that is lossless: unpacking gives back the very same floats.</summary>
public sealed class EightBitPixelsTests
{
    private static float[] Image(Func<int, float> pixel) => Enumerable.Range(0, ApiLimits.ImageSize).Select(pixel).ToArray();

    private static void AssertBitwiseEqual(float[][] images, float[] unpacked)
    {
        Assert.Equal(images.Length * ApiLimits.ImageSize, unpacked.Length);
        for (int i = 0; i < images.Length; i++)
            for (int j = 0; j < ApiLimits.ImageSize; j++)
                Assert.Equal(BitConverter.SingleToInt32Bits(images[i][j]), BitConverter.SingleToInt32Bits(unpacked[i * ApiLimits.ImageSize + j]));
    }

    [Fact]
    public void Fashion_mnist_images_and_every_level_round_trip_bit_for_bit()
    {
        var test = FashionMnist.Load(FashionMnistSplit.Test);
        var images = Enumerable.Range(0, 64).Select(i => test.Image(i).ToArray())
            .Append(Image(j => (j % 256) / 255f)).ToArray();
        var packed = EightBitPixels.TryPack(images);
        Assert.NotNull(packed);
        Assert.Equal(images.Length * ApiLimits.ImageSize, packed!.Length);
        Assert.Equal(Enumerable.Range(0, 256).Select(b => (byte)b), packed.Skip(64 * ApiLimits.ImageSize).Take(256));
        AssertBitwiseEqual(images, EightBitPixels.Unpack(packed));
    }

    [Theory]
    [InlineData(0.5f)]              // 127.5 levels: between two
    [InlineData(1e-7f)]             // rounds to level 0 but is not 0
    [InlineData(-0f)]               // level 0 has the other sign bit
    [InlineData(-1f / 255f)]
    [InlineData(256f / 255f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void A_batch_with_one_pixel_off_the_8_bit_grid_is_not_packed(float odd)
    {
        var images = new[] { Image(j => (j % 256) / 255f), Image(j => (j % 256) / 255f) };
        images[1][300] = odd;
        Assert.Null(EightBitPixels.TryPack(images));
    }

    [Fact]
    public void An_image_of_the_wrong_size_is_not_packed() =>
        Assert.Null(EightBitPixels.TryPack(new[] { new float[ApiLimits.ImageSize - 1] }));
}
