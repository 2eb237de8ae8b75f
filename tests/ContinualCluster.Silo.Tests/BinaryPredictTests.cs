using ContinualCluster.Abstractions.Api;
using Xunit;

namespace ContinualCluster.Silo.Tests;

/// <summary>The binary predict body (application/octet-stream) through a real silo: each malformed body is a 4xx naming its problem.</summary>
public sealed class BinaryPredictTests : IClassFixture<SingleSiloFixture>
{
    private const string Predict = "v1/streams/binary/predict";
    private const string OctetStream = "application/octet-stream";
    private const int ImageBytes = ApiLimits.ImageSize * sizeof(float);
    private readonly SiloProcess _silo;

    public BinaryPredictTests(SingleSiloFixture fixture) => _silo = fixture.Silo;

    private Task<(int Status, System.Text.Json.JsonElement Body)> Send(byte[] body, string contentType = OctetStream, string? key = SiloProcess.PredictKey) =>
        GatewayHttp.SendBytesAsync(_silo.Gateway, Predict, key, body, contentType);

    [Fact]
    public async Task Malformed_binary_bodies_are_refused_naming_the_problem()
    {
        var (empty, e0) = await Send([]);
        Assert.Equal(400, empty);
        Assert.Equal("body", e0.Field());
        Assert.Contains("empty", e0.GetProperty("message").GetString());

        var (ragged, e1) = await Send(new byte[ImageBytes * 2 + 5]);
        Assert.Equal(400, ragged);
        Assert.Equal("body", e1.Field());
        Assert.Contains($"{ImageBytes * 2 + 5} bytes", e1.GetProperty("message").GetString());
        Assert.Contains("5 over", e1.GetProperty("message").GetString());

        var images = TestData.TestImages(0, 3).Images;
        images[2][17] = float.NaN;
        var (nan, e2) = await Send(GatewayHttp.Binary(images));
        Assert.Equal(400, nan);
        Assert.Equal("images[2][17]", e2.Field());
        Assert.Contains("image 2 pixel 17 is NaN", e2.GetProperty("message").GetString());
        images[2][17] = 0; images[1][783] = float.NegativeInfinity;
        var (inf, e3) = await Send(GatewayHttp.Binary(images));
        Assert.Equal(400, inf);
        Assert.Equal("images[1][783]", e3.Field());

        var (tooMany, e4) = await Send(new byte[(ApiLimits.MaxImagesPerPredict + 1) * ImageBytes]);
        Assert.Equal(413, tooMany);
        Assert.Equal("images", e4.Field());
        Assert.Contains($"at most {ApiLimits.MaxImagesPerPredict} images", e4.GetProperty("message").GetString());

        var (wrongType, e5) = await Send(GatewayHttp.Binary(images), "application/x-floats");
        Assert.Equal(415, wrongType);
        Assert.Contains(OctetStream, e5.GetProperty("message").GetString());

        var (noKey, _) = await Send(GatewayHttp.Binary(images), key: null);
        Assert.Equal(401, noKey);
        var (wrongRole, _) = await GatewayHttp.SendBytesAsync(_silo.Gateway, "v1/streams/binary/samples", SiloProcess.AdminKey, GatewayHttp.Binary(images), OctetStream);
        Assert.Equal(415, wrongRole);   // only the predict route takes the binary body

        var (health, _) = await GatewayHttp.SendAsync(_silo.Gateway, HttpMethod.Get, "healthz", null, null);
        Assert.Equal(200, health);
    }

    [Fact]
    public async Task A_valid_binary_body_is_answered_as_its_json_twin()
    {
        var images = TestData.TestImages(1, 4).Images;
        var (json, jb) = await GatewayHttp.PostAsync(_silo.Gateway, Predict, SiloProcess.PredictKey, new PredictRequest(images));
        var (binary, bb) = await Send(GatewayHttp.Binary(images), OctetStream + "; charset=binary");
        // A stream that has learnt nothing answers both the same way (503 warming up); E2E compares trained answers.
        Assert.Equal(json, binary);
        Assert.Equal(jb.ToString(), bb.ToString());
        Assert.NotEqual(400, binary);
    }
}
