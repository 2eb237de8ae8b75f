using System.Text.RegularExpressions;
using ContinualCluster.Deployment.Tests.Infrastructure;
using Xunit;

namespace ContinualCluster.Deployment.Tests;

/// <summary>The Dockerfile agrees with the repository and the manifests (it cannot be built here: no Docker engine).</summary>
public sealed class DockerfileTests
{
    private static readonly string Text = File.ReadAllText(RepoPaths.Combine("Dockerfile"));

    private static IReadOnlyList<string> Stages() =>
        Regex.Split(Text, @"(?m)^FROM ").Skip(1).Select(s => "FROM " + s).ToList();

    [Fact]
    public void Entrypoint_runs_the_published_silo_assembly()
    {
        var image = DockerImage.FromRepository();
        Assert.Equal(["dotnet", "/app/ContinualCluster.Silo.dll"], image.Entrypoint);
        var csproj = File.ReadAllText(RepoPaths.Combine("silo", "ContinualCluster.Silo", "ContinualCluster.Silo.csproj"));
        Assert.DoesNotContain("<AssemblyName>", csproj);   // so the assembly is ContinualCluster.Silo.dll
        Assert.Contains("-o /app", Text);
    }

    [Fact]
    public void Build_stage_has_the_native_toolchain_and_the_runtime_stage_the_libraries()
    {
        var stages = Stages();
        var build = stages.Single(s => s.Contains(" AS build", StringComparison.Ordinal));
        foreach (var pkg in new[] { "cmake", "g++", "libtorch-dev" }) Assert.Contains(pkg, build);
        Assert.Contains("src/ContinualCluster.Torch/native", build);
        Assert.Contains("dotnet publish silo/ContinualCluster.Silo/ContinualCluster.Silo.csproj", build);
        var runtime = stages.Last();
        foreach (var pkg in new[] { "libtorch1.13", "libopenblas0-pthread", "curl" }) Assert.Contains(pkg, runtime);
        Assert.DoesNotContain("libtorch-dev", runtime);
        Assert.Contains("COPY --from=dotnet-aspnet /usr/share/dotnet", runtime);
        Assert.Matches(@"(?m)^FROM mcr\.microsoft\.com/dotnet/sdk:\$\{DOTNET_VERSION\}", Text);
        Assert.Matches(@"(?m)^ARG DOTNET_VERSION=10\.0$", Text);
    }

    [Fact]
    public void Every_COPY_source_exists_and_is_not_ignored()
    {
        var ignored = File.ReadAllLines(RepoPaths.Combine(".dockerignore")).Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.TrimEnd('/')).ToHashSet();
        foreach (Match m in Regex.Matches(Text, @"(?m)^COPY (?!--from)(.+)$"))
        {
            var parts = m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(p => !p.StartsWith("--")).ToList();
            foreach (var src in parts.Take(parts.Count - 1))
            {
                string path = RepoPaths.Combine(src.TrimEnd('/'));
                Assert.True(File.Exists(path) || Directory.Exists(path), $"COPY {src}: not in the repository");
                Assert.DoesNotContain(src.TrimEnd('/'), ignored);
            }
        }
        foreach (var must in new[] { "**/bin", "**/obj", ".build", ".git" }) Assert.Contains(must, ignored);
    }

    [KubectlFact]
    public void Image_user_ports_and_settings_agree_with_the_manifests()
    {
        var image = DockerImage.FromRepository();
        var m = RenderedManifest.Of("gpu");
        foreach (var silo in m.SiloStatefulSets)
        {
            var sec = silo.PodTemplate!["spec"]!["securityContext"]!;
            Assert.Equal(Json.Str(sec["runAsUser"]) + ":" + Json.Str(sec["runAsGroup"]), image.User);
            var env = m.Environment(silo.Containers.Single()).ToDictionary(e => e.Name, e => e.Value);
            foreach (var (k, v) in image.Env.Where(kv => kv.Key.StartsWith(SiloSettings.Prefix, StringComparison.Ordinal)))
            {
                Assert.True(SiloSettings.IsKnown(k), $"the image sets {k}, which the silo does not read");
                Assert.Equal(env[k], v);
            }
            var exposed = Regex.Match(Text, @"(?m)^EXPOSE (.+)$").Groups[1].Value.Split(' ').ToHashSet();
            foreach (var p in Json.Objects(silo.Containers.Single()["ports"])) Assert.Contains(Json.Str(p["containerPort"])!, exposed);
            Assert.Equal("/tmp", image.Env["HOME"]);
            Assert.Contains(Json.Objects(silo.Containers.Single()["volumeMounts"]), v => Json.Str(v["mountPath"]) == "/tmp");
        }
    }
}
