using System.Diagnostics;
using ContinualCluster.Abstractions.Api;
using Xunit;

namespace ContinualCluster.Silo.Tests;

/// <summary>
/// Two real silo processes on PostgreSQL, driven only through the gateway: the stream trains experts at the task
/// boundary, predictions route to the right expert, deletions are excluded before their receipt says so and the
/// lineage holds, an unlearned concept is forgotten while its neighbour is kept, and a retried request id is applied once.
/// </summary>
public sealed class ClusterEndToEndTests
{
    private const string Stream = "v1/streams/e2e/";

    [Fact]
    public async Task Stream_trains_at_the_boundary_routes_predictions_and_deletes_exactly()
    {
        await using var db = await PostgresDatabase.CreateAsync();
        string dir = Directory.CreateTempSubdirectory("ccl-e2e-").FullName;
        await using var a = await SiloProcess.StartAsync("silo-a", "postgresql", db.ConnectionString, dir, new Dictionary<string, string> { ["CCL_Silo__Labels"] = "gpu=true" });
        await using var b = await SiloProcess.StartAsync("silo-b", "postgresql", db.ConnectionString, dir);

        const int perTask = 1280, batch = 64;
        // Tasks 0 (T-shirt/Trouser) then 2 (Coat/Sandal): no task label is sent, the switch must be detected.
        foreach (int t in new[] { 0, 2 })
        {
            var samples = TestData.Task(t, perTask);
            for (int i = 0; i < perTask / batch; i++)
            {
                var silo = i % 2 == 0 ? a : b;
                var (status, body) = await GatewayHttp.PostAsync(silo.Gateway, Stream + "samples", SiloProcess.IngestKey,
                    new IngestRequest($"t{t}-b{i}", samples.Skip(i * batch).Take(batch).ToArray()));
                Assert.True(status == 202, $"ingest t{t}-b{i} via {silo.Name}: {status} {body}");
            }
        }
        var (_, st) = await GatewayHttp.GetAsync(b.Gateway, Stream + "status", SiloProcess.AdminKey);
        Assert.True(st.GetProperty("experts").GetInt32() >= 2, $"expected a second expert after the task switch: {st}");
        var switches = st.GetProperty("switches").EnumerateArray().Select(x => x.GetInt64()).ToList();
        Assert.Contains(switches, s => s >= 20 && s <= 28);

        // Wait for the background training the switch started (experts and selector), then predict through the other silo.
        var settle = Stopwatch.StartNew();
        while (settle.Elapsed < TimeSpan.FromSeconds(120))
        {
            var (_, s) = await GatewayHttp.GetAsync(a.Gateway, Stream + "status", SiloProcess.AdminKey);
            if (s.GetProperty("retrainingJobs").GetInt32() == 0) break;
            await Task.Delay(500);
        }
        var (img0, lab0) = TestData.TestImages(0, 200);
        var (img1, lab1) = TestData.TestImages(2, 200);
        var p0 = await PredictWhenReadyAsync(b, img0);
        var p1 = await PredictWhenReadyAsync(a, img1);
        // The binary body (application/octet-stream) gets the JSON body's answers from the same served model.
        var (js, jb) = await GatewayHttp.PostAsync(b.Gateway, Stream + "predict", SiloProcess.PredictKey, new PredictRequest(img0));
        var (bs, bb) = await GatewayHttp.SendBytesAsync(b.Gateway, Stream + "predict", SiloProcess.PredictKey, GatewayHttp.Binary(img0), "application/octet-stream");
        Assert.True(js == 200 && bs == 200, $"json {js} {jb}; binary {bs} {bb}");
        if (jb.GetProperty("modelVersion").GetInt64() == bb.GetProperty("modelVersion").GetInt64())
            Assert.Equal(jb.GetProperty("predictions").ToString(), bb.GetProperty("predictions").ToString());
        double acc = (Correct(p0, lab0) + Correct(p1, lab1)) / 400.0;
        int expert0 = Majority(p0), expert1 = Majority(p1);
        Assert.NotEqual(expert0, expert1);
        Assert.True(acc >= 0.6, $"class-incremental accuracy {acc:P1} on the two tasks");

        // A deletion through silo B is excluded before it is acknowledged; the receipt then reaches retrained, lineage clean.
        var victims = TestData.Task(0, 5).Select(s => s.Id!).ToArray();
        var (ds, receipt) = await GatewayHttp.PostAsync(b.Gateway, Stream + "deletions", SiloProcess.AdminKey, new DeletionRequest("del-e2e", victims, null));
        Assert.Equal(202, ds);
        Assert.NotEqual("accepted", receipt.GetProperty("state").GetString());
        Assert.True(receipt.GetProperty("lineage").GetProperty("clean").GetBoolean());
        var watch = Stopwatch.StartNew();
        string state = "";
        while (watch.Elapsed < TimeSpan.FromSeconds(90))
        {
            var (_, r) = await GatewayHttp.GetAsync(a.Gateway, Stream + "deletions/del-e2e", SiloProcess.AdminKey);
            state = r.GetProperty("state").GetString()!;
            if (state == "retrained")
            {
                Assert.True(r.GetProperty("lineage").GetProperty("clean").GetBoolean());
                Assert.True(r.GetProperty("rawDataRemoved").GetBoolean());
                break;
            }
            await Task.Delay(250);
        }
        Assert.Equal("retrained", state);

        // Concept unlearning: forget Trouser (class 1) from data the stream never saw; trousers stop being answered as
        // trousers while T-shirts (the other class of the same expert) still are.
        var forget = TestData.Task(0, 600, skip: perTask).Where(s => s.Label == 1).Take(150)
            .Select(s => s with { Id = "forget-" + s.Id, Owner = null }).ToArray();
        var (us, ur) = await GatewayHttp.PostAsync(a.Gateway, Stream + "unlearning", SiloProcess.AdminKey, new UnlearningRequest("forget-trouser", 1, forget));
        Assert.True(us is 200 or 202, $"unlearning: {us} {ur}");
        var trousers = img0.Where((_, i) => lab0[i] == 1).ToArray();
        var shirts = img0.Where((_, i) => lab0[i] == 0).ToArray();
        var pt = await PredictWhenReadyAsync(b, trousers);
        var ps = await PredictWhenReadyAsync(a, shirts);
        Assert.True(pt.Count(p => p.Label == 1) <= trousers.Length / 5, $"{pt.Count(p => p.Label == 1)} of {trousers.Length} trousers still answered Trouser");
        Assert.True(ps.Count(p => p.Label == 0) >= shirts.Length * 6 / 10, $"only {ps.Count(p => p.Label == 0)} of {shirts.Length} T-shirts kept");

        // A retried request id through the other silo is applied once (the request log is in PostgreSQL).
        var (rs, retry) = await GatewayHttp.PostAsync(b.Gateway, Stream + "samples", SiloProcess.IngestKey,
            new IngestRequest("t2-b3", TestData.Task(2, perTask).Skip(3 * batch).Take(batch).ToArray()));
        Assert.True(rs == 202, $"retry: {rs} {retry}");
        Assert.True(retry.GetProperty("duplicate").GetBoolean());
    }

    private static async Task<List<(int Label, int Expert)>> PredictWhenReadyAsync(SiloProcess silo, float[][] images)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var (status, body) = await GatewayHttp.PostAsync(silo.Gateway, Stream + "predict", SiloProcess.PredictKey, new PredictRequest(images));
            if (status == 200)
                return body.GetProperty("predictions").EnumerateArray().Select(p => (p.GetProperty("label").GetInt32(), p.GetProperty("expert").GetInt32())).ToList();
            Assert.True(status == 503 && watch.Elapsed < TimeSpan.FromSeconds(90), $"predict via {silo.Name}: {status} {body}");
            await Task.Delay(500);
        }
    }

    private static int Correct(List<(int Label, int Expert)> p, int[] labels) => p.Where((x, i) => x.Label == labels[i]).Count();
    private static int Majority(List<(int Label, int Expert)> p) => p.GroupBy(x => x.Expert).MaxBy(g => g.Count())!.Key;
}
