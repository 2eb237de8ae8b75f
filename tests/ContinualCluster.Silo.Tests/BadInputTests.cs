using ContinualCluster.Abstractions.Api;
using Xunit;

namespace ContinualCluster.Silo.Tests;

/// <summary>Bad input through the HTTP API: a 4xx naming the problem, nothing half-applied, and the silo keeps serving.</summary>
public sealed class BadInputTests : IClassFixture<SingleSiloFixture>
{
    private readonly SiloProcess _silo;
    private const string Samples = "v1/streams/bad/samples";

    public BadInputTests(SingleSiloFixture fixture) => _silo = fixture.Silo;

    private async Task<long> SampleCountAsync()
    {
        var (status, body) = await GatewayHttp.GetAsync(_silo.Gateway, "v1/streams/bad/status", SiloProcess.AdminKey);
        Assert.Equal(200, status);
        return body.GetProperty("samples").GetInt64();
    }

    [Fact]
    public async Task Every_bad_request_is_refused_with_its_field_and_changes_nothing()
    {
        var good = TestData.Task(0, 64);
        var (s0, _) = await GatewayHttp.PostAsync(_silo.Gateway, Samples, SiloProcess.IngestKey, new IngestRequest("good-1", good));
        Assert.Equal(202, s0);
        long before = await SampleCountAsync();
        Assert.Equal(64, before);

        var (s1, b1) = await GatewayHttp.SendAsync(_silo.Gateway, HttpMethod.Post, Samples, SiloProcess.IngestKey, "{\"requestId\":\"m\",\"samples\":[{\"id\":");
        Assert.Equal(400, s1);
        Assert.Contains("malformed JSON", b1.GetProperty("message").GetString());

        var nan = "{\"requestId\":\"n\",\"samples\":[{\"id\":\"x1\",\"label\":1,\"pixels\":[0.1,0.2,NaN]}]}";
        var (s2, b2) = await GatewayHttp.SendAsync(_silo.Gateway, HttpMethod.Post, Samples, SiloProcess.IngestKey, nan);
        Assert.Equal(400, s2);
        Assert.StartsWith("samples[0].pixels", b2.Field());

        var wrongSize = new IngestRequest("w", new[] { good[0] with { Id = "fresh-1" }, new SampleDto("fresh-2", "o", 1, new float[100]) });
        var (s3, b3) = await GatewayHttp.PostAsync(_silo.Gateway, Samples, SiloProcess.IngestKey, wrongSize);
        Assert.Equal(400, s3);
        Assert.Equal("samples[1].pixels", b3.Field());

        var huge = new PredictRequest(Enumerable.Range(0, ApiLimits.MaxImagesPerPredict + 1).Select(_ => good[0].Pixels!).ToArray());
        var (s4, b4) = await GatewayHttp.PostAsync(_silo.Gateway, "v1/streams/bad/predict", SiloProcess.PredictKey, huge);
        Assert.Equal(413, s4);
        Assert.Equal("images", b4.Field());

        var (s5, b5) = await GatewayHttp.PostAsync(_silo.Gateway, "v1/streams/bad/deletions", SiloProcess.AdminKey,
            new DeletionRequest("d-unknown", new[] { good[0].Id!, "never-ingested" }, null));
        Assert.Equal(404, s5);
        Assert.Equal("sampleIds[1]", b5.Field());

        var (s6, _) = await GatewayHttp.PostAsync(_silo.Gateway, Samples, "not-a-known-key", new IngestRequest("k", good));
        Assert.Equal(401, s6);
        var (s7, b7) = await GatewayHttp.PostAsync(_silo.Gateway, "v1/streams/bad/deletions", SiloProcess.PredictKey, new DeletionRequest("d", new[] { good[0].Id! }, null));
        Assert.Equal(403, s7);
        Assert.Equal("Authorization", b7.Field());
        var (s8, _) = await GatewayHttp.SendAsync(_silo.Gateway, HttpMethod.Post, Samples, null, "{}");
        Assert.Equal(401, s8);

        var (s9, b9) = await GatewayHttp.SendAsync(_silo.Gateway, HttpMethod.Post, Samples, SiloProcess.IngestKey, "{\"requestId\":\"u\",\"sample\":[]}");
        Assert.Equal(400, s9);
        Assert.Contains("sample", b9.GetProperty("message").GetString());

        var (s10, b10) = await GatewayHttp.GetAsync(_silo.Gateway, "v1/streams/bad/deletions/no-such-request", SiloProcess.AdminKey);
        Assert.Equal(404, s10);
        Assert.Equal("rid", b10.Field());

        Assert.Equal(before, await SampleCountAsync());
        var (s11, b11) = await GatewayHttp.PostAsync(_silo.Gateway, "v1/streams/bad/deletions", SiloProcess.AdminKey, new DeletionRequest("d-ok", new[] { good[0].Id! }, null));
        Assert.Equal(202, s11);
        Assert.Equal(1, b11.GetProperty("sampleCount").GetInt32());
        Assert.Equal(before - 1, await SampleCountAsync());
        var (s12, _) = await GatewayHttp.SendAsync(_silo.Gateway, HttpMethod.Get, "healthz", null, null);
        Assert.Equal(200, s12);
    }

    [Fact]
    public async Task A_retried_request_id_is_applied_once_and_a_reused_id_with_other_content_conflicts()
    {
        var batch = TestData.Task(1, 32);
        var (a, first) = await GatewayHttp.PostAsync(_silo.Gateway, "v1/streams/idem/samples", SiloProcess.IngestKey, new IngestRequest("batch-1", batch));
        var (b, again) = await GatewayHttp.PostAsync(_silo.Gateway, "v1/streams/idem/samples", SiloProcess.IngestKey, new IngestRequest("batch-1", batch));
        Assert.Equal(202, a);
        Assert.Equal(202, b);
        Assert.False(first.GetProperty("duplicate").GetBoolean());
        Assert.True(again.GetProperty("duplicate").GetBoolean());
        var (c, conflict) = await GatewayHttp.PostAsync(_silo.Gateway, "v1/streams/idem/samples", SiloProcess.IngestKey, new IngestRequest("batch-1", TestData.Task(1, 32, skip: 32)));
        Assert.Equal(409, c);
        Assert.Equal("requestId", conflict.Field());
        var (_, status) = await GatewayHttp.GetAsync(_silo.Gateway, "v1/streams/idem/status", SiloProcess.AdminKey);
        Assert.Equal(32, status.GetProperty("samples").GetInt64());
        Assert.Equal(1, status.GetProperty("batches").GetInt64());

        var del = new DeletionRequest("del-1", null, batch[0].Owner);
        var (d1, r1) = await GatewayHttp.PostAsync(_silo.Gateway, "v1/streams/idem/deletions", SiloProcess.AdminKey, del);
        var (d2, r2) = await GatewayHttp.PostAsync(_silo.Gateway, "v1/streams/idem/deletions", SiloProcess.AdminKey, del);
        Assert.Equal(202, d1);
        Assert.Equal(202, d2);
        Assert.True(r2.GetProperty("duplicate").GetBoolean());
        Assert.Equal(r1.GetProperty("acceptedAt").GetString(), r2.GetProperty("acceptedAt").GetString());
        Assert.NotEqual("accepted", r1.GetProperty("state").GetString());
    }
}
