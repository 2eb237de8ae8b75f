using System.Runtime.InteropServices;

namespace ContinualCluster.Torch.Interop;

/// <summary>The C library's environment, which native libraries read (Environment.SetEnvironmentVariable does not reach it).</summary>
internal static partial class LibC
{
    [LibraryImport("libc.so.6", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);

    [LibraryImport("libc.so.6", EntryPoint = "getenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr GetEnv(string name);

    /// <summary>Sets <paramref name="name"/> in the native environment unless it is already set there.</summary>
    public static void SetDefault(string name, string value) => SetEnv(name, value, 0);

    public static string? Get(string name) => Marshal.PtrToStringUTF8(GetEnv(name));
}
