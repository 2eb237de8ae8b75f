using ContinualCluster.Learning.Tame;

namespace ContinualCluster.Learning.Tests.Tame;

public sealed class ShiftFlipAugmentationTests
{
    private const int Side = 6;

    [Fact]
    public void EveryImageBecomesAShiftedOrMirroredCopyOfItselfWithinTheShiftAndBothFlipsOccur()
    {
        var rng = new Random(3);
        int count = 1000;
        var original = new float[count * Side * Side];
        for (int i = 0; i < original.Length; i++) original[i] = 1 + (float)rng.NextDouble(); // no zeros: zero fill is visible
        var pixels = (float[])original.Clone();
        ShiftFlipAugmentation.Apply(pixels, count, Side, maxShift: 2, new Random(7));
        var seen = new HashSet<(int, int, bool)>();
        for (int n = 0; n < count; n++)
        {
            var src = original.AsSpan(n * Side * Side, Side * Side).ToArray();
            var got = pixels.AsSpan(n * Side * Side, Side * Side).ToArray();
            var matches = Candidates(2).Where(c => Transform(src, c.Dx, c.Dy, c.Flip).SequenceEqual(got)).ToList();
            Assert.Single(matches);
            seen.Add(matches[0]);
        }
        Assert.Equal(50, seen.Count); // 5 × 5 shifts × 2 flips, all drawn among 1000 images
    }

    [Fact]
    public void WithoutFlipEveryImageIsAPureShiftAndTheShiftsMatchTheFlippingDraws()
    {
        var rng = new Random(5);
        int count = 200;
        var original = new float[count * Side * Side];
        for (int i = 0; i < original.Length; i++) original[i] = 1 + (float)rng.NextDouble();
        var shifted = (float[])original.Clone();
        var both = (float[])original.Clone();
        ShiftFlipAugmentation.Apply(shifted, count, Side, maxShift: 1, new Random(9), flip: false);
        ShiftFlipAugmentation.Apply(both, count, Side, maxShift: 1, new Random(9));
        for (int n = 0; n < count; n++)
        {
            var src = original.AsSpan(n * Side * Side, Side * Side).ToArray();
            var got = shifted.AsSpan(n * Side * Side, Side * Side).ToArray();
            var withFlip = both.AsSpan(n * Side * Side, Side * Side).ToArray();
            var match = Assert.Single(Candidates(1), c => Transform(src, c.Dx, c.Dy, c.Flip).SequenceEqual(got));
            Assert.False(match.Flip);
            Assert.Contains(Candidates(1).Where(c => c.Dx == match.Dx && c.Dy == match.Dy),
                c => Transform(src, c.Dx, c.Dy, c.Flip).SequenceEqual(withFlip));
        }
    }

    [Fact]
    public void ZeroShiftOnlyMirrorsAndBadArgumentsAreNamed()
    {
        var pixels = Enumerable.Range(0, Side * Side).Select(i => (float)i).ToArray();
        var copy = (float[])pixels.Clone();
        ShiftFlipAugmentation.Apply(pixels, 1, Side, maxShift: 0, new Random(1));
        Assert.True(pixels.SequenceEqual(copy) || pixels.SequenceEqual(Transform(copy, 0, 0, true)));
        Assert.Throws<ArgumentOutOfRangeException>(() => ShiftFlipAugmentation.Apply(pixels, 1, Side, maxShift: Side, new Random(1)));
        Assert.Throws<ArgumentException>(() => ShiftFlipAugmentation.Apply(pixels, 2, Side, maxShift: 1, new Random(1)));
        Assert.Throws<ArgumentException>(() => new TameOptions { SelectorEnsembleSize = 2, SelectorAugmentedMembers = 3 }.Validate());
        Assert.Throws<ArgumentException>(() => new TameOptions { SelectorMaxShift = -1 }.Validate());
    }

    private static IEnumerable<(int Dx, int Dy, bool Flip)> Candidates(int max) =>
        from dx in Enumerable.Range(-max, 2 * max + 1)
        from dy in Enumerable.Range(-max, 2 * max + 1)
        from flip in new[] { false, true }
        select (dx, dy, flip);

    /// <summary>Reference: output(y, x) = source(y + dy, (flip ? mirrored x : x) + dx), 0 outside.</summary>
    private static float[] Transform(float[] src, int dx, int dy, bool flip)
    {
        var o = new float[Side * Side];
        for (int y = 0; y < Side; y++)
            for (int x = 0; x < Side; x++)
            {
                int sy = y + dy, sx = (flip ? Side - 1 - x : x) + dx;
                o[y * Side + x] = sy is >= 0 and < Side && sx is >= 0 and < Side ? src[sy * Side + sx] : 0f;
            }
        return o;
    }
}
