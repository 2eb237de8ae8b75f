using System.Buffers.Binary;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using ContinualCluster.Abstractions.Api;

namespace ContinualCluster.Client.Commands;

/// <summary>
/// Encodes a predict request as the gateway's binary body (docs/API.md): images back to back, 784 little-endian float32
/// pixels each, Content-Type application/octet-stream. About a quarter of the JSON's size and no number parsing.
/// </summary>
public static class BinaryPredictContent
{
    public const string MediaType = "application/octet-stream";
    public const int BytesPerImage = ApiLimits.ImageSize * sizeof(float);

    /// <summary>The body bytes; throws naming the image when one is null or not 784 values (the server could only say "bad length").</summary>
    public static byte[] Encode(IReadOnlyList<float[]?> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var body = new byte[(long)images.Count * BytesPerImage];
        for (int i = 0; i < images.Count; i++)
        {
            var image = images[i] ?? throw new ArgumentException($"images[{i}] is null", nameof(images));
            if (image.Length != ApiLimits.ImageSize)
                throw new ArgumentException($"images[{i}] holds {image.Length} values; an image is {ApiLimits.ImageSize} (28×28)", nameof(images));
            var target = body.AsSpan(i * BytesPerImage, BytesPerImage);
            if (BitConverter.IsLittleEndian) MemoryMarshal.AsBytes(image.AsSpan()).CopyTo(target);
            else for (int j = 0; j < image.Length; j++) BinaryPrimitives.WriteSingleLittleEndian(target[(j * sizeof(float))..], image[j]);
        }
        return body;
    }

    /// <summary>The encoded images as HTTP content with the binary media type.</summary>
    public static ByteArrayContent Create(IReadOnlyList<float[]?> images)
    {
        var content = new ByteArrayContent(Encode(images));
        content.Headers.ContentType = new MediaTypeHeaderValue(MediaType);
        return content;
    }
}
