using System.Text.Json;
using System.Text.RegularExpressions;

namespace ContinualCluster.Deployment.Tests.Infrastructure;

/// <summary>What the Dockerfile's final stage gives a container: its ENTRYPOINT, ENV, WORKDIR and USER.</summary>
public sealed record DockerImage(IReadOnlyList<string> Entrypoint, IReadOnlyDictionary<string, string> Env, string WorkDir, string User)
{
    public static DockerImage FromRepository() => Parse(File.ReadAllText(RepoPaths.Combine("Dockerfile")));

    public static DockerImage Parse(string dockerfile)
    {
        // Join continuation lines, drop comments, keep only the last stage.
        var lines = Regex.Replace(dockerfile, @"\\\r?\n", " ").Split('\n')
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        int last = lines.FindLastIndex(l => l.StartsWith("FROM ", StringComparison.OrdinalIgnoreCase));
        if (last < 0) throw new FormatException("the Dockerfile has no FROM");
        IReadOnlyList<string>? entrypoint = null;
        var env = new Dictionary<string, string>();
        string workdir = "/", user = "root";
        foreach (var line in lines.Skip(last + 1))
        {
            int sp = line.IndexOf(' ');
            if (sp < 0) continue;
            string verb = line[..sp].ToUpperInvariant(), rest = line[(sp + 1)..].Trim();
            switch (verb)
            {
                case "ENTRYPOINT":
                    entrypoint = JsonSerializer.Deserialize<string[]>(rest) ?? throw new FormatException("ENTRYPOINT must be a JSON array (exec form)");
                    break;
                case "ENV":
                    foreach (Match m in Regex.Matches(rest, @"([A-Za-z_][A-Za-z0-9_]*)=(""[^""]*""|\S*)"))
                        env[m.Groups[1].Value] = m.Groups[2].Value.Trim('"');
                    break;
                case "WORKDIR": workdir = rest; break;
                case "USER": user = rest; break;
            }
        }
        return new DockerImage(entrypoint ?? throw new FormatException("the final stage has no ENTRYPOINT"), env, workdir, user);
    }
}
