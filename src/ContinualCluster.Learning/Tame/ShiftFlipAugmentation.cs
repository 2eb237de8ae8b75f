namespace ContinualCluster.Learning.Tame;

/// <summary>Label-preserving image augmentation for the selector's training: a random shift of up to a few pixels (zero fill) and a random horizontal flip.</summary>
public static class ShiftFlipAugmentation
{
    /// <summary>Shifts each square image of <paramref name="pixels"/> (count × side × side, row-major) by dx, dy uniform in
    /// [−maxShift, maxShift] and mirrors it left-right with probability ½, in place; pixels shifted in from outside are 0.</summary>
    public static void Apply(float[] pixels, int count, int side, int maxShift, Random rng) => Apply(pixels, count, side, maxShift, rng, flip: true);

    /// <summary>As <see cref="Apply(float[], int, int, int, Random)"/>; with <paramref name="flip"/> false no image is mirrored (the
    /// random draws are the same, so the shifts are too).</summary>
    public static void Apply(float[] pixels, int count, int side, int maxShift, Random rng, bool flip)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(rng);
        if (side < 1 || count < 0 || pixels.Length != count * side * side)
            throw new ArgumentException($"expected {count} images of {side}×{side} pixels, got {pixels.Length} values.", nameof(pixels));
        if (maxShift < 0 || maxShift >= side)
            throw new ArgumentOutOfRangeException(nameof(maxShift), maxShift, $"the shift must be in [0, {side - 1}] for {side}×{side} images.");
        int pps = side * side;
        var source = new float[pps];
        for (int n = 0; n < count; n++)
        {
            int dx = rng.Next(-maxShift, maxShift + 1), dy = rng.Next(-maxShift, maxShift + 1);
            bool mirror = rng.Next(2) == 1 && flip;
            var image = pixels.AsSpan(n * pps, pps);
            image.CopyTo(source);
            for (int y = 0; y < side; y++)
            {
                int sy = y + dy;
                for (int x = 0; x < side; x++)
                {
                    int sx = (mirror ? side - 1 - x : x) + dx;
                    image[y * side + x] = (uint)sy < (uint)side && (uint)sx < (uint)side ? source[sy * side + sx] : 0f;
                }
            }
        }
    }
}
