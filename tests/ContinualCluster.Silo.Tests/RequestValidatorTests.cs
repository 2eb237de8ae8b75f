using ContinualCluster.Abstractions.Api;
using Xunit;

namespace ContinualCluster.Silo.Tests;

/// <summary>Every bad request is refused with the status and the field that was wrong.</summary>
public sealed class RequestValidatorTests
{
    private static float[] Image(float v = 0.5f) => Enumerable.Repeat(v, ApiLimits.ImageSize).ToArray();
    private static SampleDto Sample(string id = "s1", int label = 1) => new(id, "alice", label, Image());

    private static ApiException Refused(Action validate)
    {
        var e = Assert.Throws<ApiException>(validate);
        Assert.False(string.IsNullOrEmpty(e.Message));
        return e;
    }

    [Fact]
    public void A_good_batch_passes() => RequestValidator.Validate(new IngestRequest("r1", new[] { Sample("a"), Sample("b", 0) }));

    [Fact]
    public void Wrong_image_size_names_the_pixels_field()
    {
        var e = Refused(() => RequestValidator.Validate(new IngestRequest("r1", new[] { Sample(), new SampleDto("s2", null, 1, new float[783]) })));
        Assert.Equal(400, e.Status);
        Assert.Equal("samples[1].pixels", e.Field);
        Assert.Contains("783", e.Message);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void Non_finite_pixels_name_the_exact_value(float bad)
    {
        var image = Image();
        image[17] = bad;
        var e = Refused(() => RequestValidator.Validate(new PredictRequest(new[] { Image(), image })));
        Assert.Equal("images[1][17]", e.Field);
    }

    [Fact]
    public void Huge_arrays_are_refused_as_too_large()
    {
        var e = Refused(() => RequestValidator.Validate(new PredictRequest(Enumerable.Range(0, ApiLimits.MaxImagesPerPredict + 1).Select(_ => Image()).ToArray())));
        Assert.Equal(413, e.Status);
        Assert.Equal("images", e.Field);
    }

    [Fact]
    public void Missing_request_id_and_label_are_named()
    {
        Assert.Equal("requestId", Refused(() => RequestValidator.Validate(new IngestRequest(null, new[] { Sample() }))).Field);
        Assert.Equal("samples[0].label", Refused(() => RequestValidator.Validate(new IngestRequest("r", new[] { new SampleDto("x", null, null, Image()) }))).Field);
        Assert.Equal("samples[0].label", Refused(() => RequestValidator.Validate(new IngestRequest("r", new[] { Sample("x", 10) }))).Field);
    }

    [Fact]
    public void Duplicate_sample_ids_in_one_batch_are_refused()
    {
        var e = Refused(() => RequestValidator.Validate(new IngestRequest("r", new[] { Sample("a"), Sample("a") })));
        Assert.Equal("samples[1].id", e.Field);
    }

    [Fact]
    public void A_deletion_needs_exactly_one_of_ids_and_owner()
    {
        Assert.Equal("sampleIds", Refused(() => RequestValidator.Validate(new DeletionRequest("r", null, null))).Field);
        Assert.Equal("sampleIds", Refused(() => RequestValidator.Validate(new DeletionRequest("r", new[] { "a" }, "bob"))).Field);
        Assert.Equal("sampleIds[1]", Refused(() => RequestValidator.Validate(new DeletionRequest("r", new[] { "a", "" }, null))).Field);
        RequestValidator.Validate(new DeletionRequest("r", null, "bob"));
    }

    [Fact]
    public void Unlearning_needs_samples_and_a_class_in_range()
    {
        Assert.Equal("samples", Refused(() => RequestValidator.Validate(new UnlearningRequest("r", 3, null))).Field);
        Assert.Equal("classLabel", Refused(() => RequestValidator.Validate(new UnlearningRequest("r", 12, new[] { Sample() }))).Field);
    }
}
