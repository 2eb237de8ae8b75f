using ContinualCluster.Deployment.Tests.Infrastructure;
using Xunit;

namespace ContinualCluster.Deployment.Tests;

/// <summary>Secrets stay in the Secret (placeholders only) and reach containers only through secretKeyRef.</summary>
public sealed class SecretHygieneTests
{
    public static TheoryData<string> Overlays => new() { "cpu", "gpu" };

    [KubectlTheory, MemberData(nameof(Overlays))]
    public void No_secret_value_or_password_appears_in_a_ConfigMap(string overlay)
    {
        var m = RenderedManifest.Of(overlay);
        var secretValues = m.OfKind("Secret").SelectMany(s => m.SecretData(s.Name).Values).ToList();
        Assert.NotEmpty(secretValues);
        foreach (var cm in m.OfKind("ConfigMap"))
            foreach (var (k, v) in m.ConfigMapData(cm.Name))
            {
                Assert.DoesNotMatch("(?i)password|secret|keys__", k);
                Assert.DoesNotMatch("(?i)password\\s*=", v);
                foreach (var s in secretValues) Assert.DoesNotContain(s, v);
                foreach (var s in secretValues) Assert.DoesNotContain(s.Split(':').Last(), v);
            }
    }

    [KubectlTheory, MemberData(nameof(Overlays))]
    public void Secret_holds_only_documented_placeholders(string overlay)
    {
        var m = RenderedManifest.Of(overlay);
        foreach (var (k, v) in m.SecretData("ccl-secrets"))
            Assert.True(v.Contains("REPLACE-ME", StringComparison.Ordinal), $"ccl-secrets/{k} is not a REPLACE-ME placeholder");
        foreach (var (k, v) in m.SecretData("ccl-secrets").Where(kv => kv.Key.StartsWith("gateway-key-", StringComparison.Ordinal)))
            Assert.StartsWith(k["gateway-key-".Length..] + ":", v);
    }

    [KubectlTheory, MemberData(nameof(Overlays))]
    public void Secret_like_variables_come_only_from_the_Secret(string overlay)
    {
        var m = RenderedManifest.Of(overlay);
        foreach (var w in m.OfKind("StatefulSet"))
            foreach (var c in w.Containers)
                foreach (var e in m.Environment(c).Where(e => System.Text.RegularExpressions.Regex.IsMatch(e.Name, "(?i)password|secret|keys__")))
                    Assert.True(e.Source == EnvSource.Secret, $"{w}: {e.Name} comes from {e.Source}, not a Secret");
    }
}
