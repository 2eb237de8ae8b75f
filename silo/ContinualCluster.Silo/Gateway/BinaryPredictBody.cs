using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using ContinualCluster.Abstractions.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace ContinualCluster.Silo.Gateway;

/// <summary>
/// The binary body of POST /v1/streams/{id}/predict (Content-Type application/octet-stream): images back to back, each
/// 784 little-endian IEEE-754 float32 pixels (3,136 bytes), no header; the image count is the length / 3,136.
/// </summary>
public static class BinaryPredictBody
{
    public const string ContentType = "application/octet-stream";
    public const int BytesPerImage = ApiLimits.ImageSize * sizeof(float);

    /// <summary>True when the request declares the binary body (media type application/octet-stream, any parameters).</summary>
    public static bool IsBinary(HttpRequest request) =>
        request.ContentType is { } ct && MediaTypeHeaderValue.TryParse(ct, out var media)
        && media.MediaType.Equals(ContentType, StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads and validates the whole body before anything is applied; every problem is a 4xx naming it.</summary>
    public static async Task<PredictRequest> ReadAsync(HttpRequest request, long maxBodyBytes, CancellationToken ct)
    {
        long limit = Math.Min(maxBodyBytes, (long)ApiLimits.MaxImagesPerPredict * BytesPerImage);
        if (request.ContentLength is { } declared) CheckLength(declared, limit);
        int capacity = (int)Math.Min(request.ContentLength ?? BytesPerImage * 64L, limit + 1);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 1));
        try
        {
            int length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > limit) break;
                    var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, limit + 1));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
                int n;
                try { n = await request.Body.ReadAsync(buffer.AsMemory(length), ct); }
                catch (BadHttpRequestException e) when (e.StatusCode == 413) { throw TooLarge(limit); }
                if (n == 0) break;
                length += n;
            }
            CheckLength(length, limit);
            return Decode(buffer.AsSpan(0, length));
        }
        finally { ArrayPool<byte>.Shared.Return(buffer); }
    }

    /// <summary>Splits a complete, length-checked body into images, refusing NaN and ±∞ with the image and pixel named.</summary>
    public static PredictRequest Decode(ReadOnlySpan<byte> body)
    {
        int count = body.Length / BytesPerImage;
        var images = new float[count][];
        for (int i = 0; i < count; i++)
        {
            var bytes = body.Slice(i * BytesPerImage, BytesPerImage);
            var image = new float[ApiLimits.ImageSize];
            if (BitConverter.IsLittleEndian) MemoryMarshal.Cast<byte, float>(bytes).CopyTo(image);
            else for (int j = 0; j < image.Length; j++) image[j] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(j * sizeof(float))..]);
            for (int j = 0; j < image.Length; j++)
                if (!float.IsFinite(image[j]))
                    throw ApiException.Invalid($"images[{i}][{j}]", $"image {i} pixel {j} is {image[j]}; pixels must be finite");
            images[i] = image;
        }
        return new PredictRequest(images);
    }

    private static void CheckLength(long length, long limit)
    {
        if (length == 0) throw ApiException.Invalid("body", $"the body is empty; send {ApiLimits.ImageSize} little-endian float32 pixels ({BytesPerImage} bytes) per image");
        if (length > limit) throw TooLarge(limit);
        if (length % BytesPerImage != 0)
            throw ApiException.Invalid("body", $"the body is {length} bytes, not a whole number of images: one image is {BytesPerImage} bytes " +
                $"({ApiLimits.ImageSize} little-endian float32), and {length} bytes leave {length % BytesPerImage} over");
    }

    private static ApiException TooLarge(long limit) =>
        ApiException.TooLarge("images", $"the body exceeds {limit} bytes: at most {limit / BytesPerImage} images ({BytesPerImage} bytes each) per request");
}
