namespace ContinualCluster.Deployment.Tests.Infrastructure;

/// <summary>
/// A stand-in `kubectl` on PATH for plugin tests (no Kubernetes API server can run here): it records every call and
/// answers the few verbs the plugin uses; `port-forward` reports a given local port, as kubectl does, and stays up.
/// </summary>
public sealed class KubectlStub : IDisposable
{
    public string Directory { get; }
    public string CallLog => Path.Combine(Directory, "calls.log");

    public KubectlStub(int forwardToPort = 0, string podComponent = "silo", string statefulSets = "ccl-silo ccl-silo-gpu")
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("kubectl-stub.").FullName;
        File.WriteAllText(Path.Combine(Directory, "kubectl"), $$"""
            #!/usr/bin/env bash
            echo "$*" >> '{{CallLog}}'
            args=" $* "
            case "$args" in
              *" port-forward "*) echo $$ > '{{Directory}}/port-forward.pid'; echo "Forwarding from 127.0.0.1:{{forwardToPort}} -> 8080"; exec sleep 300 ;;
              *" get pod "*"-o jsonpath="*) printf '%s' '{{podComponent}}' ;;
              *" get statefulsets "*) printf '%s\n' {{statefulSets}} ;;
              *" get pods "*) echo "NAME READY STATUS"; echo "ccl-silo-0 1/1 Running" ;;
              *" get pod "*|*" delete pod "*|*" wait "*|*" rollout "*) ;;
              *) echo "kubectl stub: unexpected call: $*" >&2; exit 1 ;;
            esac
            """.Replace("\r", ""));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path.Combine(Directory, "kubectl"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>The environment that puts the stub first on PATH.</summary>
    public Dictionary<string, string> Env() => new()
    {
        ["PATH"] = Directory + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
    };

    /// <summary>The process id the stub's port-forward ran as, or null if none was started.</summary>
    public int? PortForwardPid =>
        File.Exists(Path.Combine(Directory, "port-forward.pid")) ? int.Parse(File.ReadAllText(Path.Combine(Directory, "port-forward.pid")).Trim()) : null;

    public IReadOnlyList<string> Calls => File.Exists(CallLog) ? File.ReadAllLines(CallLog) : [];

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
