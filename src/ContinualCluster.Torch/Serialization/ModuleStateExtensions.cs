using static ContinualCluster.Torch.torch;

namespace ContinualCluster.Torch.Serialization;

/// <summary>A module's state dict to and from bytes or streams in the documented format (docs/TORCH.md).</summary>
public static class ModuleStateExtensions
{
    /// <summary>The module's parameters and buffers as a versioned, checksummed blob.</summary>
    public static byte[] state_dict_bytes(this nn.Module module) => StateDictSerializer.Serialize(module.state_dict());

    /// <summary>Loads a blob made by state_dict_bytes into this module (names, shapes and dtypes must match); nothing changes on error.</summary>
    public static void load_state_dict_bytes(this nn.Module module, ReadOnlySpan<byte> blob, bool strict = true)
    {
        var loaded = StateDictSerializer.Deserialize(blob);
        try { module.load_state_dict(loaded, strict); }
        finally { foreach (var t in loaded.Values) t.Dispose(); }
    }

    public static void save(this nn.Module module, Stream stream) => stream.Write(module.state_dict_bytes());

    public static void save(this nn.Module module, string path) => File.WriteAllBytes(path, module.state_dict_bytes());

    public static void load(this nn.Module module, Stream stream, bool strict = true)
    {
        using var ms = new MemoryStream();
        stream.CopyTo(ms);
        module.load_state_dict_bytes(ms.GetBuffer().AsSpan(0, (int)ms.Length), strict);
    }

    public static void load(this nn.Module module, string path, bool strict = true) => module.load_state_dict_bytes(File.ReadAllBytes(path), strict);
}
